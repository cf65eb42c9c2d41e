//! The site's vocabulary: the fixed words of the data format (a unit's kind, a program's track,
//! a page's category, a circular's and a blacklist entry's kind, the measures that take a limit)
//! and the limits the data is checked against. Validation parses the data into these words, and
//! the model is built from them; a leaf, so that neither has to import the other.

use serde::Serialize;

/// The count fields of a report row, declared once: the four program tracks (the form's four
/// columns, which are also the tracks a program enrols for) and their total. Every list of them —
/// the records' field names, the form's header, the import's columns and TOML, the open data's
/// columns and schema, the published-figure labels, the messages — iterates [`CountField::ALL`]
/// (or [`CountField::TRACKS`]) and takes its words from [`CountField::words`].
///
/// To add a track: add a variant here (before `Total`), its row in `words`, and its variant in
/// [`Track`]; the compiler then points at the few records with one named field per track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountField {
    /// 中专 (three-year)
    ThreeYear,
    /// 3+2
    ThreePlusTwo,
    /// 五年一贯制
    FiveYear,
    /// 一年制
    OneYear,
    /// 总数: the sum of the tracks.
    Total,
}

/// The words of one [`CountField`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountWords {
    /// The field name in data files, `published.lock` and the open data: `three_year`.
    pub key: &'static str,
    /// The track's short name, on charts and in the programs form's list: `中专`.
    pub short_label: &'static str,
    /// The name in messages: `3+2 人数`.
    pub label: &'static str,
    /// The column header of the monthly form, of the open data's CSV and of the published
    /// figures' pages: `3+2人数`.
    pub header: &'static str,
}

impl CountField {
    /// Every count field, in file and form order: the tracks, then the total.
    pub const ALL: [CountField; 5] = [
        CountField::ThreeYear,
        CountField::ThreePlusTwo,
        CountField::FiveYear,
        CountField::OneYear,
        CountField::Total,
    ];

    /// The tracks: every field but the total.
    pub const TRACKS: [CountField; Self::ALL.len() - 1] = {
        let mut t = [CountField::Total; Self::ALL.len() - 1];
        let mut i = 0;
        while i < t.len() {
            t[i] = Self::ALL[i];
            i += 1;
        }
        t
    };

    /// The field names of [`CountField::ALL`], in order.
    pub const KEYS: [&'static str; Self::ALL.len()] = {
        let mut k = [""; Self::ALL.len()];
        let mut i = 0;
        while i < k.len() {
            k[i] = Self::ALL[i].key();
            i += 1;
        }
        k
    };

    /// The table: every word of every count field.
    pub const fn words(self) -> CountWords {
        let (key, short_label, label, header) = match self {
            CountField::ThreeYear => ("three_year", "中专", "中专人数", "中专人数"),
            CountField::ThreePlusTwo => ("three_plus_two", "3+2", "3+2 人数", "3+2人数"),
            CountField::FiveYear => ("five_year", "五年一贯制", "五年一贯制人数", "五年一贯制人数"),
            CountField::OneYear => ("one_year", "一年制", "一年制人数", "一年制人数"),
            CountField::Total => ("total", "总数", "总数", "总数"),
        };
        CountWords {
            key,
            short_label,
            label,
            header,
        }
    }

    /// The field's name in data files: `three_plus_two`.
    pub const fn key(self) -> &'static str {
        self.words().key
    }

    /// The name in messages: `3+2 人数`.
    pub const fn label(self) -> &'static str {
        self.words().label
    }

    /// The track's short name: `3+2`.
    pub const fn short_label(self) -> &'static str {
        self.words().short_label
    }

    /// The monthly form's column header: `3+2人数`.
    pub const fn form_header(self) -> &'static str {
        self.words().header
    }

    /// The open data's description of the column (the same words as the form's header).
    pub const fn csv_doc(self) -> &'static str {
        self.words().header
    }

    /// The name with the field, as a message names what to fix: `3+2 人数 three_plus_two`.
    pub fn help(self) -> String {
        format!("{} {}", self.label(), self.key())
    }

    /// The field named `key`.
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The track this field counts; None for the total.
    pub fn track(self) -> Option<Track> {
        Track::ALL.into_iter().find(|t| t.field() == self)
    }
}

/// The program types in the form's order, with their Chinese labels and field names.
pub const PROGRAM_TYPES: [(&str, &str); CountField::TRACKS.len()] = {
    let mut p = [("", ""); CountField::TRACKS.len()];
    let mut i = 0;
    while i < p.len() {
        p[i] = (CountField::TRACKS[i].key(), CountField::TRACKS[i].short_label());
        i += 1;
    }
    p
};

/// The most `publish_days` may be: a round published a month late is no schedule.
pub const MAX_PUBLISH_DAYS: u32 = 31;

/// 招生类型: the four columns of the monthly form, which are also the tracks a program enrols for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    /// 中专 (three-year)
    ThreeYear,
    /// 3+2
    ThreePlusTwo,
    /// 五年一贯制
    FiveYear,
    /// 一年制
    OneYear,
}

impl Track {
    pub const ALL: [Track; CountField::TRACKS.len()] =
        [Track::ThreeYear, Track::ThreePlusTwo, Track::FiveYear, Track::OneYear];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The column's position on the form, as in [`PROGRAM_TYPES`] and `model::Figures::by_type`.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The count field of this track (the same position in [`CountField::TRACKS`]).
    pub const fn field(self) -> CountField {
        CountField::TRACKS[self as usize]
    }

    /// The field name, as in data files and open data.
    pub const fn as_str(self) -> &'static str {
        self.field().key()
    }

    /// The short name: `中专`, `3+2`.
    pub const fn label(self) -> &'static str {
        self.field().short_label()
    }

    /// The short names, as a sentence lists them: `中专、3+2、五年一贯制、一年制`.
    pub fn labels() -> String {
        Self::ALL.map(Track::label).join("、")
    }

    /// Each name with its label, as a message lists the choices:
    /// `"three_year"（中专）、…或 "one_year"（一年制）`.
    pub fn spelled_out() -> String {
        let each: Vec<String> = Self::ALL
            .iter()
            .map(|t| format!("\"{}\"（{}）", t.as_str(), t.label()))
            .collect();
        match each.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{}或 {last}", rest.join("、")),
            None => String::new(),
        }
    }
}

/// What a content page publishes (front matter `category`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// 招生简章
    Brochure,
    /// 招生政策
    Policy,
    /// 招生专业
    Programs,
    /// 招生计划
    Plan,
    /// 录取结果
    Admissions,
    /// 通知公告 (the default)
    Notice,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Brochure,
        Category::Policy,
        Category::Programs,
        Category::Plan,
        Category::Admissions,
        Category::Notice,
    ];

    /// The five items of a school's disclosure record, in the notice's order.
    pub const DISCLOSED: [Category; 5] = [
        Category::Brochure,
        Category::Policy,
        Category::Programs,
        Category::Plan,
        Category::Admissions,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Brochure => "brochure",
            Category::Policy => "policy",
            Category::Programs => "programs",
            Category::Plan => "plan",
            Category::Admissions => "admissions",
            Category::Notice => "notice",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Brochure => "招生简章",
            Category::Policy => "招生政策",
            Category::Programs => "招生专业",
            Category::Plan => "招生计划",
            Category::Admissions => "录取结果",
            Category::Notice => "通知公告",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// 区县（市）教育局
    District,
    /// 学校
    School,
    /// 其他学校 (a bucket of small schools)
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 3] = [UnitKind::District, UnitKind::School, UnitKind::Other];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::District => "district",
            UnitKind::School => "school",
            UnitKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            UnitKind::District => "区县（市）",
            UnitKind::School => "学校",
            UnitKind::Other => "其他学校",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CircularKind {
    /// 通报表扬
    Praise,
    /// 通报批评
    Criticism,
}

impl CircularKind {
    pub const ALL: [CircularKind; 2] = [CircularKind::Praise, CircularKind::Criticism];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CircularKind::Praise => "praise",
            CircularKind::Criticism => "criticism",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CircularKind::Praise => "通报表扬",
            CircularKind::Criticism => "通报批评",
        }
    }
}

/// Who a blacklist entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlacklistKind {
    /// 中介组织
    Agency,
    /// 企业
    Company,
    /// 个人: only the name, the date, the reason and the document are ever shown.
    Person,
}

impl BlacklistKind {
    pub const ALL: [BlacklistKind; 3] = [BlacklistKind::Agency, BlacklistKind::Company, BlacklistKind::Person];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BlacklistKind::Agency => "agency",
            BlacklistKind::Company => "company",
            BlacklistKind::Person => "person",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BlacklistKind::Agency => "中介组织",
            BlacklistKind::Company => "企业",
            BlacklistKind::Person => "个人",
        }
    }
}

/// The measures whose `limit` is a number of people: 限制报名人数 (applications accepted) and
/// 压缩招生人数 (places left).
pub const LIMITED_MEASURES: [&str; 2] = ["限制报名人数", "压缩招生人数"];

/// A measure that takes a `limit`: one of [`LIMITED_MEASURES`].
pub fn takes_limit(measure: &str) -> bool {
    LIMITED_MEASURES.contains(&measure.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_fields_words_are_as_the_form_and_the_data_files_spell_them() {
        let words: Vec<_> = CountField::ALL
            .map(|f| (f.key(), f.short_label(), f.label(), f.form_header()))
            .into();
        assert_eq!(
            words,
            [
                ("three_year", "中专", "中专人数", "中专人数"),
                ("three_plus_two", "3+2", "3+2 人数", "3+2人数"),
                ("five_year", "五年一贯制", "五年一贯制人数", "五年一贯制人数"),
                ("one_year", "一年制", "一年制人数", "一年制人数"),
                ("total", "总数", "总数", "总数"),
            ]
        );
        assert_eq!(CountField::ThreePlusTwo.help(), "3+2 人数 three_plus_two");
        assert_eq!(CountField::ThreePlusTwo.csv_doc(), "3+2人数");
    }

    #[test]
    fn the_tracks_are_the_count_fields_but_the_total() {
        assert_eq!(Track::ALL.map(Track::field), CountField::TRACKS);
        assert_eq!(PROGRAM_TYPES.map(|(k, _)| k), CountField::TRACKS.map(CountField::key));
        for t in Track::ALL {
            assert_eq!(t.field().track(), Some(t));
            assert_eq!(Track::parse(t.as_str()), Some(t));
            assert_eq!(
                t.index(),
                CountField::TRACKS.iter().position(|f| *f == t.field()).unwrap()
            );
        }
        assert_eq!(CountField::Total.track(), None);
        assert_eq!(Track::labels(), "中专、3+2、五年一贯制、一年制");
        assert_eq!(
            Track::spelled_out(),
            "\"three_year\"（中专）、\"three_plus_two\"（3+2）、\"five_year\"（五年一贯制）或 \"one_year\"（一年制）"
        );
    }
}
