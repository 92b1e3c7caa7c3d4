//! Text, JSON and CSV renderings of a validation report.

use std::fmt::Write;

use bianzhi::{Dataset, Lang, Report};

/// Output format of report-producing subcommands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text.
    Text,
    /// The JSON report of `docs/formats.md#validation-report`.
    Json,
    /// One finding per row: UTF-8 with BOM (or GBK with `--encoding gbk`), Chinese or
    /// English headers, names beside ids.
    Csv,
    /// The workbook report (汇总, 编制使用情况, 领导职数, 问题清单), ready to print.
    Xlsx,
    /// One self-contained HTML page with charts.
    Html,
}

impl Format {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }
}

/// One CSV field: formula-like text neutralised (`'=…`), then quoted when needed (RFC 4180).
#[allow(dead_code)] // for subcommands that write their own CSV
pub fn csv_field(s: &str) -> String {
    let s = bianzhi_tabular::csv_safe(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

fn unit_name<'a>(ds: &'a Dataset, id: &'a str) -> &'a str {
    ds.units()
        .iter()
        .find(|u| u.id == id)
        .map(|u| u.name.as_str())
        .unwrap_or(id)
}

pub use crate::ui::pad;
use crate::ui::pad_left;

pub fn report_text(report: &Report, ds: &Dataset, lang: Lang, full: bool) -> String {
    let zh = lang == Lang::Zh;
    let s = &report.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: {} {}, {} {}, {} {}",
        if zh { "核查日期" } else { "As of" },
        report.as_of,
        s.units,
        if zh { "个单位" } else { "units" },
        s.posts,
        if zh { "个岗位" } else { "posts" },
        s.staff,
        if zh { "名人员" } else { "staff" }
    );
    let _ = writeln!(
        out,
        "{}: {} {}, {} {}, {} {}\n",
        if zh { "问题" } else { "Findings" },
        s.errors,
        if zh { "错误" } else { "errors" },
        s.warnings,
        if zh { "警告" } else { "warnings" },
        s.infos,
        if zh { "提示" } else { "infos" }
    );
    if !report.violations.is_empty() {
        let _ = writeln!(out, "{}", if zh { "按问题类型：" } else { "By code:" });
        for (code, n) in report.counts_by_code() {
            let _ = writeln!(
                out,
                "  {} {} {:>5}",
                pad(code.as_str(), 26),
                pad(code.zh(), 28),
                n
            );
        }
        out.push('\n');
    }
    let limit = if full { usize::MAX } else { 40 };
    if !report.violations.is_empty() {
        let _ = writeln!(out, "{}", if zh { "问题清单：" } else { "Findings:" });
        for v in report.violations.iter().take(limit) {
            let _ = writeln!(
                out,
                "  [{}] {} {}",
                if zh {
                    v.severity.zh()
                } else {
                    v.severity.as_str()
                },
                v.code,
                v.message
            );
        }
        if report.violations.len() > limit {
            let _ = writeln!(
                out,
                "  … {} {}",
                report.violations.len() - limit,
                if zh {
                    "条未显示（--format json 或 csv 输出全部）"
                } else {
                    "more (use --format json or csv for all)"
                }
            );
        }
        out.push('\n');
    }
    out.push_str(&occupancy_text(report, ds, lang, full));
    out
}

pub fn occupancy_text(report: &Report, ds: &Dataset, lang: Lang, full: bool) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let rows: Vec<_> = report
        .occupancy
        .iter()
        .filter(|r| full || r.over.is_some_and(|n| n > 0))
        .collect();
    // Per category: quotas of different categories are never added together.
    let _ = writeln!(
        out,
        "{}",
        if zh {
            "编制使用情况合计（按编制类型）："
        } else {
            "Occupancy total by category:"
        }
    );
    for t in report.totals_by_category() {
        let cat: bianzhi::Category = t.category.parse().unwrap_or_else(|n| match n {});
        let unknown = match (t.unknown_pools, zh) {
            (0, _) => String::new(),
            (n, true) => format!("（另有{n}个单位未核定编制，实有{}名）", t.unknown_occupied),
            (n, false) => format!(
                " ({n} pools with unknown quotas, {} occupied there)",
                t.unknown_occupied
            ),
        };
        let (colon, comma) = if zh { ("：", "，") } else { (": ", ", ") };
        let _ = writeln!(
            out,
            "  {}{colon}{} {}{comma}{} {}{comma}{} {}{comma}{} {}{unknown}",
            if zh { cat.zh() } else { cat.as_str() },
            if zh { "核定" } else { "approved" },
            t.approved,
            if zh { "实有" } else { "occupied" },
            t.occupied,
            if zh { "空编" } else { "vacant" },
            t.vacant,
            if zh { "超编" } else { "over" },
            t.over,
        );
    }
    if rows.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "{}",
        if full {
            if zh {
                "编制使用情况："
            } else {
                "Occupancy:"
            }
        } else if zh {
            "超编单位："
        } else {
            "Pools over establishment:"
        }
    );
    let _ = writeln!(
        out,
        "  {} {} {} {} {} {}",
        pad(if zh { "单位" } else { "unit" }, 30),
        pad(if zh { "编制类型" } else { "category" }, 16),
        pad_left(if zh { "核定" } else { "appr." }, 6),
        pad_left(if zh { "实有" } else { "occ." }, 6),
        pad_left(if zh { "空编" } else { "vacant" }, 6),
        pad_left(if zh { "超编" } else { "over" }, 6)
    );
    for r in rows {
        let cat: bianzhi::Category = r.category.parse().unwrap_or_else(|n| match n {});
        let _ = writeln!(
            out,
            "  {} {} {} {:>6} {} {}",
            pad(unit_name(ds, &r.unit), 30),
            pad(if zh { cat.zh() } else { cat.as_str() }, 16),
            pad_left(&known(r.approved, zh), 6),
            r.occupied,
            pad_left(&known(r.vacant, zh), 6),
            pad_left(&known(r.over, zh), 6)
        );
    }
    out
}

/// A figure that is unknown when the pool's quotas are (QUOTA_UNKNOWN).
fn known(n: Option<u64>, zh: bool) -> String {
    match n {
        Some(n) => n.to_string(),
        None if zh => "未核定".into(),
        None => "unknown".into(),
    }
}
