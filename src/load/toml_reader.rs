//! Reads a parsed TOML table against a fixed list of fields, recording every problem
//! (wrong type, missing field, unknown field) with its position instead of stopping at the first.

use crate::diagnostics::rules;
use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::{suggestion_hint, Diagnostics, Rule};
use crate::source::{Field, Loc, SourceId, Sources};

/// Shared state while reading one file.
pub struct FileCtx<'a> {
    pub sources: &'a Sources,
    pub diags: &'a mut Diagnostics,
    pub file: SourceId,
    /// Added to every span: front matter is parsed as a slice of its markdown file.
    pub offset: usize,
}

impl FileCtx<'_> {
    pub fn loc(&self, span: std::ops::Range<usize>) -> Loc {
        Loc::new(self.file, span.start + self.offset..span.end + self.offset)
    }

    pub fn error(
        &mut self,
        rule: &'static Rule,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let loc = self.loc(span);
        self.diags.error(rule, self.sources, loc, message, hint);
    }
}

/// Parses TOML text; syntax errors become diagnostics, in Chinese (see `load::syntax`).
/// Returns the root table when it parsed.
pub fn parse<'i>(ctx: &mut FileCtx<'_>, text: &'i str) -> Option<Spanned<DeTable<'i>>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(table);
    }
    // A line with full-width syntax is said once, as that; the parser's errors on it follow from it.
    let wide = super::syntax::full_width(text);
    for w in &wide {
        ctx.error(rules::TOML_SYNTAX, w.at.clone(), w.message.clone(), w.hint.clone());
    }
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        if wide.iter().any(|w| w.line.contains(&span.start)) {
            continue;
        }
        let at = text.get(span.start..).unwrap_or_default();
        let (what, hint) = super::syntax::explain(error.message(), at.lines().next().unwrap_or_default());
        ctx.error(rules::TOML_SYNTAX, span, format!("TOML 格式错误：{what}"), hint);
    }
    None
}

/// The Chinese name of a TOML value's type, for messages.
fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "文本（字符串）",
        DeValue::Integer(_) => "整数",
        DeValue::Float(_) => "小数",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "日期",
        DeValue::Array(_) => "列表 [...]",
        DeValue::Table(_) => "表 {...}",
    }
}

/// Reads the fields of one table.
pub struct TableReader<'t, 'i> {
    table: &'t DeTable<'i>,
    /// Where the table starts (its header, or the start of the file).
    span: std::ops::Range<usize>,
    /// How the table is named in messages, e.g. "[[unit]]" or "data/site.toml".
    what: String,
    known: &'static [&'static str],
}

impl<'t, 'i> TableReader<'t, 'i> {
    pub fn new(
        table: &'t DeTable<'i>,
        span: std::ops::Range<usize>,
        what: impl Into<String>,
        known: &'static [&'static str],
    ) -> Self {
        Self {
            table,
            span,
            what: what.into(),
            known,
        }
    }

    pub fn span(&self) -> std::ops::Range<usize> {
        self.span.clone()
    }

    fn take(&mut self, key: &'static str) -> Option<&'t Spanned<DeValue<'i>>> {
        debug_assert!(self.known.contains(&key), "field {key} missing from the known list");
        self.table.get(key)
    }

    fn missing(&self, ctx: &mut FileCtx<'_>, key: &str, example: &str) {
        ctx.error(
            rules::MISSING_FIELD,
            self.span.clone(),
            format!("{} 缺少必填字段 `{key}`", self.what),
            format!("在这一项里加上一行，例如 {example}"),
        );
    }

    pub(crate) fn wrong_type(
        ctx: &mut FileCtx<'_>,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        expected: &str,
        example: &str,
    ) {
        ctx.error(
            rules::WRONG_TYPE,
            value.span(),
            format!("字段 `{key}` 应为{expected}，这里却是{}", type_name(value.get_ref())),
            format!("改成这样的写法：{example}"),
        );
    }

    /// A field of a scalar type; a missing required field is reported at the table.
    pub fn scalar<T: Scalar>(&mut self, ctx: &mut FileCtx<'_>, key: &'static str, required: bool) -> Option<Field<T>> {
        let Some(value) = self.take(key) else {
            if required {
                self.missing(ctx, key, &T::example(key));
            }
            return None;
        };
        T::read(ctx, key, value)
    }

    /// A text of several lines (markdown), checked as a body rather than as a line.
    pub fn block(&mut self, ctx: &mut FileCtx<'_>, key: &'static str) -> Option<Field<String>> {
        let value = self.take(key)?;
        match value.get_ref() {
            DeValue::String(s) => {
                let text = super::text::check_block(ctx, key, value.span(), s);
                Some(Field::new(text, ctx.loc(value.span())))
            }
            _ => {
                Self::wrong_type(
                    ctx,
                    key,
                    value,
                    "文本（用英文三引号 \"\"\" 括起来）",
                    &format!("{key} = \"\"\"…\"\"\""),
                );
                None
            }
        }
    }

    /// A list of scalars such as `units = ["a", "b"]`.
    pub fn list<T: Scalar>(
        &mut self,
        ctx: &mut FileCtx<'_>,
        key: &'static str,
        required: bool,
    ) -> Option<Field<Vec<Field<T>>>> {
        let example = T::list_example(key);
        let Some(value) = self.take(key) else {
            if required {
                self.missing(ctx, key, &example);
            }
            return None;
        };
        let DeValue::Array(items) = value.get_ref() else {
            Self::wrong_type(ctx, key, value, T::LIST, &example);
            return None;
        };
        let out = items
            .iter()
            .filter_map(|item| T::parse(ctx, key, item, &example, true))
            .collect();
        Some(Field::new(out, ctx.loc(value.span())))
    }

    /// An empty table standing where this one is, for a section that is absent.
    pub fn empty(&self, what: &str, known: &'static [&'static str]) -> TableReader<'static, 'static> {
        static EMPTY: std::sync::OnceLock<DeTable<'static>> = std::sync::OnceLock::new();
        TableReader::new(EMPTY.get_or_init(DeTable::new), self.span.clone(), what, known)
    }

    /// A sub-table such as `[contact]`.
    pub fn table(
        &mut self,
        ctx: &mut FileCtx<'_>,
        key: &'static str,
        known: &'static [&'static str],
    ) -> Option<TableReader<'t, 'i>> {
        let value = self.take(key)?;
        match value.get_ref() {
            DeValue::Table(t) => {
                // An inline table `key = { … }` is named as it is written.
                let text = ctx.sources.get(ctx.file).text.as_bytes();
                let inline = text.get(value.span().start + ctx.offset) == Some(&b'{');
                let what = if inline {
                    format!("{key} = {{ … }}")
                } else {
                    format!("[{key}]")
                };
                Some(TableReader::new(t, value.span(), what, known))
            }
            _ => {
                Self::wrong_type(ctx, key, value, "表", &format!("[{key}] 开头的一段"));
                None
            }
        }
    }

    /// An array of tables such as `[[unit]]`.
    pub fn tables(
        &mut self,
        ctx: &mut FileCtx<'_>,
        key: &'static str,
        known: &'static [&'static str],
    ) -> Vec<TableReader<'t, 'i>> {
        let Some(value) = self.take(key) else {
            return Vec::new();
        };
        let example = format!("[[{key}]] 开头的一段");
        let DeValue::Array(items) = value.get_ref() else {
            Self::wrong_type(ctx, key, value, " [[…]] 表数组", &example);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::Table(t) => out.push(TableReader::new(t, item.span(), format!("[[{key}]]"), known)),
                _ => Self::wrong_type(ctx, key, item, " [[…]] 表", &example),
            }
        }
        out
    }

    /// Reports every key that is not a known field, with the closest known name.
    pub fn finish(self, ctx: &mut FileCtx<'_>) {
        for (key, _) in self.table {
            let name = key.get_ref().as_ref();
            if self.known.contains(&name) {
                continue;
            }
            let fields = self.known.join(", ");
            let hint = match suggestion_hint(name, self.known.iter().copied()) {
                Some(s) => format!("{s}{} 可用的字段：{fields}", ""),
                None => format!("删掉它，或改成可用的字段之一：{fields}"),
            };
            ctx.error(
                rules::UNKNOWN_FIELD,
                key.span(),
                format!("{} 中有未知字段 `{name}`", self.what),
                hint,
            );
        }
    }
}

fn integer_value(ctx: &mut FileCtx<'_>, key: &str, value: &Spanned<DeValue<'_>>, example: &str) -> Option<Field<i64>> {
    match value.get_ref() {
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Some(Field::new(n, ctx.loc(value.span()))),
            Err(_) => {
                ctx.error(
                    rules::NUMBER_TOO_LARGE,
                    value.span(),
                    format!("字段 `{key}` 的数值太大"),
                    "检查是否多打了数字",
                );
                None
            }
        },
        DeValue::Float(_) => {
            ctx.error(
                rules::NOT_AN_INTEGER,
                value.span(),
                format!("字段 `{key}` 应为整数，这里却是小数"),
                format!("人数只能是整数，去掉小数点：{example}"),
            );
            None
        }
        _ => {
            TableReader::wrong_type(ctx, key, value, "整数（不加引号）", example);
            None
        }
    }
}

fn date_value(
    ctx: &mut FileCtx<'_>,
    key: &str,
    value: &Spanned<DeValue<'_>>,
    example: &str,
) -> Option<Field<NaiveDate>> {
    let hint = format!("日期写成 年-月-日，两位月份和日子，不加引号：{example}");
    let parsed = match value.get_ref() {
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day)),
            _ => {
                ctx.error(
                    rules::DATE_WITH_TIME,
                    value.span(),
                    format!("字段 `{key}` 只要日期，不要时间"),
                    hint,
                );
                return None;
            }
        },
        // A quoted ISO date is unambiguous; accept it rather than make the clerk fight quotes.
        DeValue::String(s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Some(d),
            // Written like a date, but there is no such day: say so, not "not a date".
            Err(_) if looks_like_iso_date(s) => None,
            Err(_) => {
                ctx.error(
                    rules::NOT_A_DATE,
                    value.span(),
                    format!("字段 `{key}` 不是日期：\"{s}\""),
                    hint,
                );
                return None;
            }
        },
        _ => {
            TableReader::wrong_type(ctx, key, value, "日期", example);
            return None;
        }
    };
    match parsed {
        Some(d) => Some(Field::new(d, ctx.loc(value.span()))),
        None => {
            ctx.error(
                rules::NO_SUCH_DATE,
                value.span(),
                format!("字段 `{key}` 的日期不存在（如 2 月 30 日）"),
                hint,
            );
            None
        }
    }
}

/// A value type a field can have; each says how it is written, for the hints.
pub trait Scalar: Sized {
    /// What a list of these is called, when a list was expected and something else is there.
    const LIST: &'static str = "列表";

    /// The field written right, e.g. `date = 2024-08-15`.
    fn example(key: &str) -> String;

    /// A list of these written right (only texts and integers come in lists).
    fn list_example(key: &str) -> String {
        format!("{key} = […]")
    }

    /// Reads one value; `in_list` when it is an item of a list.
    fn parse(
        ctx: &mut FileCtx<'_>,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        example: &str,
        in_list: bool,
    ) -> Option<Field<Self>>;

    /// Reads the value of a field.
    fn read(ctx: &mut FileCtx<'_>, key: &str, value: &Spanned<DeValue<'_>>) -> Option<Field<Self>> {
        Self::parse(ctx, key, value, &Self::example(key), false)
    }
}

impl Scalar for String {
    fn example(key: &str) -> String {
        format!("{key} = \"…\"")
    }

    fn list_example(key: &str) -> String {
        format!("{key} = [\"…\", \"…\"]")
    }

    fn parse(
        ctx: &mut FileCtx<'_>,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        example: &str,
        in_list: bool,
    ) -> Option<Field<Self>> {
        match value.get_ref() {
            DeValue::String(s) => {
                super::text::check_line(ctx, key, value.span(), s);
                Some(Field::new(s.to_string(), ctx.loc(value.span())))
            }
            _ => {
                let expected = if in_list {
                    "文本列表"
                } else {
                    "文本（用英文双引号括起来）"
                };
                TableReader::wrong_type(ctx, key, value, expected, example);
                None
            }
        }
    }
}

impl Scalar for i64 {
    const LIST: &'static str = "整数列表";

    fn example(key: &str) -> String {
        format!("{key} = 100")
    }

    fn list_example(key: &str) -> String {
        format!("{key} = [7, 8, 9]")
    }

    fn parse(
        ctx: &mut FileCtx<'_>,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        example: &str,
        _in_list: bool,
    ) -> Option<Field<Self>> {
        integer_value(ctx, key, value, example)
    }
}

impl Scalar for bool {
    fn example(key: &str) -> String {
        format!("{key} = true")
    }

    fn parse(
        ctx: &mut FileCtx<'_>,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        example: &str,
        _in_list: bool,
    ) -> Option<Field<Self>> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(Field::new(*b, ctx.loc(value.span()))),
            _ => {
                TableReader::wrong_type(ctx, key, value, " true 或 false（不加引号）", example);
                None
            }
        }
    }
}

impl Scalar for NaiveDate {
    fn example(key: &str) -> String {
        format!("{key} = 2024-08-15")
    }

    fn parse(
        ctx: &mut FileCtx<'_>,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        example: &str,
        _in_list: bool,
    ) -> Option<Field<Self>> {
        date_value(ctx, key, value, example)
    }
}

/// `dddd-dd-dd`: the shape of a date, whether or not the day exists.
fn looks_like_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}
