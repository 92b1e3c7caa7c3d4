//! Identity: 身份证号 checks against the record, birth dates after the as-of date, and one
//! person holding two places (`DUPLICATE_PERSON`).

use super::engine::Ctx;
use super::messages::say;
use super::report::{Code, Violation};
use super::Lang;
use crate::dataset::index::{FxMap, NONE};
use crate::ident::IdKey;

/// Finds repeated ID-number keys without a million-entry hash table: keys are scattered
/// into cache-sized partitions by hash bits that the per-partition table does not use, in
/// staff order, then each partition is checked with a small table. A table as large as the
/// roster misses the cache on nearly every probe; this was a third of the validation time.
pub(super) struct KeyPartitions {
    shift: u32,
    pub(super) parts: Vec<Vec<(u64, u32)>>,
}

impl KeyPartitions {
    /// Keys per partition aimed at: the table (16 bytes a slot) stays within L2.
    const TARGET: usize = 4096;
    const MUL: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    /// The partition count for `n` keys in all (a power of two).
    pub(super) fn parts_for(n: usize) -> usize {
        (n / Self::TARGET).next_power_of_two().clamp(1, 4096)
    }

    /// Room for `n` keys of one chunk in `parts` partitions.
    pub(super) fn new(parts: usize, n: usize) -> KeyPartitions {
        let bits = parts.trailing_zeros();
        let per = n / parts + n / parts / 8 + 16;
        KeyPartitions {
            // The per-partition table (rustc-hash) multiplies by its own constant and
            // rotates; the partition takes the top bits of this product by `MUL`, so the
            // two do not pick their bits from the same product.
            shift: 64 - bits,
            parts: (0..parts).map(|_| Vec::with_capacity(per)).collect(),
        }
    }

    #[inline]
    pub(super) fn push(&mut self, key: u64, i: u32) {
        let p = if self.parts.len() == 1 {
            0
        } else {
            (key.wrapping_mul(Self::MUL) >> self.shift) as usize & (self.parts.len() - 1)
        };
        self.parts[p].push((key, i));
    }

    /// `(later, first)` for every key seen before, in no particular order, over the
    /// chunks in staff order (chunk `c`'s partition `p` follows chunk `c-1`'s).
    pub(super) fn repeats(chunks: Vec<KeyPartitions>) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        let mut seen: FxMap<u64, u32> = FxMap::default();
        let parts = chunks.first().map_or(0, |c| c.parts.len());
        let mut chunks: Vec<_> = chunks.into_iter().map(|c| c.parts.into_iter()).collect();
        for _ in 0..parts {
            let part: Vec<Vec<(u64, u32)>> = chunks.iter_mut().filter_map(Iterator::next).collect();
            seen.clear();
            seen.reserve(part.iter().map(Vec::len).sum());
            for (key, i) in part.into_iter().flatten() {
                match seen.entry(key) {
                    std::collections::hash_map::Entry::Occupied(e) => out.push((i, *e.get())),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(i);
                    }
                }
            }
        }
        out
    }
}

pub(super) fn duplicate_person(cx: &mut Ctx, i: usize, first: usize, idn: &str) {
    let (s, f) = (cx.holder(i), cx.holder(first));
    let v = duplicate_person_finding(cx.lang, &s, &f, idn);
    cx.push(v);
}

/// What a `DUPLICATE_PERSON` finding says of a person: `name(id)`, the unit the finding
/// names (the pool, or the unit as given when it has none) and that unit's name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Holder {
    pub(super) person: String,
    pub(super) staff: String,
    pub(super) unit: Option<String>,
    pub(super) unit_name: String,
}

impl Ctx<'_> {
    pub(super) fn holder(&self, i: usize) -> Holder {
        let s = self.st.row(i);
        let u = self.ix.staff_pool[i];
        Holder {
            person: self.person(s),
            staff: s.id().to_string(),
            unit: if u == NONE {
                Some(s.unit().to_string())
            } else {
                self.unit_id(u)
            },
            unit_name: if u == NONE {
                s.unit().to_string()
            } else {
                self.unit_name(u).to_string()
            },
        }
    }
}

/// `DUPLICATE_PERSON` of `s`, whose ID number `idn` was first held by `f`.
pub(super) fn duplicate_person_finding(lang: Lang, s: &Holder, f: &Holder, idn: &str) -> Violation {
    let message = say!(
        lang,
        format!(
            "{} 身份证号 {} 已由 {}（{}）占编，一人多编",
            s.person, idn, f.person, f.unit_name
        ),
        format!(
            "{}: ID number {} already occupies a quota as {} in {}",
            s.person, idn, f.person, f.unit_name
        )
    );
    Violation {
        unit: s.unit.clone(),
        staff: Some(s.staff.clone()),
        message,
        ..Violation::new(Code::DuplicatePerson)
    }
}

#[cold]
#[inline(never)]
pub(super) fn id_mismatch(cx: &mut Ctx, i: usize, key: &IdKey) {
    let s = cx.st.row(i);
    let mut wrong = Vec::new();
    if let Some(b) = s.birth_date().filter(|b| !key.born_on(*b)) {
        wrong.push(say!(
            cx.lang,
            format!("出生日期{b}与身份证号中的{}不符", key.birth_date()),
            format!(
                "birth date {b} differs from {} in the ID number",
                key.birth_date()
            )
        ));
    }
    if let Some(g) = s.gender().filter(|g| *g != key.gender) {
        wrong.push(say!(
            cx.lang,
            format!("性别{}与身份证号中的{}不符", g.zh(), key.gender.zh()),
            format!("gender {g} differs from {} in the ID number", key.gender)
        ));
    }
    let msg = format!("{} {}", cx.person(s), wrong.join(say!(cx.lang, "；", "; ")));
    let v = cx.staff_v(Code::IdNumberMismatch, i, msg);
    cx.push(v);
}

#[cold]
#[inline(never)]
pub(super) fn invalid_id(cx: &mut Ctx, i: usize, idn: &str, e: crate::ident::IdNumberError) {
    let s = cx.st.row(i);
    let v = cx.staff_v(
        Code::InvalidIdNumber,
        i,
        say!(
            cx.lang,
            format!("{} 身份证号 {} 错误：{}", cx.person(s), idn, e.zh()),
            format!("{}: ID number {}: {}", cx.person(s), idn, e)
        ),
    );
    cx.push(Violation {
        field: Some("id_number".into()),
        ..v
    });
}

/// A birth date after the as-of date: the record is still checked (it cannot be past
/// retirement), and the date reported as the record's error (`INVALID_RECORD`, field
/// `birth_date`). A 身份证号 born after it is `INVALID_ID_NUMBER` instead.
#[cold]
#[inline(never)]
pub(super) fn future_birth(cx: &mut Ctx, i: usize) {
    let s = cx.st.row(i);
    let n = cx.staff_no(i);
    let b = s.birth_date().map(|d| d.to_string()).unwrap_or_default();
    let as_of = cx.as_of;
    let v = cx.staff_v(
        Code::InvalidRecord,
        i,
        say!(
            cx.lang,
            format!(
                "人员第{}条 {} 出生日期 {b} 晚于核查日期 {as_of}，仍参与核查",
                n + 1,
                cx.person(s)
            ),
            format!(
                "staff[{n}] {}: birth date {b} is after the as-of date {as_of} (still checked)",
                cx.person(s)
            )
        ),
    );
    cx.push(Violation {
        array: Some("staff".into()),
        index: Some(n),
        field: Some("birth_date".into()),
        ..v
    });
}

/// `DUPLICATE_PERSON` of every occupying person whose ID number an earlier one holds:
/// valid numbers by key (`ids`, the chunks in staff order), invalid ones by their
/// trimmed text (`raw`, in staff order); findings in staff order.
pub(super) fn repeated_people(cx: &mut Ctx, ids: Vec<KeyPartitions>, raw: Vec<(&str, u32)>) {
    // `(later, first)` pairs of invalid ID numbers repeated verbatim.
    let mut raw_dups: Vec<(u32, u32)> = Vec::new();
    let mut seen_raw: FxMap<&str, u32> = FxMap::default();
    for (text, i) in raw {
        if let Some(&first) = seen_raw.get(text) {
            raw_dups.push((i, first));
        } else {
            seen_raw.insert(text, i);
        }
    }
    let mut dups = KeyPartitions::repeats(ids);
    dups.append(&mut raw_dups);
    dups.sort_unstable();
    for (i, first) in dups {
        let idn = cx.st.row(i as usize).id_number().unwrap_or("");
        duplicate_person(cx, i as usize, first as usize, idn);
    }
}
