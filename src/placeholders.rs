//! The stand-ins `sunshine new` writes where only the bureau knows what goes (its city, its
//! people, its hotline), declared once: `scaffold` writes them from here, and `load` refuses
//! each one it finds in a value or a page body, so that none is ever published.
//!
//! A leaf module: it imports nothing of the crate.

/// What a stand-in takes the place of; each kind is a rule of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A place, an organisation, a school, a platform or a document number.
    Name,
    /// A contact person, a telephone number or an e-mail address.
    Contact,
    /// Words to be replaced by the text itself.
    Text,
}

/// Where a stand-in is looked for in a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Anywhere (`0000-00000000` in "0000-00000000 转 8001").
    Within,
    /// At the start: `某某` in 某某市教育局, never in 王某某 (how a person's name is masked).
    Start,
    /// As the whole value (`东县`, never in 山东县).
    Whole,
}

/// One stand-in.
#[derive(Debug, Clone, Copy)]
pub struct Placeholder {
    /// How the scaffold's texts write it, e.g. `{0000-00000000}`.
    pub token: &'static str,
    /// What `sunshine new` writes.
    pub text: &'static str,
    /// Where in a value it is found.
    pub found: Found,
    /// The rule it breaks: a name, a contact or a text.
    pub kind: Kind,
    /// What to write instead, for the diagnostic's hint.
    pub instead: &'static str,
}

/// Every stand-in `sunshine new` writes.
pub const ALL: &[Placeholder] = &[
    Placeholder {
        token: "{某某}",
        text: "某某",
        found: Found::Start,
        kind: Kind::Name,
        instead: "把“某某”换成真实的地名或名称，如“某某市教育局”写成“郑州市教育局”；示例里的单位、记录不用就删掉",
    },
    Placeholder {
        token: "{某教函}",
        text: "某教函",
        found: Found::Start,
        kind: Kind::Name,
        instead: "写文件真实的文号，如 document = \"郑教职成〔2024〕12号\"；没有文号就删掉这一行",
    },
    Placeholder {
        token: "{东县}",
        text: "东县",
        found: Found::Whole,
        kind: Kind::Name,
        instead: "在 data/units.toml 中写本市真实的区县（市）、学校名称，删掉示例单位",
    },
    Placeholder {
        token: "{东县职业教育中心}",
        text: "东县职业教育中心",
        found: Found::Whole,
        kind: Kind::Name,
        instead: "在 data/units.toml 中写本市真实的区县（市）、学校名称，删掉示例单位",
    },
    Placeholder {
        token: "{省平台}",
        text: "省中等职业教育统一招生平台",
        found: Found::Whole,
        kind: Kind::Name,
        instead: "写省级招生平台的全称，如 platform_name = \"河南省中等职业教育统一招生平台\"；本省没有统一平台就删掉这一行",
    },
    Placeholder {
        token: "{0000-00000000}",
        text: "0000-00000000",
        found: Found::Within,
        kind: Kind::Contact,
        instead: "写真实的电话号码，如 phone = \"0371-66983858\"；读者在手机上点一下就会拨打它，还没有号码就删掉这一行",
    },
    Placeholder {
        token: "{张老师}",
        text: "张老师",
        found: Found::Whole,
        kind: Kind::Contact,
        instead: "写真实的联系人，如 people = [\"王老师\"]；不公开联系人就删掉这一行",
    },
    Placeholder {
        token: "{李老师}",
        text: "李老师",
        found: Found::Whole,
        kind: Kind::Contact,
        instead: "写真实的联系人，如 people = [\"王老师\"]；不公开联系人就删掉这一行",
    },
    Placeholder {
        token: "{@example.com}",
        text: "@example.com",
        found: Found::Within,
        kind: Kind::Contact,
        instead: "写真实的邮箱，如 email = \"zhichengchu@163.com\"（example.com 是示例专用的域名，发到那里的邮件没有人收）；没有就删掉这一行",
    },
    Placeholder {
        token: "{在这里写}",
        text: "在这里写",
        found: Found::Within,
        kind: Kind::Text,
        instead: "把这句说明换成真正的内容，如通知的全文",
    },
];

/// The first stand-in in `value`, with the byte range it takes there.
pub fn find(value: &str) -> Option<(&'static Placeholder, std::ops::Range<usize>)> {
    let whole = value.trim();
    ALL.iter()
        .filter_map(|p| {
            let lead = value.len() - value.trim_start().len();
            let at = match p.found {
                Found::Within => value.find(p.text)?,
                Found::Start => Some(lead).filter(|_| whole.starts_with(p.text))?,
                Found::Whole => Some(lead).filter(|_| whole == p.text)?,
            };
            Some((p, at..at + p.text.len()))
        })
        .min_by_key(|(_, at)| at.start)
}

/// The first stand-in for a text (`在这里写`) in a page's body, with the byte range it takes. A
/// body may well name 某某 or an example address; only the words `new` asks to replace count.
pub fn find_text(body: &str) -> Option<(&'static Placeholder, std::ops::Range<usize>)> {
    ALL.iter()
        .filter(|p| p.kind == Kind::Text)
        .filter_map(|p| body.find(p.text).map(|at| (p, at..at + p.text.len())))
        .min_by_key(|(_, at)| at.start)
}

/// `text` with every token written as its stand-in.
pub fn fill(text: &str) -> String {
    ALL.iter().fold(text.to_string(), |t, p| t.replace(p.token, p.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stand_in_is_found_where_it_stands() {
        let (p, at) = find("某某市教育局").unwrap();
        assert_eq!((p.text, at), ("某某", 0..6));
        let (p, at) = find("0371-1 或 0000-00000000 转 8001").unwrap();
        assert_eq!(
            (p.text, &"0371-1 或 0000-00000000 转 8001"[at]),
            ("0000-00000000", "0000-00000000")
        );
        assert_eq!(find("zhaosheng@example.com").unwrap().0.kind, Kind::Contact);
        assert_eq!(find(" 东县 ").unwrap().1, 1..7);
    }

    #[test]
    fn real_names_are_not_stand_ins() {
        for real in [
            "郑州市教育局",
            "山东县",
            "东县县城",
            "张老师傅",
            "0371-66983858",
            "zhaosheng@jyj.zhengzhou.gov.cn",
            "某县职业教育中心",
            "王某某",
            "关于某某的说明",
        ] {
            assert!(find(real).is_none(), "{real}");
        }
    }

    #[test]
    fn every_token_is_replaced() {
        let all: String = ALL.iter().map(|p| p.token).collect();
        let filled = fill(&all);
        assert!(!filled.contains('{'), "{filled}");
        assert_eq!(filled, ALL.iter().map(|p| p.text).collect::<String>());
    }
}
