//! Raw records as read from the files: typed, with positions, not yet checked against each other.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::load::record::record;
use crate::source::{Field, Loc, SourceId, Sources};
use crate::vocab::{CountField, Track};

/// Everything read from one site root.
#[derive(Debug, Default)]
pub struct RawSite {
    pub root: PathBuf,
    pub sources: Sources,
    pub settings: Option<RawSettings>,
    pub units: Vec<RawUnit>,
    /// data/units.toml, when it was read.
    pub units_file: Option<SourceId>,
    /// Sorted by year.
    pub years: Vec<RawYear>,
    /// Sorted by path.
    pub pages: Vec<RawPage>,
    /// Template overrides from the site's templates/, by file name, sorted.
    pub templates: Vec<(String, String)>,
    /// Files under static/, relative to it, sorted.
    pub static_files: Vec<PathBuf>,
}

record! {
    /// data/site.toml
    pub struct RawSettings {
        title: String = required("网站名称", "显示在每一页的标题栏，如“郑州市中等职业学校招生信息公开”"),
        publisher: String = required("主办单位", "发布信息的教育局全称"),
        /// 承办单位
        organizer: String = optional("承办单位", "具体承办的处室，如“职业教育与成人教育处”，可不填"),
        description: String = optional("网站简介", "一两句话，搜索结果里会显示"),
        base_url: String = optional("网址", "网站上线的完整网址，如 https://zsxx.example.gov.cn/"),
        contact: RawContact = table("联系方式"),
        complaints: RawComplaints = table("举报渠道"),
        reporting: RawReporting = table,
        footer: RawFooter = table("页脚备案信息"),
        open_data: RawOpenData = table,
        /// `[publish]`: where the 工作台's 发布 copies the built site.
        publish: RawPublish = table,
        /// 撤回记录: a published year (or one round of it) withdrawn, with date and reason.
        withdrawals as "withdrawal": RawWithdrawal = tables,
    }
}

record! {
    /// One `[[withdrawal]]` of data/site.toml: a published year, or one round of it (`month`),
    /// taken off the site on purpose. The published-record check accepts its disappearance (or
    /// the round's becoming sample data) only with this record.
    pub struct RawWithdrawal {
        year: i64 = required,
        /// The round withdrawn; without it, the whole year.
        month: i64 = optional,
        /// The day it was withdrawn.
        date: NaiveDate = required,
        reason: String = required,
    }
}

record! {
    /// `[publish]` of data/site.toml: where the 工作台's 发布 copies the output folder with
    /// rclone — a local folder (`"/srv/www/zhaosheng"`, relative to the site root) or an rclone
    /// remote (`"oss:存储桶/zhaosheng"`, set up with `rclone config`).
    pub struct RawPublish {
        destination: String = optional,
    }
}

record! {
    /// `[open_data]` of data/site.toml: how the open data may be reused.
    pub struct RawOpenData => OpenData {
        /// The licence of the open data: an SPDX id such as "CC-BY-4.0", or words.
        license: String = optional,
    }
}

record! {
    /// `[contact]` of data/site.toml: 联系人
    pub struct RawContact => Contact {
        department: String = optional("联系部门"),
        people: String = optional_list("联系人", "多个联系人用逗号隔开"),
        phone: String = optional("联系电话", "一个号码，如 0371-12345678"),
        /// Office hours, shown beside the number (not part of it: the number is dialled).
        hours: String = optional("接听时间", "如 工作日 8:30–12:00"),
        email: String = optional("电子邮箱"),
        address: String = optional("地址"),
    }
}

record! {
    /// `[complaints]` of data/site.toml: 举报渠道
    pub struct RawComplaints => Complaints {
        phone: String = optional("举报电话", "一个号码，如 0371-12345678"),
        /// When the phone is answered, shown beside it.
        hours: String = optional("举报电话接听时间"),
        email: String = optional("举报邮箱"),
        platform_name: String = optional("举报平台名称"),
        platform_url: String = optional("举报平台网址", "以 https:// 开头"),
        /// The platform's WeChat mini-program, named for readers to search for in WeChat.
        miniprogram: String = optional("微信小程序名称", "读者在微信里搜索的名称"),
        /// What to report (markdown); without it the 如何举报 box shows a default from the notice.
        report_what: String = multiline("可以举报什么", "Markdown；不填则用通知里的默认说明"),
        /// What a report should include (markdown); without it, a default.
        report_include: String = multiline("举报时请写明", "Markdown；不填则用默认说明"),
        /// The notice's own words on 阳光招生 and violations (markdown), shown on the complaint page.
        quote: String = multiline("通知原文摘录", "Markdown，举报页上引用的通知原文"),
        /// Where the quote comes from, e.g. the document number and section.
        quote_source: String = optional("摘录出处", "文号和条款，如 郑教职成函〔2024〕432号 第四条"),
    }
}

record! {
    /// `[reporting]` of data/site.toml: when forms are due.
    pub struct RawReporting {
        deadline_day: i64 = optional,
        /// The bureau's own rule: a round is published within this many days after its forms
        /// were due (the notice sets none).
        publish_days: i64 = optional,
        months: i64 = optional_list,
    }
}

record! {
    /// `[footer]` of data/site.toml: the government-site identifiers.
    pub struct RawFooter => Footer {
        icp: String = optional("ICP 备案号"),
        police_record: String = optional("公安备案号"),
        site_code: String = optional("网站标识码"),
    }
}

record! {
    /// data/units.toml
    pub struct RawUnits {
        units as "unit": RawUnit = tables,
    }
}

record! {
    /// One `[[unit]]` of data/units.toml.
    pub struct RawUnit {
        id: String = required("单位代码", "只用小写字母、数字和 -，如 zz-x；一经公布不要再改"),
        name: String = required("单位名称", "全称，与公章一致"),
        kind: String = required("单位类别"),
        parent: String = optional("上级单位", "所属区县（市）或主管单位的代码，市属学校不填"),
        website: String = optional("学校网址", "以 https:// 开头"),
        /// 招生咨询电话: one number, written like the site's contact phone (S08).
        phone: String = optional("招生咨询电话", "一个号码，如 0371-12345678"),
        /// 招生第一责任人 (the notice, section 四: the principal answers for the school's enrolment).
        responsible: RawResponsible = table("招生第一责任人"),
    }
}

record! {
    /// `responsible = { name = "王某某", title = "校长" }` of a `[[unit]]`: 招生第一责任人.
    pub struct RawResponsible => Responsible {
        /// 姓名
        name: String = optional("姓名"),
        /// 职务, e.g. 校长.
        title: String = optional("职务", "如 校长"),
    }
}

/// `data/<year>/`
#[derive(Debug, Clone)]
pub struct RawYear {
    pub year: i32,
    /// Where to point when something about the whole year is wrong (the year's quotas file, or its first file).
    pub loc: Loc,
    pub quotas: Option<RawQuotas>,
    /// quotas.toml exists but could not be read (already reported).
    pub quotas_unreadable: bool,
    /// Sorted by month.
    pub reports: Vec<RawReport>,
    pub actions: Option<RawActions>,
    /// `data/<year>/programs.toml`, when present and readable.
    pub programs: Option<RawPrograms>,
    /// `data/<year>/admissions.toml`, when present and readable.
    pub admissions: Option<RawAdmissions>,
}

record! {
    /// `data/<year>/quotas.toml` — 招生任务分解表
    pub struct RawQuotas {
        document: String = optional,
        issued: NaiveDate = optional,
        total: i64 = optional,
        quotas as "quota": RawQuota = tables,
        adjustments as "adjustment": RawAdjustment = tables,
    }
}

record! {
    /// 调整招生任务: one `[[adjustment]]` of quotas.toml, an earlier value of a unit's quota.
    pub struct RawAdjustment => AdjustmentRecord {
        /// The unit's id.
        unit: String = required("单位代码"),
        /// The day the quota was changed.
        date: NaiveDate = required("调整日期"),
        /// The quota before this change (as first published, for the first change).
        was: i64 = required("调整前的任务", "照抄原来公布的任务数"),
        reason: String = required("调整原因"),
        /// 文号
        document: String = optional("调整文件文号", "可不填"),
    }
}

record! {
    /// One `[[quota]]`: a unit's 招生任务.
    pub struct RawQuota {
        unit: String = required("单位代码"),
        quota: i64 = required("招生任务", "本年度分解给这个单位的招生人数"),
    }
}

record! {
    /// `data/<year>/reports/<year>-<MM>.toml` — one 招生情况统计表 round.
    pub struct RawReport {
        as_of: NaiveDate = reported,
        /// Demonstration figures, not official.
        sample: bool = flag,
        /// 发布日期: the day the round was first published (written by `import`).
        published: NaiveDate = optional,
        note: String = optional,
        rows as "row": RawRow = tables,
        /// 更正记录: a published figure that was changed, with its old value.
        corrections as "correction": RawCorrection = tables,
    }
    with {
        /// From the file name.
        month: u32,
    }
}

record! {
    /// One `[[row]]` of a report: a unit's cumulative figures.
    pub struct RawRow {
        unit: String = required,
        three_year: i64 = required,
        three_plus_two: i64 = required,
        five_year: i64 = required,
        one_year: i64 = required,
        total: i64 = optional,
        submitted: NaiveDate = optional,
        /// 逾期已认可: the bureau accepted this late form; the site still marks it 逾期, but
        /// the warning (an error with --strict) is no longer raised.
        late_ok: bool = flag,
        /// Why the late form was accepted (written by `import --accept-late "原因"`).
        late_reason: String = optional,
        note: String = optional,
    }
}

record! {
    /// One `[[correction]]` of a report: a published figure of a unit changed, and why.
    pub struct RawCorrection => CorrectionRecord {
        /// The unit's id.
        unit: String = required,
        /// The day the correction was made.
        date: NaiveDate = required,
        reason: String = required,
        /// The figures as first published: any of the row's count fields.
        was: RawCounts = table,
    }
}

record! {
    /// `was = { three_year = 250, total = 400 }` of a `[[correction]]`: earlier figures.
    pub struct RawCounts => Counts {
        three_year: i64 = optional,
        three_plus_two: i64 = optional,
        five_year: i64 = optional,
        one_year: i64 = optional,
        total: i64 = optional,
    }
}

impl RawRow {
    /// The row's value of a track.
    pub fn track(&self, track: Track) -> &Field<i64> {
        match track {
            Track::ThreeYear => &self.three_year,
            Track::ThreePlusTwo => &self.three_plus_two,
            Track::FiveYear => &self.five_year,
            Track::OneYear => &self.one_year,
        }
    }

    /// The row's current value of a count field (`total` is the sum when not written).
    pub fn count(&self, field: &str) -> Option<i64> {
        Some(match CountField::parse(field)?.track() {
            Some(t) => self.track(t).value,
            None => self
                .total
                .as_ref()
                .map_or_else(|| Track::ALL.iter().map(|&t| self.track(t).value).sum(), |t| t.value),
        })
    }
}

impl RawCounts {
    fn slot(&self, field: CountField) -> &Option<Field<i64>> {
        match field {
            CountField::ThreeYear => &self.three_year,
            CountField::ThreePlusTwo => &self.three_plus_two,
            CountField::FiveYear => &self.five_year,
            CountField::OneYear => &self.one_year,
            CountField::Total => &self.total,
        }
    }

    /// Each field written, as (name, value).
    pub fn fields(&self) -> impl Iterator<Item = (&'static str, &Field<i64>)> {
        CountField::ALL
            .into_iter()
            .filter_map(|f| self.slot(f).as_ref().map(|v| (f.key(), v)))
    }
}

impl Counts {
    /// The count fields of a report row, in file order ([`CountField::KEYS`]).
    pub const NAMES: [&'static str; CountField::ALL.len()] = CountField::KEYS;

    /// The slot of `field`.
    pub fn slot_mut(&mut self, field: CountField) -> &mut Option<i64> {
        match field {
            CountField::ThreeYear => &mut self.three_year,
            CountField::ThreePlusTwo => &mut self.three_plus_two,
            CountField::FiveYear => &mut self.five_year,
            CountField::OneYear => &mut self.one_year,
            CountField::Total => &mut self.total,
        }
    }

    /// The value recorded for `field`.
    pub fn value(&self, field: CountField) -> Option<i64> {
        match field {
            CountField::ThreeYear => self.three_year,
            CountField::ThreePlusTwo => self.three_plus_two,
            CountField::FiveYear => self.five_year,
            CountField::OneYear => self.one_year,
            CountField::Total => self.total,
        }
    }

    /// The value recorded for `field`, one of [`Counts::NAMES`].
    pub fn get(&self, field: &str) -> Option<i64> {
        self.value(CountField::parse(field)?)
    }

    /// The Chinese name of a count field, for messages.
    pub fn label(field: &str) -> &'static str {
        CountField::parse(field).map_or("人数", CountField::label)
    }
}

record! {
    /// `data/<year>/actions.toml`
    pub struct RawActions {
        warnings as "warning": RawWarning = tables,
        circulars as "circular": RawCircular = tables,
        blacklist as "blacklist": RawBlacklisted = tables,
    }
}

record! {
    /// 校企合作黑名单: one `[[blacklist]]` of actions.toml.
    pub struct RawBlacklisted => BlacklistRecord {
        /// The agency's, company's or person's name.
        name: String = required("名称", "中介组织、企业的全称，或个人的姓名"),
        /// agency (中介组织) | company (企业) | person (个人).
        kind: String = required("类别"),
        /// 统一社会信用代码 of an organisation (GB 32100-2015): never of a person.
        credit_code: String = optional("统一社会信用代码", "18 位，照营业执照抄写；个人不填"),
        /// The day it was listed.
        date: NaiveDate = required("列入日期"),
        reason: String = required("列入原因"),
        /// 文号
        document: String = optional("文号"),
        /// The ids of the schools involved.
        units: String = optional_list("涉及学校", "学校的单位代码，多个用逗号隔开"),
        /// 移出日期: a removed entry stays in the record.
        removed: NaiveDate = optional("移出日期", "移出后记录保留"),
    }
}

record! {
    /// 警示标注: one `[[warning]]` of actions.toml.
    pub struct RawWarning => WarningRecord {
        /// The unit's id.
        unit: String = required("单位代码"),
        date: NaiveDate = required("处理日期"),
        reason: String = required("处理原因"),
        /// 处理措施: 警示标注 | 限制报名人数 | 压缩招生人数 | 停止招生 (other words allowed).
        measure: String = optional("处理措施", "警示标注、限制报名人数、压缩招生人数或停止招生"),
        /// With 限制报名人数 the most applications accepted, with 压缩招生人数 the places left.
        limit: i64 = optional("限定人数", "只用于限制报名人数（最多受理的报名数）或压缩招生人数（保留的招生数）"),
        /// 作出单位
        issuer: String = optional("作出单位", "如 河南省教育厅"),
        /// 文件
        document: String = optional("文件文号"),
        /// 解除日期: a lifted warning stays in the record.
        lifted: NaiveDate = optional("解除日期", "解除后记录保留，标为已解除"),
    }
}

record! {
    /// 通报: one `[[circular]]` of actions.toml.
    pub struct RawCircular => CircularRecord {
        /// praise (通报表扬) or criticism (通报批评).
        kind: String = required,
        date: NaiveDate = required,
        title: String = required,
        document: String = optional,
        /// The ids of the units named.
        units: String = list,
    }
}

record! {
    /// `data/<year>/programs.toml` — 招生专业与计划
    pub struct RawPrograms {
        /// Demonstration rows, not official.
        sample: bool = flag,
        programs as "program": RawProgram = tables,
    }
}

record! {
    /// One `[[program]]`: a program a school enrols for, with its plan.
    pub struct RawProgram => ProgramRecord {
        /// The unit's id.
        unit: String = required,
        /// 专业名称
        name: String = required,
        /// 专业代码: six digits of the 职业教育专业目录.
        code: String = optional,
        /// One of the form's four columns: three_year | three_plus_two | five_year | one_year.
        track: String = required,
        /// 计划招生人数
        plan: i64 = required,
        /// 学制（年）
        years: i64 = optional,
        /// 学费（元/年）; 0 is 免学费.
        fee: i64 = optional,
        /// 合作院校 of a 3+2 or 五年一贯制 program.
        partner: String = optional,
        /// 备注, e.g. who may apply.
        note: String = optional,
    }
}

record! {
    /// `data/<year>/admissions.toml` — 录取结果
    pub struct RawAdmissions {
        /// Demonstration rows, not official.
        sample: bool = flag,
        admissions as "admission": RawAdmission = tables,
    }
}

record! {
    /// One `[[admission]]`: a school's result of one admission round.
    pub struct RawAdmission => AdmissionRecord {
        /// The unit's id.
        unit: String = required("单位代码"),
        /// 录取批次, as the bureau writes it: 集中录取, 第一次补录, …
        round: String = required("录取批次", "如 集中录取、第一次补录"),
        /// The day the result was published.
        date: NaiveDate = required("公布日期"),
        /// 录取人数
        admitted: i64 = required("录取人数"),
        /// Where the named list is published (never copied into the site).
        list_url: String = optional("录取名单网址", "名单在哪里公布；名单本身不放到本网站"),
        note: String = optional("备注"),
    }
}

record! {
    /// The front matter of one content/**/*.md file.
    pub struct RawPage {
        title: String = required("标题"),
        date: NaiveDate = optional("发布日期"),
        updated: NaiveDate = optional("更新日期"),
        unit: String = optional("单位代码", "学校自己的公开信息才填"),
        description: String = optional("摘要", "一两句话，搜索结果和订阅里显示"),
        /// 发文字号
        document: String = optional("发文字号"),
        /// 发文机关
        issuer: String = optional("发文机关"),
        /// brochure | policy | programs | plan | admissions | notice: what the page discloses.
        category: String = optional("公开类别", "学校公开信息才填：brochure、policy、programs、plan、admissions 或 notice"),
        /// The enrolment year a school's disclosure page belongs to; the year of `date` when absent.
        year: i64 = optional("招生年度", "不填则取发布日期的年份"),
    }
    with {
        /// Path under content/ without the `.md`, with `/` separators, e.g. "notices/2024-432".
        slug: String,
        /// Byte offset where the markdown body starts.
        body_start: usize,
    }
}
