//! `sunshine new DIR`: a fresh site, every field explained in Chinese, that the preview shows as
//! it is and that builds once the bureau has written its own names, people and hotline in place
//! of the stand-ins (see [`crate::placeholders`]).

use std::fs;
use std::path::Path;

use crate::{placeholders, Error};

const SITE: &str = r#"# 网站设置。改完后运行 sunshine check 检查，sunshine build 生成网站。
title = "{某某}市中等职业学校阳光招生信息公开"   # 网站标题（必填）
publisher = "{某某}市教育局"                     # 主办单位（必填）
# organizer = "{某某}市教育局职业与成人教育处"    # 承办单位（可选）
description = "公开本市中等职业学校年度招生任务、各月招生进展、警示与通报，以及招生举报渠道。"
base_url = "/"                                 # 网站放在域名根目录写 "/"；放在子目录写完整地址并以 / 结尾

[contact]                                      # 接收月报、解答咨询的部门和联系人
department = "职业与成人教育处"                # 部门
people = ["{张老师}", "{李老师}"]                   # 联系人
phone = "{0000-00000000}"                        # 电话：只写一个号码，可带分机，如 "0371-66983858 转 8001"
# hours = "工作日 8:30–17:30"                  # 办公时间（可选），显示在电话旁边
email = "zhaosheng{@example.com}"                # 电子邮箱

[complaints]                                   # 举报渠道：phone、email、platform_url、miniprogram 至少写一项，网站才能生成
# phone = "{0000-00000000}"                      # 招生举报电话（公布后填写）
# email = "jubao{@example.com}"                  # 举报邮箱
platform_name = "{省平台}"     # 省级招生平台名称
# platform_url = "https://…"                   # 平台网址
# miniprogram = "…"                             # 平台的微信小程序名称（读者在微信中搜索）

[reporting]
deadline_day = 15                              # 每月几日前报送月报
months = [7, 8, 9, 10, 11, 12]                 # 哪几个月要报送

[footer]                                       # 政府网站标识，有就填，没有就删掉
# icp = "X ICP备00000000号"                    # ICP备案号
# police_record = "X公网安备00000000000000号"   # 公安机关备案号
# site_code = "0000000000"                     # 政府网站标识码
"#;

const UNITS: &str = r#"# 单位名单：每个单位一段 [[unit]]，顺序就是网页上的顺序。
# id：单位代码，只用小写字母、数字和 -，会出现在网址里；name：单位全称；
# kind：district（区县（市）教育局）、school（学校）或 other（其他学校）；
# parent：可选，上级单位的 id（例如县属学校写所在县的 id）。

[[unit]]
id = "dongxian"
name = "{东县}"
kind = "district"

[[unit]]
id = "dongxian-zhijiao"
name = "{东县职业教育中心}"
kind = "school"
parent = "dongxian"

[[unit]]
id = "shi-xinxi"
name = "{某某}市信息技术学校"
kind = "school"

[[unit]]
id = "qita"
name = "其他学校"
kind = "other"
"#;

const QUOTAS: &str = r#"# {year} 年招生任务分解表：每个有任务的单位一段 [[quota]]。
# total 是全市合计（不含下属单位），写了就必须等于各单位之和。
document = "{某教函}〔{year}〕1号"   # 下达任务的文件（可选）
issued = {year}-07-05              # 发文日期（可选）
total = 2000

[[quota]]
unit = "dongxian"
quota = 1000

[[quota]]
unit = "dongxian-zhijiao"
quota = 600

[[quota]]
unit = "shi-xinxi"
quota = 800

[[quota]]
unit = "qita"
quota = 200

# 年度中调整了某个单位的招生任务时：[[quota]] 里改成调整后的数，再写一段 [[adjustment]]
# 记下调整前的数（去掉下面各行开头的 # 并改成真实内容）。网页上会写明“由 900 调整”，
# 调整日期以后的月报按调整后的任务计算完成率，已公布的月报不变。调整几次就写几段。
# [[adjustment]]
# unit = "shi-xinxi"       # 单位代码，当年要有 [[quota]]
# date = {year}-09-10       # 调整日期，在本年度内
# was = 900                # 调整前的招生任务（人），不能等于调整后的数
# reason = "根据生源情况核减招生任务"   # 调整原因
# document = "{某教函}〔{year}〕20号"     # 可选：文号
"#;

const REPORT: &str = r#"# {year} 年 7 月招生情况统计表：人数是截至 as_of 的累计数。
# sample = true 表示示例数据，网页会显示“示例数据”提示；填入真实数字后删掉这一行。
as_of = {year}-07-15
sample = true

[[row]]
unit = "dongxian-zhijiao"
three_year = 180          # 中专人数
three_plus_two = 40       # 3+2 人数
five_year = 20            # 五年一贯制人数
one_year = 10             # 一年制人数
total = 250               # 总数（可选，写了就必须等于四项之和）
submitted = {year}-07-12  # 报送日期（可选）

[[row]]
unit = "shi-xinxi"
three_year = 260
three_plus_two = 60
five_year = 30
one_year = 0
submitted = {year}-07-14

[[row]]
unit = "qita"
three_year = 40
three_plus_two = 0
five_year = 0
one_year = 5
submitted = {year}-07-15
"#;

const PROGRAMS: &str = r#"# {year} 年招生专业与计划：每个专业、每种招生类型一段 [[program]]。
# 学校公布专业后，去掉下面各行开头的 # 并改成真实内容；同一学校各专业的 plan 之和应等于它的招生任务。
# 也可以用 sunshine form 生成的“招生专业与计划”表格收集，再用 sunshine import 导入。
# sample = true            # 示例数据时写这一行，网页会显示“示例数据”提示

# [[program]]
# unit = "shi-xinxi"       # 单位代码（data/units.toml 中的 id），当年要有招生任务
# name = "计算机应用"       # 专业名称
# code = "710201"          # 可选：六位专业代码（《职业教育专业目录》），加引号
# track = "three_year"     # three_year 中专 | three_plus_two 3+2 | five_year 五年一贯制 | one_year 一年制
# plan = 300               # 计划招生人数
# years = 3                # 可选：学制（年）
# fee = 0                  # 可选：学费（元/年），0 表示免学费
# partner = "{某某}职业技术学院"  # 可选：3+2、五年一贯制的合作院校
"#;

const ADMISSIONS: &str = r#"# {year} 年录取结果：每个学校每个录取批次一段 [[admission]]。
# 学校公布录取结果后，去掉下面各行开头的 # 并改成真实内容。本站不转载学生名单，只链接到公布名单的网页。
# sample = true            # 示例数据时写这一行

# [[admission]]
# unit = "shi-xinxi"       # 单位代码
# round = "集中录取"        # 录取批次：集中录取、第一次补录……
# date = {year}-08-05       # 公布日期
# admitted = 300           # 录取人数
# list_url = "https://…"   # 可选：公布录取名单的网址（http 或 https）
"#;

const ACTIONS: &str = r#"# {year} 年警示与处理、通报和校企合作黑名单。有记录时去掉下面各行开头的 # 并改成真实内容。
# 网页上只写人数和名称，不要写学生的姓名、身份证号、考生号（会报错）。
# 警示标注和处理措施：measure 写 警示标注、限制报名人数、压缩招生人数 或 停止招生；
# limit 只和 限制报名人数（最多受理的报名人数）或 压缩招生人数（压缩后的招生人数）一起写；
# 措施解除后写 lifted = 解除日期，记录仍然保留，网页上标明“已解除”。
# 通报：kind 写 praise（通报表扬）或 criticism（通报批评）。
# 校企合作黑名单：kind 写 agency（中介组织）、company（企业）或 person（个人）；
# credit_code 是 18 位统一社会信用代码，只有组织才写；个人只公开姓名、日期、原因和文号；
# 移出名单时写 removed = 移出日期。
# [[warning]]
# unit = "qita"            # 单位代码
# date = {year}-08-20       # 作出措施的日期
# reason = "招生宣传中承诺不实的就业待遇"
# measure = "压缩招生人数"
# limit = 150              # 可选：压缩后的招生人数
# issuer = "{某某}省教育厅"   # 可选：作出单位
# document = "{某教函}〔{year}〕9号"   # 可选：依据的文号
# lifted = {year}-10-01     # 可选：解除日期
# [[circular]]
# kind = "praise"
# date = {year}-09-01
# title = "关于 {year} 年 8 月中职招生进展情况的通报"
# document = "{某教函}〔{year}〕10号"
# units = ["shi-xinxi"]
# [[blacklist]]
# name = "{某某}教育咨询有限公司"
# kind = "agency"
# credit_code = "91410100MA44ABCD1F"   # 可选：照营业执照抄写，最后一位是校验码
# date = {year}-09-05       # 列入日期
# reason = "以有偿方式向学校输送生源"
# document = "{某教函}〔{year}〕12号"
# units = ["dongxian-zhijiao"]         # 可选：涉及的学校
# removed = {year}-12-01    # 可选：移出日期
"#;

const NOTICE: &str = r#"+++
title = "关于做好 {year} 年中等职业学校招生工作的通知"
date = {year}-07-05
document = "{某教函}〔{year}〕1号"
issuer = "{某某}市教育局"
+++

各区县（市）教育局，各中等职业学校：

请于 7 月至 12 月每月 15 日前报送当月**招生情况统计表**。

（{在这里写}通知全文。）
"#;

/// The files `new` writes for `year`: path from the site's root, text. The stand-ins the bureau
/// must replace (`{某某}`, `{0000-00000000}`…) are written from [`placeholders`], which `load`
/// refuses: `check` and `build` list each one until it is replaced; `serve` shows the site.
fn files(year: i32) -> [(String, String); 8] {
    let y = year.to_string();
    let fill = |text: &str| placeholders::fill(&text.replace("{year}", &y));
    [
        ("data/site.toml".into(), fill(SITE)),
        ("data/units.toml".into(), fill(UNITS)),
        (format!("data/{y}/quotas.toml"), fill(QUOTAS)),
        (format!("data/{y}/reports/{y}-07.toml"), fill(REPORT)),
        (format!("data/{y}/programs.toml"), fill(PROGRAMS)),
        (format!("data/{y}/admissions.toml"), fill(ADMISSIONS)),
        (format!("data/{y}/actions.toml"), fill(ACTIONS)),
        (format!("content/notices/{y}-1.md"), fill(NOTICE)),
    ]
}

/// Whether `text` at `rel` (`data/2026/reports/2026-07.toml`) is exactly what `new` wrote
/// there: the sample data of a new site, which an import may replace unasked.
pub fn is_as_written_by_new(rel: &str, text: &[u8]) -> bool {
    let Some(year) = rel.split('/').nth(1).and_then(|y| y.parse::<i32>().ok()) else {
        return false;
    };
    files(year)
        .iter()
        .any(|(path, written)| path == rel && written.as_bytes() == text)
}

/// Writes a new site into `dir`, which must not exist or be empty: `Error::NotEmpty` when it
/// has files, an `Error::Io` naming `dir` when a file cannot be written.
pub fn new_site(dir: &Path, year: i32) -> Result<(), Error> {
    // The clerk named the folder, not the file inside it: every I/O error speaks of `dir`.
    let io = |error| Error::Io {
        path: dir.to_path_buf(),
        error,
        hint: None,
    };
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(io)?;
        if entries.next().is_some() {
            return Err(Error::NotEmpty(dir.to_path_buf()));
        }
    }
    for (rel, text) in files(year) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        fs::write(&path, text).map_err(io)?;
    }
    fs::create_dir_all(dir.join("static")).map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stand_in_is_written_and_no_token_is_left() {
        let written: String = files(2026).iter().map(|(_, text)| text.as_str()).collect();
        for p in placeholders::ALL {
            assert!(written.contains(p.text), "`new` never writes {}", p.text);
            assert!(!written.contains(p.token), "{} left as a token", p.token);
        }
        assert!(!written.contains("{year}"));
    }
}
