//! The main navigation: which sections a page's header links to and which one it is in.
//! base.html loops over the items, so the order and labels live here, once.

use serde::Serialize;

use crate::paths;

/// A section of the main navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nav {
    Home,
    Notices,
    Contact,
    Data,
    Glossary,
    Search,
}

/// One link of the main navigation, as base.html reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) struct NavItem {
    /// Relative to the page's root prefix (`page.root`); "" is the home page.
    pub(super) href: &'static str,
    pub(super) label: &'static str,
    /// The page belongs to this section (base.html marks it with aria-current).
    pub(super) current: bool,
}

impl Nav {
    /// The header's order.
    const ALL: [Nav; 6] = [
        Nav::Home,
        Nav::Notices,
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
            Nav::Contact => "举报与咨询",
            Nav::Data => "开放数据",
            Nav::Glossary => "名词解释",
            Nav::Search => "搜索",
        }
    }

    fn href(self) -> &'static str {
        match self {
            Nav::Home => "",
            Nav::Notices => paths::NOTICES,
            Nav::Contact => paths::CONTACT,
            Nav::Data => paths::OPEN_DATA,
            Nav::Glossary => paths::GLOSSARY,
            Nav::Search => paths::SEARCH,
        }
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

    /// The header's links for a page in `current`; 通知公告 only when the site has notices,
    /// since its page is written only then.
    pub(super) fn items(current: Option<Nav>, has_notices: bool) -> Vec<NavItem> {
        Nav::ALL
            .into_iter()
            .filter(|&n| n != Nav::Notices || has_notices)
            .map(|n| NavItem {
                href: n.href(),
                label: n.label(),
                current: current == Some(n),
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
            labels(&Nav::items(None, false)),
            ["招生进展", "举报与咨询", "开放数据", "名词解释", "搜索"]
        );
        assert_eq!(labels(&Nav::items(None, true))[1], "通知公告");
    }

    #[test]
    fn only_the_pages_own_section_is_current() {
        let items = Nav::items(Some(Nav::Data), true);
        let current: Vec<&str> = items.iter().filter(|i| i.current).map(|i| i.href).collect();
        assert_eq!(current, ["data/"]);
        assert!(Nav::items(None, true).iter().all(|i| !i.current));
    }
}
