//! Every rule that can produce a diagnostic, with a short stable code that is printed with the
//! message and listed in README (规则编号), so that a clerk can look a rule up.
//!
//! Codes are never reused: a rule that goes away leaves its code unused.

/// A rule of the input contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rule {
    /// E.g. `Q01`: a letter for the file or stage, two digits.
    pub code: &'static str,
    /// What the rule checks, in a few words, for README's table.
    pub summary: &'static str,
}

macro_rules! rules {
    ($($name:ident = $code:literal, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: &Rule = &Rule { code: $code, summary: $summary };
        )*

        /// Every rule, in code order.
        pub const ALL: &[&Rule] = &[$($name),*];
    };
}

rules! {
    // F: files and folders
    NO_DATA_DIR = "F01", "站点根目录下没有 data/";
    NO_SITE_FILE = "F02", "缺少 data/site.toml";
    NO_UNITS_FILE = "F03", "缺少 data/units.toml";
    UNKNOWN_DATA_FILE = "F04", "data/ 下有不认识的文件";
    NOT_UTF8 = "F05", "文件不是 UTF-8 编码";
    SYMLINK = "F06", "符号链接不会被读取";
    NOT_MARKDOWN = "F07", "content/ 下只发布 .md 文件";
    NO_QUOTAS_FILE = "F08", "有月报或通报的年度缺少 quotas.toml";
    UNUSABLE_FILE_NAME = "F09", "文件名含控制字符、反斜杠或不是 UTF-8";

    // T: TOML syntax and field types
    TOML_SYNTAX = "T01", "TOML 格式错误";
    MISSING_FIELD = "T02", "缺少必填字段";
    WRONG_TYPE = "T03", "字段类型不对";
    UNKNOWN_FIELD = "T04", "未知字段";
    NUMBER_TOO_LARGE = "T05", "数值超出范围";
    NOT_AN_INTEGER = "T06", "人数不能是小数";
    DATE_WITH_TIME = "T07", "日期不要带时间";
    NOT_A_DATE = "T08", "不是日期";
    NO_SUCH_DATE = "T09", "日期不存在";
    EMPTY_TEXT = "T10", "必填的文字不能为空";

    // S: data/site.toml
    BAD_BASE_URL = "S01", "base_url 不是有效的网站地址";
    QUOTE_TOO_BIG = "S02", "举报页引文过长或嵌套过深";
    BAD_DEADLINE_DAY = "S03", "报送截止日不在 1–31 之间";
    BAD_MONTH = "S04", "报送月份不在 1–12 之间";
    DUPLICATE_MONTH = "S05", "报送月份重复";
    BAD_PUBLISH_DAYS = "S09", "统计表发布期限不在 0–31 天之间";
    BAD_EMAIL = "S06", "电子邮箱无效";
    BAD_URL = "S07", "网址无效";
    BAD_PHONE = "S08", "电话号码写法不对";
    PLACEHOLDER_NAME = "S10", "名称或文号还是 sunshine new 写的示例（某某、东县、某教函……）";
    PLACEHOLDER_CONTACT = "S11", "联系人、电话或邮箱还是 sunshine new 写的示例";
    PLACEHOLDER_TEXT = "S12", "正文还是 sunshine new 写的说明“在这里写……”";
    NO_COMPLAINT_CHANNEL = "S13", "没有任何举报渠道（举报电话、邮箱、平台网址或小程序）";
    BAD_PUBLISH_DESTINATION = "S14", "发布设置（site.toml 的 publish 段）的 destination 写法不对";

    // U: data/units.toml
    NO_UNITS = "U01", "单位名单为空";
    BAD_UNIT_ID = "U02", "单位代码不合规";
    DUPLICATE_UNIT_ID = "U03", "单位代码重复";
    DUPLICATE_UNIT_NAME = "U04", "单位名称重复";
    LOOKALIKE_UNIT_NAME = "U05", "单位名称只差空格或看不见的字符";
    BAD_UNIT_KIND = "U06", "单位类别不认识";
    SELF_PARENT = "U07", "单位的上级是它自己";
    PARENT_CYCLE = "U08", "上级单位形成循环";
    UNKNOWN_UNIT = "U09", "引用了不存在的单位";
    HALF_RESPONSIBLE = "U10", "招生第一责任人只写了姓名或只写了职务";

    // Q: data/<year>/quotas.toml
    QUOTA_NOT_POSITIVE = "Q01", "招生任务不是正整数";
    QUOTA_TOO_LARGE = "Q02", "招生任务大得不合理";
    DUPLICATE_QUOTA = "Q03", "同一单位有两个招生任务";
    QUOTA_TOTAL_MISMATCH = "Q04", "声明的合计与各单位之和不符";
    CHILDREN_OVER_PARENT = "Q05", "下属单位任务之和超过上级";
    ADJUSTMENT_WITHOUT_QUOTA = "Q06", "调整招生任务的单位当年没有招生任务";
    WAS_NOT_POSITIVE = "Q07", "调整前的招生任务 was 不是正整数";
    ADJUSTMENT_CHANGES_NOTHING = "Q08", "调整前后的招生任务相同";
    ADJUSTMENT_OUTSIDE_YEAR = "Q09", "调整日期不在当年";

    // R: data/<year>/reports/<year>-<MM>.toml
    AS_OF_OUTSIDE_MONTH = "R01", "截止日期不在文件名所示的月份";
    TOTAL_NOT_SUM = "R02", "总数不等于四类人数之和";
    DUPLICATE_ROW = "R03", "同一单位在一份月报中出现两次";
    ROW_WITHOUT_QUOTA = "R04", "没有招生任务的单位报送了月报";
    NEGATIVE_COUNT = "R05", "人数是负数";
    COUNT_TOO_LARGE = "R06", "人数大得不合理";

    // A: data/<year>/actions.toml
    LIFTED_BEFORE_DATE = "A01", "解除日期早于警示日期";
    BAD_CIRCULAR_KIND = "A02", "通报类别不认识";
    CIRCULAR_WITHOUT_UNITS = "A03", "通报没有列出单位";
    LIMIT_WITH_OTHER_MEASURE = "A04", "只有限制报名人数或压缩招生人数才写人数上限 limit";
    LIMIT_NOT_POSITIVE = "A05", "人数上限 limit 不是正整数";
    BAD_BLACKLIST_KIND = "A06", "黑名单类别 kind 不认识";
    CREDIT_CODE_ON_PERSON = "A07", "个人不写统一社会信用代码";
    BAD_CREDIT_CODE = "A08", "统一社会信用代码不是 18 位或含有不允许的字符";
    CREDIT_CODE_CHECK = "A09", "统一社会信用代码的校验码不对";
    REMOVED_BEFORE_DATE = "A10", "移出黑名单的日期早于列入日期";
    LISTED_TWICE = "A11", "同一名称重复列入黑名单且中间没有移出";

    // G: data/<year>/programs.toml (招生专业与计划)
    PROGRAM_WITHOUT_QUOTA = "G01", "开设专业的单位当年没有招生任务";
    BAD_TRACK = "G02", "招生类型 track 不认识";
    BAD_PROGRAM_CODE = "G03", "专业代码不是六位数字";
    PLAN_NOT_POSITIVE = "G04", "计划招生人数不是正整数";
    DUPLICATE_PROGRAM = "G05", "同一单位的同一专业和类型重复";
    BAD_PROGRAM_YEARS = "G06", "学制不在 1–6 年之间";
    BAD_FEE = "G07", "学费是负数或大得不合理";

    // L: data/<year>/admissions.toml (录取结果)
    ADMISSION_WITHOUT_QUOTA = "L01", "录取结果的单位当年没有招生任务";
    DUPLICATE_ADMISSION = "L02", "同一单位同一录取批次重复";
    BAD_LIST_URL = "L03", "录取名单网址不是 http/https 地址";

    // D: the disclosure record
    PAGE_YEAR_WITHOUT_DATA = "D01", "文章所属年度 year 没有招生数据";

    // P: content/ pages
    NO_FRONT_MATTER = "P01", "缺少页首（front matter）";
    FRONT_MATTER_OPEN = "P02", "页首没有结束的 +++ 行";
    EMPTY_TITLE = "P03", "标题为空";
    BAD_FILE_NAME = "P04", "文件名含有不能用在网址里的字符";
    PAGE_CLASHES_WITH_GENERATED = "P05", "页面网址与程序生成的页面冲突";
    PAGES_SAME_URL = "P06", "两个文件生成同一个网址";
    BODY_TOO_BIG = "P07", "正文超过大小上限";
    NESTING_TOO_DEEP = "P08", "列表或引用嵌套过深";
    BAD_CATEGORY = "P09", "文章类别 category 不认识";
    PATH_IS_GENERATED = "P10", "文件的发布路径是程序生成的文件";
    PATH_CASE_CLASH = "P11", "发布路径与另一个文件只差大小写";
    STATIC_SHADOWED = "P12", "static/ 中的文件被生成的页面挡住";
    STATIC_HIDDEN = "P13", "static/ 中以 . 开头的隐藏文件不会发布";

    // C: corrections of published figures
    CORRECTION_WITHOUT_ROW = "C01", "更正记录的单位在这份月报中没有数据行";
    CORRECTION_WAS_EMPTY = "C02", "更正记录的 was 没有写任何人数";
    CORRECTION_WAS_SAME = "C03", "更正记录的原数字与现在的数字相同";
    CORRECTION_BEFORE_AS_OF = "C04", "更正日期早于月报的截止日期";
    PUBLISHED_CHANGED = "C05", "已公布的数字被改动却没有更正记录";
    PUBLISHED_ROW_REMOVED = "C06", "已公布的单位数据行被删除";
    PUBLISHED_QUOTA_CHANGED = "C07", "已公布的招生任务被改动却没有调整记录";
    PUBLISHED_MADE_SAMPLE = "C11", "已作为正式数据公布的月报被改为示例数据";
    PUBLISHED_YEAR_REMOVED = "C12", "已公布的年度被删除或改名，没有撤回记录";
    PUBLISHED_DERIVED_CHANGED = "C13", "已公布的汇总数或全市合计被改动却没有更正记录";
    NO_PUBLISHED_RECORD = "C14", "月报早已公布，却没有已公布数字的记录 published.lock";
    BAD_PUBLISHED_RECORD = "C15", "published.lock 格式不对或被手工改动";
    RECORDS_DISAGREE = "C16", "published.lock 与输出目录里上次发布的开放数据不一致";
    RELEASE_ALTERED = "C17", "发布过的开放数据版本（releases/）缺失、被改动或与 published.lock 不符";

    // W: warnings about the figures (errors only with --strict)
    LATE_FORM = "W01", "报表逾期报送";
    COUNT_FELL = "W02", "累计人数比上月少";
    BELOW_CHILDREN = "W03", "上级单位的累计数少于下属单位合计";
    RATE_OVER_150 = "W04", "完成率超过 150%";
    FORMS_MISSING = "W05", "有单位未报送";
    PLANS_DIFFER_FROM_QUOTA = "W06", "各专业计划之和与招生任务不符";
    BASE_URL_NOT_ABSOLUTE = "W07", "base_url 不是完整网址，sitemap.xml、feed.xml 和开放数据的建议引用还不能上线";
    FOOTER_IDS_MISSING = "W10", "网站上线（base_url 是完整地址）但页脚缺少网站标识码或 ICP 备案号";
    PUBLISHED_UNVERIFIABLE = "W11", "（已停用，由 C14 代替）月报早已公布，但输出目录里没有上次发布的网站，无法核对数字有没有被改动";

    // H: text hygiene (characters a text may carry)
    CONTROL_CHARACTER = "H01", "文字里有看不见的控制字符";
    INVISIBLE_CHARACTER = "H02", "名称或标题等单行文字里有零宽字符或文字方向控制符";
    SOFT_BREAK = "H03", "正文里的软回车已当作换行";
    PLACEHOLDER = "H04", "文字还是示例里要换掉的说明，如“（写明更正原因）”";

    // I: sunshine import (a unit's spreadsheet)
    IMPORT_CELL = "I01", "统计表的单元格有误";
    IMPORT_NO_QUOTAS = "I02", "导入的年度还没有招生任务";
    IMPORT_EXISTS = "I03", "要写入的月报或专业与计划文件已存在";
    IMPORT_NO_QUOTA_UNIT = "I04", "导入的单位当年没有招生任务";
    IMPORT_SAME_AS_BEFORE = "I05", "导入的每个单位的人数都与上个月相同";
    IMPORT_SUBMITTED_EARLY = "I06", "报送日期不晚于上一轮的截止日期";
    IMPORT_OLDER_ROUND = "I07", "导入的月份早于已有的最新一轮";

    // V: privacy (any file under data/ and content/, the text files of static/, every file name)
    IDENTITY_NUMBER = "V01", "文字中有居民身份证号码";
    PERSONAL_COLUMN = "V02", "表格有身份证号、证件号码、学籍号、考生号或准考证号一列";
    ALLOW_WITHOUT_REASON = "V03", "sunshine:allow-id 标记后面没有写原因";
    ALLOWED_LINE = "V04", "这一行标了 sunshine:allow-id，不检查身份证号码";

    // X: templates and writing the site
    TEMPLATE = "X01", "模板错误";
    WRITE = "X02", "写入输出文件失败";
    PREVIEW = "X03", "预览无法读取站点";
    UNWRITABLE_DATA = "X04", "开放数据或搜索索引的文件无法生成（程序的问题，不是数据的问题）";
}

/// The rules about what a printed example or `sunshine new` wrote and only the bureau can fill in:
/// errors for `check` and `build` (never published), while `serve` shows the site under a
/// banner listing them, so that a clerk setting a site up can look at it.
pub const PLACEHOLDERS: &[&Rule] = &[
    PLACEHOLDER,
    PLACEHOLDER_NAME,
    PLACEHOLDER_CONTACT,
    PLACEHOLDER_TEXT,
    NO_COMPLAINT_CHANNEL,
];

impl Rule {
    /// One of [`PLACEHOLDERS`].
    pub fn is_placeholder(&self) -> bool {
        PLACEHOLDERS.contains(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in ALL {
            assert!(seen.insert(rule.code), "{} used twice", rule.code);
            let (letter, digits) = rule.code.split_at(1);
            assert!(letter.chars().all(|c| c.is_ascii_uppercase()), "{}", rule.code);
            assert!(
                digits.len() == 2 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                rule.code
            );
        }
    }

    #[test]
    fn readme_lists_every_rule_with_its_summary() {
        let readme = include_str!("../../README.md");
        for rule in ALL {
            let row = format!("| `{}` | {} |", rule.code, rule.summary);
            assert!(readme.contains(&row), "README.md lacks the row: {row}");
        }
    }
}
