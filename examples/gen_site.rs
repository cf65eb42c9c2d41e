//! A synthetic site in the data contract's format, deterministic from a seed, for benchmarks and
//! scale tests (kept out of the user's `sunshine --help`).
//!
//!     cargo run --release --example gen_site -- --units 10000 --months 6 --depth 3 --seed 1 --out /tmp/site
//!
//! `--programs N` adds N programs per school (programs.toml, plans adding up to the quota) and an
//! admission result per school (admissions.toml); the default 0 writes neither.
//!
//! Depth 1: a flat list of schools. Depth 2: districts with schools. Depth 3: cities with
//! counties with schools. Only schools report; their parents are rolled up by the model.

use std::fmt::Write as _;
use std::path::PathBuf;

/// xorshift64*: small, deterministic, good enough for fake figures.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const PLACES: &[&str] = &[
    "郑州",
    "开封",
    "洛阳",
    "平顶山",
    "安阳",
    "鹤壁",
    "新乡",
    "焦作",
    "濮阳",
    "许昌",
    "漯河",
    "三门峡",
    "南阳",
    "商丘",
    "信阳",
    "周口",
    "驻马店",
    "济源",
    "中原",
    "黄河",
    "嵩山",
    "伏牛",
    "太行",
    "淮河",
];
const COUNTY_SUFFIX: &[&str] = &["县", "市", "区"];
const FIELDS: &[&str] = &[
    "信息工程",
    "财经",
    "商贸",
    "机电",
    "护理",
    "艺术",
    "建筑",
    "交通",
    "农业",
    "旅游",
    "电子",
    "汽车",
    "医药",
    "幼儿师范",
    "轻工",
    "化工",
    "物流",
    "软件",
    "烹饪",
    "服装",
];
const PROGRAMS: &[&str] = &[
    "护理",
    "会计事务",
    "电子商务",
    "计算机应用",
    "数控技术应用",
    "汽车运用与维修",
    "学前教育",
    "旅游服务与管理",
    "高星级饭店运营与管理",
    "中餐烹饪",
    "建筑工程施工",
    "机电技术应用",
    "工业机器人技术应用",
    "电子技术应用",
    "物流服务与管理",
    "市场营销",
    "药剂",
    "农业机械使用与维护",
    "服装设计与工艺",
    "城市轨道交通运营服务",
    "无人机操控与维护",
    "大数据技术应用",
    "网络信息安全",
    "美术绘画",
];
const TRACKS: &[&str] = &["three_year", "three_year", "three_plus_two", "five_year", "one_year"];
const SCHOOL_SUFFIX: &[&str] = &["中等专业学校", "职业中专", "职业技术学校", "技工学校"];

struct Args {
    units: usize,
    months: u32,
    depth: u32,
    seed: u64,
    programs: usize,
    out: PathBuf,
}

fn args() -> Args {
    let mut a = Args {
        units: 33,
        months: 6,
        depth: 1,
        seed: 1,
        programs: 0,
        out: PathBuf::from("gen-site"),
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    for pair in argv.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--units" => a.units = value.parse().expect("--units N"),
            "--months" => a.months = value.parse().expect("--months M (1-6)"),
            "--depth" => a.depth = value.parse().expect("--depth 1|2|3"),
            "--seed" => a.seed = value.parse().expect("--seed S"),
            "--programs" => a.programs = value.parse().expect("--programs N (per school)"),
            "--out" => a.out = PathBuf::from(value),
            other => panic!("unknown argument {other}"),
        }
    }
    assert!((1..=6).contains(&a.months) && (1..=3).contains(&a.depth));
    a
}

struct Unit {
    id: String,
    name: String,
    kind: &'static str,
    parent: Option<usize>,
    quota: u64,
}

fn main() {
    let a = args();
    let mut rng = Rng(a.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut units: Vec<Unit> = Vec::new();
    // Structure: at depth 3, about 1 city per 500 schools and 1 county per 40 schools.
    let schools = a.units;
    let (cities, counties) = match a.depth {
        1 => (0, 0),
        2 => (0, schools.div_ceil(40)),
        _ => (schools.div_ceil(500), schools.div_ceil(40)),
    };
    for c in 0..cities {
        let name = format!("{}{}市", rng.pick(PLACES), c + 1);
        units.push(Unit {
            id: format!("c{c}"),
            name,
            kind: "district",
            parent: None,
            quota: 0,
        });
    }
    for k in 0..counties {
        let parent = (cities > 0).then(|| k % cities);
        let name = format!("{}{}{}", rng.pick(PLACES), k + 1, rng.pick(COUNTY_SUFFIX));
        units.push(Unit {
            id: format!("k{k}"),
            name,
            kind: "district",
            parent,
            quota: 0,
        });
    }
    let first_school = units.len();
    for s in 0..schools {
        let parent = (counties > 0).then(|| cities + s % counties);
        let name = format!(
            "{}{}{}{}",
            rng.pick(PLACES),
            rng.pick(FIELDS),
            s + 1,
            rng.pick(SCHOOL_SUFFIX)
        );
        let quota = 100 + rng.below(40) * 50;
        units.push(Unit {
            id: format!("s{s}"),
            name,
            kind: "school",
            parent,
            quota,
        });
    }
    // Parents get their children's sum and a margin of their own.
    for i in (0..first_school).rev() {
        let sum: u64 = units.iter().filter(|u| u.parent == Some(i)).map(|u| u.quota).sum();
        units[i].quota = sum + sum / 20;
    }

    let data = a.out.join("data");
    let year = 2024;
    std::fs::create_dir_all(data.join(format!("{year}/reports"))).unwrap();
    std::fs::create_dir_all(a.out.join("content/notices")).unwrap();
    std::fs::write(
        data.join("site.toml"),
        "title = \"示例省中等职业学校阳光招生信息公开\"\npublisher = \"示例省教育厅\"\nbase_url = \"/\"\n\n[contact]\ndepartment = \"职业教育处\"\npeople = [\"张三\"]\nphone = \"0000-12345678\"\nemail = \"zhaosheng@jyj.shili.gov.cn\"\n\n[complaints]\nphone = \"0000-12345679\"\n\n[reporting]\ndeadline_day = 15\nmonths = [7, 8, 9, 10, 11, 12]\n",
    )
    .unwrap();
    let mut text = String::new();
    for u in &units {
        let _ = write!(
            text,
            "[[unit]]\nid = \"{}\"\nname = \"{}\"\nkind = \"{}\"\n",
            u.id, u.name, u.kind
        );
        if let Some(p) = u.parent {
            let _ = writeln!(text, "parent = \"{}\"", units[p].id);
        }
        text.push('\n');
    }
    std::fs::write(data.join("units.toml"), text).unwrap();
    let total: u64 = units.iter().filter(|u| u.parent.is_none()).map(|u| u.quota).sum();
    let mut text = format!("document = \"示教函〔{year}〕1号\"\nissued = {year}-07-05\ntotal = {total}\n\n");
    for u in &units {
        let _ = write!(text, "[[quota]]\nunit = \"{}\"\nquota = {}\n\n", u.id, u.quota);
    }
    std::fs::write(data.join(format!("{year}/quotas.toml")), text).unwrap();

    let mut cumulative = vec![[0u64; 4]; units.len()];
    for m in 0..a.months {
        let month = 7 + m;
        let mut text = format!("as_of = {year}-{month:02}-15\nsample = true\n\n");
        for (i, u) in units.iter().enumerate().skip(first_school) {
            let share = f64::from(m + 1) / f64::from(a.months);
            let target = (u.quota as f64 * (0.8 + rng.below(35) as f64 / 100.0) * share) as u64;
            let parts = [
                target * 62 / 100,
                target * 22 / 100,
                target * 10 / 100,
                target * 6 / 100,
            ];
            for (c, p) in cumulative[i].iter_mut().zip(parts) {
                *c = (*c).max(p);
            }
            let [a1, b1, c1, d1] = cumulative[i];
            let day = 5 + rng.below(10);
            let _ = write!(
                text,
                "[[row]]\nunit = \"{}\"\nthree_year = {a1}\nthree_plus_two = {b1}\nfive_year = {c1}\none_year = {d1}\ntotal = {}\nsubmitted = {year}-{month:02}-{day:02}\n\n",
                u.id,
                a1 + b1 + c1 + d1
            );
        }
        std::fs::write(data.join(format!("{year}/reports/{year}-{month:02}.toml")), text).unwrap();
    }
    let mut text = String::new();
    for w in 0..(schools / 200).max(1) {
        let u = &units[first_school + (w * 37) % schools];
        let _ = write!(text, "[[warning]]\nunit = \"{}\"\ndate = {year}-08-{:02}\nreason = \"招生宣传不规范\"\nmeasure = \"限制报名人数\"\n\n", u.id, 16 + w % 10);
    }
    let praised: Vec<String> = units[first_school..]
        .iter()
        .take(5)
        .map(|u| format!("\"{}\"", u.id))
        .collect();
    let _ = write!(
        text,
        "[[circular]]\nkind = \"praise\"\ndate = {year}-09-01\ntitle = \"关于8月招生进展的通报\"\nunits = [{}]\n",
        praised.join(", ")
    );
    std::fs::write(data.join(format!("{year}/actions.toml")), text).unwrap();
    if a.programs > 0 {
        let mut programs = String::from("sample = true\n\n");
        let mut admissions = String::from("sample = true\n\n");
        for u in &units[first_school..] {
            // Distinct names per school; plans split the quota exactly, the last takes the rest.
            let start = rng.below(PROGRAMS.len() as u64) as usize;
            let n = a.programs.min(PROGRAMS.len());
            let mut left = u.quota;
            for k in 0..n {
                let plan = if k + 1 == n {
                    left
                } else {
                    (u.quota / n as u64).min(left)
                };
                left -= plan;
                if plan == 0 {
                    continue;
                }
                let _ = write!(
                    programs,
                    "[[program]]\nunit = \"{}\"\nname = \"{}\"\ntrack = \"{}\"\nplan = {plan}\nyears = 3\nfee = {}\n\n",
                    u.id,
                    PROGRAMS[(start + k) % PROGRAMS.len()],
                    rng.pick(TRACKS),
                    if rng.below(3) == 0 { 2000 } else { 0 }
                );
            }
            let _ = write!(
                admissions,
                "[[admission]]\nunit = \"{}\"\nround = \"集中录取\"\ndate = {year}-08-{:02}\nadmitted = {}\n\n",
                u.id,
                5 + rng.below(10),
                u.quota * (70 + rng.below(30)) / 100
            );
        }
        std::fs::write(data.join(format!("{year}/programs.toml")), programs).unwrap();
        std::fs::write(data.join(format!("{year}/admissions.toml")), admissions).unwrap();
    }
    for n in 1..=3 {
        std::fs::write(
            a.out.join(format!("content/notices/{year}-{n}.md")),
            format!("+++\ntitle = \"关于中职招生工作的第 {n} 号通知\"\ndate = {year}-07-0{n}\n+++\n\n请各单位按时报送招生情况统计表。\n"),
        )
        .unwrap();
    }
    println!(
        "{} units ({} schools), {} months, depth {} → {}",
        units.len(),
        schools,
        a.months,
        a.depth,
        a.out.display()
    );
}
