//! `bianzhi ledger FILE`: replays an establishment ledger (机构编制台账) to a date and prints
//! the decisions, balances and change table; exit 1 when an event was rejected or the
//! snapshot has error findings.

use std::path::PathBuf;

use bianzhi::ledger::{apply, render_text, Ledger, LedgerResult};
use bianzhi::Lang;
use bianzhi_tabular::Sheet;
use chrono::NaiveDate;

/// Arguments of `bianzhi ledger`.
#[derive(clap::Args)]
pub struct Args {
    /// Ledger: a JSON document {"opening", "events", …} or a workbook whose roster sheets are
    /// the opening and whose 事项 sheet holds the events.
    pub file: PathBuf,
    /// More events (CSV, XLSX sheet 事项, or JSON), appended after the file's own.
    #[arg(long)]
    pub events: Vec<PathBuf>,
    /// Result date; defaults to the document's `as_of`, then the last event date.
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// Output format (xlsx needs --output).
    #[arg(long, default_value = "text", value_parser = ["text", "json", "xlsx"])]
    pub format: String,
    /// Write the output here instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Write the roster after the events (the snapshot) to this file (.json or .xlsx).
    #[arg(long)]
    pub snapshot: Option<PathBuf>,
    /// Message language.
    #[arg(long, default_value = "zh")]
    pub lang: Lang,
}

/// Reads a ledger and the extra event files; reader warnings go to stderr.
pub fn read(file: &std::path::Path, events: &[PathBuf]) -> Result<Ledger, crate::Failure> {
    let (mut ledger, warnings) = bianzhi_tabular::read_ledger_path(file)?;
    for w in warnings {
        eprintln!("bianzhi: {w}");
    }
    for p in events {
        let (more, warnings) = bianzhi_tabular::read_events_path(p)?;
        for w in warnings {
            eprintln!("bianzhi: {w}");
        }
        let base = ledger.events.len();
        for mut e in more {
            e.row += base;
            ledger.events.push(e);
        }
    }
    Ok(ledger)
}

fn s<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// The result as workbook sheets: 事项决定, 编制结存, 增减变动, 用编核准, 发现.
pub fn sheets(r: &LedgerResult, lang: Lang) -> Vec<Sheet> {
    let zh = lang == Lang::Zh;
    let h = |z: &[&str], e: &[&str]| -> Vec<String> {
        (if zh { z } else { e })
            .iter()
            .map(|x| x.to_string())
            .collect()
    };
    let mut out = Vec::new();
    let mut sh = Sheet::new(
        if zh { "事项决定" } else { "decisions" },
        h(
            &[
                "事项编号",
                "行",
                "日期",
                "事项类型",
                "结果",
                "代码",
                "单位",
                "编制类型",
                "申请数",
                "空编数",
                "字段",
                "说明",
            ],
            &[
                "event",
                "row",
                "date",
                "type",
                "status",
                "code",
                "pool",
                "category",
                "requested",
                "available",
                "field",
                "message",
            ],
        ),
    );
    for d in &r.decisions {
        sh.rows.push(vec![
            d.event.clone(),
            d.row.to_string(),
            s(d.date),
            s(d.kind.map(|k| if zh { k.zh() } else { k.as_str() })),
            if d.approved() {
                if zh {
                    "核准"
                } else {
                    "approved"
                }
            } else if zh {
                "不予核准"
            } else {
                "rejected"
            }
            .into(),
            s(d.code.map(|c| c.as_str())),
            s(d.pool.clone()),
            s(d.category.clone()),
            s(d.requested),
            s(d.available),
            s(d.field.clone()),
            s(d.message.clone()),
        ]);
    }
    out.push(sh);
    let mut sh = Sheet::new(
        if zh { "编制结存" } else { "balances" },
        h(
            &[
                "单位",
                "编制类型",
                "核定",
                "实有",
                "已核准用编",
                "空编",
                "超出",
            ],
            &[
                "unit",
                "category",
                "approved",
                "occupied",
                "reserved",
                "available",
                "over",
            ],
        ),
    );
    for b in &r.balances {
        sh.rows.push(vec![
            b.unit.clone(),
            b.category.clone(),
            b.approved.to_string(),
            b.occupied.to_string(),
            b.reserved.to_string(),
            b.available.to_string(),
            b.over.to_string(),
        ]);
    }
    out.push(sh);
    let mut sh = Sheet::new(
        if zh { "增减变动" } else { "changes" },
        h(
            &[
                "单位",
                "编制类型",
                "期初核定",
                "核增",
                "核减",
                "调剂调入",
                "调剂调出",
                "期末核定",
                "期初实有",
                "入编",
                "调动调入",
                "调动调出",
                "退休",
                "调出",
                "辞职",
                "辞退",
                "死亡",
                "分流",
                "期末实有",
            ],
            &[
                "unit",
                "category",
                "opening_approved",
                "approved_in",
                "approved_out",
                "transferred_in",
                "transferred_out",
                "closing_approved",
                "opening_occupied",
                "enrolled",
                "moved_in",
                "moved_out",
                "retired",
                "transferred_out_staff",
                "resigned",
                "dismissed",
                "deceased",
                "redeployed",
                "closing_occupied",
            ],
        ),
    );
    for c in &r.changes {
        let x = &c.exited;
        sh.rows.push(
            [
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
                x.retired,
                x.transferred_out,
                x.resigned,
                x.dismissed,
                x.deceased,
                x.redeployed,
                c.closing_occupied,
            ]
            .iter()
            .fold(vec![c.unit.clone(), c.category.clone()], |mut v, n| {
                v.push(n.to_string());
                v
            }),
        );
    }
    out.push(sh);
    let mut sh = Sheet::new(
        if zh { "用编核准" } else { "reservations" },
        h(
            &[
                "用编核准编号",
                "单位",
                "编制单位",
                "编制类型",
                "日期",
                "有效期至",
                "核准数",
                "已用",
                "剩余",
                "状态",
            ],
            &[
                "id",
                "unit",
                "pool",
                "category",
                "date",
                "expires",
                "count",
                "used",
                "remaining",
                "status",
            ],
        ),
    );
    for v in &r.reservations {
        sh.rows.push(vec![
            v.id.clone(),
            v.unit.clone(),
            v.pool.clone(),
            v.category.clone(),
            v.date.to_string(),
            s(v.expires),
            v.count.to_string(),
            v.used.to_string(),
            v.remaining.to_string(),
            serde_json::to_value(v.status)
                .ok()
                .and_then(|x| x.as_str().map(str::to_string))
                .unwrap_or_default(),
        ]);
    }
    out.push(sh);
    let mut sh = Sheet::new(
        if zh { "发现" } else { "findings" },
        h(
            &[
                "代码",
                "级别",
                "事项编号",
                "人员",
                "原人员",
                "单位",
                "原单位",
                "出编日期",
                "入编日期",
                "说明",
            ],
            &[
                "code",
                "severity",
                "event",
                "staff",
                "previous_staff",
                "unit",
                "previous_unit",
                "exit_date",
                "entry_date",
                "message",
            ],
        ),
    );
    for f in &r.findings {
        sh.rows.push(vec![
            f.code.clone(),
            f.severity.as_str().to_string(),
            s(f.event.clone()),
            s(f.staff.clone()),
            s(f.previous_staff.clone()),
            s(f.unit.clone()),
            s(f.previous_unit.clone()),
            s(f.exit_date),
            s(f.entry_date),
            f.message.clone(),
        ]);
    }
    out.push(sh);
    out
}

/// Writes bytes to `--output` or standard output (text and JSON only).
pub fn emit(
    output: &Option<PathBuf>,
    format: &str,
    text: String,
    xlsx: impl FnOnce() -> Result<Vec<u8>, crate::Failure>,
) -> Result<(), crate::Failure> {
    let write = |p: &PathBuf, b: &[u8]| {
        std::fs::write(p, b).map_err(|e| crate::Failure(format!("{}: {e}", p.display())))
    };
    match (format, output) {
        ("xlsx", Some(p)) => write(p, &xlsx()?),
        ("xlsx", None) => Err(crate::Failure(
            "--format xlsx writes a workbook: give --output FILE.xlsx".into(),
        )),
        (_, Some(p)) => write(p, text.as_bytes()),
        (_, None) => {
            print!("{text}");
            Ok(())
        }
    }
}

/// Runs the subcommand.
pub fn run(args: Args) -> crate::Outcome {
    let mut ledger = read(&args.file, &args.events)?;
    ledger.lang = args.lang;
    let as_of = args.as_of.unwrap_or_else(|| ledger.default_as_of());
    let r = apply(&ledger, as_of);
    let text = match args.format.as_str() {
        "json" => format!("{}\n", serde_json::to_string_pretty(&r.to_value())?),
        "text" => render_text(&r, args.lang),
        _ => String::new(),
    };
    emit(&args.output, &args.format, text, || {
        Ok(bianzhi_tabular::write_sheets_xlsx(&sheets(&r, args.lang))?)
    })?;
    if let Some(p) = &args.snapshot {
        let doc: serde_json::Value = serde_json::from_str(&r.snapshot.to_json())?;
        let bytes = if p
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        {
            bianzhi_tabular::write_document_xlsx(&doc, bianzhi_tabular::Headers::Chinese)?
        } else {
            serde_json::to_vec_pretty(&doc)?
        };
        std::fs::write(p, bytes).map_err(|e| crate::Failure(format!("{}: {e}", p.display())))?;
    }
    Ok(r.rejected_count() == 0 && r.report.ok())
}

/// The demo's short ledger: a rejected 用编 request, an approved one, a 调剂 and the change
/// table, on a two-unit county.
pub fn demo_text(lang: Lang) -> String {
    const DOC: &str = r#"{"as_of": "2026-06-30",
      "opening": {"as_of": "2025-12-31",
        "units": [{"id": "NY", "name": "县农业农村局", "kind": "organ", "quotas": {"administrative": 6}},
                  {"id": "NJ", "name": "县农技推广中心", "kind": "institution", "parent": "NY", "quotas": {"institution": 4}},
                  {"id": "XM", "name": "县畜牧站", "kind": "institution", "parent": "NY", "quotas": {"institution": 3}}],
        "staff": [{"id": "S1", "name": "张一", "unit": "NJ", "establishment": "institution"},
                  {"id": "S2", "name": "张二", "unit": "NJ", "establishment": "institution"},
                  {"id": "S3", "name": "张三", "unit": "NJ", "establishment": "institution"},
                  {"id": "S4", "name": "李四", "unit": "XM", "establishment": "institution"},
                  {"id": "S5", "name": "王五", "unit": "NY", "establishment": "administrative"}]},
      "events": [
        {"id": "E1", "date": "2026-01-10", "type": "用编核准", "unit": "NJ", "category": "事业", "count": 1, "doc": "县编办〔2026〕3号"},
        {"id": "E2", "date": "2026-01-12", "type": "用编核准", "unit": "NJ", "category": "事业", "count": 1},
        {"id": "E3", "date": "2026-02-01", "type": "调剂", "unit": "XM", "to_unit": "NJ", "category": "事业", "count": 1},
        {"id": "E4", "date": "2026-02-02", "type": "用编核准", "unit": "NJ", "category": "事业", "count": 1},
        {"id": "E5", "date": "2026-03-01", "type": "入编", "unit": "NJ", "category": "事业", "reservation": "E1",
         "person": {"id": "S6", "name": "赵六", "gender": "female", "birth_date": "1998-05-02"}}]}"#;
    match Ledger::from_json(DOC) {
        Ok(mut l) => {
            l.lang = lang;
            let as_of = l.default_as_of();
            render_text(&apply(&l, as_of), lang)
        }
        Err(e) => format!("{e}\n"),
    }
}
