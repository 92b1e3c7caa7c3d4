//! Files, pipes and the reports an office uses, end to end through the `bianzhi` binary.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bianzhi"));
    c.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run bianzhi")
}

fn dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("bianzhi-files-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The sample county: findings of every code, several units over establishment.
fn sample(d: &Path) -> PathBuf {
    let p = d.join("county.json");
    std::fs::write(&p, bianzhi::sample::county_json()).unwrap();
    p
}

/// A dataset whose names are formula-injection payloads; U1 is over establishment and
/// S1/S2 have bad 身份证号, so that findings carry those names.
fn hostile(d: &Path) -> PathBuf {
    let p = d.join("hostile.json");
    std::fs::write(
        &p,
        r#"{"as_of": "2026-11-30",
            "units": [{"id": "U1", "name": "=HYPERLINK(\"http://x\",\"y\")", "kind": "organ", "quotas": {"administrative": 1}}],
            "staff": [
              {"id": "S1", "name": "=cmd|' /C calc'!A0", "id_number": "1", "unit": "U1", "establishment": "administrative"},
              {"id": "S2", "name": "@SUM(A1:A9)", "id_number": "2", "unit": "U1", "establishment": "administrative"},
              {"id": "S3", "name": "+1+1", "unit": "U1", "establishment": "administrative"},
              {"id": "S4", "name": "-2+3", "unit": "U1", "establishment": "administrative"}]}"#,
    )
    .unwrap();
    p
}

fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut t = String::new();
            let _ = f.read_to_string(&mut t);
            (f.name().map(|n| n.to_string()).unwrap_or_default(), t)
        })
        .collect()
}

/// Runs with standard output a pipe whose reader has already gone away.
fn with_closed_pipe(args: &[&str]) -> Output {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_usual_status() {
    let d = dir("pipe");
    let f = sample(&d);
    // The sample has errors: exit 1, as with an open pipe; nothing on stderr, no panic.
    for format in ["text", "json", "csv"] {
        let o = with_closed_pipe(&["validate", s(&f), "--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", err(&o));
        assert_eq!(err(&o), "", "{format}");
    }
    let o = with_closed_pipe(&["generate", "--staff", "20000"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(err(&o), "");
    let o = with_closed_pipe(&["demo"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(err(&o), "");
}

#[test]
fn output_naming_an_input_is_refused_and_the_input_untouched() {
    let d = dir("overwrite");
    let f = sample(&d);
    let before = std::fs::read(&f).unwrap();
    let link = d.join("link.json");
    std::fs::hard_link(&f, &link).unwrap();
    let relative = format!("{}/./county.json", s(&d));
    for out in [s(&f), relative.as_str(), s(&link)] {
        let o = run(&["validate", s(&f), "--output", out]);
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(err(&o).contains("输入"), "{}", err(&o));
    }
    // A workbook input named by an xlsx output.
    let tpl = d.join("花名册.xlsx");
    assert_eq!(run(&["template", "-o", s(&tpl)]).status.code(), Some(0));
    let wb = std::fs::read(&tpl).unwrap();
    let o = run(&["validate", s(&tpl), "--output", s(&tpl)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&tpl).unwrap(), wb);
    assert_eq!(std::fs::read(&f).unwrap(), before);
}

#[test]
fn template_keeps_an_existing_file_unless_forced() {
    let d = dir("template");
    let p = d.join("模板.xlsx");
    std::fs::write(&p, b"filled in").unwrap();
    let o = run(&["template", "-o", s(&p)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--force"), "{}", err(&o));
    assert_eq!(std::fs::read(&p).unwrap(), b"filled in");
    let o = run(&["template", "-o", s(&p), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(std::fs::read(&p).unwrap().starts_with(b"PK"));
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(&d).unwrap().collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn csv_to_standard_output_and_to_a_file_are_the_same_bytes() {
    let d = dir("csv");
    let f = sample(&d);
    for extra in [&[][..], &["--lang", "en"][..], &["--encoding", "gbk"][..]] {
        let out = d.join("r.csv");
        let mut a = vec!["validate", s(&f), "--format", "csv"];
        a.extend(extra);
        let piped = run(&a);
        assert_eq!(piped.status.code(), Some(1));
        let mut b = vec!["validate", s(&f), "--output", s(&out)];
        b.extend(extra);
        let filed = run(&b);
        assert_eq!(filed.status.code(), Some(1), "{}", err(&filed));
        let bytes = std::fs::read(&out).unwrap();
        assert_eq!(piped.stdout, bytes, "{extra:?}");
        if extra.is_empty() {
            assert!(bytes.starts_with("\u{feff}代码,问题类型".as_bytes()));
        }
        if extra == ["--lang", "en"] {
            assert!(bytes.starts_with("\u{feff}code,severity,unit,unit_name".as_bytes()));
        }
        if extra == ["--encoding", "gbk"] {
            // 代码 in GBK, no BOM.
            assert!(bytes.starts_with(&[0xB4, 0xFA, 0xC2, 0xEB, b',']));
        }
    }
}

#[test]
fn the_summary_line_follows_a_written_file_and_quiet_silences_it() {
    let d = dir("summary");
    let f = sample(&d);
    let out = d.join("核查报告.xlsx");
    let o = run(&["validate", s(&f), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_slice(&run(&["validate", s(&f), "--format", "json"]).stdout).unwrap();
    let line = format!(
        "已写入 {}：错误 {} 条，警告 {} 条\n",
        out.display(),
        report["summary"]["errors"],
        report["summary"]["warnings"]
    );
    assert_eq!(err(&o), line);
    let o = run(&["validate", s(&f), "--output", s(&out), "--quiet"]);
    assert_eq!(err(&o), "");
}

#[test]
fn contradictory_options_are_a_usage_error() {
    let d = dir("usage");
    let f = sample(&d);
    for args in [
        &["--format", "json", "--output", "r.csv"][..],
        &["--format", "csv", "--output", "r.xlsx"][..],
        &["--encoding", "gbk", "--format", "json"][..],
    ] {
        let mut a = vec!["validate", s(&f)];
        a.extend(args);
        let o = bin().args(&a).current_dir(&d).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!d.join("r.csv").exists() && !d.join("r.xlsx").exists());
    }
}

#[test]
fn xlsx_report_declares_landscape_print_titles_and_charts() {
    let d = dir("xlsx");
    let f = sample(&d);
    let out = d.join("报告.xlsx");
    assert_eq!(
        run(&["validate", s(&f), "-o", s(&out)]).status.code(),
        Some(1)
    );
    let parts = unzip(&std::fs::read(&out).unwrap());
    let sheets: Vec<_> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(sheets.len(), 5);
    for (n, xml) in &sheets {
        assert!(xml.contains(r#"orientation="landscape""#), "{n}");
        assert!(xml.contains(r#"fitToPage="1""#), "{n}: fit to the page");
        // 汇总 is one page; the other sheets one page wide and as long as they are.
        if !n.ends_with("sheet1.xml") {
            assert!(xml.contains(r#"fitToHeight="0""#), "{n}: fit to width");
        }
        assert!(xml.contains("&amp;P"), "{n}: page numbers");
        assert!(!xml.contains("<f>"), "{n}: a formula");
    }
    let wb = &parts
        .iter()
        .find(|(n, _)| n == "xl/workbook.xml")
        .unwrap()
        .1;
    assert_eq!(wb.matches(r#"name="_xlnm.Print_Titles""#).count(), 5);
    let charts = parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/charts/chart"))
        .count();
    assert_eq!(charts, 2);
    let shared = &parts
        .iter()
        .find(|(n, _)| n == "xl/sharedStrings.xml")
        .unwrap()
        .1;
    // Chinese table and field names in 问题清单.
    assert!(shared.contains("身份证号") && shared.contains("问题清单"));
    assert!(!shared.contains(">id_number<"));
}

#[test]
fn html_report_parses_and_is_self_contained() {
    let d = dir("html");
    let f = sample(&d);
    let out = d.join("报告.html");
    assert_eq!(
        run(&["validate", s(&f), "-o", s(&out)]).status.code(),
        Some(1)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    let dom = tl::parse(&html, tl::ParserOptions::default()).expect("HTML parses");
    let p = dom.parser();
    let count = |sel: &str| dom.query_selector(sel).map_or(0, |q| q.count());
    assert_eq!(count("svg"), 2);
    assert!(count("table") >= 3);
    assert_eq!(count("script"), 0);
    assert_eq!(count("link"), 0);
    let title = dom.query_selector("title").unwrap().next().unwrap();
    assert!(title
        .get(p)
        .unwrap()
        .inner_text(p)
        .contains("机构编制核查报告"));
    assert!(html.contains("@media print") && html.contains("width=device-width"));
    // --format html to standard output: the same page.
    let o = run(&["validate", s(&f), "--format", "html"]);
    assert_eq!(o.stdout, html.as_bytes());
}

#[test]
fn formula_payloads_are_neutralised_in_csv_and_plain_text_in_xlsx() {
    let d = dir("inject");
    let f = hostile(&d);
    let o = run(&["validate", s(&f), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8(o.stdout[3..].to_vec()).unwrap();
    let mut rd = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut names = Vec::new();
    for r in rd.records() {
        let r = r.unwrap();
        for c in r.iter() {
            assert!(!c.starts_with(['=', '+', '-', '@', '\t', '\r']), "{c:?}");
        }
        names.push(r[6].to_string());
        names.push(r[4].to_string());
    }
    assert!(
        names.iter().any(|n| n == "'=cmd|' /C calc'!A0"),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == "'@SUM(A1:A9)"), "{names:?}");
    assert!(
        names.iter().any(|n| n.starts_with("'=HYPERLINK(")),
        "{names:?}"
    );

    let out = d.join("r.xlsx");
    run(&["validate", s(&f), "-o", s(&out)]);
    let parts = unzip(&std::fs::read(&out).unwrap());
    for (n, xml) in parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/"))
    {
        assert!(!xml.contains("<f>") && !xml.contains("<f "), "{n}");
    }
    let shared = &parts
        .iter()
        .find(|(n, _)| n == "xl/sharedStrings.xml")
        .unwrap()
        .1;
    assert!(
        shared.contains("=cmd|' /C calc'!A0"),
        "kept as text, unaltered"
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let d = dir("stdin");
    let f = sample(&d);
    let by_file = run(&["validate", s(&f), "--format", "json"]);
    let mut child = bin()
        .args(["validate", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(&f).unwrap())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(o.stdout, by_file.stdout);
    // A CSV roster from a pipe.
    let mut child = bin()
        .args(["validate", "-", "--format", "json", "--as-of", "2026/11/30"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("单位编码,单位名称,单位类型,行政编制数\nU1,某局,行政机关,1\n".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["summary"]["units"], 1);
    assert_eq!(r["as_of"], "2026-11-30");
}

#[test]
fn a_directory_argument_lists_every_readable_type() {
    let d = dir("directory");
    let o = run(&["validate", s(&d)]);
    assert_eq!(o.status.code(), Some(2));
    for ext in [".ods", ".xlsm", ".tsv", ".csv", ".json"] {
        assert!(err(&o).contains(ext), "{}", err(&o));
    }
}

#[test]
fn dates_in_arguments_take_the_data_cell_forms() {
    let d = dir("dates");
    let f = sample(&d);
    for date in ["2026/11/30", "2026年11月30日", "20261130", "2026.11.30"] {
        let o = run(&["validate", s(&f), "--format", "json", "--as-of", date]);
        let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(r["as_of"], "2026-11-30", "{date}");
    }
    assert_eq!(
        run(&["validate", s(&f), "--as-of", "2026-02-30"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn help_follows_the_language() {
    let zh = run(&["validate", "--help"]);
    let text = String::from_utf8_lossy(&zh.stdout);
    assert!(
        text.contains("用法") && text.contains("评估日期") && text.contains("显示帮助"),
        "{text}"
    );
    assert!(
        !text.contains("Usage") && !text.contains("Print help"),
        "{text}"
    );
    let en = bin()
        .args(["validate", "--help"])
        .env("LANG", "en_GB.UTF-8")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&en.stdout);
    assert!(
        text.contains("Usage") && text.contains("Evaluation date"),
        "{text}"
    );
    let en = run(&["validate", "--lang", "en", "--help"]);
    assert!(String::from_utf8_lossy(&en.stdout).contains("Usage"));
    let top = String::from_utf8_lossy(&run(&["--help"]).stdout).into_owned();
    assert!(top.contains("命令") && !top.contains("Print"), "{top}");
    let sub = String::from_utf8_lossy(&run(&["help", "validate"]).stdout).into_owned();
    assert!(sub.contains("评估日期"), "{sub}");
    assert_eq!(run(&["help", "nope"]).status.code(), Some(2));
    let zh = bin()
        .args(["--help"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&zh.stdout).contains("机构编制核查"));
}

#[test]
fn completions_and_man_page() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef bianzhi"),
        ("fish", "complete -c bianzhi"),
    ] {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0));
        let t = String::from_utf8_lossy(&o.stdout);
        assert!(t.contains(marker), "{shell}");
        assert!(t.contains("validate") && t.contains("as-of"), "{shell}");
    }
    let o = run(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(
        t.starts_with(".ie") || t.contains(".TH bianzhi"),
        "{}",
        &t[..200.min(t.len())]
    );
    assert!(t.contains("bianzhi\\-validate") && t.contains("as\\-of"));
}
