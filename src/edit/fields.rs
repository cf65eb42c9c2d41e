//! The fields of each form, read off the record declarations (`load/raw.rs`, `record!`): a
//! declared field with a Chinese label is in the form; its kind and type give the input and
//! whether it is required. Nothing here repeats a label or a key.

use crate::load::raw::{
    RawAdjustment, RawAdmission, RawBlacklisted, RawComplaints, RawContact, RawFooter, RawPage, RawQuota,
    RawResponsible, RawSettings, RawUnit, RawWarning,
};
use crate::load::record::{FieldDecl, Record};
use crate::vocab::{BlacklistKind, UnitKind};

use super::{Input, Kind};

/// One field of a form: its name in the form (`phone`, `responsible.name`, `adjustment.date`),
/// the key it is written under, and the declaration it comes from.
#[derive(Debug, Clone)]
pub(super) struct Spec {
    pub name: String,
    /// The sub-table it lives in (`responsible`, `contact`), or None for the record's own keys.
    pub table: Option<&'static str>,
    pub decl: FieldDecl,
}

impl Spec {
    pub(super) fn key(&self) -> &'static str {
        self.decl.key
    }

    pub(super) fn required(&self) -> bool {
        matches!(self.decl.kind, "required" | "reported")
    }

    pub(super) fn is_list(&self) -> bool {
        matches!(self.decl.kind, "list" | "optional_list")
    }

    pub(super) fn input(&self, kind: Kind) -> Input {
        match (kind, self.decl.key) {
            (Kind::Unit, "kind") if self.table.is_none() => {
                return Input::Select(UnitKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect())
            }
            (Kind::Blacklist(_), "kind") => {
                return Input::Select(BlacklistKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect())
            }
            (Kind::Measure(_), "measure") => {
                return Input::Suggest(vec!["警示标注", "限制报名人数", "压缩招生人数", "停止招生"])
            }
            (Kind::Notice, "category") => {
                return Input::Select(
                    crate::vocab::Category::ALL
                        .iter()
                        .map(|c| (c.as_str(), c.label()))
                        .collect(),
                )
            }
            _ => {}
        }
        if self.decl.kind == "multiline" {
            return Input::Markdown;
        }
        if self.is_list() {
            return Input::List;
        }
        match self.decl.ty {
            "i64" => Input::Number,
            "NaiveDate" => Input::Date,
            "bool" => Input::Checkbox,
            _ => Input::Text,
        }
    }
}

/// The declarations of a sub-record, by the type name written in its parent's declaration.
fn sub_record(ty: &str) -> Option<&'static [FieldDecl]> {
    Some(match ty {
        "RawResponsible" => RawResponsible::DECLS,
        "RawContact" => RawContact::DECLS,
        "RawComplaints" => RawComplaints::DECLS,
        "RawFooter" => RawFooter::DECLS,
        _ => return None,
    })
}

/// The labelled fields of `decls`, sub-tables flattened as `table.key`.
fn flatten(decls: &'static [FieldDecl], out: &mut Vec<Spec>) {
    for decl in decls.iter().filter(|d| !d.label.is_empty()) {
        match decl.kind {
            "table" => {
                for sub in sub_record(decl.ty)
                    .unwrap_or_default()
                    .iter()
                    .filter(|d| !d.label.is_empty())
                {
                    out.push(Spec {
                        name: format!("{}.{}", decl.key, sub.key),
                        table: Some(decl.key),
                        decl: *sub,
                    });
                }
            }
            "tables" => {}
            _ => out.push(Spec {
                name: decl.key.to_string(),
                table: None,
                decl: *decl,
            }),
        }
    }
}

/// The label of a sub-table (`contact` → 联系方式), from its parent's declaration.
pub(super) fn table_label(kind: Kind, table: &str) -> &'static str {
    let decls: &[FieldDecl] = match kind {
        Kind::Unit => RawUnit::DECLS,
        Kind::Site => RawSettings::DECLS,
        _ => &[],
    };
    decls.iter().find(|d| d.key == table).map_or("", |d| d.label)
}

/// The record's own fields of a form, in declaration order.
pub(super) fn specs(kind: Kind) -> Vec<Spec> {
    let mut out = Vec::new();
    flatten(
        match kind {
            Kind::Unit => RawUnit::DECLS,
            Kind::Quota(_) => RawQuota::DECLS,
            Kind::Site => RawSettings::DECLS,
            Kind::Measure(_) => RawWarning::DECLS,
            Kind::Blacklist(_) => RawBlacklisted::DECLS,
            Kind::Admission(_) => RawAdmission::DECLS,
            Kind::Notice => RawPage::DECLS,
        },
        &mut out,
    );
    out
}

/// The fields of the `[[adjustment]]` a quota form asks for when a published quota changes:
/// its date, reason and document (the unit and the old value are known).
pub(super) fn adjustment_specs() -> Vec<Spec> {
    RawAdjustment::DECLS
        .iter()
        .filter(|d| matches!(d.key, "date" | "reason" | "document"))
        .map(|d| Spec {
            name: format!("adjustment.{}", d.key),
            table: None,
            decl: *d,
        })
        .collect()
}
