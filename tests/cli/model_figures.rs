//! The model's figures, checked exactly on the fixture and on the shipped Zhengzhou data.

use std::path::Path;

use sunshine::model::{Site, Status};

fn model(root: &Path) -> Site {
    let checked = sunshine::check(root).expect("readable");
    assert!(checked.errors().next().is_none(), "{:?}", checked.diagnostics);
    checked.site.expect("valid")
}

fn entry<'a>(site: &'a Site, id: &str) -> &'a sunshine::model::Entry {
    let unit = site.units.iter().position(|u| u.id == id).unwrap();
    site.years[0].entry_of(sunshine::model::UnitId(unit)).unwrap()
}

#[test]
fn a_parent_without_a_row_reports_the_sum_of_its_children() {
    let site = model(&crate::common::fixture("valid"));
    let east = entry(&site, "east");
    assert_eq!(east.progress[0].status, Status::RolledUp);
    assert_eq!(east.progress[0].figures.total(), 130 + 200);
    assert_eq!(east.progress[1].figures.total(), 320 + 400);
    assert_eq!(east.progress[1].figures.three_year, 250 + 300);
    assert_eq!(east.progress[1].completion.unwrap().to_string(), "72.0%");
}

#[test]
fn the_city_total_sums_units_without_a_parent() {
    let site = model(&crate::common::fixture("valid"));
    let year = &site.years[0];
    assert_eq!(year.quota, 1600);
    assert_eq!(year.rounds[0].city.total(), 330 + 280 + 30);
    assert_eq!(year.rounds[0].city_completion.unwrap().to_string(), "40.0%");
    assert_eq!(year.rounds[1].city.total(), 1340);
    assert_eq!(year.rounds[1].city_completion.unwrap().to_string(), "83.8%");
}

#[test]
fn a_unit_over_its_quota_shows_its_rate_unclipped() {
    let site = model(&crate::common::fixture("valid"));
    let tech = entry(&site, "city-tech");
    assert_eq!(tech.progress[1].figures.total(), 550);
    assert_eq!(tech.progress[1].completion.unwrap().to_string(), "110.0%");
}

#[test]
fn entries_follow_the_order_of_units_toml() {
    let site = model(&crate::common::fixture("valid"));
    let ids: Vec<&str> = site.years[0]
        .entries
        .iter()
        .map(|e| site.units[e.unit].id.as_str())
        .collect();
    assert_eq!(ids, ["east", "east-school-a", "east-school-b", "city-tech", "others"]);
}

#[test]
fn the_last_update_is_the_latest_date_in_the_data() {
    let site = model(&crate::common::fixture("valid"));
    assert_eq!(site.last_updated.unwrap().to_string(), "2024-09-01");
}

#[test]
fn the_shipped_data_has_the_notices_33_units_and_67686_total() {
    let site = model(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert_eq!(site.units.len(), 33);
    let year = &site.years[0];
    assert_eq!(year.year, 2024);
    assert_eq!(year.quota, 67686);
    assert_eq!(year.document.as_deref(), Some("郑教职成函〔2024〕432号"));
    assert_eq!(site.units[0].name, "新密市");
    assert_eq!(site.units[32].name, "其他学校");
    assert_eq!(entry(&site, "xinzheng").quota, 10000);
    assert_eq!(entry(&site, "zz-shangye").quota, 4240);
    // The demonstration rounds are marked as samples.
    assert!(year.rounds.iter().all(|r| r.sample));
    assert_eq!(site.settings.contact.email.as_deref(), Some("zhichengchu@163.com"));
}
