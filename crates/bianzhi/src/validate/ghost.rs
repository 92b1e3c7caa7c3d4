//! Months on a ghost payroll (吃空饷) and the pay to recover.
//!
//! Pay stops with the month in which the person left, retired or died: the months paid
//! unduly are the calendar months after that month up to and including the month of
//! `as_of` (left 2026-01-15, as of 2026-11-30: February–November, 10 months). The date is
//! `left`, or for a retired person without one, `retirement_date`. With a `monthly_pay` the
//! sum to recover is months × monthly pay, in yuan rounded to the fen (half away from zero).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::support::{months_after, pick};
use super::Lang;
use crate::dataset::StaffRow;
use crate::model::Status;

/// What a ghost payroll finding adds to its record.
pub(super) struct Ghost {
    /// The date pay should have stopped after.
    pub since: Option<NaiveDate>,
    /// Months paid since.
    pub months: Option<u32>,
    /// Months × monthly pay, two places.
    pub amount: Option<Decimal>,
}

impl Ghost {
    pub(super) fn of(s: StaffRow, as_of: NaiveDate) -> Ghost {
        let since = s.left().or(match s.status() {
            Status::Retired => s.retirement_date(),
            _ => None,
        });
        let months = since.map(|d| months_after(d, as_of));
        let amount = match (months, s.monthly_pay()) {
            (Some(m), Some(pay)) => pay.checked_mul(Decimal::from(m)).map(|a| {
                let mut a = a.round_dp_with_strategy(
                    2,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                );
                a.rescale(2);
                a
            }),
            _ => None,
        };
        Ghost {
            since,
            months,
            amount,
        }
    }

    /// The message's tail: since when, how many months, how much.
    pub(super) fn text(&self, s: StaffRow, lang: Lang) -> String {
        let (event_zh, event_en) = match s.status() {
            Status::Retired => ("退休", "retiring"),
            Status::Deceased => ("去世", "dying"),
            _ => ("离开", "leaving"),
        };
        let (Some(since), Some(months)) = (self.since, self.months) else {
            return pick(
                lang,
                format!("（未填{event_zh}日期，无法计算多发月数）"),
                " (no date of leaving: the months paid cannot be counted)".to_string(),
            );
        };
        let money = match self.amount {
            Some(a) => pick(
                lang,
                format!(
                    "，按月发放{}元计应追缴{}元",
                    fixed(s.monthly_pay()),
                    crate::decimal::fixed(a, 2)
                ),
                format!(
                    "; at {} yuan a month, {} yuan to recover",
                    fixed(s.monthly_pay()),
                    crate::decimal::fixed(a, 2)
                ),
            ),
            None => String::new(),
        };
        if months == 0 {
            return pick(
                lang,
                format!("，于{since}{event_zh}，截至当月尚无多发月份"),
                format!(", {event_en} on {since}: no month paid after it yet"),
            );
        }
        pick(
            lang,
            format!("，自{since}{event_zh}后多发{months}个月{money}"),
            format!(", paid for {months} months after {event_en} on {since}{money}"),
        )
    }
}

/// A monthly amount as given, with at least two places (`8650.50`, `3333.335`).
fn fixed(d: Option<Decimal>) -> String {
    d.map(|d| {
        if d.normalize().scale() > 2 {
            crate::decimal::plain(d)
        } else {
            crate::decimal::fixed(d, 2)
        }
    })
    .unwrap_or_default()
}
