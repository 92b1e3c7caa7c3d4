//! Monthly performance pay (月度绩效工资), exact to the fen.

use serde::Serialize;

use super::person::{input_err, AssessError, Person};
use super::scheme::{Forfeit, PayRules};

/// Formats fen as yuan with two places (`-1234` → `"-12.34"`).
///
/// ```
/// assert_eq!(bianzhi::assess::yuan(20050), "200.50");
/// assert_eq!(bianzhi::assess::yuan(-5), "-0.05");
/// ```
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// One line of a pay breakdown.
///
/// ```
/// let l = bianzhi::assess::PayLine { item: "base".into(), quantity: 1, fen: 20000 };
/// assert_eq!(l.fen, 20000);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayLine {
    /// What, e.g. `base`, `hall_days`, `leave_days 6–10`, `forfeit (leave)`.
    pub item: String,
    /// How many (days, duties, …).
    pub quantity: u64,
    /// Amount in fen (negative for deductions).
    pub fen: i64,
}

/// The outcome of one person under a monthly pay scheme.
///
/// ```
/// use bianzhi::assess::{assess_json, Outcome};
/// let out = assess_json(r#"{"scheme": "monthly_performance_pay", "people": [{"id": "X", "late": 2}]}"#).unwrap();
/// let Outcome::Pay(p) = &out.outcomes[0] else { panic!() };
/// assert_eq!((p.pay.as_deref(), p.pay_fen), (Some("190.00"), Some(19000)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PayOutcome {
    /// Person id.
    pub id: String,
    /// Unit.
    pub unit: Option<String>,
    /// Role.
    pub role: Option<String>,
    /// Pay in yuan, two places (`None` when the record could not be assessed).
    pub pay: Option<String>,
    /// Pay in fen (`None` when the record could not be assessed).
    pub pay_fen: Option<i64>,
    /// Forfeitures that applied (`leave`, `absence`).
    pub forfeited: Vec<String>,
    /// Notes (e.g. the floor at 0).
    pub reason: Option<String>,
    /// Lines, in rule order.
    pub breakdown: Vec<PayLine>,
    /// This person's record could not be assessed (the path and the problem); no pay is
    /// computed for them and everybody else is assessed.
    pub error: Option<String>,
}

impl PayOutcome {
    /// The outcome of a record that could not be assessed.
    pub(crate) fn failed(p: &Person, message: String) -> PayOutcome {
        PayOutcome {
            id: p.id.clone(),
            unit: p.unit.clone(),
            role: p.role.clone(),
            pay: None,
            pay_fen: None,
            forfeited: vec![],
            reason: Some("记录有误，未计算".into()),
            breakdown: vec![],
            error: Some(message),
        }
    }
}

struct Acc<'a> {
    base: &'a str,
    total: i64,
    lines: Vec<PayLine>,
}

impl Acc<'_> {
    fn add(&mut self, item: &str, qty: u32, per: i64, sign: i64) -> Result<(), AssessError> {
        if qty == 0 || per == 0 {
            return Ok(());
        }
        let fen = per
            .checked_mul(i64::from(qty))
            .and_then(|v| v.checked_mul(sign))
            .ok_or_else(|| input_err(format!("{}.{item}", self.base), "amount too large"))?;
        self.push(item.to_string(), u64::from(qty), fen)
    }
    fn push(&mut self, item: String, quantity: u64, fen: i64) -> Result<(), AssessError> {
        self.total = self
            .total
            .checked_add(fen)
            .ok_or_else(|| input_err(self.base.to_string(), "amount too large"))?;
        self.lines.push(PayLine {
            item,
            quantity,
            fen,
        });
        Ok(())
    }
}

/// Computes one person's monthly pay.
pub(crate) fn pay_one(r: &PayRules, p: &Person, index: usize) -> Result<PayOutcome, AssessError> {
    let base = format!("people[{index}] ({})", p.id);
    if p.max_consecutive_absent > p.absent_days {
        return Err(input_err(
            format!("{base}.max_consecutive_absent"),
            format!(
                "{} is more than absent_days {}",
                p.max_consecutive_absent, p.absent_days
            ),
        ));
    }
    let role_extra = match &p.role {
        None => 0,
        Some(role) => match r.role_extra_fen.get(role) {
            Some(x) => *x,
            // A role without a monthly extra (行政服务大厅 is paid per day) is fine.
            None if role == "行政服务大厅" => 0,
            None => {
                let known: Vec<&str> = r.role_extra_fen.keys().map(|s| s.as_str()).collect();
                return Err(input_err(
                    format!("{base}.role"),
                    format!(
                        "unknown role `{role}` (known: {}, 行政服务大厅, none)",
                        known.join(", ")
                    ),
                ));
            }
        },
    };
    let leave_forfeit = r.leave_forfeit_over_days.is_some_and(|d| p.leave_days > d);
    let absent_forfeit = r
        .absent_forfeit_consecutive_days
        .is_some_and(|d| p.max_consecutive_absent >= d);
    let mut a = Acc {
        base: &base,
        total: 0,
        lines: Vec::new(),
    };
    a.add("base", 1, r.base_fen, 1)?;
    if let Some(role) = &p.role {
        if role_extra != 0 {
            a.push(format!("role {role}"), 1, role_extra)?;
        }
    }
    a.add("hall_days", p.hall_days, r.hall_day_fen, 1)?;
    a.add("office_duties", p.office_duties, r.office_duty_fen, 1)?;
    a.add(
        "early_market_duties",
        p.early_market_duties,
        r.early_market_duty_fen,
        1,
    )?;
    a.add("evening_duties", p.evening_duties, r.evening_duty_fen, 1)?;
    a.add(
        "holiday_overtime_days",
        p.holiday_overtime_days,
        r.holiday_overtime_day_fen,
        1,
    )?;
    a.add(
        "overtime_sessions",
        p.overtime_sessions,
        r.overtime_session_fen,
        1,
    )?;
    a.add("late", p.late, r.late_fen, -1)?;
    if !leave_forfeit && p.leave_days > 0 {
        if r.leave_tiered {
            let mut from = 1u32;
            for t in &r.leave_tiers {
                if p.leave_days < from {
                    break;
                }
                let to = t.through_day.min(p.leave_days);
                a.add(
                    &format!("leave_days {from}–{to}"),
                    to - from + 1,
                    t.per_day_fen,
                    -1,
                )?;
                from = t.through_day.saturating_add(1);
            }
            if let Some(last) = r.leave_tiers.last() {
                if p.leave_days > last.through_day {
                    let extra = p.leave_days - last.through_day;
                    a.add(
                        &format!("leave_days {from}–{}", p.leave_days),
                        extra,
                        last.per_day_fen,
                        -1,
                    )?;
                }
            }
        } else {
            let rate = r
                .leave_tiers
                .iter()
                .find(|t| p.leave_days <= t.through_day)
                .or(r.leave_tiers.last())
                .map_or(0, |t| t.per_day_fen);
            a.add("leave_days", p.leave_days, rate, -1)?;
        }
    }
    if !absent_forfeit {
        a.add("absent_days", p.absent_days, r.absent_day_fen, -1)?;
    }
    let mut forfeited = Vec::new();
    if leave_forfeit {
        forfeited.push("leave".to_string());
    }
    if absent_forfeit {
        forfeited.push("absence".to_string());
    }
    let mut notes = Vec::new();
    if !forfeited.is_empty() {
        let why = forfeited.join("+");
        match r.forfeit {
            Forfeit::Base => {
                a.push(format!("forfeit base ({why})"), 1, -r.base_fen)?;
            }
            Forfeit::All => {
                let all = a
                    .total
                    .checked_neg()
                    .ok_or_else(|| input_err(base.clone(), "amount too large"))?;
                a.push(format!("forfeit all ({why})"), 1, all)?;
            }
        }
        if leave_forfeit {
            notes.push(format!(
                "请假 {} 天超过 {} 天，扣除当月绩效（不再按日扣）",
                p.leave_days,
                r.leave_forfeit_over_days.unwrap_or(0)
            ));
        }
        if absent_forfeit {
            notes.push(format!(
                "连续旷工 {} 天，扣除当月绩效（不再按日扣）",
                p.max_consecutive_absent
            ));
        }
    }
    if a.total < 0 && !r.allow_negative {
        notes.push(format!("计算结果 {} 元，按 0 发放", yuan(a.total)));
        let up = a
            .total
            .checked_neg()
            .ok_or_else(|| input_err(base.clone(), "amount too large"))?;
        a.push("floor at 0".into(), 1, up)?;
    }
    Ok(PayOutcome {
        id: p.id.clone(),
        unit: p.unit.clone(),
        role: p.role.clone(),
        pay: Some(yuan(a.total)),
        pay_fen: Some(a.total),
        forfeited,
        reason: if notes.is_empty() {
            None
        } else {
            Some(notes.join("；"))
        },
        breakdown: a.lines,
        error: None,
    })
}
