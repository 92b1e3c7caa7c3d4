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

/// Sorts staff positions by date, earliest first; a missing date sorts after every date,
/// and equal dates keep the staff order (the order of the roster).
pub(super) fn sort_by_date(items: &mut [(usize, Option<NaiveDate>)]) {
    items.sort_by_key(|&(i, d)| (d.is_none(), d, i));
}

/// Most people named in one message; the rest are counted (「等N人」).
pub(super) const NAMED: usize = 5;

/// `甲（2024-03-01任职）、乙（任职日期未填）等7人` from `(position, date)` pairs:
/// at most [`NAMED`] names, then the total.
pub(super) fn name_list(
    doc: &Document,
    items: &[(usize, Option<NaiveDate>)],
    lang: Lang,
    what_zh: &str,
    what_en: &str,
) -> String {
    let mut parts = Vec::with_capacity(items.len().min(NAMED));
    for &(i, d) in items.iter().take(NAMED) {
        let s = &doc.staff[i];
        parts.push(match (lang, d) {
            (Lang::Zh, Some(d)) => format!("{}（{d}{what_zh}）", s.name),
            (Lang::Zh, None) => format!("{}（{what_zh}日期未填）", s.name),
            (Lang::En, Some(d)) => format!("{} ({}, {what_en} {d})", s.name, s.id),
            (Lang::En, None) => format!("{} ({}, {what_en} date not given)", s.name, s.id),
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

/// First position of each unit id that is not a later duplicate.
pub(super) fn unit_positions<'a>(doc: &'a Document, ix: &Index) -> FxMap<&'a str, u32> {
    let mut m = FxMap::default();
    for (i, u) in doc.units.iter().enumerate() {
        if !ix.unit_dup[i] {
            m.entry(u.id.as_str()).or_insert(i as u32);
        }
    }
    m
}

/// Present occupants of each post (status active, leave or absent), as the engine counts them.
pub(super) fn post_occupants(doc: &Document, ix: &Index) -> Vec<u32> {
    let mut occ = vec![0u32; doc.posts.len()];
    for (i, s) in doc.staff.iter().enumerate() {
        let p = ix.staff_post[i];
        if p != crate::dataset::index::NONE && s.status.occupies() {
            occ[p as usize] = occ[p as usize].saturating_add(1);
        }
    }
    occ
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
        let mut v = vec![
            (0, None),
            (1, Some(d("2024-03-01"))),
            (2, Some(d("2020-01-01"))),
            (3, Some(d("2024-03-01"))),
        ];
        sort_by_date(&mut v);
        let order: Vec<usize> = v.iter().map(|x| x.0).collect();
        assert_eq!(order, [2, 1, 3, 0]);
    }
}
