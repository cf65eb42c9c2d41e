//! The HTML of the records pages: a form generated from the record's fields (an input by the
//! field's type, its label, help and whether it is required), each problem beside its field.
//! Every value is escaped.

use super::{form_url, kind_title, list_url, name_of, Kind, PREFIX};
use crate::diagnostics::Severity;
use crate::edit::{self, Form, FormField, Input, Key, Problem, Values};
use crate::workbench::auth::Session;
use crate::workbench::page::{self, e};

/// The records pages' own style sheet (the 工作台's layout has no slot for one; a `link` in the
/// body is valid HTML).
pub(super) fn head() -> String {
    format!("<link rel=\"stylesheet\" href=\"{PREFIX}/records/style.css\">\n")
}

/// Where the page is: 记录 › 2024 年校企合作黑名单 › this record.
pub(super) fn crumbs(kind: Option<Kind>, here: Option<&str>) -> String {
    let mut out = format!("<nav class=\"crumbs\" aria-label=\"位置\"><a href=\"{PREFIX}/records/\">记录</a>");
    if let Some(kind) = kind {
        if kind != Kind::Site {
            out.push_str(&format!(
                " › <a href=\"{}\">{}</a>",
                e(&list_url(kind)),
                e(&kind_title(kind))
            ));
        }
    }
    if let Some(here) = here {
        out.push_str(&format!(" › <span>{}</span>", e(here)));
    }
    out.push_str("</nav>\n");
    out
}

/// A form as shown: the record's fields with the values to show, and what to say about them.
pub(super) struct View<'a> {
    form: &'a Form,
    values: &'a Values,
    /// The file version the form saves over.
    pub token: String,
    pub problems: Vec<Problem>,
    /// Why the save was refused.
    pub refused: Option<String>,
    /// The file changed on disk since the form was opened.
    pub changed: bool,
    /// (label, in the file now, typed) for each field that differs, after `changed`.
    pub differences: Vec<(String, String, String)>,
    /// Saved into this file.
    pub saved: Option<String>,
    /// The markdown fields rendered: (name, label, HTML); shown when the preview was asked for.
    pub preview: Vec<(String, String, String)>,
    pub can_save: bool,
    /// The units offered in the fields that name one (id, what the list shows).
    pub units: Vec<(String, String)>,
    /// The site root, to link problems elsewhere to the forms of their records.
    pub root: Option<&'a std::path::Path>,
    /// The preview button was pressed.
    pub previewed: bool,
}

/// The fields whose value in the file now differs from what was typed.
pub(super) fn differences(now: &[FormField], typed: &Values) -> Vec<(String, String, String)> {
    now.iter()
        .filter_map(|f| {
            let typed = typed.get(&f.name)?;
            (typed.trim() != f.value.trim()).then(|| (f.label.to_string(), f.value.clone(), typed.clone()))
        })
        .collect()
}

fn field_id(name: &str) -> String {
    format!("f-{name}")
}

fn severity(p: &Problem) -> (&'static str, &'static str) {
    if p.severity == Severity::Error {
        ("bad", "错误")
    } else {
        ("warn", "警告")
    }
}

/// `at` is where the problem is (`path:line:col`) with, when a form edits that record, the link
/// to it (a problem about another record than the form's, or about the record as a whole).
fn problem_html(p: &Problem, at: Option<(&str, Option<String>)>) -> String {
    let (class, word) = severity(p);
    let at = match at {
        Some((place, Some(href))) => format!(
            "<span class=\"where\"><a href=\"{}\"><code>{}</code> 打开这条记录</a></span>",
            e(&href),
            e(place)
        ),
        Some((place, None)) if !place.is_empty() => format!("<span class=\"where\"><code>{}</code></span>", e(place)),
        _ => String::new(),
    };
    let hint = if p.hint.is_empty() {
        String::new()
    } else {
        format!("<span class=\"fix\">{}</span>", e(&p.hint))
    };
    format!(
        "<p class=\"problem {class}\"><span class=\"tag\">{word} {}</span>{}{hint}{at}</p>\n",
        e(p.rule),
        e(&p.message)
    )
}

/// A date input where the value is a date (or empty); plain text otherwise, so that what was
/// typed or is in the file is never dropped by the browser.
fn is_date(value: &str) -> bool {
    value.is_empty() || chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
}

/// The fields that name one unit by its id.
fn names_a_unit(field: &FormField) -> bool {
    field.input == Input::Text && matches!(field.name.as_str(), "unit" | "parent")
}

fn input_html(field: &FormField, value: &str, described: &str, units: bool) -> String {
    let id = e(&field_id(&field.name));
    let name = e(&field.name);
    let value_attr = e(value);
    let required = if field.required { " required" } else { "" };
    let text = |extra: &str| {
        format!("<input type=\"text\" id=\"{id}\" name=\"{name}\" value=\"{value_attr}\"{extra}{required}{described}>")
    };
    match &field.input {
        Input::Text if field.name == "credit_code" => {
            text(" maxlength=\"18\" autocomplete=\"off\" spellcheck=\"false\" class=\"code\"")
        }
        Input::Text if units && names_a_unit(field) => text(" list=\"unit-ids\" autocomplete=\"off\""),
        Input::Text => text(""),
        Input::Number => text(" inputmode=\"numeric\""),
        Input::Date if is_date(value) => {
            format!("<input type=\"date\" id=\"{id}\" name=\"{name}\" value=\"{value_attr}\"{required}{described}>")
        }
        Input::Date => text(" placeholder=\"2024-09-01\""),
        Input::List => text(""),
        Input::Checkbox => format!(
            "<input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"true\"{}{described}>",
            if value.trim().is_empty() { "" } else { " checked" }
        ),
        Input::Markdown => format!(
            "<textarea id=\"{id}\" name=\"{name}\" rows=\"{}\"{required}{described}>\n{}</textarea>",
            if field.name == "body" { 16 } else { 5 },
            e(value)
        ),
        Input::Select(options) => {
            let mut out = format!("<select id=\"{id}\" name=\"{name}\"{required}{described}>");
            out.push_str("<option value=\"\">（请选择）</option>");
            let known = options.iter().any(|(v, _)| *v == value);
            for (v, label) in options {
                let selected = if *v == value { " selected" } else { "" };
                out.push_str(&format!("<option value=\"{v}\"{selected}>{}</option>", e(label)));
            }
            if !known && !value.is_empty() {
                out.push_str(&format!(
                    "<option value=\"{value_attr}\" selected>{value_attr}（不是可选的值）</option>"
                ));
            }
            out.push_str("</select>");
            out
        }
        Input::Suggest(options) => {
            let list: String = options.iter().map(|o| format!("<option value=\"{}\">", e(o))).collect();
            format!(
                "<input type=\"text\" id=\"{id}\" name=\"{name}\" value=\"{value_attr}\" list=\"dl-{name}\"{required}{described}><datalist id=\"dl-{name}\">{list}</datalist>"
            )
        }
    }
}

/// Under a credit code whose check character is wrong: the one the first 17 characters call for.
fn check_character_note(value: &str) -> String {
    let code: Vec<char> = value.trim().chars().collect();
    if code.len() != 18 {
        return String::new();
    }
    let first17: String = code[..17].iter().collect();
    match edit::expected_check_character(&first17) {
        Some(expected) if expected != code[17] => format!(
            "<p class=\"problem bad check\">按前 17 位算，最后一位（校验码）应为 <strong class=\"code\">{}</strong>，这里是 <strong class=\"code\">{}</strong>：请对照营业执照核对整个代码，抄错的往往是前面某一位</p>\n",
            e(&expected.to_string()),
            e(&code[17].to_string())
        ),
        _ => String::new(),
    }
}

impl<'a> View<'a> {
    pub(super) fn new(form: &'a Form, values: &'a Values, token: &str) -> Self {
        View {
            form,
            values,
            token: token.to_string(),
            problems: Vec::new(),
            refused: None,
            changed: false,
            differences: Vec::new(),
            saved: None,
            preview: Vec::new(),
            can_save: true,
            units: Vec::new(),
            root: None,
            previewed: false,
        }
    }

    /// Whether a field is shown: a quota's 调整记录 only when the quota is already there.
    fn shown(&self, field: &FormField) -> bool {
        !(field.name.starts_with("adjustment.") && self.form.key == Key::New)
    }

    fn field_html(&self, field: &FormField) -> String {
        let value = self.values.get(&field.name).map(String::as_str).unwrap_or_default();
        let mine: Vec<&Problem> = self
            .problems
            .iter()
            .filter(|p| p.field.as_deref() == Some(field.name.as_str()))
            .collect();
        let class = if mine.iter().any(|p| p.severity == Severity::Error) {
            " bad"
        } else if mine.is_empty() {
            ""
        } else {
            " warn"
        };
        let help_id = format!("h-{}", field.name);
        let described = if field.help.is_empty() && mine.is_empty() {
            String::new()
        } else {
            format!(" aria-describedby=\"{}\"", e(&help_id))
        };
        let invalid = if class == " bad" { " aria-invalid=\"true\"" } else { "" };
        let input = input_html(field, value, &format!("{described}{invalid}"), !self.units.is_empty());
        let required = if field.required {
            "<span class=\"req\">必填</span>"
        } else {
            ""
        };
        let mut out = format!("<div class=\"field{class}\">\n");
        if field.input == Input::Checkbox {
            out.push_str(&format!(
                "<label class=\"check\" for=\"{}\">{input}<span>{}</span></label>\n",
                e(&field_id(&field.name)),
                e(field.label)
            ));
        } else {
            out.push_str(&format!(
                "<label for=\"{}\">{}{required}</label>\n{input}\n",
                e(&field_id(&field.name)),
                e(field.label)
            ));
        }
        out.push_str(&format!("<div id=\"{}\">", e(&help_id)));
        if !field.help.is_empty() {
            out.push_str(&format!("<p class=\"help\">{}</p>", e(field.help)));
        }
        if field.input == Input::List && !field.help.contains("逗号") {
            out.push_str("<p class=\"help\">多个时用逗号（，）分开</p>");
        }
        if field.name == "credit_code" && mine.is_empty() {
            out.push_str(&check_character_note(value));
        }
        for p in &mine {
            out.push_str(&problem_html(p, None));
        }
        out.push_str("</div>\n</div>\n");
        out
    }

    fn fields_html(&self) -> String {
        let mut out = String::new();
        let fields: Vec<&FormField> = self.form.fields.iter().filter(|f| self.shown(f)).collect();
        let mut i = 0;
        while i < fields.len() {
            let group = fields[i].group;
            let end = fields[i..]
                .iter()
                .position(|f| f.group != group)
                .map_or(fields.len(), |n| i + n);
            if group.is_empty() {
                for f in &fields[i..end] {
                    out.push_str(&self.field_html(f));
                }
            } else {
                out.push_str(&format!("<fieldset>\n<legend>{}</legend>\n", e(group)));
                if group == "调整记录" {
                    out.push_str(
                        "<p class=\"help\">只在改动<strong>已经公布</strong>的招生任务时填写：写明调整日期和原因，保存时会记下调整前公布的数，网站上显示调整记录。</p>\n",
                    );
                }
                for f in &fields[i..end] {
                    out.push_str(&self.field_html(f));
                }
                out.push_str("</fieldset>\n");
            }
            i = end;
        }
        out
    }

    /// The shown field a problem is about.
    fn field_of(&self, p: &Problem) -> Option<&FormField> {
        let name = p.field.as_deref()?;
        self.form.fields.iter().find(|f| f.name == name && self.shown(f))
    }

    /// The problems at no field shown (about the record as a whole, or another file).
    fn other_problems(&self) -> Vec<&Problem> {
        self.problems.iter().filter(|p| self.field_of(p).is_none()).collect()
    }

    fn summary(&self) -> String {
        let mut out = String::new();
        if let Some(file) = &self.saved {
            out.push_str(&format!(
                "<div class=\"box good\" role=\"status\"><p><strong>已保存到 <code>{}</code>。</strong>预览网站会随之更新；发布后公众才能看到。</p></div>\n",
                e(file)
            ));
        }
        if let Some(message) = &self.refused {
            // The editor's message ends with what to do when the form cannot be saved again
            // ("copy, reopen, type again"); where it can, only what happened is kept.
            let message = match message.find('。') {
                Some(end) if self.changed && self.can_save => &message[..end + '。'.len_utf8()],
                _ => message.as_str(),
            };
            let what_to_do = if self.changed {
                if self.can_save {
                    "下面的表单里是您填写的内容，一个字都没丢。请先看下表中文件里现在的内容（别人或别的程序刚改的），确认要以您填写的为准，再点“保存”；不确定时先问问同事。"
                } else {
                    "下面是您填写的内容，一个字都没丢。文件改动后，这条记录的序号可能变了：请复制要保留的内容，回到列表重新打开这条记录，再填一次。"
                }
            } else if self
                .problems
                .iter()
                .any(|p| p.severity == Severity::Error && self.field_of(p).is_some())
            {
                "出错的栏目已标红，说明就在栏目下方；您填写的内容都在，改正后再点“保存”。"
            } else if self.problems.iter().any(|p| p.severity == Severity::Error) {
                "这次改动会让下面列出的别的记录出错，所以没有保存；您填写的内容都在。可以把引起问题的栏目改回去，或按下面的说明处理那些记录。"
            } else {
                "您填写的内容都在下面。"
            };
            out.push_str(&format!(
                "<div class=\"box bad\" role=\"alert\"><p><strong>没有保存：{}</strong></p><p>{}</p></div>\n",
                e(message),
                what_to_do
            ));
        }
        // The errors at fields, each a link to its field (those elsewhere are listed below).
        let at_fields: Vec<(&Problem, &FormField)> = self
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .filter_map(|p| Some((p, self.field_of(p)?)))
            .collect();
        if !at_fields.is_empty() {
            out.push_str("<ul class=\"jump\">\n");
            for (p, f) in at_fields {
                out.push_str(&format!(
                    "<li><a href=\"#{}\">{}</a>：{}</li>\n",
                    e(&field_id(&f.name)),
                    e(f.label),
                    e(&p.message)
                ));
            }
            out.push_str("</ul>\n");
        }
        let others = self.other_problems();
        if !others.is_empty() {
            out.push_str("<div class=\"others\"><p><strong>关于整条记录或别的文件：</strong></p>\n");
            for p in others {
                let link = self.root.and_then(|root| {
                    let mut parts = p.at.rsplitn(3, ':');
                    let (_col, line, file) = (parts.next()?, parts.next()?, parts.next()?);
                    let href = super::link_for(root, file, line.parse().ok()?)?;
                    // The form's own record is the page itself.
                    (href != form_url(self.form.kind, &self.form.key)).then_some(href)
                });
                out.push_str(&problem_html(p, Some((&p.at, link))));
            }
            out.push_str("</div>\n");
        }
        if !self.differences.is_empty() {
            out.push_str("<div class=\"scroll\"><table class=\"diff\"><caption>文件里现在的内容与您填写的不同之处</caption>\n<thead><tr><th>栏目</th><th>文件里现在是</th><th>您填写的是</th></tr></thead><tbody>\n");
            for (label, now, typed) in &self.differences {
                out.push_str(&format!(
                    "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>\n",
                    e(label),
                    e(now),
                    e(typed)
                ));
            }
            out.push_str("</tbody></table></div>\n");
        }
        out
    }

    pub(super) fn render(&self, session: &Session) -> String {
        let form = self.form;
        let here = match &form.key {
            Key::New => "新增".to_string(),
            Key::Only => String::new(),
            Key::Id(id) => id.clone(),
            Key::Index(i) => format!("第 {} 条", i + 1),
        };
        let mut out = crumbs(Some(form.kind), (!here.is_empty()).then_some(here.as_str()));
        let file = if form.kind == Kind::Notice && form.key == Key::New {
            "content/notices/文件名.md".to_string()
        } else {
            form.file.clone()
        };
        out.push_str(&format!(
            "<p class=\"muted\">保存到 <code>{}</code>；文件里其他内容和注释保持原样。标“必填”的栏目要填。</p>\n",
            e(&file)
        ));
        for note in &form.notes {
            out.push_str(&format!("<div class=\"box warn\"><p>{}</p></div>\n", e(note)));
        }
        out.push_str(&self.summary());
        // A preview first: the page opens at its top after the button is pressed.
        if self.previewed {
            out.push_str(
                "<section class=\"preview\" aria-labelledby=\"preview-title\"><h2 id=\"preview-title\">预览</h2>\n",
            );
            if self.preview.is_empty() {
                out.push_str("<p>要预览的栏目都还空着。</p>\n");
            }
            for (name, label, html) in &self.preview {
                out.push_str(&format!(
                    "<h3>{}</h3><p class=\"muted\">网站上显示的样子；<strong>还没有保存</strong>。<a href=\"#{}\">在下面继续编辑</a>，改好后点“保存”。</p>\n<div class=\"page-body\">{html}</div>\n",
                    e(label),
                    e(&field_id(name))
                ));
            }
            out.push_str("</section>\n");
        }
        let action = form_url(form.kind, &form.key);
        out.push_str(&format!(
            "<form class=\"record\" method=\"post\" action=\"{}\" data-kind=\"{}\">\n{}\n<input type=\"hidden\" name=\"token\" value=\"{}\">\n",
            e(&action),
            name_of(form.kind).0,
            page::csrf(session),
            e(&self.token)
        ));
        out.push_str(&self.fields_html());
        if !self.units.is_empty() && form.fields.iter().any(names_a_unit) {
            out.push_str("<datalist id=\"unit-ids\">");
            for (id, title) in &self.units {
                out.push_str(&format!("<option value=\"{}\" label=\"{}\">", e(id), e(title)));
            }
            out.push_str("</datalist>\n");
        }
        out.push_str("<div class=\"actions\">");
        if self.can_save {
            out.push_str("<button type=\"submit\">保存</button>");
        }
        if form.fields.iter().any(|f| f.input == Input::Markdown) {
            out.push_str("<button type=\"submit\" name=\"do\" value=\"preview\" class=\"secondary\">预览</button>");
        }
        let back = match form.kind {
            Kind::Site => format!("{PREFIX}/records/"),
            kind => list_url(kind),
        };
        out.push_str(&format!("<a href=\"{}\">返回列表</a></div>\n</form>\n", e(&back)));
        out
    }
}
