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
        if zh {
            "机构编制台账 截至"
        } else {
            "Establishment ledger as of"
        },
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
    let _ = writeln!(
        o,
        "\n{}",
        if zh {
            "【事项决定】"
        } else {
            "[Decisions]"
        }
    );
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
                    if zh { "核准" } else { "approved" }
                );
            }
            DecisionStatus::Rejected => {
                let code = d.code.map_or("", |c| c.as_str());
                let _ = writeln!(
                    o,
                    "  {date} {} {kind} {} {code}：{}",
                    d.event,
                    if zh { "不予核准" } else { "rejected" },
                    d.message.as_deref().unwrap_or("")
                );
            }
        }
    }
    let _ = writeln!(
        o,
        "\n{}",
        if zh {
            "【编制结存】"
        } else {
            "[Balances]"
        }
    );
    let _ = writeln!(
        o,
        "  {}",
        if zh {
            "单位\t编制类型\t核定\t实有\t已核准用编\t空编"
        } else {
            "unit\tcategory\tapproved\toccupied\treserved\tavailable"
        }
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
    let _ = writeln!(
        o,
        "\n{}",
        if zh {
            "【增减变动】"
        } else {
            "[Changes]"
        }
    );
    let _ = writeln!(
        o,
        "  {}",
        if zh {
            "单位\t编制类型\t期初核定\t核增\t核减\t调入\t调出\t期末核定\t期初实有\t入编\t调动调入\t调动调出\t出编\t期末实有"
        } else {
            "unit\tcategory\topening\tadded\twithdrawn\ttransferred_in\ttransferred_out\tclosing\topening_occupied\tenrolled\tmoved_in\tmoved_out\texited\tclosing_occupied"
        }
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
        let _ = writeln!(o, "\n{}", if zh { "【发现】" } else { "[Findings]" });
        for f in &r.findings {
            let _ = writeln!(o, "  {} {}", f.code, f.message);
        }
    }
    let _ = writeln!(
        o,
        "\n{} {}",
        if zh {
            "期末名册校验：错误"
        } else {
            "Snapshot validation: errors"
        },
        r.report.summary.errors
    );
    o
}
