//! The long tables of `data/<year>.json` in either shape sunshine has written: a list of
//! objects (until the tables were made compact), or pandas' "split" orientation,
//! `{"columns": [names…], "data": [[values…], …]}`. A split row is read as the object its
//! column names and values make, by the same `Deserialize` as a row of the list, without an
//! intermediate `serde_json::Value` (a year of 10,000 units has some 60,000 rows).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{DeserializeSeed, Error, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::PublishedRow;
use crate::load::raw::Counts;

/// Reads a table in either shape (`#[serde(deserialize_with = "table")]`).
pub(super) fn table<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    deserializer.deserialize_any(Table(PhantomData))
}

struct Table<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for Table<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of objects, or an object of columns and data")
    }

    /// The list of objects.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(row) = seq.next_element()? {
            rows.push(row);
        }
        Ok(rows)
    }

    /// The split orientation. `data` is read row by row when `columns` came first, as sunshine
    /// writes it; otherwise it is kept as values until `columns` is read.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let mut columns: Option<Vec<String>> = None;
        let mut rows: Option<Vec<T>> = None;
        let mut early: Option<Vec<serde_json::Value>> = None;
        while let Some(key) = map.next_key::<String>()? {
            match (key.as_str(), &columns) {
                ("columns", _) => columns = Some(map.next_value()?),
                ("data", Some(names)) => rows = Some(map.next_value_seed(Rows(names, PhantomData))?),
                ("data", None) => early = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let columns = columns.ok_or_else(|| A::Error::missing_field("columns"))?;
        match (rows, early) {
            (Some(rows), _) => Ok(rows),
            (None, Some(early)) => early
                .into_iter()
                .map(|row| Row(&columns, PhantomData).deserialize(row).map_err(A::Error::custom))
                .collect(),
            (None, None) => Err(A::Error::missing_field("data")),
        }
    }
}

/// `data`: a list of rows.
struct Rows<'c, T>(&'c [String], PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Rows<'_, T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Rows<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(row) = seq.next_element_seed(Row(self.0, PhantomData))? {
            rows.push(row);
        }
        Ok(rows)
    }
}

/// A row of `data`: a value per column, read as the object of column names and values.
struct Row<'c, T>(&'c [String], PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Row<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Row<'_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a row of {} values", self.0.len())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let row = T::deserialize(MapAccessDeserializer::new(Cells {
            columns: self.0.iter(),
            seq: &mut seq,
        }))?;
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(A::Error::custom(format!("a row of more than {} values", self.0.len())));
        }
        Ok(row)
    }
}

/// The values of a row as the entries of an object, keyed by their columns.
struct Cells<'c, 's, A> {
    columns: std::slice::Iter<'c, String>,
    seq: &'s mut A,
}

impl<'de, A: SeqAccess<'de>> MapAccess<'de> for Cells<'_, '_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let Some(column) = self.columns.next() else {
            return Ok(None);
        };
        let key: StrDeserializer<A::Error> = column.as_str().into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.seq
            .next_element_seed(seed)?
            .ok_or_else(|| A::Error::custom("a row of fewer values than columns"))
    }
}

/// A row of a round from either shape: `unit`, `status`, and its counts under `figures` (an
/// object) or as columns of their own (a split row); null counts are absent, no count at all is
/// a missing row's `None`.
impl<'de> Deserialize<'de> for PublishedRow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RowVisitor)
    }
}

struct RowVisitor;

impl<'de> Visitor<'de> for RowVisitor {
    type Value = PublishedRow;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row of a round")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PublishedRow, A::Error> {
        let (mut unit, mut status) = (None, None);
        let mut figures: Option<BTreeMap<String, u64>> = None;
        while let Some(key) = map.next_key::<RowKey>()? {
            match key {
                RowKey::Unit => unit = Some(map.next_value()?),
                RowKey::Status => status = Some(map.next_value()?),
                RowKey::Figures => figures = map.next_value()?,
                RowKey::Count(name) => {
                    if let Some(n) = map.next_value::<Option<u64>>()? {
                        figures.get_or_insert_with(BTreeMap::new).insert(name.to_string(), n);
                    }
                }
                RowKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(PublishedRow {
            unit: unit.ok_or_else(|| A::Error::missing_field("unit"))?,
            status: status.ok_or_else(|| A::Error::missing_field("status"))?,
            figures,
        })
    }
}

/// A key of a round's row, told apart without keeping it.
enum RowKey {
    Unit,
    Status,
    Figures,
    /// One of [`Counts::NAMES`].
    Count(&'static str),
    Other,
}

impl<'de> Deserialize<'de> for RowKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(RowKeyVisitor)
    }
}

struct RowKeyVisitor;

impl Visitor<'_> for RowKeyVisitor {
    type Value = RowKey;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a column name")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<RowKey, E> {
        Ok(match key {
            "unit" => RowKey::Unit,
            "status" => RowKey::Status,
            "figures" => RowKey::Figures,
            _ => Counts::NAMES
                .into_iter()
                .find(|n| *n == key)
                .map_or(RowKey::Other, RowKey::Count),
        })
    }
}
