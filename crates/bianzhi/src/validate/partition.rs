//! Validation of a roster split into partitions (`docs/scaling.md`): the engine's steps,
//! run per partition of the staff and then once over the units, so that a roster too big
//! for one process gets the report one process would give.
//!
//! A partition is the staff of some pools (all staff whose unit lies in a pool are in the
//! same partition: [`pool_map`] gives each unit its partition key) with the units, posts
//! and settings in full, plus each staff record's number in the whole roster.
//! [`validate_partition`] runs the per-person rules there and returns
//! - its *findings*, each with a [`FindingKey`] that places it in the report;
//! - *candidates* for the rules across partitions (repeated staff ids, one person holding
//!   two places), keyed so that [`global_findings`] is right on any set of candidates that
//!   holds every candidate of its keys (after a shuffle by key);
//! - a *contribution*: the counts and the few listed people the rules over units read.
//!
//! [`finish`] runs the rules over units once, on the sum of the contributions, and sorts
//! every finding by its key. The steps are those of [`super::validate`] (the same
//! functions), so `finish` of any partitioning equals `validate` of the whole.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::engine::{self, Counts, Ctx, Holder, Scope};
use super::excess::Excess;
use super::families::Facts;
use super::report::{Code, Report, Violation};
use super::Lang;
use crate::dataset::index::{FxMap, NONE, NO_CAT};
use crate::dataset::Dataset;
use crate::IssueKind;

/// Where a finding goes in the report: findings sort by this key, which reproduces the
/// order of [`super::validate`] (code, then the step that found it, then the record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FindingKey {
    code: u16,
    phase: u8,
    rank: u8,
    record: u64,
    seq: u64,
}

/// A finding and its place in the report.
pub type KeyedFinding = (FindingKey, Violation);

// The engine's steps, in the order `engine::run` takes them.
const ISSUES: u8 = 0;
const STRUCTURE: u8 = 1;
const STAFF: u8 = 2;
const PERSONS: u8 = 3;
const CONCURRENT: u8 = 4;
const UNITS: u8 = 5;
const DUTIES: u8 = 6;
const FAMILIES: u8 = 7;

/// The rank of an array in the order the loader reads a document (and the index orders
/// its findings): the document's own keys, then the arrays.
fn rank(array: &str) -> u8 {
    match array {
        "dataset" | "as_of" | "settings" => 0,
        "units" => 1,
        "posts" => 2,
        "staff" => 3,
        "duties" => 4,
        "pools" => 5,
        "norms" => 6,
        _ => 7,
    }
}

/// The rank of the staff array.
const STAFF_RANK: u8 = 3;

/// A row for the rules across partitions. Rows with equal [`Candidate::key`] must meet in
/// one call of [`global_findings`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// `i` + staff id, `k` + the ID-number key, or `r` + an invalid ID number's text.
    pub key: String,
    /// The record number of the staff record in the whole roster.
    pub record: u64,
    /// What the finding names, for the ID-number candidates.
    person: Option<(Holder, String)>,
}

impl Candidate {
    /// A hash of [`Candidate::key`], the same in every process and release of this
    /// version: engines shuffle candidates by it (a number hashes and moves faster than
    /// text). Keys that collide only meet in one call; [`global_findings`] tells them apart.
    pub fn key_hash(&self) -> u64 {
        key_hash(&self.key)
    }

    /// The candidate's key and details in a compact binary form (read by
    /// [`Candidate::from_payload`]); the record number travels beside it.
    pub fn payload(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.key.len() + 8);
        self.write_payload(&mut out);
        out
    }

    fn write_payload(&self, out: &mut Vec<u8>) {
        put(out, &self.key);
        match &self.person {
            None => out.push(0),
            Some((h, idn)) => {
                out.push(if h.unit.is_some() { 2 } else { 1 });
                for s in [&h.person, &h.staff, &h.unit_name, idn] {
                    put(out, s);
                }
                if let Some(u) = &h.unit {
                    put(out, u);
                }
            }
        }
    }

    /// A candidate from its record number and [`Candidate::payload`].
    ///
    /// # Errors
    /// [`PartitionError::Payload`] when the bytes are no candidate payload.
    pub fn from_payload(record: u64, payload: &[u8]) -> Result<Candidate, PartitionError> {
        let mut r = Reader(payload);
        let key = r.text()?;
        let person = match r.byte()? {
            0 => None,
            flag @ (1 | 2) => {
                let (person, staff, unit_name, idn) = (r.text()?, r.text()?, r.text()?, r.text()?);
                let unit = if flag == 2 { Some(r.text()?) } else { None };
                Some((
                    Holder {
                        person,
                        staff,
                        unit,
                        unit_name,
                    },
                    idn,
                ))
            }
            other => return Err(PartitionError::Payload(format!("candidate flag {other}"))),
        };
        if !r.0.is_empty() {
            return Err(PartitionError::Payload(format!(
                "{} bytes after a candidate",
                r.0.len()
            )));
        }
        Ok(Candidate {
            key,
            record,
            person,
        })
    }
}

/// FNV-1a over the key, then the SplitMix64 finaliser (FNV's low bits mix poorly and
/// engines partition by them).
fn key_hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// A text as its length (LEB128) and bytes.
fn put(out: &mut Vec<u8>, s: &str) {
    let mut n = s.len();
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, PartitionError> {
        let (&b, rest) = self
            .0
            .split_first()
            .ok_or_else(|| PartitionError::Payload("candidate payload cut short".into()))?;
        self.0 = rest;
        Ok(b)
    }

    fn text(&mut self) -> Result<String, PartitionError> {
        let mut n = 0usize;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            if b & 0x80 == 0 {
                break;
            }
        }
        if n > self.0.len() {
            return Err(PartitionError::Payload(
                "candidate payload cut short".into(),
            ));
        }
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        String::from_utf8(s.to_vec()).map_err(|e| PartitionError::Payload(e.to_string()))
    }
}

/// Candidates as columns, for engines that move Arrow: the key hash
/// ([`Candidate::key_hash`]), the record number, and the payloads
/// ([`Candidate::payload`]) as one byte buffer with `offsets` (Arrow's `large_binary`
/// layout: payload `i` is `data[offsets[i]..offsets[i + 1]]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CandidateColumns {
    /// [`Candidate::key_hash`] of each candidate.
    pub hashes: Vec<u64>,
    /// The record numbers.
    pub records: Vec<u64>,
    /// `len + 1` offsets into `data`.
    pub offsets: Vec<i64>,
    /// The payloads, end to end.
    pub data: Vec<u8>,
}

impl CandidateColumns {
    /// The columns of `candidates`.
    ///
    /// ```
    /// use bianzhi::validate::partition::{validate_partition, CandidateColumns};
    /// let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": [
    ///   {"id": "S1", "name": "甲", "unit": "U1"}]}"#).unwrap();
    /// let as_of = bianzhi::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    /// let p = validate_partition(&ds, &[4], as_of, bianzhi::Lang::Zh).unwrap();
    /// let cols = CandidateColumns::new(&p.candidates);
    /// assert_eq!(cols.records, vec![4]);
    /// assert_eq!(cols.to_candidates(&cols.records).unwrap(), p.candidates);
    /// ```
    pub fn new(candidates: &[Candidate]) -> CandidateColumns {
        let mut c = CandidateColumns {
            hashes: Vec::with_capacity(candidates.len()),
            records: Vec::with_capacity(candidates.len()),
            offsets: Vec::with_capacity(candidates.len() + 1),
            data: Vec::with_capacity(candidates.len() * 16),
        };
        c.offsets.push(0);
        for cand in candidates {
            c.hashes.push(cand.key_hash());
            c.records.push(cand.record);
            cand.write_payload(&mut c.data);
            c.offsets.push(c.data.len() as i64);
        }
        c
    }

    /// The candidates back from `records` and this `offsets` and `data` (`hashes` are
    /// not read: they only route the rows).
    ///
    /// # Errors
    /// [`PartitionError::Payload`] when the offsets or a payload are malformed.
    pub fn to_candidates(&self, records: &[u64]) -> Result<Vec<Candidate>, PartitionError> {
        candidates_from_columns(records, &self.offsets, &self.data)
    }
}

/// The candidates of `records` whose payloads are `data[offsets[i]..offsets[i + 1]]`.
///
/// # Errors
/// [`PartitionError::Payload`] when `offsets` do not fit `records` and `data`, or a
/// payload is malformed.
pub fn candidates_from_columns(
    records: &[u64],
    offsets: &[i64],
    data: &[u8],
) -> Result<Vec<Candidate>, PartitionError> {
    if offsets.len() != records.len() + 1 {
        return Err(PartitionError::Payload(format!(
            "{} offsets for {} candidates",
            offsets.len(),
            records.len()
        )));
    }
    let mut out = Vec::with_capacity(records.len());
    for (i, &record) in records.iter().enumerate() {
        let (a, b) = (offsets[i], offsets[i + 1]);
        let bytes = usize::try_from(a)
            .ok()
            .zip(usize::try_from(b).ok())
            .and_then(|(a, b)| data.get(a..b))
            .ok_or_else(|| {
                PartitionError::Payload(format!("candidate {i}: offsets {a}..{b} outside the data"))
            })?;
        out.push(Candidate::from_payload(record, bytes)?);
    }
    Ok(out)
}

/// The counts and listed people of one partition that the rules over units read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    staff: u64,
    /// Non-zero (unit, category, occupied).
    occ: Vec<(u32, u32, u32)>,
    leaders: Vec<(u32, u32)>,
    post_occ: Vec<(u32, u32)>,
    prof: Vec<(u32, [u32; 3])>,
    present: Vec<(u32, u32)>,
    payroll: Vec<(u32, u32)>,
    facts: Facts,
}

/// What [`validate_partition`] returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PartitionResult {
    /// The partition's own findings, with global record numbers.
    pub findings: Vec<KeyedFinding>,
    /// Candidates for [`global_findings`].
    pub candidates: Vec<Candidate>,
    /// The contribution to [`finish`].
    pub contribution: Contribution,
}

/// The local part of a [`PartitionResult`] (findings and contribution) as one payload,
/// to carry between processes.
#[derive(Serialize, Deserialize)]
struct Local {
    findings: Vec<KeyedFinding>,
    contribution: Contribution,
}

impl PartitionResult {
    /// The findings and the contribution, serialised (the candidates travel as rows).
    pub fn local_payload(&self) -> Vec<u8> {
        serde_json::to_vec(&Local {
            findings: self.findings.clone(),
            contribution: self.contribution.clone(),
        })
        .unwrap_or_default()
    }

    /// The findings and contribution of [`PartitionResult::local_payload`].
    pub fn from_local_payload(
        bytes: &[u8],
    ) -> Result<(Vec<KeyedFinding>, Contribution), PartitionError> {
        let l: Local =
            serde_json::from_slice(bytes).map_err(|e| PartitionError::Payload(e.to_string()))?;
        Ok((l.findings, l.contribution))
    }
}

/// Serialises findings (of [`global_findings`]).
pub fn findings_payload(findings: &[KeyedFinding]) -> Vec<u8> {
    serde_json::to_vec(findings).unwrap_or_default()
}

/// Reads findings written by [`findings_payload`].
pub fn findings_from_payload(bytes: &[u8]) -> Result<Vec<KeyedFinding>, PartitionError> {
    serde_json::from_slice(bytes).map_err(|e| PartitionError::Payload(e.to_string()))
}

/// Why a partition cannot be validated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PartitionError {
    /// The record numbers do not match the staff.
    #[error("record numbers: {0}")]
    Records(String),
    /// A payload that did not come from this version of bianzhi.
    #[error("partition payload: {0}")]
    Payload(String),
}

/// One unit's place in the partitioning: its pool (the establishment-holding unit whose
/// places its staff hold) and the partition key of its staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PoolEntry {
    /// The unit id.
    pub unit: String,
    /// The pool's unit id (`None`: the unit counts in no pool).
    pub pool: Option<String>,
    /// The partition key: the pool's unit id, or empty for no pool. Staff whose unit is
    /// not in the map also take the empty key.
    pub key: String,
}

/// Unit → pool → partition key, from the units of `ds` (the tree logic of validation:
/// a repeated unit id resolves to its first record, as staff references do).
///
/// ```
/// let ds = bianzhi::Dataset::from_json(r#"{"units": [
///   {"id": "U1", "name": "县委", "kind": "organ", "quotas": {"administrative": 3}},
///   {"id": "U2", "name": "办公室", "kind": "internal", "parent": "U1"}], "staff": []}"#).unwrap();
/// let map = bianzhi::validate::partition::pool_map(&ds);
/// assert_eq!(map[1].unit, "U2");
/// assert_eq!(map[1].key, "U1");
/// ```
pub fn pool_map(ds: &Dataset) -> Vec<PoolEntry> {
    let doc = ds.rows();
    let ix = &ds.ix;
    let mut seen: FxMap<&str, ()> = FxMap::default();
    let mut out = Vec::with_capacity(doc.units.len());
    for (i, u) in doc.units.iter().enumerate() {
        if ix.unit_dup[i] || seen.insert(u.id.as_str(), ()).is_some() {
            continue;
        }
        let p = ix.unit_pool[i];
        let pool = (p != NONE).then(|| doc.units[p as usize].id.clone());
        out.push(PoolEntry {
            unit: u.id.clone(),
            key: pool.clone().unwrap_or_default(),
            pool,
        });
    }
    out
}

/// Whether a load issue is about a table (an unknown column, unread cells) rather than a
/// record.
fn table_level(issue: &crate::RecordIssue) -> bool {
    matches!(
        &issue.kind,
        IssueKind::UnknownField {
            column: Some(_),
            ..
        } | IssueKind::NotRead(_)
    )
}

/// Keys the findings pushed into `cx` since `from` (bucket lengths) for step `phase`;
/// `rec` gives the record of a finding from the staff record it was found on.
fn take(
    cx: &mut Ctx,
    phase: u8,
    out: &mut Vec<KeyedFinding>,
    seq: &mut u64,
    key: &dyn Fn(&Violation, u32) -> (u8, u64),
) {
    for (code, (bucket, at)) in cx.out.iter_mut().zip(cx.at.iter_mut()).enumerate() {
        for (v, a) in bucket.drain(..).zip(at.drain(..)) {
            let (rank, record) = key(&v, a);
            *seq += 1;
            out.push((
                FindingKey {
                    code: code as u16,
                    phase,
                    rank,
                    record,
                    seq: *seq,
                },
                v,
            ));
        }
    }
}

/// Validates one partition of a roster: `ds` holds the partition's staff (in increasing
/// record number) with the units, posts and settings in full, and `records[i]` is the
/// number (from 0) in the whole roster of the partition's input staff record `i` (records
/// the loader skipped included). All staff whose unit has a given [`pool_map`] key must be in
/// one partition; staff with the empty key may be anywhere.
///
/// ```
/// use bianzhi::validate::partition::{finish, global_findings, validate_partition};
/// use bianzhi::{validate, Dataset, Lang, Options};
/// // Two pools; the same staff id in each, so the finding needs both partitions.
/// let units = r#""units": [
///   {"id": "U1", "name": "甲局", "kind": "organ", "quotas": {"administrative": 1}},
///   {"id": "U2", "name": "乙局", "kind": "organ", "quotas": {"administrative": 1}}]"#;
/// let person = |name: &str, unit: &str| format!(
///     r#"{{"id": "S1", "name": "{name}", "unit": "{unit}", "establishment": "administrative"}}"#);
/// let doc = |staff: &[String]| Dataset::from_json(
///     &format!(r#"{{{units}, "staff": [{}]}}"#, staff.join(","))).unwrap();
/// let (a, b) = (person("甲", "U1"), person("乙", "U2"));
/// let as_of = bianzhi::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
/// let p0 = validate_partition(&doc(&[a.clone()]), &[0], as_of, Lang::Zh).unwrap();
/// let p1 = validate_partition(&doc(&[b.clone()]), &[1], as_of, Lang::Zh).unwrap();
/// let found = global_findings([p0.candidates.clone(), p1.candidates.clone()].concat(), Lang::Zh);
/// let report = finish(&doc(&[]), as_of, Lang::Zh, vec![p0, p1], found);
/// assert_eq!(report, validate(&doc(&[a, b]), &Options::as_of(as_of)));
/// assert_eq!(report.violations[0].message, "人员编号 S1 重复（第1条与第2条），后者仍参与核查");
/// ```
pub fn validate_partition(
    ds: &Dataset,
    records: &[u64],
    as_of: NaiveDate,
    lang: Lang,
) -> Result<PartitionResult, PartitionError> {
    let doc = ds.rows();
    let st = ds.staff();
    let ix = &ds.ix;
    let skipped = ds
        .issues()
        .iter()
        .filter(|i| i.array == "staff" && i.skipped)
        .map(|i| i.index)
        .collect::<std::collections::BTreeSet<usize>>();
    if records.len() != st.len() + skipped.len() || skipped.iter().any(|&i| i >= records.len()) {
        return Err(PartitionError::Records(format!(
            "{} record numbers for {} staff records ({} of them skipped)",
            records.len(),
            st.len() + skipped.len(),
            skipped.len()
        )));
    }
    if let Some(w) = records.windows(2).position(|w| w[0] >= w[1]) {
        return Err(PartitionError::Records(format!(
            "record numbers must increase: {} is followed by {} (staff record {})",
            records[w],
            records[w + 1],
            w + 1
        )));
    }
    let input = records;
    let by_position = engine::staff_rows(ds, Some(input)).unwrap_or_default();
    let records = by_position.as_slice();
    let rec = |i: u32| records.get(i as usize).copied().unwrap_or(u64::MAX);
    let mut cx = Ctx::new(doc, st, ix, as_of, lang, Some(records));
    cx.issue_rows = Some(input);
    let mut found = Vec::new();
    let mut seq = 0u64;

    for issue in ds.issues().iter().filter(|i| i.array == "staff") {
        // A table's own issue (an unknown column) is about no record: `finish` reports it
        // from its units dataset, loaded with the staff table's header.
        if table_level(issue) {
            continue;
        }
        cx.cur = issue.index as u32;
        engine::record_issue(&mut cx, issue);
    }
    take(&mut cx, ISSUES, &mut found, &mut seq, &|_, a| {
        (
            STAFF_RANK,
            input.get(a as usize).map_or(u64::MAX, |&r| r + 1),
        )
    });
    engine::structure(&mut cx, Scope::Staff);
    take(&mut cx, STRUCTURE, &mut found, &mut seq, &|_, a| {
        (STAFF_RANK, rec(a))
    });

    let so = engine::staff_local(&mut cx, 1);
    take(&mut cx, STAFF, &mut found, &mut seq, &|_, a| (0, rec(a)));
    let mut candidates: Vec<Candidate> = Vec::with_capacity(st.len() + so.raw.len());
    for (i, s) in st.iter().enumerate() {
        candidates.push(Candidate {
            key: format!("i{}", s.id()),
            record: records[i],
            person: None,
        });
    }
    let person = |cx: &Ctx, i: u32| {
        let idn = st
            .row(i as usize)
            .id_number()
            .unwrap_or_default()
            .to_string();
        Some((cx.holder(i as usize), idn))
    };
    for (key, i) in so.keys() {
        candidates.push(Candidate {
            key: format!("k{key:016x}"),
            record: rec(i),
            person: person(&cx, i),
        });
    }
    for &(text, i) in &so.raw {
        candidates.push(Candidate {
            key: format!("r{text}"),
            record: rec(i),
            person: person(&cx, i),
        });
    }
    let mut k = so.k;
    engine::concurrent_rules(&mut cx, &mut k);
    take(&mut cx, CONCURRENT, &mut found, &mut seq, &|_, a| {
        (0, rec(a))
    });

    let record = |i: usize| records[i];
    let mut facts = Facts::gather(doc, st, ix, as_of, lang, &k.post_occ, &record, false);
    for (i, v) in std::mem::take(&mut facts.listed) {
        seq += 1;
        found.push((
            FindingKey {
                code: v.code as u16,
                phase: FAMILIES,
                rank: 0,
                record: records[i],
                seq,
            },
            v,
        ));
    }
    let quota_known: Vec<bool> = doc.units.iter().map(super::quota::quotas_known).collect();
    let mut excess = Excess::gather(
        st,
        ix,
        &record,
        &|p, c| c != NO_CAT && quota_known[p as usize] && k.occ.get(p, c) > ix.quota.get(p, c),
        &|_, _| true,
    );
    excess.prune(&|is_est, p, slot| {
        if is_est {
            u64::from(ix.quota.get(p, slot))
        } else {
            let level = crate::model::LeaderLevel::ALL.get(slot as usize).copied();
            level
                .and_then(|l| doc.units[p as usize].leadership.get(&l).copied())
                .map_or(0, u64::from)
        }
    });
    facts.excess = Some(excess);

    let nz = |v: &[u32]| -> Vec<(u32, u32)> {
        v.iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(i, &n)| (i as u32, n))
            .collect()
    };
    let contribution = Contribution {
        staff: st.len() as u64,
        occ: k.occ.nonzero(),
        leaders: nz(&k.leaders),
        post_occ: nz(&k.post_occ),
        prof: k
            .prof
            .iter()
            .enumerate()
            .filter(|(_, g)| g.iter().any(|&n| n > 0))
            .map(|(i, &g)| (i as u32, g))
            .collect(),
        present: nz(&k.present),
        payroll: nz(&k.payroll),
        facts,
    };
    Ok(PartitionResult {
        findings: found,
        candidates,
        contribution,
    })
}

/// The findings across partitions from `candidates`: a repeated staff id
/// (`DUPLICATE_ID`) and an ID number held by two occupying people (`DUPLICATE_PERSON`),
/// each against the first record of its key. Right on any subset of the candidates that
/// holds every candidate of its keys.
pub fn global_findings(mut candidates: Vec<Candidate>, lang: Lang) -> Vec<KeyedFinding> {
    candidates.sort_by(|a, b| (&a.key, a.record).cmp(&(&b.key, b.record)));
    let mut out = Vec::new();
    for group in candidates.chunk_by(|a, b| a.key == b.key) {
        let first = &group[0];
        for later in &group[1..] {
            match (&first.person, &later.person, later.key.strip_prefix('i')) {
                (_, _, Some(id)) => out.push((
                    FindingKey {
                        code: Code::DuplicateId as u16,
                        phase: STRUCTURE,
                        rank: STAFF_RANK,
                        record: later.record,
                        seq: 0,
                    },
                    engine::duplicate_id(
                        lang,
                        "staff",
                        id.to_string(),
                        later.record as usize,
                        first.record as usize,
                    ),
                )),
                (Some((f, _)), Some((s, idn)), None) => out.push((
                    FindingKey {
                        code: Code::DuplicatePerson as u16,
                        phase: PERSONS,
                        rank: 0,
                        record: later.record,
                        seq: first.record,
                    },
                    engine::duplicate_person_finding(lang, s, f, idn),
                )),
                _ => {}
            }
        }
    }
    out
}

/// The report of the whole roster from its partitions: `units` holds the units, posts
/// and settings (its staff records, if any, are ignored; a table loader's issues about the
/// staff table itself, such as an unknown column, are reported from it, so load it with
/// the staff table's header), `parts` the partitions' results (their candidates are not
/// read) and `global` the findings of [`global_findings`] over all candidates.
pub fn finish(
    units: &Dataset,
    as_of: NaiveDate,
    lang: Lang,
    parts: Vec<PartitionResult>,
    global: Vec<KeyedFinding>,
) -> Report {
    let (findings, contributions): (Vec<_>, Vec<_>) = parts
        .into_iter()
        .map(|p| (p.findings, p.contribution))
        .unzip();
    finish_parts(units, as_of, lang, findings, contributions, global)
}

/// [`finish`] from the findings and contributions of the partitions, as read back from
/// [`PartitionResult::local_payload`].
pub fn finish_parts(
    units: &Dataset,
    as_of: NaiveDate,
    lang: Lang,
    findings: Vec<Vec<KeyedFinding>>,
    contributions: Vec<Contribution>,
    global: Vec<KeyedFinding>,
) -> Report {
    let doc = units.rows();
    let st = units.staff();
    let ix = &units.ix;
    let mut cx = Ctx::new(doc, st, ix, as_of, lang, None);
    let mut all: Vec<KeyedFinding> = findings.into_iter().flatten().collect();
    all.extend(global);
    let mut seq = 0u64;
    for issue in units.issues() {
        // A table's own issues come first in the loader's list, in the order the tables
        // were given (staff ones too: `units` was loaded with the staff table's header);
        // record issues in document order. Staff records are the partitions' to report.
        let table = table_level(issue);
        if issue.array == "staff" && !table {
            continue;
        }
        engine::record_issue(&mut cx, issue);
        let r = if table { 0 } else { rank(issue.array) };
        take(&mut cx, ISSUES, &mut all, &mut seq, &|_, _| (r, 0));
    }
    engine::structure(&mut cx, Scope::NotStaff);
    take(
        &mut cx,
        STRUCTURE,
        &mut all,
        &mut seq,
        &|v, _| match v.code {
            Code::DuplicateId => (
                v.array.as_deref().map_or(7, rank),
                v.index.unwrap_or(0) as u64,
            ),
            Code::UnknownReference => (v.array.as_deref().map_or(7, rank), 0),
            _ => (0, 0),
        },
    );

    let mut k = Counts::new(doc, ix.ncat());
    let mut facts: Option<Facts> = None;
    let mut staff = 0u64;
    for c in contributions {
        staff += c.staff;
        for (u, cat, n) in c.occ {
            k.occ.add(u, cat, n);
        }
        let add = |v: &mut Vec<u32>, from: &[(u32, u32)]| {
            for &(i, n) in from {
                if let Some(x) = v.get_mut(i as usize) {
                    *x = x.saturating_add(n);
                }
            }
        };
        add(&mut k.leaders, &c.leaders);
        add(&mut k.post_occ, &c.post_occ);
        add(&mut k.present, &c.present);
        add(&mut k.payroll, &c.payroll);
        for (u, g) in c.prof {
            if let Some(x) = k.prof.get_mut(u as usize) {
                for (a, b) in x.iter_mut().zip(g) {
                    *a = a.saturating_add(b);
                }
            }
        }
        match &mut facts {
            Some(f) => f.merge(c.facts),
            None => facts = Some(c.facts),
        }
    }
    let mut facts = facts.unwrap_or_default();
    facts.excess.get_or_insert_with(Excess::default);
    facts.listed.clear();

    // The rules over units push into the buckets; the positions where each step ends
    // give its findings their step.
    engine::unit_rules(&mut cx, &k, &facts.tallies);
    let after_units: Vec<usize> = cx.out.iter().map(Vec::len).collect();
    engine::duties(&mut cx);
    let after_duties: Vec<usize> = cx.out.iter().map(Vec::len).collect();
    super::families::run(doc, st, ix, as_of, lang, &mut cx.out, facts, &k.post_occ);
    for (code, bucket) in cx.out.iter_mut().enumerate() {
        for (n, v) in bucket.drain(..).enumerate() {
            let phase = if n < after_units[code] {
                UNITS
            } else if n < after_duties[code] {
                DUTIES
            } else {
                FAMILIES
            };
            seq += 1;
            all.push((
                FindingKey {
                    code: code as u16,
                    phase,
                    rank: 0,
                    record: 0,
                    seq,
                },
                v,
            ));
        }
    }
    cx.at.iter_mut().for_each(Vec::clear);

    all.sort_by_key(|a| a.0);
    let violations: Vec<Violation> = all.into_iter().map(|(_, v)| v).collect();
    let staff = usize::try_from(staff).unwrap_or(usize::MAX);
    engine::report(doc, ix, as_of, staff, violations, &k)
}
