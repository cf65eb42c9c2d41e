//! data/site.toml rules.

use crate::diagnostics::rules;
use std::collections::HashSet;

use super::{is_web_url, Validator};
use crate::load::raw::RawSettings;
use crate::source::Field;

pub(super) fn check(v: &mut Validator<'_>, s: &RawSettings) {
    for field in [&s.title, &s.publisher] {
        if field.value.trim().is_empty() {
            v.error(rules::EMPTY_TEXT, field, "不能为空", "填写网站标题和主办单位名称");
        }
    }
    if let Some(base) = &s.base_url {
        if !is_base_url(&base.value) {
            v.error(
                rules::BAD_BASE_URL,
                base,
                format!("base_url \"{}\" 不是有效的网站地址", base.value),
                "写 \"/\"（网站放在域名根目录），或以 / 结尾的完整地址，如 \"https://jyj.zhengzhou.gov.cn/zhaosheng/\"",
            );
        }
    }
    for email in [&s.contact.email, &s.complaints.email].into_iter().flatten() {
        check_email(v, email);
    }
    if let Some(url) = &s.complaints.platform_url {
        check_url(v, url, "platform_url");
    }
    if let Some(quote) = &s.complaints.quote {
        let limit = crate::render::markdown::MAX_BODY_BYTES;
        if quote.value.len() > limit || crate::render::markdown::too_deep(&quote.value).is_some() {
            v.error(
                rules::QUOTE_TOO_BIG,
                quote,
                format!(
                    "quote 太长（上限 {} KB）或列表、引用嵌套超过 {} 层",
                    limit / 1024,
                    crate::render::markdown::MAX_NESTING
                ),
                "只摘录通知中关于阳光招生和违规处理的几段原文",
            );
        }
    }
    if let Some(day) = &s.reporting.deadline_day {
        if !(1..=31).contains(&day.value) {
            v.error(
                rules::BAD_DEADLINE_DAY,
                day,
                format!("报送截止日 deadline_day = {} 不在 1–31 之间", day.value),
                "写每月的截止日，如 deadline_day = 15",
            );
        }
    }
    if let Some(months) = &s.reporting.months {
        let mut seen = HashSet::new();
        for m in &months.value {
            if !(1..=12).contains(&m.value) {
                v.error(
                    rules::BAD_MONTH,
                    m,
                    format!("月份 {} 不在 1–12 之间", m.value),
                    "写要报送的月份，如 months = [7, 8, 9, 10, 11, 12]",
                );
            } else if !seen.insert(m.value) {
                v.error(
                    rules::DUPLICATE_MONTH,
                    m,
                    format!("月份 {} 重复", m.value),
                    "每个月份只写一次",
                );
            }
        }
    }
}

/// "/" or "/path/" or an absolute http(s) URL, always ending in "/".
fn is_base_url(s: &str) -> bool {
    if !s.ends_with('/') {
        return false;
    }
    if s.starts_with('/') {
        return !s.starts_with("//") && !s.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    }
    is_web_url(s)
}

pub(super) fn check_email(v: &mut Validator<'_>, email: &Field<String>) {
    let e = &email.value;
    let ok = e.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
    }) && !e
        .chars()
        .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>' || c == '?');
    if !ok {
        v.error(
            rules::BAD_EMAIL,
            email,
            format!("\"{e}\" 不是有效的电子邮箱"),
            "写成 name@example.com 的形式，不要有空格",
        );
    }
}

pub(super) fn check_url(v: &mut Validator<'_>, url: &Field<String>, key: &str) {
    if !is_web_url(&url.value) {
        v.error(
            rules::BAD_URL,
            url,
            format!("{key} \"{}\" 不是有效的网址", url.value),
            "写以 https:// 或 http:// 开头的完整网址",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_base_url;

    #[test]
    fn base_url_is_a_root_a_path_or_an_absolute_url_ending_in_slash() {
        assert!(is_base_url("/"));
        assert!(is_base_url("/zhaosheng/"));
        assert!(is_base_url("https://host/zhaosheng/"));
        assert!(!is_base_url("https://host/zhaosheng"));
        assert!(!is_base_url("javascript:alert(1)/"));
        assert!(!is_base_url("//evil.example/"));
    }
}
