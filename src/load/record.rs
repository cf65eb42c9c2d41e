//! How a record of the data contract is declared: once, with `record!`.
//!
//! One declaration gives the raw struct (every value with its position), the list of allowed
//! keys (for unknown-field messages with did-you-mean), the reader (every wrong type, missing and
//! unknown field of a table reported in one pass) and, when asked for, a plain struct of the
//! values without positions, which the model keeps and the open data serializes.
//!
//! A field is `name: Type = kind`, optionally `name as "key"` when the TOML key differs:
//! - `required` / `optional`: a scalar (`String`, `i64`, `bool`, `NaiveDate`);
//! - `multiline`: an optional `String` of several lines (markdown), checked as a body, not as a
//!   one-line text (see `load::text`);
//! - `reported`: required, but the record is kept without it (a report without `as_of` still
//!   has rows worth checking);
//! - `list` / `optional_list`: a list of scalars, `["a", "b"]`;
//! - `flag`: a `bool` that is false when absent;
//! - `table`: a sub-table `[name]`, or an inline table `name = { … }`, read as another record
//!   (its default when absent; in the plain struct, the sub-record's plain values);
//! - `tables`: an array of tables `[[name]]`, each read as another record;
//!
//! After the kind, a field may give its Chinese label and help, `= optional("招生咨询电话",
//! "一个号码")`: a labelled field is in the record's form (`edit`, the 工作台), with its input
//! read off its kind and type ([`FieldDecl`], `Record::DECLS`).
//!
//! Values that are not in the table but belong to the record (a report's month, a page's slug)
//! follow in `with { … }`: they start as their default and the caller sets them after reading.

use crate::load::toml_reader::{FileCtx, TableReader};

/// One field of a record as declared: its key, its kind (`required`, `optional`, `multiline`,
/// `list`, `flag`, `table`, …, as in the declaration), its type as written (`String`, `i64`,
/// `NaiveDate`, `bool`, or a sub-record's name) and, where a form shows it, its Chinese label
/// and help, written in the declaration after the kind: `= optional("名称", "帮助")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDecl {
    pub key: &'static str,
    pub kind: &'static str,
    pub ty: &'static str,
    /// Empty when the declaration gives none (the field is not in a form).
    pub label: &'static str,
    pub help: &'static str,
}

/// A record of the contract that can be read from a TOML table.
pub trait Record: Sized {
    /// The keys allowed in the table, in declaration order.
    const FIELDS: &'static [&'static str];

    /// Every field as declared, in declaration order: what a form of the record shows.
    const DECLS: &'static [FieldDecl];

    /// Reads every field of `table`, reporting every problem; None when a required field is
    /// missing or has the wrong type (already reported).
    fn read(table: TableReader<'_, '_>, ctx: &mut FileCtx<'_>) -> Option<Self>;
}

/// A record declared with a plain struct (`pub struct Raw => Plain`): its values without
/// positions. A `table` field of such a record is kept as its sub-record's plain values.
pub trait Values {
    type Plain;

    fn values(&self) -> Self::Plain;
}

/// Declares a record; see the module documentation.
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $raw:ident => $plain:ident {
            $(
                $(#[$fmeta:meta])*
                $field:ident $(as $key:literal)? : $ty:ty = $kind:ident $(($label:literal $(, $help:literal)?))?,
            )*
        }
        $(with { $($with:tt)* })?
    ) => {
        record! {
            $(#[$meta])*
            pub struct $raw {
                $(
                    $(#[$fmeta])*
                    $field $(as $key)? : $ty = $kind $(($label $(, $help)?))?,
                )*
            }
            $(with { $($with)* })?
        }

        /// The values of
        #[doc = concat!("[`", stringify!($raw), "`]")]
        /// without their positions.
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
        pub struct $plain {
            $(
                $(#[$fmeta])*
                pub $field: record!(@plain $kind $ty),
            )*
        }

        impl $raw {
            /// The values, without their positions.
            pub fn values(&self) -> $plain {
                $plain { $($field: record!(@value $kind self.$field),)* }
            }
        }

        impl $crate::load::record::Values for $raw {
            type Plain = $plain;

            fn values(&self) -> $plain {
                $raw::values(self)
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $raw:ident {
            $(
                $(#[$fmeta:meta])*
                $field:ident $(as $key:literal)? : $ty:ty = $kind:ident $(($label:literal $(, $help:literal)?))?,
            )*
        }
        $(with {
            $(
                $(#[$cmeta:meta])*
                $cfield:ident : $cty:ty,
            )*
        })?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $raw {
            /// Where the table stands (its header, or the start of the file).
            pub loc: $crate::source::Loc,
            $(
                $(#[$fmeta])*
                pub $field: record!(@raw $kind $ty),
            )*
            $($(
                $(#[$cmeta])*
                pub $cfield: $cty,
            )*)?
        }

        impl $crate::load::record::Record for $raw {
            const FIELDS: &'static [&'static str] = &[$(record!(@key $field $($key)?),)*];

            const DECLS: &'static [$crate::load::record::FieldDecl] = &[$(
                $crate::load::record::FieldDecl {
                    key: record!(@key $field $($key)?),
                    kind: stringify!($kind),
                    ty: stringify!($ty),
                    label: record!(@text $($label)?),
                    help: record!(@text $($($help)?)?),
                },
            )*];

            fn read(
                mut table: $crate::load::toml_reader::TableReader<'_, '_>,
                ctx: &mut $crate::load::toml_reader::FileCtx<'_>,
            ) -> Option<Self> {
                $(let $field = record!(@read $kind $ty, table, ctx, record!(@key $field $($key)?));)*
                let loc = ctx.loc(table.span());
                table.finish(ctx);
                Some(Self {
                    loc,
                    $($field: record!(@take $kind $field),)*
                    $($($cfield: Default::default(),)*)?
                })
            }
        }
    };

    (@text) => { "" };
    (@text $text:literal) => { $text };

    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };

    (@raw required $ty:ty) => { $crate::source::Field<$ty> };
    (@raw reported $ty:ty) => { Option<$crate::source::Field<$ty>> };
    (@raw multiline $ty:ty) => { Option<$crate::source::Field<$ty>> };
    (@raw optional $ty:ty) => { Option<$crate::source::Field<$ty>> };
    (@raw list $ty:ty) => { $crate::source::Field<Vec<$crate::source::Field<$ty>>> };
    (@raw optional_list $ty:ty) => { Option<$crate::source::Field<Vec<$crate::source::Field<$ty>>>> };
    (@raw flag $ty:ty) => { $ty };
    (@raw table $ty:ty) => { $ty };
    (@raw tables $ty:ty) => { Vec<$ty> };

    (@plain required $ty:ty) => { $ty };
    (@plain reported $ty:ty) => { Option<$ty> };
    (@plain multiline $ty:ty) => { Option<$ty> };
    (@plain optional $ty:ty) => { Option<$ty> };
    (@plain list $ty:ty) => { Vec<$ty> };
    (@plain optional_list $ty:ty) => { Vec<$ty> };
    (@plain flag $ty:ty) => { $ty };
    (@plain table $ty:ty) => { <$ty as $crate::load::record::Values>::Plain };

    (@value required $f:expr) => { $f.value.clone() };
    (@value multiline $f:expr) => { $f.as_ref().map(|f| f.value.clone()) };
    (@value optional $f:expr) => { $f.as_ref().map(|f| f.value.clone()) };
    (@value reported $f:expr) => { $f.as_ref().map(|f| f.value.clone()) };
    (@value list $f:expr) => { $f.value.iter().map(|f| f.value.clone()).collect() };
    (@value optional_list $f:expr) => {
        $f.as_ref().map(|l| l.value.iter().map(|f| f.value.clone()).collect()).unwrap_or_default()
    };
    (@value flag $f:expr) => { $f };
    (@value table $f:expr) => { $crate::load::record::Values::values(&$f) };

    (@read required $ty:ty, $t:ident, $ctx:ident, $key:expr) => { $t.scalar::<$ty>($ctx, $key, true) };
    (@read reported $ty:ty, $t:ident, $ctx:ident, $key:expr) => { $t.scalar::<$ty>($ctx, $key, true) };
    (@read multiline $ty:ty, $t:ident, $ctx:ident, $key:expr) => { $t.block($ctx, $key) };
    (@read optional $ty:ty, $t:ident, $ctx:ident, $key:expr) => { $t.scalar::<$ty>($ctx, $key, false) };
    (@read list $ty:ty, $t:ident, $ctx:ident, $key:expr) => { $t.list::<$ty>($ctx, $key, true) };
    (@read optional_list $ty:ty, $t:ident, $ctx:ident, $key:expr) => { $t.list::<$ty>($ctx, $key, false) };
    (@read flag $ty:ty, $t:ident, $ctx:ident, $key:expr) => {
        $t.scalar::<bool>($ctx, $key, false).is_some_and(|f| f.value)
    };
    (@read table $ty:ty, $t:ident, $ctx:ident, $key:expr) => {
        match $t.table($ctx, $key, <$ty as $crate::load::record::Record>::FIELDS) {
            Some(sub) => <$ty as $crate::load::record::Record>::read(sub, $ctx),
            // An absent section reads as an empty one, at its parent: its optional fields are
            // None and a required one is reported missing.
            None => <$ty as $crate::load::record::Record>::read($t.empty(concat!("[", $key, "]"), <$ty as $crate::load::record::Record>::FIELDS), $ctx),
        }
    };
    (@read tables $ty:ty, $t:ident, $ctx:ident, $key:expr) => {
        $t.tables($ctx, $key, <$ty as $crate::load::record::Record>::FIELDS)
            .into_iter()
            .filter_map(|item| <$ty as $crate::load::record::Record>::read(item, $ctx))
            .collect::<Vec<_>>()
    };

    (@take required $f:ident) => { $f? };
    (@take table $f:ident) => { $f? };
    (@take list $f:ident) => { $f? };
    (@take $kind:ident $f:ident) => { $f };
}

pub(crate) use record;
