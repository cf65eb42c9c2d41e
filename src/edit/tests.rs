use super::check::offset_at;
use super::*;

#[test]
fn the_form_of_a_unit_follows_its_declaration() {
    let form = fields(Kind::Unit, &Key::New);
    let names: Vec<&str> = form.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "name",
            "kind",
            "parent",
            "website",
            "phone",
            "responsible.name",
            "responsible.title"
        ]
    );
    let id = &form[0];
    assert_eq!((id.label, id.required, &id.input), ("单位代码", true, &Input::Text));
    assert!(matches!(&form[2].input, Input::Select(o) if o.contains(&("school", "学校"))));
    assert_eq!(form[6].group, "招生第一责任人");
    assert!(!form[3].required);
}

#[test]
fn every_kind_has_a_form_with_labels() {
    for kind in [
        Kind::Unit,
        Kind::Quota(2024),
        Kind::Site,
        Kind::Measure(2024),
        Kind::Blacklist(2024),
        Kind::Admission(2024),
        Kind::Notice,
    ] {
        let form = fields(kind, &Key::New);
        assert!(form.len() >= 2, "{kind:?}");
        assert!(form.iter().all(|f| !f.label.is_empty()), "{kind:?}");
    }
    let quota = fields(Kind::Quota(2024), &Key::New);
    assert!(quota
        .iter()
        .any(|f| f.name == "adjustment.reason" && !f.required && f.group == "调整记录"));
    let site = fields(Kind::Site, &Key::Only);
    assert!(site
        .iter()
        .any(|f| f.name == "complaints.phone" && f.group == "举报渠道"));
    assert!(site
        .iter()
        .any(|f| f.name == "complaints.report_what" && f.input == Input::Markdown));
    let blacklist = fields(Kind::Blacklist(2024), &Key::New);
    assert!(blacklist.iter().any(|f| f.name == "units" && f.input == Input::List));
    assert!(blacklist.iter().any(|f| f.name == "date" && f.input == Input::Date));
}

#[test]
fn keys_are_names_never_paths() {
    for bad in ["../x", "/etc/passwd", "a/b", "", "x.toml", "名字", "a b"] {
        assert!(check_key(Kind::Unit, &Key::Id(bad.into())).is_err(), "{bad}");
    }
    for bad in ["../x", "/x", "notices/../x", "notices//x", "notices/.x", "a\\b"] {
        assert!(check_key(Kind::Notice, &Key::Id(bad.into())).is_err(), "{bad}");
    }
    assert!(check_key(Kind::Notice, &Key::Id("notices/2024-432".into())).is_ok());
    assert!(check_key(Kind::Unit, &Key::Id("east-school_a".into())).is_ok());
    assert!(check_key(Kind::Quota(99999), &Key::New).is_err());
    assert!(check_key(Kind::Site, &Key::New).is_err());
    assert!(check_key(Kind::Unit, &Key::Index(2)).is_err());
    assert!(check_key(Kind::Blacklist(2024), &Key::Index(2)).is_ok());
}

#[test]
fn the_check_character_is_the_validators() {
    assert_eq!(expected_check_character("91350100M000100Y4"), Some('3'));
    assert_eq!(expected_check_character("91350100M000100Y"), None);
    assert_eq!(expected_check_character("91410100MA44ABCDO"), None);
}

#[test]
fn a_page_splits_at_its_front_matter() {
    assert_eq!(
        split_page("+++\ntitle = \"a\"\n+++\n\n正文\n"),
        Some(("title = \"a\"\n", "正文\n"))
    );
    assert_eq!(split_page("+++\n+++\nbody"), Some(("", "body")));
    assert_eq!(split_page("no front matter"), None);
    assert_eq!(split_page("+++\ntitle = \"a\"\n"), None);
    assert_eq!(
        split_page("+++\r\ntitle = \"a\"\r\n+++\r\n\r\n正文\r\n"),
        Some(("title = \"a\"\r\n", "正文\r\n"))
    );
}

#[test]
fn positions_are_lines_and_characters() {
    let text = "a = 1\n名字 = \"x\"\n";
    assert_eq!(offset_at(text, 1, 1), 0);
    assert_eq!(offset_at(text, 2, 1), 6);
    assert_eq!(offset_at(text, 2, 4), 6 + "名字 ".len());
    assert_eq!(offset_at(text, 9, 1), text.len());
}

#[test]
fn a_changed_value_keeps_its_comment_and_others_their_bytes() {
    let text = "# 单位\n[[unit]]\nid = \"a\"   # 代码\nname = 'x'\nkind = \"school\"\n\n[[unit]]\nid = \"b\"\nname = \"y\"\nkind = \"school\"\n";
    let mut d: DocumentMut = text.parse().unwrap();
    let specs = fields::specs(Kind::Unit);
    let mut values = doc::values_of(doc::table(&d, Place::Array("unit", 0)).unwrap(), &specs);
    assert_eq!(values["name"], "x");
    values.insert("id".into(), "a2".into());
    values.insert("phone".into(), "0371-12345678".into());
    values.insert("responsible.name".into(), "王某某".into());
    doc::apply(
        doc::table_mut(&mut d, Place::Array("unit", 0)).unwrap(),
        &specs,
        &values,
        true,
    );
    let new = d.to_string();
    assert_eq!(
        new,
        "# 单位\n[[unit]]\nid = \"a2\"   # 代码\nname = 'x'\nkind = \"school\"\nphone = \"0371-12345678\"\nresponsible = { name = \"王某某\" }\n\n[[unit]]\nid = \"b\"\nname = \"y\"\nkind = \"school\"\n"
    );
    let spans = doc::spans(&new, 0, Place::Array("unit", 0), "").unwrap();
    let of = |name: &str| spans.fields.iter().find(|(n, _)| n == name).unwrap().1.clone();
    assert_eq!(&new[of("phone")], "phone = \"0371-12345678\"");
    assert_eq!(&new[of("responsible.name")], "name = \"王某某\"");
    assert!(spans.record.end <= new.find("\n[[unit]]\nid = \"b\"").unwrap() + 1);
}
