//! The site's vocabulary: the fixed words of the data format (a unit's kind, a program's track,
//! a page's category, a circular's and a blacklist entry's kind, the measures that take a limit)
//! and the limits the data is checked against. Validation parses the data into these words, and
//! the model is built from them; a leaf, so that neither has to import the other.

use serde::Serialize;

/// The program types in the form's order, with their Chinese labels and field names.
pub const PROGRAM_TYPES: [(&str, &str); 4] = [
    ("three_year", "中专"),
    ("three_plus_two", "3+2"),
    ("five_year", "五年一贯制"),
    ("one_year", "一年制"),
];

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
    pub const ALL: [Track; 4] = [Track::ThreeYear, Track::ThreePlusTwo, Track::FiveYear, Track::OneYear];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The column's position on the form, as in [`PROGRAM_TYPES`] and `model::Figures::by_type`.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The field name, as in data files and open data.
    pub fn as_str(self) -> &'static str {
        PROGRAM_TYPES[self.index()].0
    }

    pub fn label(self) -> &'static str {
        PROGRAM_TYPES[self.index()].1
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
