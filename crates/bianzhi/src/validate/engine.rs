//! The rules of `docs/rules.md#finding-codes` over the dense index, in one pass over staff plus passes
//! over units, posts, duties and pools.

use chrono::{Datelike, Months, NaiveDate};

use super::report::{Code, LeadershipRow, OccupancyRow, Report, Summary, Violation};
use super::Lang;
use crate::dataset::index::{FxMap, Index, NONE, NO_CAT};
use crate::dataset::pairs::{union, Pairs};
use crate::dataset::{Dataset, RecordIssue};
use crate::ident::{check_credit_code, parse_id_key, AsOf, IdKey};
use crate::model::{
    Category, Document, Gender, LeaderLevel, PostCategory, RetirementGroup, Staff, Status, UnitKind,
};
use crate::retirement::{default_group, retirement};

macro_rules! say {
    ($lang:expr, $zh:expr, $en:expr) => {
        match $lang {
            Lang::Zh => $zh,
            Lang::En => $en,
        }
    };
}

pub(super) struct Ctx<'a> {
    pub(super) doc: &'a Document,
    pub(super) ix: &'a Index,
    pub(super) as_of: NaiveDate,
    pub(super) lang: Lang,
    /// One bucket per code: concatenated in code order at the end.
    pub(super) out: Vec<Vec<Violation>>,
    /// Beside each finding of `out`: the staff record it was found on (`cur` when pushed),
    /// which orders the findings of a partition among the others (`super::partition`).
    pub(super) at: Vec<Vec<u32>>,
    pub(super) cur: u32,
    /// The record number in the input of each staff record, when it is not its position:
    /// after a record was skipped, or in a partition of a roster (numbers in the whole).
    pub(super) records: Option<&'a [u64]>,
    /// For a partition: the whole roster's record number of each of its input records
    /// (`RecordIssue::index` counts them, skipped ones included).
    pub(super) issue_rows: Option<&'a [u64]>,
}

/// The input record number of each loaded staff record of `ds` (records skipped while
/// loading leave gaps), mapped through `input` (a partition's numbers in the whole
/// roster); `None` when they are the positions themselves.
pub(super) fn staff_rows(ds: &Dataset, input: Option<&[u64]>) -> Option<Vec<u64>> {
    let mut skipped: Vec<usize> = ds
        .issues()
        .iter()
        .filter(|i| i.array == "staff" && i.skipped)
        .map(|i| i.index)
        .collect();
    if skipped.is_empty() && input.is_none() {
        return None;
    }
    skipped.sort_unstable();
    skipped.dedup();
    let n = ds.document().staff.len();
    let mut out = Vec::with_capacity(n);
    let mut skip = skipped.iter().peekable();
    let mut row = 0usize;
    while out.len() < n {
        if skip.peek() == Some(&&row) {
            skip.next();
        } else {
            out.push(input.map_or(row as u64, |r| r.get(row).copied().unwrap_or(u64::MAX)));
        }
        row += 1;
    }
    Some(out)
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        doc: &'a Document,
        ix: &'a Index,
        as_of: NaiveDate,
        lang: Lang,
        records: Option<&'a [u64]>,
    ) -> Ctx<'a> {
        Ctx {
            doc,
            ix,
            as_of,
            lang,
            out: vec![Vec::new(); Code::ALL.len()],
            at: vec![Vec::new(); Code::ALL.len()],
            cur: 0,
            records,
            issue_rows: None,
        }
    }

    fn push(&mut self, v: Violation) {
        self.at[v.code as usize].push(self.cur);
        self.out[v.code as usize].push(v);
    }

    /// The record number (from 0) of staff record `i` in the whole roster.
    fn staff_no(&self, i: usize) -> usize {
        self.records
            .and_then(|r| r.get(i))
            .map_or(i, |&n| usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn unit_name(&self, u: u32) -> &'a str {
        self.doc
            .units
            .get(u as usize)
            .map(|u| u.name.as_str())
            .unwrap_or("?")
    }

    fn unit_id(&self, u: u32) -> Option<String> {
        self.doc.units.get(u as usize).map(|u| u.id.clone())
    }

    fn person(&self, s: &Staff) -> String {
        format!("{}({})", s.name, s.id)
    }

    /// `person(s)` followed by `rest`, in one allocation (most findings are about a person).
    fn about(&self, s: &Staff, rest: std::fmt::Arguments) -> String {
        use std::fmt::Write;
        let mut m = String::with_capacity(s.name.len() + s.id.len() + 2 + 120);
        m.push_str(&s.name);
        m.push('(');
        m.push_str(&s.id);
        m.push(')');
        let _ = m.write_fmt(rest);
        m
    }

    fn cat_name(&self, c: usize) -> &'a str {
        let cat = &self.ix.categories[c];
        match self.lang {
            Lang::Zh => cat.zh(),
            Lang::En => cat.as_str(),
        }
    }

    fn staff_v(&self, code: Code, i: usize, message: String) -> Violation {
        let s = &self.doc.staff[i];
        let u = self.ix.staff_pool[i];
        Violation {
            unit: if u == NONE {
                Some(s.unit.clone())
            } else {
                self.unit_id(u)
            },
            staff: Some(s.id.clone()),
            message,
            ..Violation::new(code)
        }
    }
}

fn level_name(l: LeaderLevel, lang: Lang) -> &'static str {
    say!(lang, l.zh(), l.as_str())
}

fn array_zh(a: &str) -> &'static str {
    match a {
        "units" => "单位",
        "posts" => "岗位",
        "staff" => "人员",
        "duties" => "职责",
        "pools" => "三不超总量",
        "norms" => "配备标准",
        "settings" => "设置",
        _ => "数据集",
    }
}

pub(crate) fn run(ds: &Dataset, as_of: NaiveDate, lang: Lang, threads: usize) -> Report {
    let doc = ds.document();
    let ix = &ds.ix;
    let rows = staff_rows(ds, None);
    let mut cx = Ctx::new(doc, ix, as_of, lang, rows.as_deref());
    for issue in ds.issues() {
        record_issue(&mut cx, issue);
    }
    structure(&mut cx, Scope::All);
    let counts = staff_pass(&mut cx, threads);
    let facts =
        super::families::Facts::gather(doc, ix, as_of, lang, &counts.post_occ, &|i| i as u64, true);
    unit_rules(&mut cx, &counts, &facts.tallies);
    duties(&mut cx);
    super::families::run(doc, ix, as_of, lang, &mut cx.out, facts, &counts.post_occ);

    let violations: Vec<Violation> = cx.out.into_iter().flatten().collect();
    report(doc, ix, as_of, doc.staff.len(), violations, &counts)
}

/// The report of the findings (in their final order) and the summed counts: the last step
/// of [`run`] and of the partition API's `finish`.
pub(super) fn report(
    doc: &Document,
    ix: &Index,
    as_of: NaiveDate,
    staff: usize,
    violations: Vec<Violation>,
    counts: &Counts,
) -> Report {
    let mut summary = Summary {
        units: doc.units.len(),
        posts: doc.posts.len(),
        staff,
        ..Summary::default()
    };
    for v in &violations {
        match v.severity {
            super::Severity::Error => summary.errors += 1,
            super::Severity::Warning => summary.warnings += 1,
            super::Severity::Info => summary.infos += 1,
        }
    }
    Report {
        as_of,
        summary,
        occupancy: counts.occupancy_rows(doc, ix),
        leadership: counts.leadership_rows(doc, ix),
        violations,
    }
}

/// The loader's reasons come from serde and the record checks in English; they read in
/// Chinese here (the English text stays in brackets where it carries detail). A reason not
/// recognised is still introduced in Chinese, with the English kept.
fn reason_zh(reason: &str) -> String {
    let tick = |s: &str| s.split('`').nth(1).unwrap_or("").to_string();
    if reason.starts_with("missing field ") {
        return format!("缺少必填字段 {}（{reason}）", tick(reason));
    }
    if reason.starts_with("not a calendar date") {
        return format!("日期不存在（如2月30日），应为 YYYY-MM-DD（{reason}）");
    }
    if reason.starts_with("not a date in the form") {
        return format!("日期格式错误，应为 YYYY-MM-DD（{reason}）");
    }
    if reason.starts_with("invalid value: integer") && reason.contains("expected u") {
        // A table reader appends where the cell is (" (file row N)"): keep it.
        let place = reason
            .split_once("expected u")
            .map_or("", |(_, t)| {
                t.trim_start_matches(|c: char| c.is_ascii_digit())
            })
            .trim();
        let sep = if place.is_empty() { "" } else { " " };
        return format!("数值 {} 无效，应为非负整数{sep}{place}", tick(reason));
    }
    if reason.starts_with("unknown establishment category") {
        return format!(
            "编制类型“{}”无法识别，其他类型须在 settings.categories 中声明",
            tick(reason)
        );
    }
    if reason.starts_with("unknown ") && reason.contains("(expected one of: ") {
        let what = reason["unknown ".len()..].split(" `").next().unwrap_or("");
        if let Some(zh) = crate::model::zh_names_of(what) {
            // A table reader appends where the cell is (" (file row N)"): keep it.
            let after = reason.split("(expected one of: ").nth(1).unwrap_or("");
            let place = after.split_once(')').map_or("", |(_, t)| t.trim());
            return format!("取值“{}”无法识别（可用：{zh}）{place}", tick(reason));
        }
        let allowed = reason
            .split("(expected one of: ")
            .nth(1)
            .unwrap_or("")
            .trim_end_matches(')');
        return format!(
            "取值“{}”无法识别（可用：{allowed}，或其中文名称）",
            tick(reason)
        );
    }
    if reason.starts_with("invalid type:") {
        return format!("类型错误（{reason}）");
    }
    if reason.starts_with("empty name") {
        return format!("名称为空（{reason}）");
    }
    if reason.starts_with('`') && reason.contains("` is given twice") {
        return format!("“{}”重复给出（{reason}）", tick(reason));
    }
    if reason.starts_with("duplicate field") {
        return format!("字段 {} 重复（{reason}）", tick(reason));
    }
    if reason.starts_with("empty identifier") {
        return format!("编号为空（{reason}）");
    }
    if reason.starts_with("expected an identifier") {
        return format!("应为编号：文本或整数（{reason}）");
    }
    if reason.starts_with("身份证号 must be a string") {
        return format!("身份证号应为文本，存为数字会丢失末位X和精度（{reason}）");
    }
    if reason.starts_with("empty establishment category") {
        return format!("编制类型为空（{reason}）");
    }
    if reason.starts_with("expected a unit id or") {
        return format!("应为单位编码或 {{\"unit\": …, \"leadership\": …}}（{reason}）");
    }
    // "<what> <date> is before <other> <date>": the record checks' date order.
    let words: Vec<&str> = reason.split_whitespace().collect();
    match words.as_slice() {
        ["left", l, "is", "before", "joined", j] => {
            return format!("离开日期{l}早于入职日期{j}");
        }
        ["joined", j, "is", "before", "birth", "date", b] => {
            return format!("入职日期{j}早于出生日期{b}");
        }
        ["secondment", "end", e, "is", "before", "its", "start", b] => {
            return format!("借调结束日期{e}早于开始日期{b}");
        }
        ["monthly", "pay", pay, "is", "negative"] => {
            return format!("月发放金额{pay}为负数");
        }
        ["level", level, "is", "out", "of", "range", ..] => {
            return format!("岗位等级{level}超出该类岗位的等级范围（{reason}）");
        }
        _ => {}
    }
    // Rarer serde messages ("invalid length 0, expected …"): said to be unreadable, with
    // serde's own words kept for the detail.
    format!("无法读取（{reason}）")
}

/// Puts a record's id into the field of the finding that names that kind of record.
fn set_subject(v: &mut Violation, array: &str, id: Option<String>) {
    match array {
        "units" => v.unit = id,
        "posts" => v.post = id,
        "staff" => v.staff = id,
        "duties" | "pools" | "norms" => v.duty = id,
        _ => {}
    }
}

pub(super) fn record_issue(cx: &mut Ctx, issue: &RecordIssue) {
    let renumbered;
    let issue = if let (true, Some(rows)) = (issue.array == "staff", cx.issue_rows) {
        let global = rows.get(issue.index).copied().unwrap_or(u64::MAX);
        renumbered = RecordIssue {
            index: usize::try_from(global).unwrap_or(usize::MAX),
            ..issue.clone()
        };
        &renumbered
    } else {
        issue
    };
    if let Some(v) = super::unknown::finding(issue, cx.lang) {
        return cx.push(v);
    }
    let mut v = Violation::new(Code::InvalidRecord);
    let id = issue.id.clone();
    set_subject(&mut v, issue.array, id.clone());
    v.array = Some(issue.array.to_string());
    v.index = Some(issue.index);
    v.field = issue.field.clone();
    let whose = match &id {
        Some(id) => format!("({id})"),
        None => String::new(),
    };
    let field = issue.field.as_deref().unwrap_or("-");
    let skipped_zh = if issue.skipped {
        "，该记录已跳过"
    } else {
        ""
    };
    let skipped_en = if issue.skipped {
        "; the record was skipped"
    } else {
        ""
    };
    v.message = say!(
        cx.lang,
        format!(
            "{}第{}条{whose} 字段 {field} 错误：{}{skipped_zh}",
            array_zh(issue.array),
            issue.index + 1,
            reason_zh(&issue.reason)
        ),
        format!(
            "{}[{}]{whose} field {field}: {}{skipped_en}",
            issue.array, issue.index, issue.reason
        )
    );
    cx.push(v);
}

/// `DUPLICATE_ID` of record `i` of `array`, whose id repeats record `first`.
pub(super) fn duplicate_id(
    lang: Lang,
    array: &str,
    id: String,
    i: usize,
    first: usize,
) -> Violation {
    let mut v = Violation::new(Code::DuplicateId);
    set_subject(&mut v, array, Some(id.clone()));
    v.array = Some(array.into());
    v.index = Some(i);
    let kept = if array == "staff" {
        say!(lang, "仍参与核查", "still checked")
    } else {
        say!(lang, "已忽略", "ignored")
    };
    v.message = say!(
        lang,
        format!(
            "{}编号 {id} 重复（第{}条与第{}条），后者{kept}",
            array_zh(array),
            first + 1,
            i + 1
        ),
        format!("{array} id {id} repeats record {first} at record {i} ({kept})")
    );
    v
}

/// Which records' structural findings [`structure`] reports.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    All,
    /// The unknown references of staff records only: a partition of the roster (repeated
    /// staff ids are found across partitions, the rest from the units).
    Staff,
    /// Everything but staff records: the units-only step after the partitions.
    NotStaff,
}

/// Duplicate ids, unknown references, cycles, internal-unit quotas, credit codes.
pub(super) fn structure(cx: &mut Ctx, scope: Scope) {
    let doc = cx.doc;
    let ix = cx.ix;
    let wants = |array: &str| match scope {
        Scope::All => true,
        Scope::Staff => array == "staff",
        Scope::NotStaff => array != "staff",
    };
    for &(array, i, first) in &ix.dup_ids {
        if scope == Scope::Staff || !wants(array) {
            continue;
        }
        let id = match array {
            "units" => &doc.units[i].id,
            "posts" => &doc.posts[i].id,
            "staff" => &doc.staff[i].id,
            "pools" => &doc.pools[i].id,
            "norms" => &doc.norms[i].id,
            _ => &doc.duties[i].id,
        }
        .clone();
        let (i, first) = if array == "staff" {
            (cx.staff_no(i), cx.staff_no(first))
        } else {
            (i, first)
        };
        let v = duplicate_id(cx.lang, array, id, i, first);
        cx.push(v);
    }
    for r in &ix.unknown {
        if !wants(r.array) {
            continue;
        }
        let index = if r.array == "staff" {
            cx.cur = r.index as u32;
            cx.staff_no(r.index)
        } else {
            r.index
        };
        let mut v = Violation::new(Code::UnknownReference);
        match r.array {
            "units" => v.unit = Some(doc.units[r.index].id.clone()),
            "posts" => v.post = Some(doc.posts[r.index].id.clone()),
            "staff" => {
                v.staff = Some(doc.staff[r.index].id.clone());
                let u = ix.staff_pool[r.index];
                if u != NONE {
                    v.unit = cx.unit_id(u);
                }
            }
            "duties" => v.duty = Some(doc.duties[r.index].id.clone()),
            _ => v.duty = doc.pools.get(r.index).map(|p| p.id.clone()),
        }
        v.array = Some(r.array.into());
        v.index = Some(index);
        v.field = Some(r.field.clone());
        v.message = say!(
            cx.lang,
            format!(
                "{}第{}条 字段 {} 引用的单位/岗位 {} 不存在",
                array_zh(r.array),
                index + 1,
                r.field,
                r.target
            ),
            format!(
                "{}[{}] field {} refers to {}, which does not exist",
                r.array, index, r.field, r.target
            )
        );
        cx.push(v);
    }
    if scope == Scope::Staff {
        return;
    }
    for cycle in &ix.cycles {
        let names: Vec<&str> = cycle.iter().take(8).map(|&u| cx.unit_name(u)).collect();
        let more = if cycle.len() > 8 { " …" } else { "" };
        let chain = names.join(" → ");
        let v = Violation {
            unit: cx.unit_id(cycle[0]),
            actual: Some(cycle.len() as i64),
            message: say!(
                cx.lang,
                format!("隶属关系成环（{}个单位）：{chain}{more}", cycle.len()),
                format!(
                    "parent chain loops over {} units: {chain}{more}",
                    cycle.len()
                )
            ),
            ..Violation::new(Code::CycleInTree)
        };
        cx.push(v);
    }
    for (i, u) in doc.units.iter().enumerate() {
        if ix.unit_dup[i] {
            continue;
        }
        if !u.kind.is_pool() {
            let total: u64 = u.quotas.values().map(|&q| u64::from(q)).sum();
            if total > 0 {
                let v = Violation {
                    unit: Some(u.id.clone()),
                    actual: Some(total as i64),
                    message: say!(
                        cx.lang,
                        format!(
                            "{}为{}，不应单列编制（填报{}名），其编制由所属单位统一核定",
                            u.name,
                            u.kind.zh(),
                            total
                        ),
                        format!(
                            "{} is an {} unit and declares {} quota places of its own; quotas belong to its parent pool (ignored)",
                            u.name, u.kind, total
                        )
                    ),
                    ..Violation::new(Code::QuotaOnInternalUnit)
                };
                cx.push(v);
            }
            if ix.unit_pool[i] == NONE && ix.unit_depth[i] != NONE {
                let v = Violation {
                    unit: Some(u.id.clone()),
                    array: Some("units".into()),
                    index: Some(i),
                    field: Some("parent".into()),
                    message: say!(
                        cx.lang,
                        format!("{}为{}，但没有可归属的编制单位（上级单位缺失），其人员不计入任何编制", u.name, u.kind.zh()),
                        format!("{} is an {} unit with no establishment-holding ancestor; its staff count in no pool", u.name, u.kind)
                    ),
                    ..Violation::new(Code::InvalidRecord)
                };
                cx.push(v);
            }
        }
        if let Some(code) = &u.credit_code {
            let problem = match check_credit_code(code) {
                Err(e) => Some(say!(cx.lang, e.zh(), e.to_string())),
                Ok(c) => {
                    let want = if u.kind.is_organ_like() {
                        Some("11")
                    } else if u.kind == UnitKind::Institution {
                        Some("12")
                    } else {
                        None
                    };
                    match want {
                        Some(w) if !c.code.starts_with(w) => Some(say!(
                            cx.lang,
                            format!("{}应以{}开头（{}），实为{}", "统一社会信用代码", w, u.kind.zh(), c.kind),
                            format!("the code should start with {w} for a unit of kind {}, but it is {}", u.kind, c.kind)
                        )),
                        _ => None,
                    }
                }
            };
            if let Some(p) = problem {
                let v = Violation {
                    unit: Some(u.id.clone()),
                    field: Some("credit_code".into()),
                    message: say!(
                        cx.lang,
                        format!("{} 统一社会信用代码 {} 错误：{}", u.name, code, p),
                        format!("{}: credit code {}: {}", u.name, code, p)
                    ),
                    ..Violation::new(Code::InvalidCreditCode)
                };
                cx.push(v);
            }
        }
    }
}

/// The (unit, category, approved, occupied) entries of unit `u` in `pairs` (sorted).
fn pairs_of(pairs: &[(u32, u32, u32, u32)], u: usize) -> &[(u32, u32, u32, u32)] {
    let u = u as u32;
    let from = pairs.partition_point(|p| p.0 < u);
    let to = from + pairs[from..].partition_point(|p| p.0 == u);
    &pairs[from..to]
}

/// Counters gathered by the staff pass.
#[derive(Clone)]
pub(super) struct Counts {
    /// Occupied `O` per (unit, category) pair that occurs.
    pub(super) occ: Pairs,
    /// Leaders per unit × level.
    pub(super) leaders: Vec<u32>,
    /// Present occupants per post.
    pub(super) post_occ: Vec<u32>,
    /// Staff on professional posts per unit × group (senior, intermediate, junior).
    pub(super) prof: Vec<[u32; 3]>,
    /// Present staff per unit (direct), for norms.
    pub(super) present: Vec<u32>,
    /// On-payroll headcount per pool, for 三不超.
    pub(super) payroll: Vec<u32>,
}

impl Counts {
    pub(super) fn occupancy_rows(&self, doc: &Document, ix: &Index) -> Vec<OccupancyRow> {
        let mut rows = Vec::new();
        let pairs = union(&ix.quota, &self.occ);
        for (u, unit) in doc.units.iter().enumerate() {
            if ix.unit_dup[u] || !unit.kind.is_pool() {
                continue;
            }
            let known = super::quota::quotas_known(unit);
            for &(_, c, a, o) in pairs_of(&pairs, u) {
                rows.push(OccupancyRow::new(
                    unit.id.clone(),
                    ix.categories[c as usize].as_str(),
                    known.then_some(u64::from(a)),
                    u64::from(o),
                ));
            }
        }
        rows
    }

    pub(super) fn leadership_rows(&self, doc: &Document, ix: &Index) -> Vec<LeadershipRow> {
        let mut rows = Vec::new();
        for (u, unit) in doc.units.iter().enumerate() {
            if ix.unit_dup[u] || !unit.kind.is_pool() {
                continue;
            }
            for &l in LeaderLevel::ALL {
                let a = u64::from(unit.leadership.get(&l).copied().unwrap_or(0));
                let n = u64::from(self.leaders[u * 4 + l.index()]);
                if a > 0 || n > 0 {
                    rows.push(LeadershipRow {
                        unit: unit.id.clone(),
                        level: l,
                        approved: a,
                        actual: n,
                    });
                }
            }
        }
        rows
    }
}

fn prof_group(level: u8) -> Option<usize> {
    match level {
        1..=7 => Some(0),
        8..=10 => Some(1),
        11..=13 => Some(2),
        _ => None,
    }
}

/// Per-kind table of allowed categories (by dense category index).
fn allowed_table(doc: &Document, ix: &Index) -> Vec<Vec<bool>> {
    UnitKind::ALL
        .iter()
        .map(|&k| {
            let explicit = doc.settings.allowed_categories.contains_key(&k);
            let list = doc.settings.allowed(k);
            ix.categories
                .iter()
                .map(|c| {
                    list.contains(c)
                        || (!explicit
                            && k == UnitKind::Institution
                            && matches!(c, Category::Custom(_)))
                })
                .collect()
        })
        .collect()
}

/// "No professional group" in [`PostFacts::prof`].
const NO_GROUP: u8 = u8::MAX;

/// The facts of a post the staff loop uses, in 8 bytes.
#[derive(Clone, Copy)]
struct PostFacts {
    /// The pool of the post's unit, or NONE.
    pool: u32,
    /// The establishment category the post requires, or NO_CAT.
    need: u32,
    /// The professional group (senior, intermediate, junior) of a professional post's
    /// level, or NO_GROUP.
    prof: u8,
    category: PostCategory,
}

impl PostFacts {
    fn new(p: &crate::model::Post, ix: &Index, i: usize) -> PostFacts {
        let unit = ix.post_unit[i];
        PostFacts {
            pool: if unit == NONE {
                NONE
            } else {
                ix.unit_pool[unit as usize]
            },
            need: p
                .establishment
                .as_ref()
                .and_then(|c| ix.category_of(c))
                .unwrap_or(NO_CAT),
            prof: match (p.category, p.level.and_then(prof_group)) {
                (PostCategory::Professional, Some(g)) => g as u8,
                _ => NO_GROUP,
            },
            category: p.category,
        }
    }
}

/// What every chunk of the staff pass reads: computed once per call.
struct Shared {
    allowed: Vec<Vec<bool>>,
    posts: Vec<PostFacts>,
    pool_kind: Vec<UnitKind>,
    past: PastTable,
    as_of_key: AsOf,
    max_months: u32,
    /// Partitions of the duplicate-key scatter (the same in every chunk, so chunks merge).
    key_parts: usize,
}

/// What one chunk of the staff pass produced.
struct Part<'a> {
    out: Vec<Vec<Violation>>,
    at: Vec<Vec<u32>>,
    k: Counts,
    ids: KeyPartitions,
    /// Occupying people whose ID number is invalid, with its trimmed text, in staff order.
    raw: Vec<(&'a str, u32)>,
}

impl Counts {
    pub(super) fn new(doc: &Document, ncat: usize) -> Counts {
        let nu = doc.units.len();
        Counts {
            occ: Pairs::new(nu, ncat),
            leaders: vec![0; nu * 4],
            post_occ: vec![0; doc.posts.len()],
            prof: vec![[0; 3]; nu],
            present: vec![0; nu],
            payroll: vec![0; nu],
        }
    }

    pub(super) fn add(&mut self, o: &Counts) {
        let sum = |a: &mut [u32], b: &[u32]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        self.occ.merge(&o.occ);
        sum(&mut self.leaders, &o.leaders);
        sum(&mut self.post_occ, &o.post_occ);
        sum(&mut self.present, &o.present);
        sum(&mut self.payroll, &o.payroll);
        for (a, b) in self.prof.iter_mut().zip(&o.prof) {
            sum(a, b);
        }
    }
}

/// Below this many staff the pass runs on the calling thread unless told otherwise:
/// starting threads would cost more than it saves.
const PARALLEL_MIN_STAFF: usize = 50_000;

/// The per-person rules and the counts the unit rules need. The staff are split into
/// contiguous chunks checked on `threads` threads (0: one per available core); chunk
/// results are merged in staff order, so the report is the same for any thread count.
fn staff_pass(cx: &mut Ctx, threads: usize) -> Counts {
    let StaffOut { mut k, ids, raw } = staff_local(cx, threads);
    let doc = cx.doc;
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
        let idn = doc.staff[i as usize].id_number.as_deref().unwrap_or("");
        duplicate_person(cx, i as usize, first as usize, idn);
    }
    concurrent_rules(cx, &mut k);
    k
}

/// What the per-person rules leave for the rules across people: the counts, and the
/// identity keys of the occupying people (valid ID numbers as keys, invalid ones as
/// their trimmed text), each in staff order.
pub(super) struct StaffOut<'a> {
    pub(super) k: Counts,
    ids: Vec<KeyPartitions>,
    pub(super) raw: Vec<(&'a str, u32)>,
}

impl StaffOut<'_> {
    /// `(key, staff)` of the occupying people with a valid ID number, in no order.
    pub(super) fn keys(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.ids
            .iter()
            .flat_map(|c| c.parts.iter().flatten().copied())
    }
}

/// The per-person rules over the staff (findings into `cx`), in chunks on `threads` threads.
pub(super) fn staff_local<'a>(cx: &mut Ctx<'a>, threads: usize) -> StaffOut<'a> {
    let doc = cx.doc;
    let ix = cx.ix;
    let n = doc.staff.len();
    let as_of = cx.as_of;
    let shared = Shared {
        allowed: allowed_table(doc, ix),
        // What the loop needs of a post and a pool, packed: read once here rather than a
        // 112-byte post record and a unit record per person (rosters hold several people
        // per post, and the records no longer fit the caches at a million staff).
        posts: doc
            .posts
            .iter()
            .enumerate()
            .map(|(p, rec)| PostFacts::new(rec, ix, p))
            .collect(),
        pool_kind: doc.units.iter().map(|u| u.kind).collect(),
        past: PastTable::new(as_of),
        as_of_key: AsOf::new(as_of),
        max_months: doc.settings.secondment_max_months,
        key_parts: KeyPartitions::parts_for(n),
    };
    let chunks = match threads {
        0 if n < PARALLEL_MIN_STAFF => 1,
        0 => std::thread::available_parallelism().map_or(1, |t| t.get()),
        t => t,
    }
    .clamp(1, n.clamp(1, 64));
    let ranges: Vec<std::ops::Range<usize>> = (0..chunks)
        .map(|c| n * c / chunks..n * (c + 1) / chunks)
        .collect();
    let (lang, shared, records) = (cx.lang, &shared, cx.records);
    let parts: Vec<Part> = if chunks == 1 {
        vec![staff_range(doc, ix, as_of, lang, records, shared, 0..n)]
    } else {
        std::thread::scope(|sc| {
            let handles: Vec<_> = ranges
                .into_iter()
                .map(|r| sc.spawn(move || staff_range(doc, ix, as_of, lang, records, shared, r)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    };

    let mut k = Counts::new(doc, ix.ncat());
    let mut ids = Vec::with_capacity(parts.len());
    let mut raw: Vec<(&str, u32)> = Vec::new();
    for mut part in parts {
        for (bucket, found) in cx.out.iter_mut().zip(part.out.iter_mut()) {
            bucket.append(found);
        }
        for (bucket, found) in cx.at.iter_mut().zip(part.at.iter_mut()) {
            bucket.append(found);
        }
        k.add(&part.k);
        ids.push(part.ids);
        raw.append(&mut part.raw);
    }
    StaffOut { k, ids, raw }
}

/// The staff pass over one contiguous range of staff.
fn staff_range<'a>(
    doc: &'a Document,
    ix: &'a Index,
    as_of: NaiveDate,
    lang: Lang,
    records: Option<&'a [u64]>,
    sh: &Shared,
    range: std::ops::Range<usize>,
) -> Part<'a> {
    let mut cx = Ctx::new(doc, ix, as_of, lang, records);
    let cx = &mut cx;
    let mut k = Counts::new(doc, ix.ncat());
    let mut seen_ids = KeyPartitions::new(sh.key_parts, range.len());
    let mut raw: Vec<(&str, u32)> = Vec::new();
    let (allowed, posts, pool_kind, past) = (&sh.allowed, &sh.posts, &sh.pool_kind, &sh.past);
    let (as_of_key, max_months) = (sh.as_of_key, sh.max_months);
    let first = range.start;

    // The loop only tests; every finding is built out of line (`#[cold]` functions below),
    // which keeps the loop's registers free for the common case of a clean record.
    for (i, s) in doc.staff[range].iter().enumerate() {
        let i = first + i;
        cx.cur = i as u32;
        let pool = ix.staff_pool[i];
        let cat = ix.staff_cat[i];
        let present = s.status.occupies();
        let occupying = present && cat != NO_CAT;
        let post = ix.staff_post[i];
        let post_rec = (post != NONE).then(|| &posts[post as usize]);

        // Identity.
        let mut birth = s.birth_date.map(Birth::Date);
        if s.birth_date.is_some_and(|b| b > as_of) {
            future_birth(cx, i);
        }
        let mut gender = s.gender;
        if let Some(idn) = s.id_number.as_deref() {
            match parse_id_key(idn, &as_of_key) {
                Ok(key) => {
                    let birth_wrong = s.birth_date.is_some_and(|b| !key.born_on(b));
                    let gender_wrong = s.gender.is_some_and(|g| g != key.gender);
                    if birth_wrong || gender_wrong {
                        id_mismatch(cx, i, &key);
                    }
                    birth = birth.or(Some(Birth::Key(key)));
                    gender = gender.or(Some(key.gender));
                    if occupying {
                        seen_ids.push(key.key, i as u32);
                    }
                }
                Err(e) => {
                    invalid_id(cx, i, idn, e);
                    if occupying {
                        raw.push((idn.trim(), i as u32));
                    }
                }
            }
        }

        // Establishment.
        if occupying && pool != NONE {
            let p = pool as usize;
            k.occ.add(p as u32, cat, 1);
            if !allowed[pool_kind[p] as usize][cat as usize] {
                mixed_establishment(cx, i, pool, cat);
            }
        }
        if present && pool != NONE {
            k.present[ix.staff_unit[i] as usize] += 1;
            if let Some(l) = s.leadership {
                k.leaders[pool as usize * 4 + l.index()] += 1;
            }
        }
        if s.is_on_payroll() && pool != NONE {
            k.payroll[pool as usize] += 1;
        }

        // Posts.
        if let (true, Some(p)) = (present, post_rec) {
            k.post_occ[post as usize] += 1;
            let post_pool = p.pool;
            if p.prof != NO_GROUP && post_pool != NONE {
                k.prof[post_pool as usize][p.prof as usize] += 1;
            }
            if p.need != NO_CAT && p.need != cat {
                post_wrong_category(cx, i, &doc.posts[post as usize], p.need, cat);
            } else if post_pool != NONE && pool != NONE && post_pool != pool {
                post_wrong_pool(cx, i, &doc.posts[post as usize], pool, post_pool);
            }
        }

        // Secondment.
        let wpool = ix.staff_working_pool[i];
        if present && wpool != NONE && pool != NONE && wpool != pool {
            let problem = match s.secondment.as_ref() {
                None => Some(say!(cx.lang, "无借调手续", "with no secondment record")),
                Some(sec) if sec.approved_by.is_none() => Some(say!(
                    cx.lang,
                    "借调未注明批准机关",
                    "with a secondment that names no approving authority"
                )),
                Some(sec) if sec.start > as_of => Some(say!(
                    cx.lang,
                    "借调尚未开始",
                    "before the secondment starts"
                )),
                _ => None,
            };
            if let Some(p) = problem {
                unapproved_secondment(cx, i, pool, wpool, p);
            }
        }
        if let (true, Some(sec)) = (present && s.working_unit.is_some(), &s.secondment) {
            secondment_overdue(
                cx,
                i,
                sec,
                max_months,
                cx.doc.settings.secondment_max_workdays,
            );
        }

        // Duty status and payroll.
        if s.status == Status::Absent && cat != NO_CAT {
            not_on_duty(cx, i);
        }
        if matches!(s.status, Status::Retired | Status::Left | Status::Deceased)
            && s.on_payroll == Some(true)
        {
            ghost_payroll(cx, i);
        }

        // Retirement.
        if occupying {
            if let Some(b) = birth {
                let post_cat = post_rec.map(|p| p.category);
                if is_past_retirement(as_of, s, b, past, gender, post_cat) {
                    past_retirement(cx, i, b, gender, post_cat);
                }
            }
        }
    }

    let out = std::mem::take(&mut cx.out);
    Part {
        out,
        at: std::mem::take(&mut cx.at),
        k,
        ids: seen_ids,
        raw,
    }
}

/// Concurrent appointments: leadership in other pools, and 机关人员在下属事业单位兼职.
pub(super) fn concurrent_rules(cx: &mut Ctx, k: &mut Counts) {
    let doc = cx.doc;
    let ix = cx.ix;
    let mut last_cross: Option<u32> = None;
    for c in &ix.concurrent {
        let si = c.staff as usize;
        let s = &doc.staff[si];
        if !s.status.occupies() {
            continue;
        }
        cx.cur = c.staff;
        let cpool = ix.unit_pool[c.unit as usize];
        let own = ix.staff_pool[si];
        if let (Some(l), true) = (c.level, cpool != NONE) {
            if !(cpool == own && s.leadership == Some(l)) {
                k.leaders[cpool as usize * 4 + l.index()] += 1;
            }
        }
        let cat = ix.staff_cat[si];
        let holds_admin = cat != NO_CAT
            && matches!(
                ix.categories[cat as usize],
                Category::Administrative | Category::PoliticalLegal
            );
        if holds_admin
            && own != NONE
            && cpool != NONE
            && doc.units[cpool as usize].kind == UnitKind::Institution
            && ix.is_below(c.unit, own)
            && last_cross != Some(c.staff)
        {
            last_cross = Some(c.staff);
            let msg = say!(
                cx.lang,
                format!(
                    "{} 持{}，在{}下属事业单位{}兼职",
                    cx.person(s),
                    cx.cat_name(cat as usize),
                    cx.unit_name(own),
                    cx.unit_name(c.unit)
                ),
                format!(
                    "{} holds {} establishment in {} and a concurrent appointment in its subordinate institution {}",
                    cx.person(s),
                    cx.cat_name(cat as usize),
                    cx.unit_name(own),
                    cx.unit_name(c.unit)
                )
            );
            let v = cx.staff_v(Code::CrossAppointment, si, msg);
            cx.push(v);
        }
    }
}

/// Finds repeated ID-number keys without a million-entry hash table: keys are scattered
/// into cache-sized partitions by hash bits that the per-partition table does not use, in
/// staff order, then each partition is checked with a small table. A table as large as the
/// roster misses the cache on nearly every probe; this was a third of the validation time.
struct KeyPartitions {
    shift: u32,
    parts: Vec<Vec<(u64, u32)>>,
}

impl KeyPartitions {
    /// Keys per partition aimed at: the table (16 bytes a slot) stays within L2.
    const TARGET: usize = 4096;
    const MUL: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    /// The partition count for `n` keys in all (a power of two).
    fn parts_for(n: usize) -> usize {
        (n / Self::TARGET).next_power_of_two().clamp(1, 4096)
    }

    /// Room for `n` keys of one chunk in `parts` partitions.
    fn new(parts: usize, n: usize) -> KeyPartitions {
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
    fn push(&mut self, key: u64, i: u32) {
        let p = if self.parts.len() == 1 {
            0
        } else {
            (key.wrapping_mul(Self::MUL) >> self.shift) as usize & (self.parts.len() - 1)
        };
        self.parts[p].push((key, i));
    }

    /// `(later, first)` for every key seen before, in no particular order, over the
    /// chunks in staff order (chunk `c`'s partition `p` follows chunk `c-1`'s).
    fn repeats(chunks: Vec<KeyPartitions>) -> Vec<(u32, u32)> {
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

trait NameOrId {
    fn name_or_id(&self) -> String;
}

impl NameOrId for crate::model::Post {
    fn name_or_id(&self) -> String {
        if self.name.is_empty() {
            self.id.clone()
        } else {
            format!("{}({})", self.name, self.id)
        }
    }
}

fn duplicate_person(cx: &mut Ctx, i: usize, first: usize, idn: &str) {
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
        let s = &self.doc.staff[i];
        let u = self.ix.staff_pool[i];
        Holder {
            person: self.person(s),
            staff: s.id.clone(),
            unit: if u == NONE {
                Some(s.unit.clone())
            } else {
                self.unit_id(u)
            },
            unit_name: if u == NONE {
                s.unit.clone()
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

/// A birth date from the record or, without one, from the ID number (kept as numbers).
#[derive(Clone, Copy)]
enum Birth {
    Date(NaiveDate),
    Key(IdKey),
}

impl Birth {
    fn year_month(self) -> (i32, u32) {
        match self {
            Birth::Date(d) => (d.year(), d.month()),
            Birth::Key(k) => (k.year, k.month),
        }
    }

    fn date(self) -> NaiveDate {
        match self {
            Birth::Date(d) => d,
            Birth::Key(k) => k.birth_date(),
        }
    }
}

/// Whether an occupying person is past retirement on `as_of`: by the approved date if the
/// record has one, else by the statutory age of their group.
#[inline]
fn is_past_retirement(
    as_of: NaiveDate,
    s: &Staff,
    birth: Birth,
    past: &PastTable,
    gender: Option<Gender>,
    post: Option<PostCategory>,
) -> bool {
    if let Some(d) = s.retirement_date {
        return as_of > d;
    }
    let group = match (s.retirement_group, gender) {
        (Some(g), _) => g,
        (None, Some(g)) => default_group(g, post, s.establishment.as_ref()),
        (None, None) => return false,
    };
    let (by, bm) = birth.year_month();
    past.past(group, by, bm) && retirement(by, bm, group).is_some()
}

/// The finding of a person [`is_past_retirement`] found past retirement.
#[cold]
#[inline(never)]
fn past_retirement(
    cx: &mut Ctx,
    i: usize,
    birth: Birth,
    gender: Option<Gender>,
    post: Option<PostCategory>,
) {
    let s = &cx.doc.staff[i];
    let as_of = cx.as_of;
    if let Some(d) = s.retirement_date {
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
    let group = match (s.retirement_group, gender) {
        (Some(g), _) => g,
        (None, Some(g)) => default_group(g, post, s.establishment.as_ref()),
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

#[cold]
#[inline(never)]
fn id_mismatch(cx: &mut Ctx, i: usize, key: &IdKey) {
    let s = &cx.doc.staff[i];
    let mut wrong = Vec::new();
    if let Some(b) = s.birth_date.filter(|b| !key.born_on(*b)) {
        wrong.push(say!(
            cx.lang,
            format!("出生日期{b}与身份证号中的{}不符", key.birth_date()),
            format!(
                "birth date {b} differs from {} in the ID number",
                key.birth_date()
            )
        ));
    }
    if let Some(g) = s.gender.filter(|g| *g != key.gender) {
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
fn invalid_id(cx: &mut Ctx, i: usize, idn: &str, e: crate::ident::IdNumberError) {
    let s = &cx.doc.staff[i];
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
fn future_birth(cx: &mut Ctx, i: usize) {
    let s = &cx.doc.staff[i];
    let n = cx.staff_no(i);
    let b = s.birth_date.map(|d| d.to_string()).unwrap_or_default();
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

#[cold]
#[inline(never)]
fn mixed_establishment(cx: &mut Ctx, i: usize, pool: u32, cat: u32) {
    let s = &cx.doc.staff[i];
    let kind = cx.doc.units[pool as usize].kind;
    let msg = say!(
        cx.lang,
        format!(
            "{} 占用{}，但{}（{}）不得使用该类编制",
            cx.person(s),
            cx.cat_name(cat as usize),
            cx.unit_name(pool),
            kind.zh()
        ),
        format!(
            "{} holds {} establishment, which a unit of kind {} ({}) may not use",
            cx.person(s),
            cx.cat_name(cat as usize),
            kind,
            cx.unit_name(pool)
        )
    );
    let v = cx.staff_v(Code::MixedEstablishment, i, msg);
    cx.push(Violation {
        category: Some(cx.ix.categories[cat as usize].as_str().into()),
        ..v
    });
}

#[cold]
#[inline(never)]
fn post_wrong_category(cx: &mut Ctx, i: usize, p: &crate::model::Post, need: u32, cat: u32) {
    let s = &cx.doc.staff[i];
    let held = if cat == NO_CAT {
        say!(cx.lang, "编外", "no establishment").to_string()
    } else {
        cx.cat_name(cat as usize).to_string()
    };
    let msg = say!(
        cx.lang,
        format!(
            "{} 在岗位 {}（要求{}）上，但占用的是{}",
            cx.person(s),
            p.name_or_id(),
            cx.cat_name(need as usize),
            held
        ),
        format!(
            "{} is on post {} which requires {} establishment, but holds {}",
            cx.person(s),
            p.name_or_id(),
            cx.cat_name(need as usize),
            held
        )
    );
    let v = cx.staff_v(Code::MixedPost, i, msg);
    cx.push(Violation {
        post: Some(p.id.clone()),
        category: Some(cx.ix.categories[need as usize].as_str().into()),
        ..v
    });
}

#[cold]
#[inline(never)]
fn post_wrong_pool(cx: &mut Ctx, i: usize, p: &crate::model::Post, pool: u32, post_pool: u32) {
    let s = &cx.doc.staff[i];
    let msg = say!(
        cx.lang,
        format!(
            "{} 编制在{}，岗位 {} 却属于{}",
            cx.person(s),
            cx.unit_name(pool),
            p.name_or_id(),
            cx.unit_name(post_pool)
        ),
        format!(
            "{} holds establishment in {} but is on post {} of {}",
            cx.person(s),
            cx.unit_name(pool),
            p.name_or_id(),
            cx.unit_name(post_pool)
        )
    );
    let v = cx.staff_v(Code::MixedPost, i, msg);
    cx.push(Violation {
        post: Some(p.id.clone()),
        ..v
    });
}

#[cold]
#[inline(never)]
fn unapproved_secondment(cx: &mut Ctx, i: usize, pool: u32, wpool: u32, problem: &str) {
    let s = &cx.doc.staff[i];
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
fn secondment_overdue(
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
    let s = &cx.doc.staff[i];
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

#[cold]
#[inline(never)]
fn not_on_duty(cx: &mut Ctx, i: usize) {
    let s = &cx.doc.staff[i];
    let msg = say!(
        cx.lang,
        format!("{} 占用编制但不在岗（未经批准离岗）", cx.person(s)),
        format!(
            "{} occupies a quota but is absent without approval",
            cx.person(s)
        )
    );
    let v = cx.staff_v(Code::OccupiedNotOnDuty, i, msg);
    cx.push(v);
}

#[cold]
#[inline(never)]
fn ghost_payroll(cx: &mut Ctx, i: usize) {
    let s = &cx.doc.staff[i];
    let ghost = super::ghost::Ghost::of(s, cx.as_of);
    let tail = ghost.text(s, cx.lang);
    let msg = say!(
        cx.lang,
        format!(
            "{} 状态为{}，仍在财政供养名单上{tail}",
            cx.person(s),
            s.status.zh()
        ),
        format!(
            "{} is {} but still on the payroll{tail}",
            cx.person(s),
            s.status
        )
    );
    let v = cx.staff_v(Code::GhostPayroll, i, msg);
    cx.push(Violation {
        actual: ghost.months.map(i64::from),
        amount: ghost.amount,
        ..v
    });
}

/// Whether a birth month is past retirement on `as_of`, per group, tabulated for the
/// birth years of living people (`retirement` divides by a step per call).
struct PastTable {
    as_of_ym: (i32, u32),
    /// 0 not past, 1 past, per group × month since `FIRST_YEAR`-01.
    past: Vec<u8>,
}

impl PastTable {
    const FIRST_YEAR: i32 = 1850;
    const MONTHS: usize = 200 * 12;

    fn new(as_of: NaiveDate) -> PastTable {
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
    fn past(&self, g: RetirementGroup, y: i32, m: u32) -> bool {
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

/// Rules over pools, posts, norms and 三不超 pools, in unit order.
pub(super) fn unit_rules(cx: &mut Ctx, k: &Counts, tallies: &[super::norms::Tally]) {
    let doc = cx.doc;
    let ix = cx.ix;
    let pairs = union(&ix.quota, &k.occ);
    let allowed = allowed_table(doc, ix);
    for (u, unit) in doc.units.iter().enumerate() {
        if ix.unit_dup[u] || !unit.kind.is_pool() {
            continue;
        }
        let known = super::quota::quotas_known(unit);
        if !known {
            let holding = pairs_of(&pairs, u)
                .iter()
                .map(|&(_, _, _, o)| u64::from(o))
                .sum();
            if let Some(v) = super::quota::quota_unknown(unit, holding, cx.lang) {
                cx.push(v);
            }
        }
        let may_hold = &allowed[unit.kind as usize];
        for &(_, c, a, o) in pairs_of(&pairs, u) {
            let c = c as usize;
            let may = may_hold[c];
            // Unknown quotas are not zero quotas; a category the pool's kind may never hold
            // is reported once per person as MIXED_ESTABLISHMENT, not again as an excess.
            if known && o > a && may {
                let v = Violation {
                    unit: Some(unit.id.clone()),
                    category: Some(ix.categories[c].as_str().into()),
                    expected: Some(i64::from(a)),
                    actual: Some(i64::from(o)),
                    message: say!(
                        cx.lang,
                        format!(
                            "{} {} 核定{}名，实有{}名，超编{}名",
                            unit.name,
                            cx.cat_name(c),
                            a,
                            o,
                            o - a
                        ),
                        format!(
                            "{} {}: approved {}, occupied {}, over by {}",
                            unit.name,
                            cx.cat_name(c),
                            a,
                            o,
                            o - a
                        )
                    ),
                    ..Violation::new(Code::OverEstablishment)
                };
                cx.push(v);
            }
        }
        for &l in LeaderLevel::ALL {
            let a = unit.leadership.get(&l).copied().unwrap_or(0);
            let n = k.leaders[u * 4 + l.index()];
            if n > a {
                let v = Violation {
                    unit: Some(unit.id.clone()),
                    level: Some(l),
                    expected: Some(i64::from(a)),
                    actual: Some(i64::from(n)),
                    message: say!(
                        cx.lang,
                        format!(
                            "{} {}领导职数核定{}名，实配{}名，超职数{}名",
                            unit.name,
                            l.zh(),
                            a,
                            n,
                            n - a
                        ),
                        format!(
                            "{} {} positions: approved {}, filled {}, over by {}",
                            unit.name,
                            level_name(l, Lang::En),
                            a,
                            n,
                            n - a
                        )
                    ),
                    ..Violation::new(Code::OverLeadershipQuota)
                };
                cx.push(v);
            }
        }
    }
    for (p, post) in doc.posts.iter().enumerate() {
        if ix.post_dup[p] {
            continue;
        }
        if let Some(h) = post.headcount {
            let n = k.post_occ[p];
            if n > h {
                let v = Violation {
                    unit: Some(post.unit.clone()),
                    post: Some(post.id.clone()),
                    expected: Some(i64::from(h)),
                    actual: Some(i64::from(n)),
                    message: say!(
                        cx.lang,
                        format!(
                            "岗位 {} 定员{}名，实有{}名，超员{}名",
                            post.name_or_id(),
                            h,
                            n,
                            n - h
                        ),
                        format!(
                            "post {}: headcount {}, occupied by {}, over by {}",
                            post.name_or_id(),
                            h,
                            n,
                            n - h
                        )
                    ),
                    ..Violation::new(Code::PostOverHeadcount)
                };
                cx.push(v);
            }
        }
    }
    for (u, unit) in doc.units.iter().enumerate() {
        let Some(ps) = unit.post_structure.as_ref().filter(|_| !ix.unit_dup[u]) else {
            continue;
        };
        let groups = [
            (ps.senior, "高级", "senior"),
            (ps.intermediate, "中级", "intermediate"),
            (ps.junior, "初级", "junior"),
        ];
        for (g, (approved, zh, en)) in groups.into_iter().enumerate() {
            let n = k.prof[u][g];
            if let Some(a) = approved.filter(|&a| n > a) {
                let v = Violation {
                    unit: Some(unit.id.clone()),
                    category: Some(en.into()),
                    expected: Some(i64::from(a)),
                    actual: Some(i64::from(n)),
                    message: say!(
                        cx.lang,
                        format!(
                            "{} 专业技术{}岗位核定{}个，实聘{}人，超结构比例{}人",
                            unit.name,
                            zh,
                            a,
                            n,
                            n - a
                        ),
                        format!(
                            "{} {} professional posts: approved {}, filled {}, over by {}",
                            unit.name,
                            en,
                            a,
                            n,
                            n - a
                        )
                    ),
                    ..Violation::new(Code::PostStructureExceeded)
                };
                cx.push(v);
            }
        }
    }
    for v in super::norms::findings(doc, ix, tallies, cx.lang) {
        cx.push(v);
    }
    let counts = super::pools::Counts {
        occ: &k.occ,
        leaders: &k.leaders,
        payroll: &k.payroll,
    };
    for v in super::pools::findings(doc, ix, &counts, cx.lang) {
        cx.push(v);
    }
}

pub(super) fn duties(cx: &mut Ctx) {
    let doc = cx.doc;
    // Unit names by id (the first record of an id), built once: a scan of the units per
    // lead made 40 000 duties with several leads take 10 s.
    let mut unit_names: Option<FxMap<&str, &str>> = None;
    for (i, d) in doc.duties.iter().enumerate() {
        if cx.ix.duty_dup[i] {
            continue;
        }
        let mut leads: Vec<&str> = d.lead.iter().map(String::as_str).collect();
        leads.sort_unstable();
        leads.dedup();
        let name = if d.name.is_empty() {
            d.id.as_str()
        } else {
            d.name.as_str()
        };
        if leads.is_empty() {
            let v = Violation {
                duty: Some(d.id.clone()),
                actual: Some(0),
                message: say!(
                    cx.lang,
                    format!("职责“{name}”没有牵头单位（职责空白）"),
                    format!("duty {name} has no lead unit")
                ),
                ..Violation::new(Code::DutyGap)
            };
            cx.push(v);
        } else if leads.len() > 1 {
            let by_id = unit_names.get_or_insert_with(|| {
                let mut m = FxMap::default();
                for u in &doc.units {
                    m.entry(u.id.as_str()).or_insert(u.name.as_str());
                }
                m
            });
            let names: Vec<String> = d
                .lead
                .iter()
                .map(|id| {
                    by_id
                        .get(id.as_str())
                        .map_or_else(|| id.clone(), |n| n.to_string())
                })
                .collect();
            let v = Violation {
                duty: Some(d.id.clone()),
                unit: d.lead.first().cloned(),
                expected: Some(1),
                actual: Some(leads.len() as i64),
                message: say!(
                    cx.lang,
                    format!(
                        "职责“{name}”有{}个牵头单位（{}），职责交叉",
                        leads.len(),
                        names.join("、")
                    ),
                    format!(
                        "duty {name} has {} lead units ({})",
                        leads.len(),
                        names.join(", ")
                    )
                ),
                ..Violation::new(Code::DutyOverlap)
            };
            cx.push(v);
        }
    }
}
