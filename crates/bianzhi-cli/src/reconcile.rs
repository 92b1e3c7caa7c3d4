//! `bianzhi reconcile --roster R --registry G --payroll P`: 实名制 reconciliation of the
//! establishment roster, the personnel registry and the payroll. Exit 1 when any list is not
//! empty.

use std::path::PathBuf;

use bianzhi::ledger::{reconcile, render_reconcile_text, ReconcileResult};
use bianzhi::Lang;
use bianzhi_tabular::Sheet;

/// Arguments of `bianzhi reconcile`.
#[derive(clap::Args)]
pub struct Args {
    /// The establishment roster (JSON, XLSX or CSV dataset).
    #[arg(long)]
    pub roster: PathBuf,
    /// The personnel registry: a list of people with 身份证号 (JSON, CSV or XLSX).
    #[arg(long)]
    pub registry: PathBuf,
    /// The payroll: a list of people with 身份证号 (JSON, CSV or XLSX).
    #[arg(long)]
    pub payroll: PathBuf,
    /// Output format (xlsx needs --output).
    #[arg(long, default_value = "text", value_parser = ["text", "json", "xlsx"])]
    pub format: String,
    /// Write the output here instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Message language.
    #[arg(long, default_value = "zh")]
    pub lang: Lang,
}

fn sheets(r: &ReconcileResult, zh: bool) -> Vec<Sheet> {
    let lists: [(&str, &str, &[bianzhi::ledger::ReconcileRow]); 4] = [
        ("发薪不在册", "ghost_payroll", &r.ghost_payroll),
        (
            "发薪未占编",
            "paid_outside_establishment",
            &r.paid_outside_establishment,
        ),
        ("占编不在册", "stale_holding", &r.stale_holding),
        ("占编未发薪", "unpaid_holding", &r.unpaid_holding),
    ];
    lists
        .iter()
        .map(|(z, e, rows)| {
            let mut s = Sheet::new(
                *if zh { z } else { e },
                if zh {
                    [
                        "身份证号",
                        "姓名",
                        "人员编码",
                        "单位",
                        "编制单位",
                        "编制类型",
                    ]
                } else {
                    ["id_number", "name", "staff", "unit", "pool", "category"]
                }
                .iter()
                .map(|x| x.to_string())
                .collect(),
            );
            for p in rows.iter() {
                let o = |v: &Option<String>| v.clone().unwrap_or_default();
                s.rows.push(vec![
                    p.id_number.clone(),
                    o(&p.name),
                    o(&p.staff),
                    o(&p.unit),
                    o(&p.pool),
                    o(&p.category),
                ]);
            }
            s
        })
        .collect()
}

/// Runs the subcommand.
pub fn run(args: Args) -> crate::Outcome {
    let roster = bianzhi_tabular::read_path(&args.roster, &Default::default())?;
    for w in &roster.warnings {
        eprintln!("bianzhi: {w}");
    }
    let registry = bianzhi_tabular::read_people_path(&args.registry)?;
    let payroll = bianzhi_tabular::read_people_path(&args.payroll)?;
    let r = reconcile(&roster.dataset, &registry, &payroll);
    let text = match args.format.as_str() {
        "json" => format!("{}\n", serde_json::to_string_pretty(&r)?),
        "text" => render_reconcile_text(&r, args.lang),
        _ => String::new(),
    };
    crate::ledger::emit(&args.output, &args.format, text, || {
        Ok(bianzhi_tabular::write_sheets_xlsx(&sheets(
            &r,
            args.lang == Lang::Zh,
        ))?)
    })?;
    Ok(r.ghost_payroll.is_empty()
        && r.paid_outside_establishment.is_empty()
        && r.stale_holding.is_empty()
        && r.unpaid_holding.is_empty())
}
