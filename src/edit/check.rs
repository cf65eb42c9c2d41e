//! The whole site checked with a change in memory, and each diagnostic pointed at its field.

use super::*;

/// The site checked as `build` checks it (load, validate, model and its warnings, the published
/// record), with `overlay` (a file and its text) read as if it were on disk.
pub(super) fn diagnostics(root: &Path, overlay: Option<(&str, &str)>) -> Result<Vec<Diagnostic>, String> {
    let mut diags = Diagnostics::new();
    let raw = load::load_site_with(root, &mut diags, overlay).map_err(|e| format!("读取站点时出错：{e}"))?;
    diags.extend(crate::validate::validate(&raw));
    let site = if diags.errors().any(|d| !d.rule.is_placeholder()) {
        None
    } else {
        let site = crate::model::build(&raw);
        diags.extend(crate::model::warnings(&site, &raw.sources));
        Some(site)
    };
    match crate::published::lock::read(root) {
        Ok(Some(lock)) => diags.extend(crate::published::check(&raw, site.as_ref(), &lock.record)),
        Ok(None) => {}
        Err(found) => diags.extend(found),
    }
    let out = root.join("public");
    if crate::output::Manifest::is_in(&out) {
        let json = crate::published::Published::read_years(&out);
        diags.extend(crate::published::check(&raw, site.as_ref(), &json));
    }
    Ok(diags.into_sorted())
}

/// The problems a change brings: every diagnostic about the edited record (at its field where
/// it points at one), and every other one that the site without the change does not have.
pub(super) fn check(root: &Path, file: &str, changed: &Changed) -> Result<Vec<Problem>, String> {
    let after = diagnostics(root, Some((file, &changed.text)))?;
    let before: BTreeSet<(&'static str, String, String)> = diagnostics(root, None)?
        .into_iter()
        .map(|d| (d.rule.code, d.path, d.message))
        .collect();
    let spans: Vec<(String, doc::Spans)> = changed
        .places
        .iter()
        .filter_map(|(prefix, place, offset)| {
            let text = if *offset > 0 {
                split_page(&changed.text).map_or("", |(front, _)| front)
            } else {
                &changed.text
            };
            doc::spans(text, *offset, *place, prefix).map(|s| (prefix.clone(), s))
        })
        .collect();
    let body_start = offset_of_body(&changed.text, file).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    for d in after {
        let at = (d.path == file).then(|| offset_at(&changed.text, d.line, d.col));
        let mut field = None;
        let mut in_record = false;
        if let Some(at) = at {
            if at >= body_start {
                in_record = true;
                field = Some("body".to_string());
            }
            for (prefix, s) in &spans {
                let empty_at = s.record.is_empty() && at == s.record.start;
                if !s.record.contains(&at) && !empty_at {
                    continue;
                }
                in_record = true;
                field = s
                    .fields
                    .iter()
                    .filter(|(_, r)| r.contains(&at) || r.start == at)
                    .min_by_key(|(_, r)| r.len())
                    .map(|(n, _)| n.clone())
                    .or_else(|| missing_field(&d).map(|k| format!("{prefix}{k}")));
            }
        }
        if at.is_some() && file.starts_with("content/") {
            // A page is one record: whatever is said about its file is said about it.
            in_record = true;
            field = field.or_else(|| missing_field(&d).map(String::from));
        }
        if !in_record && before.contains(&(d.rule.code, d.path.clone(), d.message.clone())) {
            continue;
        }
        let mut problem = Problem {
            field,
            severity: d.severity,
            rule: d.rule.code,
            at: format!("{}:{}:{}", d.path, d.line, d.col),
            message: d.message,
            hint: d.hint,
        };
        if d.rule == rules::PUBLISHED_QUOTA_CHANGED && in_record {
            problem.field = Some("adjustment.reason".into());
            problem.hint = "任务确实调整了，就在下面的“调整记录”里填写调整日期和原因（文号可选），保存时会记下调整前公布的任务；不是有意改动，就把数字改回去".into();
        }
        out.push(problem);
    }
    Ok(out)
}

/// Where a notice's body starts in its text (None for data files).
pub(super) fn offset_of_body(text: &str, file: &str) -> Option<usize> {
    file.starts_with("content/")
        .then(|| split_page(text).map(|(_, body)| text.len() - body.len()))
        .flatten()
}

/// The field a "missing field" diagnostic (T02) names: the key between backticks.
pub(super) fn missing_field(d: &Diagnostic) -> Option<&str> {
    if d.rule != rules::MISSING_FIELD {
        return None;
    }
    let start = d.message.find('`')? + 1;
    let len = d.message[start..].find('`')?;
    Some(&d.message[start..start + len])
}

/// The byte offset of a 1-based line and column (in characters) in `text`.
pub(super) fn offset_at(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    text[start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}
