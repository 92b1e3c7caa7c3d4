//! Small helpers shared by the rule modules of issue 21: language choice, whole months,
//! the deterministic order of "who came in first", and short name lists for messages.

use chrono::{Datelike, Months, NaiveDate};

use super::Lang;
use crate::dataset::index::{FxMap, Index};
use crate::model::Document;

/// The Chinese or the English text.
pub(super) fn pick<T>(lang: Lang, zh: T, en: T) -> T {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Whole months from `from` to `to`: the largest `m` with `from + m months ≤ to` (a month
/// added to the 31st lands on the last day of a shorter month); 0 when `to < from`.
pub(super) fn full_months(from: NaiveDate, to: NaiveDate) -> u32 {
    if to < from {
        return 0;
    }
    let span = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let mut m = span.max(0) as u32;
    while m > 0
        && from
            .checked_add_months(Months::new(m))
            .is_none_or(|d| d > to)
    {
        m -= 1;
    }
    m
}

/// Calendar months after the month of `from` up to and including the month of `to`
/// (left in January, counted to November: 10); 0 when `to` is not in a later month.
pub(super) fn months_after(from: NaiveDate, to: NaiveDate) -> u32 {
    let a = i64::from(from.year()) * 12 + i64::from(from.month());
    let b = i64::from(to.year()) * 12 + i64::from(to.month());
    u32::try_from((b - a).max(0)).unwrap_or(u32::MAX)
}

/// Most people named in one message; the rest are counted (「等N人」).
pub(super) const NAMED: usize = 5;

/// A person named in a finding, with the date that orders them and their record number
/// in the whole roster.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Person {
    pub record: u64,
    pub date: Option<NaiveDate>,
    pub name: String,
    pub id: String,
}

/// By date, a missing date last, equal dates in roster order.
pub(super) fn sort_people(items: &mut [Person]) {
    items.sort_by_key(|p| (p.date.is_none(), p.date, p.record));
}

/// Up to [`NAMED`] people with their dates, then how many more.
pub(super) fn name_list(items: &[Person], lang: Lang, what_zh: &str, what_en: &str) -> String {
    let mut parts = Vec::with_capacity(items.len().min(NAMED));
    for p in items.iter().take(NAMED) {
        parts.push(match (lang, p.date) {
            (Lang::Zh, Some(d)) => format!("{}（{d}{what_zh}）", p.name),
            (Lang::Zh, None) => format!("{}（{what_zh}日期未填）", p.name),
            (Lang::En, Some(d)) => format!("{} ({}, {what_en} {d})", p.name, p.id),
            (Lang::En, None) => format!("{} ({}, {what_en} date not given)", p.name, p.id),
        });
    }
    let mut out = parts.join(pick(lang, "、", ", "));
    if items.len() > NAMED {
        out.push_str(&pick(
            lang,
            format!("等{}人", items.len()),
            format!(" and {} more", items.len() - NAMED),
        ));
    }
    out
}

pub(super) fn unit_positions<'a>(doc: &'a Document, ix: &Index) -> FxMap<&'a str, u32> {
    let mut m = FxMap::default();
    for (i, u) in doc.units.iter().enumerate() {
        if !ix.unit_dup[i] {
            m.entry(u.id.as_str()).or_insert(i as u32);
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn whole_months() {
        assert_eq!(full_months(d("2025-03-01"), d("2025-11-30")), 8);
        assert_eq!(full_months(d("2025-03-01"), d("2025-12-01")), 9);
        assert_eq!(full_months(d("2025-01-31"), d("2025-02-28")), 1);
        assert_eq!(full_months(d("2025-01-31"), d("2025-02-27")), 0);
        assert_eq!(full_months(d("2025-05-01"), d("2025-04-01")), 0);
    }

    #[test]
    fn months_after_leaving() {
        assert_eq!(months_after(d("2026-01-15"), d("2026-11-30")), 10);
        assert_eq!(months_after(d("2026-11-01"), d("2026-11-30")), 0);
        assert_eq!(months_after(d("2025-12-31"), d("2026-01-01")), 1);
        assert_eq!(months_after(d("2027-01-01"), d("2026-11-30")), 0);
    }

    #[test]
    fn missing_dates_last_then_roster_order() {
        let p = |record: u64, date: Option<NaiveDate>| Person {
            record,
            date,
            name: String::new(),
            id: String::new(),
        };
        let mut v = vec![
            p(0, None),
            p(1, Some(d("2024-03-01"))),
            p(2, Some(d("2020-01-01"))),
            p(3, Some(d("2024-03-01"))),
        ];
        sort_people(&mut v);
        let order: Vec<u64> = v.iter().map(|x| x.record).collect();
        assert_eq!(order, [2, 1, 3, 0]);
    }
}
