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
    for phone in [&s.contact.phone, &s.complaints.phone].into_iter().flatten() {
        check_phone(v, phone, true);
    }
    if let Some(url) = &s.complaints.platform_url {
        check_url(v, url, "platform_url");
    }
    // A live government site shows its 网站标识码 and ICP 备案号 in the footer; an absolute
    // base_url is the sign that the site is going live.
    if let Some(base) = s.base_url.as_ref().filter(|b| b.value.starts_with("http")) {
        let mut missing = Vec::new();
        if s.footer.site_code.is_none() {
            missing.push("网站标识码 site_code");
        }
        if s.footer.icp.is_none() {
            missing.push("ICP备案号 icp");
        }
        if !missing.is_empty() {
            v.warning(
                rules::FOOTER_IDS_MISSING,
                base,
                format!("网站将发布在 {}，但 [footer] 缺少{}", base.value, missing.join("、")),
                "政府网站的页脚应显示网站标识码和 ICP备案号：在 data/site.toml 的 [footer] 中填写 site_code 和 icp（公安机关备案号写在 police_record）",
            );
        }
    }
    if let Some(destination) = &s.publish.destination {
        if let Some(problem) = destination_problem(&destination.value) {
            v.error(
                rules::BAD_PUBLISH_DESTINATION,
                destination,
                format!("[publish] 的 destination \"{}\" {problem}", destination.value),
                "写一个文件夹（如 \"/srv/www/zhaosheng\"）或 rclone 远端（如 \"oss:存储桶/zhaosheng\"，先用 rclone config 配好名为 oss 的远端）；不发布到别处就删掉这一行",
            );
        }
    }
    let c = &s.complaints;
    // Every page's 如何举报 box lists the channels; the notice requires the public to have one.
    if c.phone.is_none() && c.email.is_none() && c.platform_url.is_none() && c.miniprogram.is_none() {
        v.diags.error(
            rules::NO_COMPLAINT_CHANNEL,
            v.sources,
            c.loc.clone(),
            "没有写任何举报渠道：每个页面的“如何举报”都要列出举报电话、邮箱、举报平台网址或小程序，不能只写“公布后将在此列出”",
            "在 data/site.toml 的 [complaints] 中至少写一项：phone = \"0371-66983858\"（招生举报电话）、email = \"…\"、platform_url = \"https://…\" 或 miniprogram = \"…\"",
        );
    }
    let bodies = [
        ("quote", &c.quote),
        ("report_what", &c.report_what),
        ("report_include", &c.report_include),
    ];
    for (key, quote) in bodies.into_iter().filter_map(|(k, f)| Some((k, f.as_ref()?))) {
        let limit = crate::load::text::MAX_BODY_BYTES;
        if quote.value.len() > limit || crate::load::text::too_deep(&quote.value).is_some() {
            v.error(
                rules::QUOTE_TOO_BIG,
                quote,
                format!(
                    "{key} 太长（上限 {} KB）或列表、引用嵌套超过 {} 层",
                    limit / 1024,
                    crate::load::text::MAX_NESTING
                ),
                if key == "quote" {
                    "只摘录通知中关于阳光招生和违规处理的几段原文"
                } else {
                    "写几条要点即可"
                },
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
    if let Some(days) = &s.reporting.publish_days {
        let max = crate::vocab::MAX_PUBLISH_DAYS;
        if !(0..=i64::from(max)).contains(&days.value) {
            v.error(
                rules::BAD_PUBLISH_DAYS,
                days,
                format!("发布期限 publish_days = {} 不在 0–{max} 天之间", days.value),
                "写报送截止后几天内发布统计表，如 publish_days = 5（截止后 5 天内）；不写就是 5 天",
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
    if let Err(why) = email_problem(e) {
        v.error(
            rules::BAD_EMAIL,
            email,
            format!("\"{e}\" 不是有效的电子邮箱：{why}"),
            "只写一个邮箱，写成 name@example.com 的形式，不要有空格、逗号或 ?",
        );
    }
}

/// Why `e` is not one plain address. The page makes it a `mailto:` link, where a second
/// address, a `?cc=`/`?bcc=` or an encoded line break (`%0A`) would add recipients or headers.
fn email_problem(e: &str) -> Result<(), &'static str> {
    if e.contains('?') || e.contains('%') {
        return Err("邮箱里不能有 ? 或 %（那是给链接加参数）");
    }
    if e.contains([',', '，', ';', '；', '、']) || e.matches('@').count() > 1 {
        return Err("一个字段只能写一个邮箱");
    }
    let Some((user, host)) = e.split_once('@') else {
        return Err("缺少 @");
    };
    let user_ok = !user.is_empty() && user.chars().all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c));
    let host_ok = host.contains('.')
        && host
            .split('.')
            .all(|label| !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-'));
    if user_ok && host_ok {
        Ok(())
    } else {
        Err("@ 前后只能有字母、数字、点和 -")
    }
}

/// A phone field holds one number: digits, `-`, spaces, an optional leading `+`, and an
/// optional extension after 转 or ext. Office hours have a field of their own (`hours`) where
/// the record has one (`with_hours`): text in the number would end up in the `tel:` link a
/// phone dials.
pub(super) fn check_phone(v: &mut Validator<'_>, phone: &Field<String>, with_hours: bool) {
    if !is_phone(&phone.value) {
        let number = "只写一个号码，用半角数字和 -，如 \"0371-66983858\" 或 \"0371-66983858 转 8001\"";
        let hint = if with_hours {
            format!("{number}；办公时间写在 hours 字段，如 hours = \"工作日 8:30–17:30\"")
        } else {
            format!("{number}；不要写办公时间或第二个号码")
        };
        v.error(
            rules::BAD_PHONE,
            phone,
            format!("电话号码 \"{}\" 的写法不对", phone.value),
            hint,
        );
    }
}

fn is_phone(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    let (number, extension) = match lower.split_once('转').or_else(|| lower.split_once("ext")) {
        Some((n, e)) => (n, Some(e.trim().trim_start_matches('.').trim())),
        None => (lower.as_str(), None),
    };
    let number = number.trim();
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let body = number.strip_prefix('+').unwrap_or(number);
    digits >= 3
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
        && extension.is_none_or(|e| !e.is_empty() && e.chars().all(|c| c.is_ascii_digit()))
}

/// What is wrong with a `[publish]` destination, if anything: it is handed to rclone as one
/// argument, so it may not look like an option, hold a line break or control character, or be
/// the site's own data, content or output folder.
pub fn destination_problem(d: &str) -> Option<&'static str> {
    let t = d.trim();
    if t.is_empty() {
        return Some("是空的");
    }
    if t != d {
        return Some("前后有空格");
    }
    if t.starts_with('-') {
        return Some("以 - 开头，会被当成 rclone 的选项");
    }
    if t.chars().any(char::is_control) {
        return Some("里有换行或控制字符");
    }
    let local = t.trim_start_matches("./").trim_end_matches('/');
    let first = local.split('/').next().unwrap_or_default();
    if matches!(local, "" | "." | "..") || matches!(first, "data" | "content" | "public" | "templates" | "static") {
        return Some("是站点自己的文件夹：发布位置要在站点之外");
    }
    None
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
    use super::{destination_problem, email_problem, is_base_url, is_phone};

    #[test]
    fn a_publish_destination_is_a_remote_or_a_folder_outside_the_site() {
        for ok in ["oss:存储桶/zhaosheng", "/srv/www/zhaosheng", "../www", "remote:"] {
            assert_eq!(destination_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            " /srv",
            "-vv",
            "--config=x",
            "a\nb",
            "public",
            "./public/",
            "data/x",
            ".",
            "content",
        ] {
            assert!(destination_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn a_phone_is_one_number_with_an_optional_extension() {
        for ok in [
            "0371-66983858",
            "+86 371 6698 3858",
            "12345",
            "0371-66983858 转 8001",
            "0371-66983858 ext. 8001",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in [
            "0371-66983858、0371-66983859",
            "0371-66983858（工作日 8:30–17:30）",
            "０３７１－６６９８３８５８",
            "0371-6698+3858",
            "0371-66983858 转",
            "电话",
            "",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn an_email_field_holds_one_plain_address() {
        assert!(email_problem("zhichengchu@163.com").is_ok());
        assert!(email_problem("a.b+c@mail.example.gov.cn").is_ok());
        for bad in [
            "a@b.cn,spy@evil.example",
            "a@b.cn spy@evil.example",
            "a@b.cn?bcc=spy@evil.example",
            "a@b.cn%0Abcc:spy@evil.example",
            "a@b@c.cn",
            "a@b",
            "a@.cn",
        ] {
            assert!(email_problem(bad).is_err(), "{bad}");
        }
    }

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
