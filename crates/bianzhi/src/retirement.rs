//! Statutory retirement age under the 2025 gradual-delay reform, `docs/rules.md#retirement`.
//!
//! Source: 全国人大常委会关于实施渐进式延迟法定退休年龄的决定 (2024-09-13) and its 国务院办法
//! 第一条. Men 60 → 63 and 原55周岁 women 55 → 58 by one month per four months of birth from
//! 1965-01 / 1970-01; 原50周岁 women 50 → 55 by one month per two months from 1975-01.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::{Category, Gender, PostCategory, RetirementGroup};

/// A statutory retirement: age and the calendar month it falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Retirement {
    /// Whole years of the retirement age.
    pub age_years: u32,
    /// Extra months of the retirement age.
    pub age_months: u32,
    /// Year of the retirement month.
    pub year: i32,
    /// Month (1–12) of the retirement month.
    pub month: u32,
}

impl Retirement {
    /// The first day on which a person counts as past retirement age: the first day of the
    /// month after the retirement month.
    pub fn past_from(&self) -> Option<NaiveDate> {
        let (y, m) = if self.month == 12 {
            (self.year.checked_add(1)?, 1)
        } else {
            (self.year, self.month + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
    }

    /// The retirement month as `YYYY-MM`.
    pub fn month_string(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

fn params(group: RetirementGroup) -> (i64, i64, i64, i64) {
    // (original age, first delayed birth month index, step in months, cap in months)
    match group {
        RetirementGroup::Male => (60, 1965 * 12, 4, 36),
        RetirementGroup::Female55 => (55, 1970 * 12, 4, 36),
        RetirementGroup::Female50 => (50, 1975 * 12, 2, 60),
    }
}

/// The statutory retirement of a person born in `birth_year`-`birth_month` in `group`.
///
/// Returns `None` for a month outside 1–12 or a year whose retirement month does not fit
/// a calendar date.
///
/// ```
/// use bianzhi::{retirement::retirement, RetirementGroup};
/// let r = retirement(1965, 12, RetirementGroup::Male).unwrap();
/// assert_eq!((r.age_years, r.age_months), (60, 3));
/// assert_eq!(r.month_string(), "2026-03");
/// let r = retirement(1971, 4, RetirementGroup::Female55).unwrap();
/// assert_eq!(r.month_string(), "2026-08");
/// ```
pub fn retirement(birth_year: i32, birth_month: u32, group: RetirementGroup) -> Option<Retirement> {
    if !(1..=12).contains(&birth_month) || !(-9999..=9999).contains(&birth_year) {
        return None;
    }
    let b = i64::from(birth_year) * 12 + i64::from(birth_month) - 1;
    let (original, start, step, cap) = params(group);
    let delay = if b < start {
        0
    } else {
        cap.min((b - start) / step + 1)
    };
    let month_index = b + original * 12 + delay;
    let year = i32::try_from(month_index.div_euclid(12)).ok()?;
    let month = u32::try_from(month_index.rem_euclid(12)).ok()? + 1;
    Some(Retirement {
        age_years: u32::try_from(original + delay / 12).ok()?,
        age_months: u32::try_from(delay % 12).ok()?,
        year,
        month,
    })
}

/// The default group when a record does not say (`docs/rules.md#retirement`): men → `male`; a woman on
/// a worker post or with 工勤 establishment → `female_50`; any other woman → `female_55`.
///
/// ```
/// use bianzhi::{retirement::default_group, Category, Gender, PostCategory, RetirementGroup};
/// assert_eq!(default_group(Gender::Female, Some(PostCategory::Worker), None), RetirementGroup::Female50);
/// assert_eq!(default_group(Gender::Female, None, Some(&Category::Logistics)), RetirementGroup::Female50);
/// assert_eq!(default_group(Gender::Female, None, None), RetirementGroup::Female55);
/// ```
pub fn default_group(
    gender: Gender,
    post: Option<PostCategory>,
    establishment: Option<&Category>,
) -> RetirementGroup {
    match gender {
        Gender::Male => RetirementGroup::Male,
        Gender::Female
            if post == Some(PostCategory::Worker)
                || establishment == Some(&Category::Logistics) =>
        {
            RetirementGroup::Female50
        }
        Gender::Female => RetirementGroup::Female55,
    }
}

/// Whether a person born on `birth` in `group` is past retirement age on `as_of`.
///
/// ```
/// use bianzhi::{retirement::is_past_retirement, RetirementGroup};
/// use chrono::NaiveDate;
/// let birth = NaiveDate::from_ymd_opt(1963, 12, 10).unwrap(); // retires 2023-12
/// assert!(!is_past_retirement(birth, RetirementGroup::Male, NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()));
/// assert!(is_past_retirement(birth, RetirementGroup::Male, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()));
/// ```
pub fn is_past_retirement(birth: NaiveDate, group: RetirementGroup, as_of: NaiveDate) -> bool {
    retirement(birth.year(), birth.month(), group)
        .and_then(|r| r.past_from())
        .is_some_and(|d| as_of >= d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use RetirementGroup::*;

    fn check(y: i32, m: u32, g: RetirementGroup, age: (u32, u32), month: &str) {
        let r = retirement(y, m, g).unwrap();
        assert_eq!((r.age_years, r.age_months), age, "{y}-{m} {g:?}");
        assert_eq!(r.month_string(), month, "{y}-{m} {g:?}");
    }

    #[test]
    fn published_vectors() {
        check(1965, 1, Male, (60, 1), "2025-02");
        check(1965, 12, Male, (60, 3), "2026-03");
        check(1963, 12, Male, (60, 0), "2023-12");
        check(1971, 4, Female55, (55, 4), "2026-08");
        check(1995, 12, Female50, (55, 0), "2050-12");
        check(1995, 12, Male, (63, 0), "2058-12");
    }

    #[test]
    fn boundaries_of_each_group() {
        check(1964, 12, Male, (60, 0), "2024-12");
        check(1965, 4, Male, (60, 1), "2025-05");
        check(1965, 5, Male, (60, 2), "2025-07");
        check(1969, 12, Female55, (55, 0), "2024-12");
        check(1970, 1, Female55, (55, 1), "2025-02");
        check(1974, 12, Female50, (50, 0), "2024-12");
        check(1975, 1, Female50, (50, 1), "2025-02");
        check(1975, 3, Female50, (50, 2), "2025-05");
        // caps: male reaches 63 at birth month index start + 4*35 = 1976-09
        check(1976, 8, Male, (62, 11), "2039-07");
        check(1976, 9, Male, (63, 0), "2039-09");
        check(1984, 12, Female50, (55, 0), "2039-12");
    }

    #[test]
    fn out_of_range_is_none() {
        assert!(retirement(2000, 13, Male).is_none());
        assert!(retirement(2000, 0, Male).is_none());
        assert!(retirement(i32::MAX, 1, Male).is_none());
    }

    proptest! {
        #[test]
        fn retirement_month_is_non_decreasing_in_birth_month(y in 1940i32..2010, m in 1u32..=12, g in prop::sample::select(vec![Male, Female55, Female50])) {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            let a = retirement(y, m, g).unwrap();
            let b = retirement(ny, nm, g).unwrap();
            prop_assert!((b.year, b.month) > (a.year, a.month));
            let age = |r: &Retirement| r.age_years * 12 + r.age_months;
            prop_assert!(age(&b) >= age(&a));
        }

        #[test]
        fn age_stays_within_original_and_cap(y in 1900i32..2100, m in 1u32..=12, g in prop::sample::select(vec![Male, Female55, Female50])) {
            let r = retirement(y, m, g).unwrap();
            let months = r.age_years * 12 + r.age_months;
            let (orig, _, _, cap) = params(g);
            prop_assert!(months as i64 >= orig * 12 && months as i64 <= orig * 12 + cap);
        }
    }
}
