//! `bianzhi diff OLD NEW`: the roster diff of two years (年度增减变动). Exit 0 (a diff is not a
//! finding); 2 when a roster cannot be read.

use std::path::PathBuf;

use bianzhi::ledger::{diff, render_diff_text, DiffResult};
use bianzhi::Lang;
use bianzhi_tabular::Sheet;

/// Arguments of `bianzhi diff`.
#[derive(clap::Args)]
pub struct Args {
    /// Last year's roster (JSON, XLSX or CSV).
    pub old: PathBuf,
    /// This year's roster.
    pub new: PathBuf,
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

fn read(p: &std::path::Path) -> Result<bianzhi::Dataset, crate::Failure> {
    let out = bianzhi_tabular::read_path(p, &Default::default())?;
    for w in out.warnings {
        eprintln!("bianzhi: {w}");
    }
    Ok(out.dataset)
}

fn o(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn sheets(d: &DiffResult, zh: bool) -> Vec<Sheet> {
    let h = |z: &[&str], e: &[&str]| -> Vec<String> {
        (if zh { z } else { e })
            .iter()
            .map(|x| x.to_string())
            .collect()
    };
    let mut table = Sheet::new(
        if zh { "年度增减变动" } else { "changes" },
        h(
            &[
                "单位",
                "编制类型",
                "上年核定",
                "本年核定",
                "上年实有",
                "新增",
                "调入",
                "调出",
                "减少",
                "本年实有",
            ],
            &[
                "unit",
                "category",
                "opening_approved",
                "closing_approved",
                "opening_occupied",
                "joined",
                "moved_in",
                "moved_out",
                "left",
                "closing_occupied",
            ],
        ),
    );
    for r in &d.table {
        table.rows.push(vec![
            r.unit.clone(),
            r.category.clone(),
            r.opening_approved.to_string(),
            r.closing_approved.to_string(),
            r.opening_occupied.to_string(),
            r.joined.to_string(),
            r.moved_in.to_string(),
            r.moved_out.to_string(),
            r.left.to_string(),
            r.closing_occupied.to_string(),
        ]);
    }
    let people = |name: &str, rows: &[bianzhi::ledger::PersonRow]| {
        let mut s = Sheet::new(
            name,
            h(
                &[
                    "人员编码",
                    "姓名",
                    "身份证号",
                    "单位",
                    "编制单位",
                    "编制类型",
                ],
                &["staff", "name", "id_number", "unit", "pool", "category"],
            ),
        );
        for p in rows {
            s.rows.push(vec![
                p.staff.clone(),
                p.name.clone(),
                o(&p.id_number),
                p.unit.clone(),
                o(&p.pool),
                o(&p.category),
            ]);
        }
        s
    };
    let mut moved = Sheet::new(
        if zh { "调动人员" } else { "moved" },
        h(
            &[
                "人员编码",
                "原人员编码",
                "姓名",
                "身份证号",
                "原单位",
                "现单位",
            ],
            &[
                "staff",
                "old_staff",
                "name",
                "id_number",
                "from_unit",
                "to_unit",
            ],
        ),
    );
    for m in &d.moved {
        moved.rows.push(vec![
            m.staff.clone(),
            m.old_staff.clone(),
            m.name.clone(),
            o(&m.id_number),
            m.from_unit.clone(),
            m.to_unit.clone(),
        ]);
    }
    let mut quotas = Sheet::new(
        if zh { "核定编制变化" } else { "quotas" },
        h(
            &["单位", "编制类型", "上年", "本年", "增减"],
            &["unit", "category", "old", "new", "delta"],
        ),
    );
    for q in &d.quota_changes {
        quotas.rows.push(vec![
            q.unit.clone(),
            q.category.clone(),
            q.old.to_string(),
            q.new.to_string(),
            q.delta.to_string(),
        ]);
    }
    vec![
        table,
        people(if zh { "新增人员" } else { "joined" }, &d.joined),
        people(if zh { "减少人员" } else { "left" }, &d.left),
        moved,
        quotas,
    ]
}

/// Runs the subcommand.
pub fn run(args: Args) -> crate::Outcome {
    let (old, new) = (read(&args.old)?, read(&args.new)?);
    let d = diff(&old, &new);
    let text = match args.format.as_str() {
        "json" => format!("{}\n", serde_json::to_string_pretty(&d)?),
        "text" => render_diff_text(&d, args.lang),
        _ => String::new(),
    };
    crate::ledger::emit(&args.output, &args.format, text, || {
        Ok(bianzhi_tabular::write_sheets_xlsx(&sheets(
            &d,
            args.lang == Lang::Zh,
        ))?)
    })?;
    Ok(true)
}
