//! The self-contained HTML report: one file, no scripts and no external resources, inline
//! SVG charts, print CSS (A4 landscape, repeated table headers) and a layout that reads on
//! a phone.

use std::fmt::Write as _;

use bianzhi::{Dataset, Report};

use crate::write::{category_name, occupancy_totals, worst_units, Names, ReportOptions};

/// Most findings listed in the page; the rest are counted in a visible note (the CSV and
/// xlsx reports list every finding).
pub const HTML_MAX_FINDINGS: usize = 5_000;

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root{--ink:#1f2937;--muted:#6b7280;--line:#d1d5db;--head:#dbeafe;--bad:#fde2e2;--badink:#9b1c1c;--a:#5b9bd5;--o:#ed7d31;--f:#c00000}
*{box-sizing:border-box}
body{margin:0;padding:16px;font:15px/1.5 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);background:#fff}
main{max-width:1100px;margin:0 auto}
h1{font-size:1.45rem;margin:0 0 4px}
h2{font-size:1.15rem;margin:28px 0 8px;border-bottom:2px solid var(--head);padding-bottom:4px}
.sub{color:var(--muted);margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(96px,1fr));gap:8px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 12px}
.card b{display:block;font-size:1.4rem}
.card.err b{color:var(--f)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px;align-items:start}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:8px}
figcaption{font-weight:bold;margin-bottom:4px}
svg{width:100%;height:auto;display:block}
svg text{font-size:13px;fill:var(--ink)}
.sev-e{color:var(--f);font-weight:bold}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:var(--head);white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.bad td{background:var(--bad);color:var(--badink)}
tr.total td{font-weight:bold;background:#f3f4f6}
.note{color:var(--muted);font-size:.9rem}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}
@media (max-width:600px){body{padding:8px;font-size:14px}h1{font-size:1.2rem}.code{display:none}.card b{font-size:1.15rem}}
@media print{
 @page{size:A4 landscape;margin:12mm}
 body{padding:0;font-size:10.5pt}
 main{max-width:none}
 .scroll{overflow:visible}
 thead{display:table-header-group}
 tr,figure{break-inside:avoid}
 h2{break-after:avoid}
 .charts{grid-template-columns:1fr 1fr}
}
"#;

/// A horizontal bar chart (one or two series) as inline SVG.
struct Bars<'a> {
    labels: Vec<String>,
    series: Vec<(&'a str, &'a str, Vec<u64>)>, // (name, css colour variable, values)
    aria: String,
}

impl Bars<'_> {
    fn svg(&self) -> String {
        let n = self.labels.len();
        let per = self.series.len().max(1);
        let bar = 15.0;
        let gap = 9.0;
        let row = bar * per as f64 + gap;
        // Narrow enough that the text stays legible when a phone scales the chart down.
        let label_w = 170.0;
        let width = 480.0;
        let plot = width - label_w - 40.0;
        let top = 8.0;
        let height = top + row * n as f64 + 24.0;
        let max = self
            .series
            .iter()
            .flat_map(|s| s.2.iter().copied())
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{}">"#,
            esc(&self.aria)
        );
        // Axis line and a scale of 0 / half / max.
        let x0 = label_w;
        let y_end = top + row * n as f64;
        let _ = write!(
            out,
            r##"<line x1="{x0}" y1="{top}" x2="{x0}" y2="{y_end}" stroke="#9ca3af"/>"##
        );
        for k in 0..=2 {
            let v = max * k as f64 / 2.0;
            let x = x0 + plot * k as f64 / 2.0;
            let _ = write!(
                out,
                r##"<line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{y_end}" stroke="#e5e7eb"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
                y_end + 16.0,
                v.round() as u64
            );
        }
        for (i, label) in self.labels.iter().enumerate() {
            let y = top + row * i as f64;
            let shown = shorten(label, 11);
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end"><title>{}</title>{}</text>"#,
                x0 - 6.0,
                y + bar * per as f64 / 2.0 + 4.0,
                esc(label),
                esc(&shown)
            );
            for (j, (_, color, values)) in self.series.iter().enumerate() {
                let v = values.get(i).copied().unwrap_or(0);
                let w = plot * v as f64 / max;
                let by = y + bar * j as f64;
                let _ = write!(
                    out,
                    r#"<rect x="{x0}" y="{by:.1}" width="{w:.1}" height="{:.1}" fill="var({color})"/><text x="{:.1}" y="{:.1}">{v}</text>"#,
                    bar - 2.0,
                    x0 + w + 4.0,
                    by + bar - 4.0
                );
            }
        }
        out.push_str("</svg>");
        out
    }
}

/// At most `max` display columns of `s` (CJK counts two), with an ellipsis when cut.
fn shorten(s: &str, max: usize) -> String {
    let mut w = 0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = if (c as u32) >= 0x1100 { 2 } else { 1 };
        if w + cw > max * 2 {
            out.push('…');
            return out;
        }
        w += cw;
        out.push(c);
    }
    out
}

fn cell(out: &mut String, text: &str, numeric: bool) {
    let _ = write!(
        out,
        "<td{}>{}</td>",
        if numeric { r#" class="n""# } else { "" },
        esc(text)
    );
}

fn head(out: &mut String, cols: &[(&str, bool)]) {
    out.push_str("<thead><tr>");
    for (i, (c, n)) in cols.iter().enumerate() {
        // The first column of the findings-by-code table is the English code: hidden on
        // a phone, where 问题类型 says the same.
        let class = match (*n, i == 0 && cols.len() == 4 && cols[3].1) {
            (true, _) => r#" class="n""#,
            (false, true) => r#" class="code""#,
            _ => "",
        };
        let _ = write!(out, "<th{class}>{}</th>", esc(c));
    }
    out.push_str("</tr></thead>");
}

/// The report as one self-contained HTML page (UTF-8): title and evaluation date, counts,
/// two inline SVG charts (approved vs occupied for the units most over establishment;
/// findings by code), occupancy and leadership tables with totals, and the findings (at
/// most [`HTML_MAX_FINDINGS`], with a note saying how many more the CSV or xlsx report
/// holds). No scripts, no external files; print CSS gives A4 landscape pages with repeated
/// table headers.
///
/// ```
/// use bianzhi_tabular::{write_report_html, ReportOptions};
/// let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": []}"#).unwrap();
/// let report = bianzhi::validate(&ds, &Default::default());
/// let html = write_report_html(&report, &ds, &ReportOptions::default());
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("<svg") || report.violations.is_empty());
/// ```
pub fn write_report_html(report: &Report, dataset: &Dataset, opts: &ReportOptions) -> String {
    let t = |zh: &'static str, en: &'static str| opts.t(zh, en);
    let zh = opts.zh();
    let names = Names::of(dataset);
    let title = opts.title_for(dataset);
    let s = &report.summary;
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        if zh { "zh-CN" } else { "en" },
        esc(&title)
    );
    let _ = write!(
        o,
        "<h1>{}</h1>\n<p class=\"sub\">{} {}</p>\n",
        esc(&title),
        t("评估日期：", "As of"),
        report.as_of
    );
    o.push_str("<section class=\"cards\">");
    for (label, n, class) in [
        (t("单位", "units"), s.units, ""),
        (t("岗位", "posts"), s.posts, ""),
        (t("人员", "staff"), s.staff, ""),
        (t("错误", "errors"), s.errors, "err"),
        (t("警告", "warnings"), s.warnings, ""),
        (t("提示", "infos"), s.infos, ""),
    ] {
        let _ = write!(
            o,
            "<div class=\"card {class}\"><b>{n}</b>{}</div>",
            esc(label)
        );
    }
    o.push_str("</section>\n");

    // Charts.
    let worst = worst_units(report, &names, 10);
    let counts = report.counts_by_code();
    if !worst.is_empty() || !counts.is_empty() {
        let _ = write!(
            o,
            "<h2>{}</h2>\n<div class=\"charts\">",
            t("图表", "Charts")
        );
        if !worst.is_empty() {
            let bars = Bars {
                labels: worst.iter().map(|u| u.name.clone()).collect(),
                series: vec![
                    (
                        t("核定", "approved"),
                        "--a",
                        worst.iter().map(|u| u.approved).collect(),
                    ),
                    (
                        t("实有", "occupied"),
                        "--o",
                        worst.iter().map(|u| u.occupied).collect(),
                    ),
                ],
                aria: t(
                    "核定与实有编制（超编最多的单位）",
                    "Approved vs occupied (units most over)",
                )
                .to_string(),
            };
            let _ = write!(
                o,
                "<figure><figcaption>{}</figcaption><div class=\"legend\"><span style=\"background:var(--a)\"></span>{}<span style=\"background:var(--o)\"></span>{}</div>{}</figure>",
                esc(&bars.aria),
                esc(bars.series[0].0),
                esc(bars.series[1].0),
                bars.svg()
            );
        }
        if !counts.is_empty() {
            let bars = Bars {
                labels: counts
                    .iter()
                    .map(|(c, _)| if zh { c.zh() } else { c.as_str() }.to_string())
                    .collect(),
                series: vec![(
                    t("条数", "findings"),
                    "--f",
                    counts.iter().map(|(_, n)| *n as u64).collect(),
                )],
                aria: t("问题数量（按问题类型）", "Findings by code").to_string(),
            };
            let _ = write!(
                o,
                "<figure><figcaption>{}</figcaption>{}</figure>",
                esc(&bars.aria),
                bars.svg()
            );
        }
        o.push_str("</div>\n");
    }

    // Findings by code.
    if !counts.is_empty() {
        let _ = write!(
            o,
            "<h2>{}</h2>\n<div class=\"scroll\"><table>",
            t("问题汇总", "Findings by code")
        );
        head(
            &mut o,
            &[
                (t("代码", "code"), false),
                (t("问题类型", "name"), false),
                (t("严重程度", "severity"), false),
                (t("数量", "count"), true),
            ],
        );
        o.push_str("<tbody>");
        for (code, n) in &counts {
            let sev = code.severity();
            let _ = write!(o, "<tr><td class=\"code\">{}</td>", code.as_str());
            cell(&mut o, if zh { code.zh() } else { code.as_str() }, false);
            cell(&mut o, if zh { sev.zh() } else { sev.as_str() }, false);
            cell(&mut o, &n.to_string(), true);
            o.push_str("</tr>");
        }
        let _ = write!(
            o,
            "<tr class=\"total\"><td colspan=\"3\">{}</td><td class=\"n\">{}</td></tr>",
            t("合计", "total"),
            report.violations.len()
        );
        o.push_str("</tbody></table></div>\n");
    }

    // Occupancy.
    let _ = write!(
        o,
        "<h2>{}</h2>\n<div class=\"scroll\"><table>",
        t("编制使用情况", "Occupancy")
    );
    head(
        &mut o,
        &[
            (t("单位编码", "unit"), false),
            (t("单位名称", "unit name"), false),
            (t("编制类型", "category"), false),
            (t("核定", "approved"), true),
            (t("实有", "occupied"), true),
            (t("空编", "vacant"), true),
            (t("超编", "over"), true),
        ],
    );
    o.push_str("<tbody>");
    for r in &report.occupancy {
        o.push_str(if r.over.is_some_and(|n| n > 0) {
            "<tr class=\"bad\">"
        } else {
            "<tr>"
        });
        cell(&mut o, &r.unit, false);
        cell(&mut o, names.unit(&r.unit), false);
        cell(&mut o, &category_name(&r.category, opts), false);
        for v in [r.approved, Some(r.occupied), r.vacant, r.over] {
            cell(&mut o, &crate::write::known_cell(v, opts), true);
        }
        o.push_str("</tr>");
    }
    let (per, all) = occupancy_totals(report);
    for (cat, v) in per.iter().map(|(c, v)| (Some(c), v)).chain([(None, &all)]) {
        let label = match (cat, zh) {
            (Some(c), true) => format!("小计（{}）", category_name(c, opts)),
            (Some(c), false) => format!("subtotal ({})", category_name(c, opts)),
            (None, _) => t("合计", "total").to_string(),
        };
        let _ = write!(
            o,
            "<tr class=\"total\"><td colspan=\"3\">{}</td>",
            esc(&label)
        );
        for n in v {
            cell(&mut o, &n.to_string(), true);
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></div>\n");

    // Leadership.
    if !report.leadership.is_empty() {
        let _ = write!(
            o,
            "<h2>{}</h2>\n<div class=\"scroll\"><table>",
            t("领导职数", "Leadership positions")
        );
        head(
            &mut o,
            &[
                (t("单位编码", "unit"), false),
                (t("单位名称", "unit name"), false),
                (t("领导职务", "level"), false),
                (t("核定职数", "approved"), true),
                (t("实配", "actual"), true),
            ],
        );
        o.push_str("<tbody>");
        let (mut ta, mut tx) = (0u64, 0u64);
        for l in &report.leadership {
            ta = ta.saturating_add(l.approved);
            tx = tx.saturating_add(l.actual);
            o.push_str(if l.actual > l.approved {
                "<tr class=\"bad\">"
            } else {
                "<tr>"
            });
            cell(&mut o, &l.unit, false);
            cell(&mut o, names.unit(&l.unit), false);
            cell(
                &mut o,
                if zh { l.level.zh() } else { l.level.as_str() },
                false,
            );
            cell(&mut o, &l.approved.to_string(), true);
            cell(&mut o, &l.actual.to_string(), true);
            o.push_str("</tr>");
        }
        let _ = write!(
            o,
            "<tr class=\"total\"><td colspan=\"3\">{}</td><td class=\"n\">{ta}</td><td class=\"n\">{tx}</td></tr>",
            t("合计", "total")
        );
        o.push_str("</tbody></table></div>\n");
    }

    // Findings.
    if !report.violations.is_empty() {
        let _ = write!(
            o,
            "<h2>{}</h2>\n<div class=\"scroll\"><table>",
            t("问题清单", "Findings")
        );
        head(
            &mut o,
            &[
                (t("严重程度", "severity"), false),
                (t("问题类型", "code"), false),
                (t("单位", "unit"), false),
                (t("人员", "staff"), false),
                (t("说明", "message"), false),
            ],
        );
        o.push_str("<tbody>");
        for v in report.violations.iter().take(HTML_MAX_FINDINGS) {
            let unit = v
                .unit
                .as_deref()
                .map(|u| match names.unit(u) {
                    "" => u.to_string(),
                    n => format!("{n}（{u}）"),
                })
                .unwrap_or_default();
            let staff = v
                .staff
                .as_deref()
                .map(|p| match names.person(p) {
                    "" => p.to_string(),
                    n => format!("{n}（{p}）"),
                })
                .unwrap_or_default();
            let _ = write!(
                o,
                "<tr><td{}>{}</td>",
                if v.severity == bianzhi::Severity::Error {
                    r#" class="sev-e""#
                } else {
                    ""
                },
                if zh {
                    v.severity.zh()
                } else {
                    v.severity.as_str()
                }
            );
            cell(
                &mut o,
                if zh { v.code.zh() } else { v.code.as_str() },
                false,
            );
            cell(&mut o, &unit, false);
            cell(&mut o, &staff, false);
            cell(&mut o, &v.message, false);
            o.push_str("</tr>");
        }
        o.push_str("</tbody></table></div>\n");
        let more = report.violations.len().saturating_sub(HTML_MAX_FINDINGS);
        if more > 0 {
            let _ = writeln!(
                o,
                "<p class=\"note\">{}</p>",
                if zh {
                    format!("另有 {more} 条问题未列出；完整清单见 CSV 或 xlsx 报告。")
                } else {
                    format!("{more} more findings are not listed; the CSV and xlsx reports hold them all.")
                }
            );
        }
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}
