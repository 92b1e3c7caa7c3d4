//! Secondment: working outside one's pool without an approved secondment, and secondments
//! past their end or limit.

use chrono::Months;

use super::engine::Ctx;
use super::messages::say;
use super::report::{Code, Violation};

#[cold]
#[inline(never)]
pub(super) fn unapproved_secondment(cx: &mut Ctx, i: usize, pool: u32, wpool: u32, problem: &str) {
    let s = cx.st.row(i);
    let msg = say!(
        cx.lang,
        format!(
            "{} 编制在{}，实际在{}工作，{}",
            cx.person(s),
            cx.unit_name(pool),
            cx.unit_name(wpool),
            problem
        ),
        format!(
            "{} holds establishment in {} but works in {} {}",
            cx.person(s),
            cx.unit_name(pool),
            cx.unit_name(wpool),
            problem
        )
    );
    let v = cx.staff_v(Code::UnapprovedSecondment, i, msg);
    cx.push(v);
}

/// A secondment that has ended without a return, or runs past the local limit.
#[cold]
#[inline(never)]
pub(super) fn secondment_overdue(
    cx: &mut Ctx,
    i: usize,
    sec: &crate::model::Secondment,
    max_months: u32,
    max_workdays: Option<u32>,
) {
    let as_of = cx.as_of;
    // A limit in working days counts under the holiday calendar; a deadline in a year the
    // calendar does not hold falls back to the months limit, and the message says so.
    let by_workdays =
        max_workdays.map(|n| crate::workdays::add_workdays(sec.start, i64::from(n)).map_err(|_| n));
    let limit = match by_workdays {
        Some(Ok(d)) => Some(d),
        _ => sec.start.checked_add_months(Months::new(max_months)),
    };
    let ended = sec.end.is_some_and(|e| e < as_of);
    let too_long = match (sec.end, limit) {
        (Some(e), Some(l)) => e > l,
        (None, Some(l)) => as_of > l,
        (_, None) => false,
    };
    if !(ended || too_long) {
        return;
    }
    let s = cx.st.row(i);
    let end = sec
        .end
        .map(|e| e.to_string())
        .unwrap_or_else(|| say!(cx.lang, "未定", "open").to_string());
    let why = if ended {
        say!(
            cx.lang,
            format!("借调已于{end}到期仍未返回"),
            format!("the secondment ended on {end} and the person has not returned")
        )
    } else {
        match by_workdays {
            Some(Ok(d)) => {
                let n = max_workdays.unwrap_or(0);
                say!(
                    cx.lang,
                    format!("借调期限超过{n}个工作日（应于{d}前结束）"),
                    format!("the secondment runs longer than {n} working days (due by {d})")
                )
            }
            Some(Err(n)) => say!(
                cx.lang,
                format!(
                    "借调期限超过{max_months}个月（{n}个工作日的期限超出节假日安排所载年份，按月数核查）"
                ),
                format!(
                    "the secondment runs longer than {max_months} months (the limit of {n} \
                     working days runs past the years of the holiday calendar: checked in months)"
                )
            ),
            None => say!(
                cx.lang,
                format!("借调期限超过{max_months}个月"),
                format!("the secondment runs longer than {max_months} months")
            ),
        }
    };
    let msg = say!(
        cx.lang,
        format!("{} 借调（{}至{}）：{}", cx.person(s), sec.start, end, why),
        format!(
            "{} secondment ({} to {}): {}",
            cx.person(s),
            sec.start,
            end,
            why
        )
    );
    let v = cx.staff_v(Code::SecondmentOverdue, i, msg);
    let expected = match by_workdays {
        Some(Ok(_)) => i64::from(max_workdays.unwrap_or(0)),
        _ => i64::from(max_months),
    };
    cx.push(Violation {
        expected: Some(expected),
        ..v
    });
}
