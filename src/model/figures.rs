//! Enrolment figures of one form row and the completion rate.

use std::fmt;
use std::ops::AddAssign;

use serde::Serialize;

/// Cumulative enrolment by program type (附件2 的四类人数).
///
/// A row's counts are at most `u32::MAX` (validation refuses more), and a figure is a sum of at
/// most one row per unit, so no sum comes near `u64::MAX`; additions saturate all the same, so a
/// figure can never wrap around to a small, plausible-looking number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// 中专人数 (three-year 中专/中职)
    pub three_year: u64,
    /// 3+2 人数
    pub three_plus_two: u64,
    /// 五年一贯制人数
    pub five_year: u64,
    /// 一年制人数
    pub one_year: u64,
}

impl Figures {
    /// 总数: the sum of the four program types.
    pub fn total(&self) -> u64 {
        self.by_type().into_iter().fold(0, u64::saturating_add)
    }

    /// Adds `n` to the count of `track`, saturating.
    pub fn add(&mut self, track: super::Track, n: u64) {
        let slot = self.slot(track);
        *slot = slot.saturating_add(n);
    }

    fn slot(&mut self, track: super::Track) -> &mut u64 {
        match track {
            super::Track::ThreeYear => &mut self.three_year,
            super::Track::ThreePlusTwo => &mut self.three_plus_two,
            super::Track::FiveYear => &mut self.five_year,
            super::Track::OneYear => &mut self.one_year,
        }
    }

    /// The count of a field of the table (the total is the sum).
    pub fn get(&self, field: crate::vocab::CountField) -> u64 {
        match field.track() {
            Some(t) => self.by_type()[t.index()],
            None => self.total(),
        }
    }

    /// The four counts in the form's column order.
    pub fn by_type(&self) -> [u64; super::Track::ALL.len()] {
        [self.three_year, self.three_plus_two, self.five_year, self.one_year]
    }
}

impl AddAssign for Figures {
    fn add_assign(&mut self, other: Self) {
        for track in super::Track::ALL {
            self.add(track, other.by_type()[track.index()]);
        }
    }
}

/// 招生任务完成率, kept in tenths of a percent so that display and comparisons are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Rate {
    /// total / quota × 1000, rounded half up.
    pub permille: u64,
}

impl Rate {
    /// None when there is no quota to measure against.
    pub fn of(total: u64, quota: u64) -> Option<Rate> {
        if quota == 0 {
            return None;
        }
        let (t, q) = (u128::from(total), u128::from(quota));
        let permille = (t * 2000 + q) / (2 * q);
        Some(Rate {
            permille: u64::try_from(permille).unwrap_or(u64::MAX),
        })
    }

    /// The rate as a plain number of percent with one decimal, e.g. "110.0" (for CSV and JSON).
    pub fn percent_string(&self) -> String {
        format!("{}.{}", self.permille / 10, self.permille % 10)
    }

    /// The rate as a fraction (1.0 = 100%), for chart scales only.
    pub fn as_fraction(&self) -> f64 {
        self.permille as f64 / 1000.0
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.percent_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_rate_has_one_decimal_rounded_half_up() {
        assert_eq!(Rate::of(1100, 1000).unwrap().to_string(), "110.0%");
        assert_eq!(Rate::of(1, 3).unwrap().to_string(), "33.3%");
        assert_eq!(Rate::of(2, 3).unwrap().to_string(), "66.7%");
        assert_eq!(Rate::of(1, 2000).unwrap().to_string(), "0.1%"); // 0.05% rounds up
        assert_eq!(Rate::of(0, 500).unwrap().to_string(), "0.0%");
        assert_eq!(Rate::of(67686, 67686).unwrap().to_string(), "100.0%");
    }

    #[test]
    fn no_rate_without_a_quota() {
        assert_eq!(Rate::of(10, 0), None);
    }

    #[test]
    fn total_is_the_sum_of_the_four_types() {
        let f = Figures {
            three_year: 1200,
            three_plus_two: 300,
            five_year: 200,
            one_year: 50,
        };
        assert_eq!(f.total(), 1750);
    }
}
