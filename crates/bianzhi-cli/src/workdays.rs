//! `bianzhi workdays --from DATE (--add N | --to DATE)`: working days (工作日) under the State
//! Council holiday calendar (`docs/workdays.md`).

use std::path::PathBuf;

use bianzhi::workdays::Calendar;
use chrono::NaiveDate;

use crate::Failure;

/// Arguments of `bianzhi workdays`.
#[derive(clap::Args)]
pub struct Args {
    /// The start date (YYYY-MM-DD). Alone, tells whether it is a working day.
    #[arg(long)]
    pub from: NaiveDate,
    /// The date N working days after `--from` (before it when N < 0).
    #[arg(long, allow_hyphen_values = true, conflicts_with = "to")]
    pub add: Option<i64>,
    /// Count the working days d with from < d ≤ to (the start day excluded, the end included).
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// A calendar file (JSON, `{"years": {"2027": {"holidays": [...], "workdays": [...]}}}`)
    /// adding or replacing years of the shipped 2020–2026 tables.
    #[arg(long)]
    pub calendar: Option<PathBuf>,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    /// Language of the text output.
    #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
    pub lang: String,
}

/// Runs the subcommand.
pub fn run(args: Args) -> crate::Outcome {
    let cal = match &args.calendar {
        None => Calendar::official().clone(),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Failure(format!("{}: cannot read: {e}", p.display())))?;
            let mine =
                Calendar::from_json(&text).map_err(|e| Failure(format!("{}: {e}", p.display())))?;
            Calendar::official().merged(&mine)
        }
    };
    let mut out = serde_json::Map::new();
    out.insert("from".into(), args.from.to_string().into());
    let text = if let Some(n) = args.add {
        let d = cal.add_workdays(args.from, n)?;
        out.insert("add".into(), n.into());
        out.insert("date".into(), d.to_string().into());
        d.to_string()
    } else if let Some(to) = args.to {
        let n = cal.workdays_between(args.from, to)?;
        out.insert("to".into(), to.to_string().into());
        out.insert("workdays".into(), n.into());
        n.to_string()
    } else {
        let w = cal.is_workday(args.from)?;
        out.insert("is_workday".into(), w.into());
        match (w, args.lang == "en") {
            (true, false) => "工作日",
            (false, false) => "休息日",
            (true, true) => "working day",
            (false, true) => "rest day",
        }
        .to_string()
    };
    if args.format == "json" {
        println!("{}", serde_json::Value::Object(out));
    } else {
        println!("{text}");
    }
    Ok(true)
}
