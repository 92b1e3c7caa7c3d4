//! Plain-text renderings (Chinese by default) of ledger results.

use std::fmt::Write;

use super::output::{DecisionStatus, LedgerResult};
use crate::model::Category;
use crate::validate::Lang;

fn cat_label(c: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => c
            .parse::<Category>()
            .map_or_else(|n| match n {}, |c| c.zh().to_string()),
        Lang::En => c.to_string(),
    }
}

/// The Chinese or the English text.
fn pick(zh: bool, zh_text: &'static str, en: &'static str) -> &'static str {
    if zh {
        zh_text
    } else {
        en
    }
}

/// The ledger result as text: decisions, balances, the change table and findings.
///
/// ```
/// use bianzhi::ledger::{apply, render_text, Ledger};
/// use bianzhi::Lang;
/// let l = Ledger::from_json(r#"{"opening": {"units": [{"id": "U1", "name": "县委办", "kind": "organ",
///   "quotas": {"administrative": 1}}], "staff": []}, "events": []}"#).unwrap();
/// let t = render_text(&apply(&l, "2026-01-01".parse().unwrap()), Lang::Zh);
/// assert!(t.contains("编制结存"));
/// ```
pub fn render_text(r: &LedgerResult, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} {}{}",
        pick(zh, "机构编制台账 截至", "Establishment ledger as of"),
        r.as_of,
        match (r.opening_date, zh) {
            (Some(d), true) => format!("（期初 {d}）"),
            (Some(d), false) => format!(" (opening {d})"),
            (None, _) => String::new(),
        }
    );
    let _ = writeln!(
        o,
        "{}",
        if zh {
            format!(
                "事项 {} 件：核准 {}，不予核准 {}；未到期 {}",
                r.decisions.len(),
                r.approved_count(),
                r.rejected_count(),
                r.pending
            )
        } else {
            format!(
                "{} events: {} approved, {} rejected; {} later",
                r.decisions.len(),
                r.approved_count(),
                r.rejected_count(),
                r.pending
            )
        }
    );
    let _ = writeln!(o, "\n{}", pick(zh, "【事项决定】", "[Decisions]"));
    for d in &r.decisions {
        let kind = d
            .kind
            .map(|k| if zh { k.zh() } else { k.as_str() })
            .unwrap_or("?");
        let date = d.date.map_or_else(|| "—".to_string(), |d| d.to_string());
        match d.status {
            DecisionStatus::Approved => {
                let _ = writeln!(
                    o,
                    "  {date} {} {kind} {}",
                    d.event,
                    pick(zh, "核准", "approved")
                );
            }
            DecisionStatus::Rejected => {
                let code = d.code.map_or("", |c| c.as_str());
                let _ = writeln!(
                    o,
                    "  {date} {} {kind} {} {code}：{}",
                    d.event,
                    pick(zh, "不予核准", "rejected"),
                    d.message.as_deref().unwrap_or("")
                );
            }
        }
    }
    let _ = writeln!(o, "\n{}", pick(zh, "【编制结存】", "[Balances]"));
    let _ = writeln!(
        o,
        "  {}",
        pick(
            zh,
            "单位\t编制类型\t核定\t实有\t已核准用编\t空编",
            "unit\tcategory\tapproved\toccupied\treserved\tavailable"
        )
    );
    for b in &r.balances {
        let _ = writeln!(
            o,
            "  {}\t{}\t{}\t{}\t{}\t{}",
            b.unit,
            cat_label(&b.category, lang),
            b.approved,
            b.occupied,
            b.reserved,
            b.available
        );
    }
    let _ = writeln!(o, "\n{}", pick(zh, "【增减变动】", "[Changes]"));
    let _ = writeln!(
        o,
        "  {}",
        pick(zh, "单位\t编制类型\t期初核定\t核增\t核减\t调入\t调出\t期末核定\t期初实有\t入编\t调动调入\t调动调出\t出编\t期末实有", "unit\tcategory\topening\tadded\twithdrawn\ttransferred_in\ttransferred_out\tclosing\topening_occupied\tenrolled\tmoved_in\tmoved_out\texited\tclosing_occupied")
    );
    for c in &r.changes {
        let _ = writeln!(
            o,
            "  {}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            c.unit,
            cat_label(&c.category, lang),
            c.opening_approved,
            c.approved_in,
            c.approved_out,
            c.transferred_in,
            c.transferred_out,
            c.closing_approved,
            c.opening_occupied,
            c.enrolled,
            c.moved_in,
            c.moved_out,
            c.exited.total(),
            c.closing_occupied
        );
    }
    if !r.findings.is_empty() {
        let _ = writeln!(o, "\n{}", pick(zh, "【发现】", "[Findings]"));
        for f in &r.findings {
            let _ = writeln!(o, "  {} {}", f.code, f.message);
        }
    }
    let _ = writeln!(
        o,
        "\n{} {}",
        pick(zh, "期末名册校验：错误", "Snapshot validation: errors"),
        r.report.summary.errors
    );
    o
}

/// The roster diff as text: counts, the change table, and the people lists.
pub fn render_diff_text(d: &super::DiffResult, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        if zh {
            format!(
                "名册对比：新增 {} 人，减少 {} 人，调动 {} 人，编制类型变化 {} 人，领导职务变化 {} 人，核定编制变化 {} 项",
                d.joined.len(),
                d.left.len(),
                d.moved.len(),
                d.category_changes.len(),
                d.leadership_changes.len(),
                d.quota_changes.len()
            )
        } else {
            format!(
                "Roster diff: {} joined, {} left, {} moved, {} category changes, {} leadership changes, {} quota changes",
                d.joined.len(),
                d.left.len(),
                d.moved.len(),
                d.category_changes.len(),
                d.leadership_changes.len(),
                d.quota_changes.len()
            )
        }
    );
    let _ = writeln!(o, "\n{}", pick(zh, "【年度增减变动】", "[Yearly changes]"));
    let _ = writeln!(
        o,
        "  {}",
        pick(zh, "单位\t编制类型\t上年核定\t本年核定\t上年实有\t新增\t调入\t调出\t减少\t本年实有", "unit\tcategory\topening_approved\tclosing_approved\topening_occupied\tjoined\tmoved_in\tmoved_out\tleft\tclosing_occupied")
    );
    for r in &d.table {
        let _ = writeln!(
            o,
            "  {}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.unit,
            cat_label(&r.category, lang),
            r.opening_approved,
            r.closing_approved,
            r.opening_occupied,
            r.joined,
            r.moved_in,
            r.moved_out,
            r.left,
            r.closing_occupied
        );
    }
    let people = |o: &mut String, title: &str, rows: &[super::PersonRow]| {
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(o, "\n{title}");
        for p in rows {
            let _ = writeln!(
                o,
                "  {}\t{}\t{}\t{}",
                p.staff,
                p.name,
                p.unit,
                p.id_number.as_deref().unwrap_or("")
            );
        }
    };
    people(&mut o, pick(zh, "【新增人员】", "[Joined]"), &d.joined);
    people(&mut o, pick(zh, "【减少人员】", "[Left]"), &d.left);
    if !d.moved.is_empty() {
        let _ = writeln!(o, "\n{}", pick(zh, "【调动人员】", "[Moved]"));
        for m in &d.moved {
            let _ = writeln!(
                o,
                "  {}\t{}\t{} → {}",
                m.staff, m.name, m.from_unit, m.to_unit
            );
        }
    }
    o
}

/// The reconciliation as text: the four lists with counts.
pub fn render_reconcile_text(r: &super::ReconcileResult, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut o = String::new();
    let s = &r.summary;
    let _ = writeln!(
        o,
        "{}",
        if zh {
            format!(
                "实名制核对：占编 {} 人，在册 {} 人，发薪 {} 人，三对应 {} 人",
                s.holding, s.registered, s.paid, s.matched
            )
        } else {
            format!(
                "Reconciliation: {} holding, {} registered, {} paid, {} in all three",
                s.holding, s.registered, s.paid, s.matched
            )
        }
    );
    let lists: [(&str, &str, &[super::ReconcileRow]); 4] = [
        (
            "【发薪但不在册】",
            "[Paid, not registered]",
            &r.ghost_payroll,
        ),
        (
            "【发薪但未占编】",
            "[Paid, holding no place]",
            &r.paid_outside_establishment,
        ),
        (
            "【占编但不在册】",
            "[Holding, not registered]",
            &r.stale_holding,
        ),
        (
            "【占编在册但未发薪】",
            "[Holding and registered, not paid]",
            &r.unpaid_holding,
        ),
    ];
    for (tz, te, rows) in lists {
        let _ = writeln!(o, "\n{} {}", if zh { tz } else { te }, rows.len());
        for p in rows {
            let _ = writeln!(
                o,
                "  {}\t{}\t{}\t{}",
                p.id_number,
                p.name.as_deref().unwrap_or(""),
                p.staff.as_deref().unwrap_or(""),
                p.unit.as_deref().unwrap_or("")
            );
        }
    }
    if !r.unmatched.is_empty() {
        let _ = writeln!(
            o,
            "\n{} {}",
            pick(
                zh,
                "【无身份证号，无法核对】",
                "[No ID number, not matched]"
            ),
            r.unmatched.len()
        );
    }
    o
}
