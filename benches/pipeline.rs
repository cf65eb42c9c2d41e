//! Hot functions of the pipeline. Run: `cargo bench --bench pipeline`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use sunshine::charts::{completion_chart, mix_chart, progress_chart, Completion, Labels, MixRow, ProgressBar};

fn labels() -> Labels {
    Labels {
        id: "c".into(),
        title: "标题".into(),
        subtitle: "说明".into(),
        source: "来源".into(),
    }
}

fn charts(c: &mut Criterion) {
    let units: Vec<Completion> = (0..33)
        .map(|i| Completion {
            name: format!("郑州市第{i}中等专业学校"),
            total: 500 + i * 37,
            quota: 1000,
            quota_note: None,
        })
        .collect();
    c.bench_function("completion chart, 33 units", |b| {
        b.iter(|| completion_chart(labels(), &units, None))
    });
    let bars: Vec<ProgressBar> = (7..=12)
        .map(|m| ProgressBar {
            label: format!("{m}月"),
            as_of: format!("2024年{m}月15日"),
            total: m * 1000,
        })
        .collect();
    c.bench_function("progress chart, 6 rounds", |b| {
        b.iter(|| progress_chart(labels(), &bars, 12_000))
    });
    let rows: Vec<MixRow> = (7..=12)
        .map(|m| MixRow {
            label: format!("{m}月"),
            by_type: [m * 600, m * 200, m * 100, m * 50],
        })
        .collect();
    c.bench_function("mix chart, 6 rounds", |b| b.iter(|| mix_chart(labels(), &rows)));
}

fn pipeline(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    c.bench_function("check shipped site (load, validate, model)", |b| {
        b.iter(|| sunshine::check(root).unwrap())
    });
    let checked = sunshine::check(root).unwrap();
    let site = checked.site.as_ref().unwrap();
    c.bench_function("render shipped site in memory", |b| {
        b.iter(|| sunshine::render::render(site, &checked.raw.templates).unwrap())
    });
}

criterion_group!(benches, charts, pipeline);
criterion_main!(benches);
