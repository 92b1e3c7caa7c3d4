//! `bianzhi assess --scheme PRESET|FILE RECORDS [--format text|json|csv]` (`docs/cli.md`).
//!
//! RECORDS is a JSON file holding `{"units": {...}, "people": [...]}` or just the list of
//! people; `--scheme` supplies the scheme (a `scheme` key in RECORDS is ignored; `as_of`
//! is the run's date). Exit 0 on success; 1 when a person's record could not be assessed
//! (that person's outcome carries `error`, everybody else is assessed) or the scheme has a
//! finding (more posts offered than free 职数); 2 when a file cannot be read, the scheme is
//! invalid or the document is malformed.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use bianzhi::assess::{self, AssessOutput, Outcome, Scheme};
use serde_json::Value;

use crate::Failure;

/// Output format.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// A readable table and the grade distribution against the cap per pool.
    Text,
    /// The output document of `docs/formats.md#assessment-output`.
    Json,
    /// One row per person.
    Csv,
}

/// Arguments of `bianzhi assess`.
#[derive(clap::Args)]
pub struct Args {
    /// A preset name (civil_servant_annual, institution_annual, monthly_performance_pay,
    /// competitive_selection, warning_cards) or a scheme JSON file.
    #[arg(long)]
    scheme: String,
    /// JSON file: {"units": {...}, "people": [...]} or a list of people.
    records: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Language of the text and CSV headers.
    #[arg(long, default_value = "zh")]
    lang: bianzhi::Lang,
}

/// The Chinese name of a preset scheme, for headings.
pub fn preset_zh(name: &str) -> &str {
    match name {
        "civil_servant_annual" => "公务员年度考核",
        "institution_annual" => "事业单位工作人员年度考核",
        "monthly_performance_pay" => "月度绩效工资",
        "competitive_selection" => "竞争上岗",
        "warning_cards" => "预警提示",
        other => other,
    }
}

/// Chinese column headers of the per-person table.
fn header_zh(h: &str) -> &str {
    match h {
        "id" => "人员编码",
        "unit" => "单位",
        "score" => "得分",
        "grade" => "等次",
        "graded" => "定等次",
        "rank" => "排名",
        "moved_by_cap" => "因比例调整",
        "consequences" => "结果运用",
        "reason" | "reasons" => "说明",
        "role" => "岗位角色",
        "pay" => "绩效工资",
        "pay_fen" => "绩效工资（分）",
        "forfeited" => "扣发项目",
        "vote_score" => "民主测评得分",
        "speech_score" => "答辩得分",
        "composite" => "综合得分",
        "eligible" => "符合资格",
        other => other,
    }
}

/// 是/否 for the boolean cells of the Chinese table.
fn cell_zh(c: String) -> String {
    match c.as_str() {
        "true" => "是".into(),
        "false" => "否".into(),
        _ => c,
    }
}

fn read_json(path: &Path) -> Result<Value, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure(format!("{}: cannot read: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| Failure(format!("{}: not JSON: {e}", path.display())))
}

fn load_scheme(arg: &str) -> Result<Scheme, Failure> {
    if let Some(s) = assess::preset(arg) {
        return Ok(s);
    }
    let path = Path::new(arg);
    if !path.exists() {
        return Err(Failure(format!(
            "{arg}: neither a preset ({}) nor a file",
            assess::PRESETS.join(", ")
        )));
    }
    let v = read_json(path)?;
    assess::scheme_from_value(&v).map_err(|e| Failure(format!("{arg}: {e}")))
}

/// Runs the subcommand.
pub fn run(args: Args) -> crate::Outcome {
    let scheme = load_scheme(&args.scheme)?;
    let records = read_json(&args.records)?;
    let at = |e: assess::AssessError| Failure(format!("{}: {e}", args.records.display()));
    let (units, people) = match &records {
        Value::Array(_) => (Value::Null, &records),
        Value::Object(m) => (
            m.get("units").cloned().unwrap_or(Value::Null),
            m.get("people")
                .ok_or_else(|| Failure(format!("{}: no `people` list", args.records.display())))?,
        ),
        _ => {
            return Err(Failure(format!(
                "{}: expected a list of people or an object with `people`",
                args.records.display()
            )))
        }
    };
    let as_of = match records.get("as_of") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_str()
                .and_then(|d| d.trim().parse().ok())
                .ok_or_else(|| {
                    Failure(format!(
                        "{}: as_of: expected a date YYYY-MM-DD",
                        args.records.display()
                    ))
                })?,
        ),
    };
    // A record that cannot be assessed is that person's error (exit 1), not the batch's.
    let out = assess::assess_records(&scheme, &units, people, as_of).map_err(at)?;
    drop(records);
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    let written = (|| -> std::io::Result<()> {
        match args.format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut w, &out)?;
                writeln!(w)?;
            }
            Format::Csv => write_csv(&mut w, &out, args.lang)?,
            Format::Text => write_text(&mut w, &out, args.lang)?,
        }
        w.flush()
    })();
    match written {
        // A reader that went away (`| head`) ends the output, not the command.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(Failure(e.to_string())),
        Ok(()) => {}
    }
    for f in &out.findings {
        eprintln!("bianzhi: {}: {}", f.code, f.message);
    }
    Ok(out.is_clean())
}

fn csv_field(s: &str) -> String {
    // A name such as `=HYPERLINK(…)` must not run as a formula when the CSV is opened.
    let s = &*bianzhi_tabular::csv_safe(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn opt<T: ToString>(x: &Option<T>) -> String {
    x.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

fn rows(out: &AssessOutput) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut header: Vec<&'static str> = Vec::new();
    let mut rows = Vec::new();
    for o in &out.outcomes {
        let (h, r): (Vec<&'static str>, Vec<String>) = match o {
            Outcome::Graded(g) => (
                vec![
                    "id",
                    "unit",
                    "score",
                    "grade",
                    "graded",
                    "rank",
                    "moved_by_cap",
                    "consequences",
                    "error",
                    "reason",
                ],
                vec![
                    g.id.clone(),
                    opt(&g.unit),
                    opt(&g.score),
                    g.grade
                        .clone()
                        .unwrap_or_else(|| assess::UNGRADED.to_string()),
                    g.graded.to_string(),
                    opt(&g.rank),
                    g.moved_by_cap.to_string(),
                    g.consequences.join("；"),
                    opt(&g.error),
                    opt(&g.reason),
                ],
            ),
            Outcome::Pay(p) => (
                vec![
                    "id",
                    "unit",
                    "role",
                    "pay",
                    "pay_fen",
                    "forfeited",
                    "error",
                    "reason",
                ],
                vec![
                    p.id.clone(),
                    opt(&p.unit),
                    opt(&p.role),
                    opt(&p.pay),
                    opt(&p.pay_fen),
                    p.forfeited.join("+"),
                    opt(&p.error),
                    opt(&p.reason),
                ],
            ),
            Outcome::Selection(s) => (
                vec![
                    "id",
                    "unit",
                    "vote_score",
                    "speech_score",
                    "composite",
                    "eligible",
                    "rank",
                    "error",
                    "reasons",
                ],
                vec![
                    s.id.clone(),
                    opt(&s.unit),
                    opt(&s.vote_score),
                    opt(&s.speech_score),
                    opt(&s.composite),
                    s.eligible.to_string(),
                    opt(&s.rank),
                    opt(&s.error),
                    s.reasons.join("；"),
                ],
            ),
            // An outcome kind newer than this table (Outcome is non_exhaustive): its id.
            other => (vec!["id"], vec![other.id().to_string()]),
        };
        header = h;
        rows.push(r);
    }
    if header.is_empty() {
        header = vec!["id"];
    }
    (header, rows)
}

/// The table in `lang`: Chinese headers and 是/否 cells, or as computed.
fn rows_in(out: &AssessOutput, lang: bianzhi::Lang) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let (header, rows) = rows(out);
    if lang != bianzhi::Lang::Zh {
        return (header, rows);
    }
    (
        header.into_iter().map(header_zh).collect(),
        rows.into_iter()
            .map(|r| r.into_iter().map(cell_zh).collect())
            .collect(),
    )
}

fn write_csv(w: &mut impl Write, out: &AssessOutput, lang: bianzhi::Lang) -> std::io::Result<()> {
    let (header, rows) = rows_in(out, lang);
    writeln!(w, "{}", header.join(","))?;
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| csv_field(c)).collect();
        writeln!(w, "{}", cells.join(","))?;
    }
    Ok(())
}

use crate::ui::width;

fn write_text(w: &mut impl Write, out: &AssessOutput, lang: bianzhi::Lang) -> std::io::Result<()> {
    let zh = lang == bianzhi::Lang::Zh;
    if zh {
        let n = out.outcomes.len();
        writeln!(w, "考核方案：{}（{n} 人）", preset_zh(&out.scheme))?;
    } else {
        writeln!(w, "scheme: {} ({} people)", out.scheme, out.outcomes.len())?;
    }
    let (header, rows) = rows_in(out, lang);
    // The last column (reasons) is free text: do not pad it.
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate().take(n.saturating_sub(1)) {
            if let Some(x) = widths.get_mut(i) {
                *x = (*x).max(width(c));
            }
        }
    }
    let line = |cells: Vec<String>| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < n {
                let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(width(c)) + 2;
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(
        w,
        "{}",
        line(header.iter().map(|h| h.to_string()).collect())
    )?;
    for r in rows {
        writeln!(w, "{}", line(r))?;
    }
    if !out.distribution.is_empty() {
        writeln!(w)?;
        let title = if zh {
            "等次分布与比例上限："
        } else {
            "grade distribution against the cap:"
        };
        writeln!(w, "{title}")?;
        for d in &out.distribution {
            let grades: Vec<String> = d
                .grades
                .iter()
                .map(|g| format!("{} {}", g.grade, g.count))
                .collect();
            let pool = d
                .pool
                .as_deref()
                .unwrap_or(if zh { "（全部）" } else { "(all)" });
            if zh {
                let cap = match (&d.ratio, d.cap) {
                    (Some(r), Some(c)) => format!("上限 {c}（比例 {r} × 定等次 {}）", d.graded),
                    _ => "无上限".to_string(),
                };
                writeln!(
                    w,
                    "  {pool}：参加 {} 人，定等次 {}，不定等次 {}；{} {} / {}；因比例调整 {}；{}",
                    d.people,
                    d.graded,
                    d.ungraded,
                    d.top_grade,
                    d.top,
                    cap,
                    d.moved_by_cap,
                    grades.join("、")
                )?;
            } else {
                let cap = match (&d.ratio, d.cap) {
                    (Some(r), Some(c)) => format!("cap {c} (ratio {r} × {} graded)", d.graded),
                    _ => "no cap".to_string(),
                };
                writeln!(
                    w,
                    "  {pool}: {} people, {} graded, {} ungraded; {} {} / {}; moved by cap {}; {}",
                    d.people,
                    d.graded,
                    d.ungraded,
                    d.top_grade,
                    d.top,
                    cap,
                    d.moved_by_cap,
                    grades.join(", ")
                )?;
            }
        }
    }
    Ok(())
}
