//! The findings on records as records: load issues (`INVALID_RECORD`), repeated ids,
//! unknown references, unit cycles, quotas on internal units and credit codes.

use super::engine::Ctx;
use super::messages::{array_zh, say};
use super::report::{Code, Violation};
use super::Lang;
use crate::dataset::index::NONE;
use crate::dataset::{Cause, Place, RecordIssue};
use crate::ident::check_credit_code;
use crate::model::UnitKind;

/// Puts a record's id into the field of the finding that names that kind of record.
pub(super) fn set_subject(v: &mut Violation, array: &str, id: Option<String>) {
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
    // The English is the loader's reason as it always read (the place included); the
    // Chinese is said from the typed cause and place, with no English words.
    let cause_zh = match &issue.cause {
        Some(c) => c.message(Lang::Zh),
        None => Cause::classify(Place::split_off(&issue.reason).0).message(Lang::Zh),
    };
    let place_zh = match &issue.place {
        Some(p) => format!("（{}）", p.message(Lang::Zh)),
        None => String::new(),
    };
    v.message = say!(
        cx.lang,
        format!(
            "{}第{}条{whose} 字段 {field} 错误：{cause_zh}{place_zh}{skipped_zh}",
            array_zh(issue.array),
            issue.index + 1,
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
            "units" => doc.units[i].id.as_str(),
            "posts" => &doc.posts[i].id,
            "staff" => cx.st.row(i).id(),
            "pools" => &doc.pools[i].id,
            "norms" => &doc.norms[i].id,
            _ => &doc.duties[i].id,
        }
        .to_string();
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
                v.staff = Some(cx.st.row(r.index).id().to_string());
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
