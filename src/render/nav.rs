//! The main navigation: which sections a page's header links to and which one it is in.
//! base.html loops over the items, so the order and labels live here, once.

use serde::Serialize;

use crate::paths;

/// A section of the main navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nav {
    Home,
    Notices,
    /// The latest year's 警示与处理 (measures and circulars); another year's is in it.
    Actions,
    /// 更正记录
    Corrections,
    Contact,
    Data,
    Glossary,
    Search,
}

/// One link of the main navigation, as base.html reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) struct NavItem {
    /// Relative to the page's root prefix (`page.root`); "" is the home page.
    pub(super) href: String,
    pub(super) label: &'static str,
    /// base.html's aria-current; None unless the page is in this link's section.
    pub(super) current: Option<Current>,
}

/// How a link relates to the page it is on, as aria-current says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) enum Current {
    /// The link is this page (the section's own page: 通知公告's list, 开放数据).
    #[serde(rename = "page")]
    Page,
    /// The page is inside the link's section (a unit under 招生进展, one notice): "page" would
    /// tell a screen reader the link leads here, which it does not.
    #[serde(rename = "true")]
    Section,
}

impl Nav {
    /// The header's order.
    const ALL: [Nav; 8] = [
        Nav::Home,
        Nav::Notices,
        Nav::Actions,
        Nav::Corrections,
        Nav::Contact,
        Nav::Data,
        Nav::Glossary,
        Nav::Search,
    ];

    /// The name `page.nav` carries, for site templates written against it.
    pub(super) fn key(self) -> &'static str {
        match self {
            Nav::Home => "home",
            Nav::Notices => "notices",
            Nav::Actions => "actions",
            Nav::Corrections => "corrections",
            Nav::Contact => "contact",
            Nav::Data => "data",
            Nav::Glossary => "glossary",
            Nav::Search => "search",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Nav::Home => "招生进展",
            Nav::Notices => "通知公告",
            Nav::Actions => "警示与处理",
            Nav::Corrections => "更正记录",
            Nav::Contact => "举报与咨询",
            Nav::Data => "开放数据",
            Nav::Glossary => "名词解释",
            Nav::Search => "搜索",
        }
    }

    /// `actions` is the latest year's 警示与处理 page, when there is a year.
    fn href(self, actions: Option<&str>) -> Option<String> {
        Some(match self {
            Nav::Home => String::new(),
            Nav::Actions => actions?.to_string(),
            Nav::Corrections => paths::CORRECTIONS.into(),
            Nav::Notices => paths::NOTICES.into(),
            Nav::Contact => paths::CONTACT.into(),
            Nav::Data => paths::OPEN_DATA.into(),
            Nav::Glossary => paths::GLOSSARY.into(),
            Nav::Search => paths::SEARCH.into(),
        })
    }

    /// The government-site ColumnName meta of a page in this section (None: outside any).
    pub(super) fn column(section: Option<Nav>) -> &'static str {
        match section {
            Some(Nav::Notices) => "通知公告",
            Some(Nav::Contact) => "举报与咨询",
            Some(Nav::Data) => "开放数据",
            _ => "招生信息公开",
        }
    }

    /// Government-site meta ColumnType: what kind of column the section is.
    pub(super) fn column_type(section: Option<Nav>) -> &'static str {
        match section {
            Some(Nav::Notices) => "通知公告",
            Some(Nav::Contact) => "互动交流",
            Some(Nav::Data) => "数据开放",
            Some(Nav::Glossary) => "政策解读",
            Some(Nav::Search) => "站内搜索",
            Some(Nav::Home | Nav::Actions | Nav::Corrections) | None => "信息公开",
        }
    }

    /// The header's links for the page at `path` in section `current`; 通知公告 only when the
    /// site has notices, since its page is written only then.
    /// `actions`: the latest year's 警示与处理 page (none without a year: the item is left out).
    pub(super) fn items(current: Option<Nav>, path: &str, has_notices: bool, actions: Option<&str>) -> Vec<NavItem> {
        Nav::ALL
            .into_iter()
            .filter(|&n| n != Nav::Notices || has_notices)
            .filter_map(|n| {
                let href = n.href(actions)?;
                Some(NavItem {
                    current: (current == Some(n)).then(|| if path == href { Current::Page } else { Current::Section }),
                    href,
                    label: n.label(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(items: &[NavItem]) -> Vec<&str> {
        items.iter().map(|i| i.label).collect()
    }

    #[test]
    fn notices_are_linked_only_when_the_site_has_some() {
        assert_eq!(
            labels(&Nav::items(None, "", false, None)),
            ["招生进展", "更正记录", "举报与咨询", "开放数据", "名词解释", "搜索"]
        );
        assert_eq!(labels(&Nav::items(None, "", true, None))[1], "通知公告");
    }

    #[test]
    fn the_latest_years_actions_and_the_corrections_are_in_the_menu() {
        let items = Nav::items(None, "", true, Some("2025/actions/"));
        assert_eq!(
            labels(&items),
            [
                "招生进展",
                "通知公告",
                "警示与处理",
                "更正记录",
                "举报与咨询",
                "开放数据",
                "名词解释",
                "搜索"
            ]
        );
        assert_eq!(items[2].href, "2025/actions/");
        assert_eq!(items[3].href, "corrections/");
        // Another year's actions page is in the section; the latest year's is its page.
        assert_eq!(
            current(&Nav::items(
                Some(Nav::Actions),
                "2024/actions/",
                true,
                Some("2025/actions/")
            )),
            [("2025/actions/", Current::Section)]
        );
        assert_eq!(
            current(&Nav::items(
                Some(Nav::Actions),
                "2025/actions/",
                true,
                Some("2025/actions/")
            )),
            [("2025/actions/", Current::Page)]
        );
    }

    fn current(items: &[NavItem]) -> Vec<(&str, Current)> {
        items
            .iter()
            .filter_map(|i| i.current.map(|c| (i.href.as_str(), c)))
            .collect()
    }

    #[test]
    fn only_the_pages_own_section_is_current() {
        assert_eq!(
            current(&Nav::items(Some(Nav::Data), "data/", true, None)),
            [("data/", Current::Page)]
        );
        assert!(current(&Nav::items(None, "sitemap/", true, None)).is_empty());
    }

    #[test]
    fn a_page_inside_a_section_marks_the_section_not_the_page() {
        assert_eq!(
            current(&Nav::items(Some(Nav::Home), "", true, None)),
            [("", Current::Page)]
        );
        assert_eq!(
            current(&Nav::items(Some(Nav::Home), "2024/", true, None)),
            [("", Current::Section)]
        );
        assert_eq!(
            current(&Nav::items(Some(Nav::Notices), "notices/2024-1/", true, None)),
            [("notices/", Current::Section)]
        );
    }

    #[test]
    fn aria_current_reads_page_or_true() {
        assert_eq!(serde_json::to_string(&Current::Page).ok().as_deref(), Some("\"page\""));
        assert_eq!(
            serde_json::to_string(&Current::Section).ok().as_deref(),
            Some("\"true\"")
        );
    }
}
