//! Secondments from subordinate units (借调所属事业单位人员).
//!
//! A person is seconded in from an organ's own institutions when they are present, work in
//! the organ's pool (`working_unit`) and hold establishment in a 事业单位 pool that lies
//! below the organ in the unit tree. Each such person is listed as an info finding
//! `SECONDED_FROM_SUBORDINATE` (unit: the organ; `actual`: whole months since the
//! secondment's `start`, to `as_of`; absent without a start). With `settings.secondment_caps`
//! an organ with more such people than `max_count`, or than `max_share` × its approved
//! places (all categories, rounded down to whole people), gets `SECONDMENT_CAP_EXCEEDED`:
//! `expected` the stricter cap, `actual` the count, and the people beyond the cap (latest
//! secondment starts; undated last, then roster order) in `excess`.

use crate::dataset::StaffTable;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::report::{Code, Violation};
use super::support::{full_months, name_list, pick, sort_people, Person};
use super::Lang;
use crate::dataset::index::{Index, NONE};
use crate::model::{Document, UnitKind};

/// The info findings (one per person, in roster order) and the cap findings (one per organ,
/// in unit order).
/// The findings with their staff records, and the people by organ pool.
pub(super) type Listed = (Vec<(usize, Violation)>, Vec<(u32, Person)>);

/// The `SECONDED_FROM_SUBORDINATE` findings with the staff record each is about, and the
/// people seconded (organ pool, person) in roster order (`record`: the record number of a
/// staff record in the whole roster).
pub(super) fn listed(
    doc: &Document,
    st: &StaffTable,
    ix: &Index,
    as_of: NaiveDate,
    lang: Lang,
    record: &dyn Fn(usize) -> u64,
) -> Listed {
    let mut listed = Vec::new();
    let mut found: Vec<(u32, Person)> = Vec::new();
    for (i, s) in st.iter().enumerate() {
        let (own, work) = (ix.staff_pool[i], ix.staff_working_pool[i]);
        if !s.status().occupies() || own == NONE || work == NONE || own == work {
            continue;
        }
        if !doc.units[work as usize].kind.is_organ_like()
            || doc.units[own as usize].kind != UnitKind::Institution
            || !ix.is_below(own, work)
        {
            continue;
        }
        let start = s.secondment().map(|sec| sec.start);
        let months = start.filter(|&d| d <= as_of).map(|d| full_months(d, as_of));
        let (organ, from) = (&doc.units[work as usize], &doc.units[own as usize]);
        let since = match (start, months) {
            (Some(d), Some(m)) => pick(
                lang,
                format!("，自{d}起已借调{m}个月"),
                format!(", seconded since {d} ({m} months)"),
            ),
            (Some(d), None) => pick(
                lang,
                format!("，借调自{d}起（尚未开始）"),
                format!(", secondment starting {d} (not begun)"),
            ),
            _ => pick(
                lang,
                "，未填借调开始日期".to_string(),
                ", with no secondment start date".to_string(),
            ),
        };
        listed.push((
            i,
            Violation {
                unit: Some(organ.id.clone()),
                staff: Some(s.id().to_string()),
                actual: months.map(i64::from),
                message: pick(
                    lang,
                    format!(
                        "{} 借调所属事业单位{}人员 {}({}){since}",
                        organ.name,
                        from.name,
                        s.name(),
                        s.id()
                    ),
                    format!(
                        "{} works with {} ({}) of its own institution {}{since}",
                        organ.name,
                        s.name(),
                        s.id(),
                        from.name
                    ),
                ),
                ..Violation::new(Code::SecondedFromSubordinate)
            },
        ));
        found.push((
            work,
            Person {
                record: record(i),
                date: start,
                name: s.name().to_string(),
                id: s.id().to_string(),
            },
        ));
    }
    (listed, found)
}

/// `SECONDMENT_CAP_EXCEEDED` of the organs with more people seconded (`found`) than the cap.
pub(super) fn caps(
    doc: &Document,
    ix: &Index,
    lang: Lang,
    found: Vec<(u32, Person)>,
) -> Vec<Violation> {
    let caps = match &doc.settings.secondment_caps {
        Some(c) if !found.is_empty() && (c.max_count.is_some() || c.max_share.is_some()) => c,
        _ => return Vec::new(),
    };
    let mut by_organ = found;
    by_organ.sort_by_key(|(organ, p)| (*organ, p.record));
    let quota_totals = ix.quota.unit_totals(doc.units.len());
    let mut out = Vec::new();
    for group in by_organ.chunk_by(|a, b| a.0 == b.0) {
        let organ = group[0].0 as usize;
        let unit = &doc.units[organ];
        let approved: u64 = quota_totals[organ];
        let by_share = caps.max_share.map(|share| {
            (share * Decimal::from(approved))
                .floor()
                .try_into()
                .unwrap_or(u64::MAX)
        });
        let by_count = caps.max_count.map(u64::from);
        let cap: u64 = match (by_count, by_share) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => continue,
        };
        let n = group.len() as u64;
        if n <= cap {
            continue;
        }
        // The earliest secondments fill the cap; the latest are in excess.
        let mut people: Vec<Person> = group.iter().map(|(_, p)| p.clone()).collect();
        sort_people(&mut people);
        let excess = &people[cap as usize..];
        let names = name_list(excess, lang, "借调", "seconded");
        let mut rule_zh = Vec::new();
        let mut rule_en = Vec::new();
        if let Some(c) = caps.max_count {
            rule_zh.push(format!("每个机关不超过{c}名"));
            rule_en.push(format!("at most {c} per organ"));
        }
        if let (Some(share), Some(b)) = (caps.max_share, by_share) {
            let pct = crate::decimal::plain(share * Decimal::from(100));
            rule_zh.push(format!("不超过核定编制{approved}名的{pct}%即{b}名"));
            rule_en.push(format!(
                "at most {pct}% of {approved} approved places, i.e. {b}"
            ));
        }
        out.push(Violation {
            unit: Some(unit.id.clone()),
            expected: Some(cap as i64),
            actual: Some(n as i64),
            excess: excess.iter().map(|p| p.id.clone()).collect(),
            message: pick(
                lang,
                format!(
                    "{} 借调所属事业单位人员{n}名，上限{cap}名（{}），超出{}名：{names}",
                    unit.name,
                    rule_zh.join("，"),
                    n - cap
                ),
                format!(
                    "{}: people of its own institutions working there: {n}, capped at {cap} ({}), over by {}: {names}",
                    unit.name,
                    rule_en.join("; "),
                    n - cap
                ),
            ),
            ..Violation::new(Code::SecondmentCapExceeded)
        });
    }
    out
}
