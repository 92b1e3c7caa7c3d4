//! Retirement: occupying people past their approved date or statutory age.

use chrono::{Datelike, NaiveDate};

use super::engine::Ctx;
use super::messages::say;
use super::report::Code;
use crate::dataset::StaffRow;
use crate::ident::IdKey;
use crate::model::{Gender, PostCategory, RetirementGroup};
use crate::retirement::{default_group, retirement};

/// A birth date from the record or, without one, from the ID number (kept as numbers).
#[derive(Clone, Copy)]
pub(super) enum Birth {
    Date(NaiveDate),
    Key(IdKey),
}

impl Birth {
    pub(super) fn year_month(self) -> (i32, u32) {
        match self {
            Birth::Date(d) => (d.year(), d.month()),
            Birth::Key(k) => (k.year, k.month),
        }
    }

    pub(super) fn date(self) -> NaiveDate {
        match self {
            Birth::Date(d) => d,
            Birth::Key(k) => k.birth_date(),
        }
    }
}

/// Whether an occupying person is past retirement on `as_of`: by the approved date if the
/// record has one, else by the statutory age of their group.
#[inline]
pub(super) fn is_past_retirement(
    as_of: NaiveDate,
    s: StaffRow,
    birth: Birth,
    past: &PastTable,
    gender: Option<Gender>,
    post: Option<PostCategory>,
) -> bool {
    if let Some(d) = s.retirement_date() {
        return as_of > d;
    }
    let group = match (s.retirement_group(), gender) {
        (Some(g), _) => g,
        (None, Some(g)) => default_group(g, post, s.establishment()),
        (None, None) => return false,
    };
    let (by, bm) = birth.year_month();
    past.past(group, by, bm) && retirement(by, bm, group).is_some()
}

/// The finding of a person [`is_past_retirement`] found past retirement.
#[cold]
#[inline(never)]
pub(super) fn past_retirement(
    cx: &mut Ctx,
    i: usize,
    birth: Birth,
    gender: Option<Gender>,
    post: Option<PostCategory>,
) {
    let s = cx.st.row(i);
    let as_of = cx.as_of;
    if let Some(d) = s.retirement_date() {
        let msg = say!(
            cx.lang,
            format!(
                "{} 核定退休日期{}，截至{}仍占编在岗",
                cx.person(s),
                d,
                as_of
            ),
            format!(
                "{} was due to retire on {} and still occupies a quota on {}",
                cx.person(s),
                d,
                as_of
            )
        );
        let v = cx.staff_v(Code::PastRetirementAge, i, msg);
        cx.push(v);
        return;
    }
    let group = match (s.retirement_group(), gender) {
        (Some(g), _) => g,
        (None, Some(g)) => default_group(g, post, s.establishment()),
        (None, None) => return,
    };
    let (by, bm) = birth.year_month();
    if let Some(r) = retirement(by, bm, group) {
        let birth = birth.date();
        let msg = say!(
            cx.lang,
            cx.about(
                s,
                format_args!(
                    " 出生于{}，法定退休年龄{}岁{}个月，应于{}退休，截至{}超龄未退",
                    birth,
                    r.age_years,
                    r.age_months,
                    r.month_string(),
                    as_of
                )
            ),
            cx.about(
                s,
                format_args!(
                    " born {}: statutory retirement age {}y{}m, due {}; still occupying on {}",
                    birth,
                    r.age_years,
                    r.age_months,
                    r.month_string(),
                    as_of
                )
            )
        );
        let v = cx.staff_v(Code::PastRetirementAge, i, msg);
        cx.push(v);
    }
}

/// Whether a birth month is past retirement on `as_of`, per group, tabulated for the
/// birth years of living people (`retirement` divides by a step per call).
pub(super) struct PastTable {
    as_of_ym: (i32, u32),
    /// 0 not past, 1 past, per group × month since `FIRST_YEAR`-01.
    past: Vec<u8>,
}

impl PastTable {
    const FIRST_YEAR: i32 = 1850;
    const MONTHS: usize = 200 * 12;

    pub(super) fn new(as_of: NaiveDate) -> PastTable {
        let as_of_ym = (as_of.year(), as_of.month());
        let mut past = Vec::with_capacity(3 * Self::MONTHS);
        for g in [
            RetirementGroup::Male,
            RetirementGroup::Female55,
            RetirementGroup::Female50,
        ] {
            for k in 0..Self::MONTHS {
                let y = Self::FIRST_YEAR + (k / 12) as i32;
                let m = (k % 12) as u32 + 1;
                past.push(u8::from(Self::compute(as_of_ym, g, y, m)));
            }
        }
        PastTable { as_of_ym, past }
    }

    /// `as_of >= past_from()` (the first of the month after the retirement month) without
    /// building a date: `past_from` exists for every month `retirement` returns.
    fn compute(as_of_ym: (i32, u32), g: RetirementGroup, y: i32, m: u32) -> bool {
        retirement(y, m, g).is_some_and(|r| as_of_ym > (r.year, r.month))
    }

    #[inline]
    pub(super) fn past(&self, g: RetirementGroup, y: i32, m: u32) -> bool {
        let k = i64::from(y - Self::FIRST_YEAR) * 12 + i64::from(m) - 1;
        if (1..=12).contains(&m) && (0..Self::MONTHS as i64).contains(&k) {
            let gi = match g {
                RetirementGroup::Male => 0,
                RetirementGroup::Female55 => 1,
                RetirementGroup::Female50 => 2,
            };
            self.past[gi * Self::MONTHS + k as usize] == 1
        } else {
            Self::compute(self.as_of_ym, g, y, m)
        }
    }
}
