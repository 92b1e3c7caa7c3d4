//! The findings on records as records: load issues (`INVALID_RECORD`), repeated ids,
//! unknown references, unit cycles, quotas on internal units and credit codes.

use super::engine::Ctx;
use super::messages::{array_zh, say};
use super::report::{Code, Violation};
use super::Lang;
use crate::dataset::index::NONE;
use crate::dataset::RecordIssue;
use crate::ident::check_credit_code;
use crate::model::UnitKind;

/// The loader's reasons come from serde and the record checks in English; they read in
/// Chinese here (the English text stays in brackets where it carries detail). A reason not
/// recognised is still introduced in Chinese, with the English kept.
pub(super) fn reason_zh(reason: &str) -> String {
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
