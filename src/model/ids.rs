//! Typed indexes: a unit's place in `Site::units` and an entry's in `Year::entries` cannot be
//! mixed up, and following a parent chain is written once.

use std::ops::Index;

use super::{Entry, Unit};

/// A unit: its index in `Site::units` (the order of data/units.toml, the notice's 序号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub usize);

/// A unit's entry in one year: its index in `Year::entries`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub usize);

impl Index<UnitId> for Vec<Unit> {
    type Output = Unit;

    fn index(&self, id: UnitId) -> &Unit {
        &self[id.0]
    }
}

impl Index<EntryId> for Vec<Entry> {
    type Output = Entry;

    fn index(&self, id: EntryId) -> &Entry {
        &self[id.0]
    }
}

impl std::ops::IndexMut<EntryId> for Vec<Entry> {
    fn index_mut(&mut self, id: EntryId) -> &mut Entry {
        &mut self[id.0]
    }
}

/// `first`, its parent, its parent's parent, … Validation refuses cycles before a model is
/// built, so the walk ends.
pub(super) fn ancestors<I: Copy>(first: Option<I>, parent: impl Fn(I) -> Option<I>) -> impl Iterator<Item = I> {
    std::iter::successors(first, move |&i| parent(i))
}
