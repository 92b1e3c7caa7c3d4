//! The text output of plan, evaluate, rectification, demo, ledger, diff, reconcile and
//! workdays is Chinese by default and English with `--lang en`.
//!
//! "Chinese" is checked as: the expected Chinese labels are there, and no ASCII word of three
//! or more letters is, except identifiers the user typed (any word of the input file: ids,
//! keys, names), finding and decision codes (`OVER_ESTABLISHMENT`, `NO_VACANCY`: stable
//! identifiers shown beside their Chinese names, all upper case), and the program's name.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bianzhi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bianzhi"))
        .args(args)
        .current_dir(root())
        // The default language must not come from the test machine's locale.
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("BIANZHI_LANG")
        .output()
        .expect("run bianzhi")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bianzhi-zh-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// ASCII words (runs of letters, digits and `_`) with three or more letters.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3)
        .map(String::from)
        .collect()
}

/// The English words of `out` that are neither in `input` nor codes nor the program's name.
fn english(out: &str, input: &str) -> Vec<String> {
    let allowed = words(input);
    let mut w: Vec<String> = words(out)
        .into_iter()
        .filter(|w| {
            let code = w
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            !code && w != "bianzhi" && !allowed.contains(w)
        })
        .collect();
    w.sort();
    w.dedup();
    w
}

fn assert_chinese(out: &str, input: &str, what: &str) {
    let e = english(out, input);
    assert!(e.is_empty(), "{what}: English words {e:?} in\n{out}");
    assert!(
        out.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{what}: no Chinese in\n{out}"
    );
}

/// The `input` of each corpus case of `dir` that has an `expected` (not an error case), written
/// to a file: (case name, path, input text).
fn cases(dir: &str) -> Vec<(String, PathBuf, String)> {
    let mut out = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(root().join("tests/cases").join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    for p in names {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        if v.get("expected").is_none() {
            continue;
        }
        let mut input = v["input"].clone();
        // Rectification cases give the date beside the input.
        if let (Some(d), Some(o)) = (v.get("as_of"), input.as_object_mut()) {
            o.entry("as_of").or_insert(d.clone());
        }
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        let f = tmp(&format!("{dir}-{name}.json"));
        let text = input.to_string();
        std::fs::write(&f, &text).unwrap();
        out.push((name, f, text));
    }
    assert!(!out.is_empty(), "no cases in {dir}");
    out
}

#[test]
fn the_word_check_can_fail() {
    assert_eq!(
        english("目标 rectification_rate：fail", ""),
        ["fail", "rectification_rate"]
    );
    assert_eq!(
        english("U1 县委办 OVER_ESTABLISHMENT S0001", ""),
        Vec::<String>::new()
    );
    assert_eq!(
        english("字段 remark", r#"{"remark": 1}"#),
        Vec::<String>::new()
    );
}

#[test]
fn plan_is_chinese_by_default_and_english_on_request() {
    let input = std::fs::read_to_string(root().join("examples/data/plan.json")).unwrap();
    let o = bianzhi(&["plan", "examples/data/plan.json"]);
    assert_eq!(o.status.code(), Some(0));
    let t = stdout(&o);
    // ceil(4651200 / (16 × 251 × 0.95)) = ceil(1219.12) = 1220.
    for label in [
        "效率定员",
        "工作总量",
        "出勤率",
        "定员",
        "1220人（向上取整）",
        "合计：1220人",
    ] {
        assert!(t.contains(label), "{label}: {t}");
    }
    assert_chinese(&t, &input, "plan");
    let e = stdout(&bianzhi(&[
        "plan",
        "examples/data/plan.json",
        "--lang",
        "en",
    ]));
    assert!(
        e.contains("headcount    1220 persons (rounding: ceil)"),
        "{e}"
    );
    assert!(e.contains("total: 1220 persons"), "{e}");
    for (name, f, input) in cases("plan") {
        let o = bianzhi(&["plan", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{name}");
        let t = stdout(&o);
        assert!(t.contains("合计："), "{name}: {t}");
        assert_chinese(&t, &input, &name);
    }
}

#[test]
fn evaluate_is_chinese_by_default_and_english_on_request() {
    let input = std::fs::read_to_string(root().join("examples/data/evaluate.json")).unwrap();
    let t = stdout(&bianzhi(&["evaluate", "examples/data/evaluate.json"]));
    for label in [
        "评估方案：默认评估方案",
        "总分 87.68",
        "等次 良好",
        "（权重 15）",
        "扣分 领导职数配备·",
        "未评分：",
    ] {
        assert!(t.contains(label), "{label}: {t}");
    }
    assert_chinese(&t, &input, "evaluate");
    // Columns line up by display width: every score ends in the same column.
    let cols: Vec<usize> = t
        .lines()
        .filter(|l| l.contains("（权重"))
        .map(|l| unicode_width::UnicodeWidthStr::width(l.split('（').next().unwrap()))
        .collect();
    assert!(cols.len() > 2 && cols.iter().all(|c| *c == cols[0]), "{t}");
    let e = stdout(&bianzhi(&[
        "evaluate",
        "examples/data/evaluate.json",
        "--lang",
        "en",
    ]));
    assert!(
        e.contains("Evaluation scheme: default") && e.contains("not scored:"),
        "{e}"
    );
    for (name, f, input) in cases("evaluation") {
        let t = stdout(&bianzhi(&["evaluate", f.to_str().unwrap()]));
        assert!(t.contains("评估方案："), "{name}: {t}");
        assert_chinese(&t, &input, &name);
    }
}

#[test]
fn rectification_is_chinese_by_default_and_english_on_request() {
    let input = std::fs::read_to_string(root().join("examples/data/ledger.json")).unwrap();
    let o = bianzhi(&["rectification", "examples/data/ledger.json"]);
    assert_eq!(o.status.code(), Some(1));
    let t = stdout(&o);
    // 1 of 2 closed, on time 1 of 2: 50% < 95% and 50% < 80%.
    for label in [
        "整改率",
        "50.00%（1/2）",
        "目标 整改率 ≥ 95%：未达到",
        "目标 按期整改率 ≥ 80%：未达到",
        "已逾期 30 天",
        "[四落实不全] 缺少整改资金",
    ] {
        assert!(t.contains(label), "{label}: {t}");
    }
    assert_chinese(&t, &input, "rectification");
    let e = stdout(&bianzhi(&[
        "rectification",
        "examples/data/ledger.json",
        "--lang",
        "en",
    ]));
    assert!(e.contains("target rectification_rate ≥ 0.95: fail"), "{e}");
    for (name, f, input) in cases("rectification") {
        let t = stdout(&bianzhi(&["rectification", f.to_str().unwrap()]));
        assert!(t.contains("整改台账（截至"), "{name}: {t}");
        assert!(!t.contains("n/a"), "{name}: {t}");
        assert_chinese(&t, &input, &name);
    }
}

#[test]
fn demo_is_chinese_by_default_and_english_on_request() {
    let t = stdout(&bianzhi(&["demo"]));
    for label in [
        "评估方案：默认评估方案",
        "整改台账（截至",
        "目标 整改率 ≥ 95%",
    ] {
        assert!(t.contains(label), "{label}: {t}");
    }
    // The sample county's bad records name the data keys they misuse (`quotas.institution`,
    // an unknown `quota`, a `post` reference): keys of the input, as in a user's own file.
    assert_chinese(&t, "quotas institution quota post", "demo");
    let e = stdout(&bianzhi(&["demo", "--lang", "en"]));
    assert!(e.contains("Evaluation scheme: default"), "{e}");
    assert!(e.contains("Rectification ledger as of"), "{e}");
}

#[test]
fn ledger_is_chinese_by_default() {
    for (name, f, input) in cases("ledger") {
        let t = stdout(&bianzhi(&["ledger", f.to_str().unwrap()]));
        assert!(t.contains("事项"), "{name}: {t}");
        assert_chinese(&t, &input, &name);
    }
}

#[test]
fn diff_reconcile_and_workdays_are_chinese_by_default() {
    let old = tmp("old.json");
    let new = tmp("new.json");
    let old_text = r#"{"units": [{"id": "U1", "name": "县委办", "kind": "organ", "quotas": {"administrative": 2}}],
        "staff": [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative", "id_number": "11010519491231002X"},
                  {"id": "S2", "name": "李四", "unit": "U1", "establishment": "administrative"}]}"#;
    let new_text = r#"{"units": [{"id": "U1", "name": "县委办", "kind": "organ", "quotas": {"administrative": 3}},
                  {"id": "U2", "name": "县政府办", "kind": "organ", "quotas": {"administrative": 3}}],
        "staff": [{"id": "S1", "name": "张三", "unit": "U2", "establishment": "administrative", "id_number": "110105491231002"},
                  {"id": "S3", "name": "王五", "unit": "U1", "establishment": "administrative", "id_number": "440305198507155017"}]}"#;
    std::fs::write(&old, old_text).unwrap();
    std::fs::write(&new, new_text).unwrap();
    let inputs = format!("{old_text}{new_text}");
    let t = stdout(&bianzhi(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]));
    // S3 joined, S2 left, S1 moved U1 → U2.
    assert!(t.contains("新增 1 人，减少 1 人，调动 1 人"), "{t}");
    assert_chinese(&t, &inputs, "diff");
    let e = stdout(&bianzhi(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--lang",
        "en",
    ]));
    assert!(!e.contains("新增") && e.contains("S3"), "{e}");

    let reg = tmp("registry.csv");
    let reg_text = "身份证号,姓名,备注\n11010519491231002x,张三,\n";
    std::fs::write(&reg, reg_text).unwrap();
    let pay = tmp("payroll.json");
    let pay_text = r#"[{"身份证号": "11010519491231002X", "姓名": "张三"}, {"身份证号": "110105198001010016", "姓名": "空饷"}]"#;
    std::fs::write(&pay, pay_text).unwrap();
    let args = [
        "reconcile",
        "--roster",
        new.to_str().unwrap(),
        "--registry",
        reg.to_str().unwrap(),
        "--payroll",
        pay.to_str().unwrap(),
    ];
    let t = stdout(&bianzhi(&args));
    assert!(
        t.contains("实名制核对") && t.contains("发薪但不在册"),
        "{t}"
    );
    assert_chinese(&t, &format!("{new_text}{reg_text}{pay_text}"), "reconcile");
    let mut en = args.to_vec();
    en.extend(["--lang", "en"]);
    let e = stdout(&bianzhi(&en));
    assert!(!e.contains("实名制核对"), "{e}");

    // 2026-10-01 is in the National Day holiday.
    let t = stdout(&bianzhi(&["workdays", "--from", "2026-10-01"]));
    assert_eq!(t.trim(), "休息日");
    let e = stdout(&bianzhi(&[
        "workdays",
        "--from",
        "2026-10-01",
        "--lang",
        "en",
    ]));
    assert_eq!(e.trim(), "rest day");
}

#[test]
fn every_subcommand_has_chinese_help() {
    let o = bianzhi(&["--help"]);
    let t = stdout(&o);
    let subs: Vec<String> = t
        .lines()
        .skip_while(|l| !l.starts_with("命令"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect();
    for s in [
        "plan",
        "evaluate",
        "rectification",
        "ledger",
        "diff",
        "reconcile",
        "workdays",
    ] {
        assert!(subs.iter().any(|x| x == s), "{s} not in {subs:?}");
    }
    for s in &subs {
        let o = bianzhi(&[s, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{s}");
        let h = stdout(&o);
        assert!(h.contains("用法："), "{s}: {h}");
        let about = h.lines().next().unwrap_or("");
        assert!(
            about
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{s}: {about}"
        );
    }
}

#[test]
fn plan_errors_follow_the_language() {
    let f = tmp("bad-plan.json");
    let input = r#"{"method": "ratio", "served": 1, "per": 0}"#;
    std::fs::write(&f, input).unwrap();
    let o = bianzhi(&["plan", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        e.contains("参数 per（配备基数） 必须大于0（给出的是 0）"),
        "{e}"
    );
    // The file's path is the user's own; the rest is Chinese.
    assert_chinese(&e, &format!("{input} {}", f.display()), "plan error");
    let o = bianzhi(&["plan", f.to_str().unwrap(), "--lang", "en"]);
    let e = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        e.contains("parameter `per` must be greater than 0 (got 0)"),
        "{e}"
    );
}
