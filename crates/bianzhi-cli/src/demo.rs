//! `bianzhi demo`: validate (and later assess) the embedded sample county.

use bianzhi::{validate, Lang, Options, Severity};

use crate::render::{occupancy_text, pad};
use crate::Outcome;

/// Arguments of `bianzhi demo`.
#[derive(clap::Args)]
pub struct Args {
    /// Message language.
    #[arg(long, default_value = "zh")]
    pub lang: Lang,
}

/// Runs the demo. Always exits 0: the sample's findings are planted on purpose.
pub fn run(args: Args) -> Outcome {
    let zh = args.lang == Lang::Zh;
    let ds = bianzhi::sample::county();
    let report = validate(&ds, &Options::default().with_lang(args.lang));
    println!(
        "{}",
        if zh {
            "bianzhi 演示：某县（合成数据）机构编制实名制核查"
        } else {
            "bianzhi demo: validating the synthetic sample county (某县)"
        }
    );
    println!("{}\n", "=".repeat(60));
    let s = &report.summary;
    println!(
        "{} {}  {} {}  {} {}  {} {}",
        if zh { "核查日期" } else { "as of" },
        report.as_of,
        if zh { "单位" } else { "units" },
        s.units,
        if zh { "岗位" } else { "posts" },
        s.posts,
        if zh { "人员" } else { "staff" },
        s.staff
    );
    println!(
        "{} {}  {} {}\n",
        if zh { "错误" } else { "errors" },
        s.errors,
        if zh { "警告" } else { "warnings" },
        s.warnings
    );
    println!(
        "{}",
        if zh {
            "一、问题类型统计"
        } else {
            "1. Findings by code"
        }
    );
    for (code, n) in report.counts_by_code() {
        // The code is the English name; the Chinese name is shown only in Chinese.
        println!(
            "  {} {} {:>4}",
            pad(code.as_str(), 26),
            pad(if zh { code.zh() } else { "" }, 28),
            n
        );
    }
    println!();
    println!(
        "{}",
        if zh {
            "二、问题最多的单位"
        } else {
            "2. Units with the most errors"
        }
    );
    let mut per_unit: Vec<(String, usize)> = Vec::new();
    for v in report
        .violations
        .iter()
        .filter(|v| v.severity == Severity::Error)
    {
        if let Some(u) = &v.unit {
            match per_unit.iter_mut().find(|(id, _)| id == u) {
                Some(e) => e.1 += 1,
                None => per_unit.push((u.clone(), 1)),
            }
        }
    }
    per_unit.sort_by_key(|e| std::cmp::Reverse(e.1));
    for (u, n) in per_unit.iter().take(5) {
        let name = ds
            .units()
            .iter()
            .find(|x| &x.id == u)
            .map(|x| x.name.as_str())
            .unwrap_or(u);
        let msgs: Vec<&str> = report
            .violations
            .iter()
            .filter(|v| v.unit.as_deref() == Some(u.as_str()) && v.severity == Severity::Error)
            .map(|v| if zh { v.code.zh() } else { v.code.as_str() })
            .collect();
        println!(
            "  {} {:>3}  {}",
            pad(name, 30),
            n,
            msgs.join(if zh { "、" } else { ", " })
        );
    }
    println!();
    println!(
        "{}",
        if zh {
            "三、编制使用情况"
        } else {
            "3. Occupancy"
        }
    );
    print!("{}", occupancy_text(&report, &ds, args.lang, false));
    println!();
    println!(
        "{}",
        if zh {
            "四、问题示例"
        } else {
            "4. Sample findings"
        }
    );
    let mut shown = Vec::new();
    for v in &report.violations {
        if !shown.contains(&v.code) {
            shown.push(v.code);
            println!("  {} {}", v.code, v.message);
        }
    }
    println!();
    println!(
        "{}",
        if zh {
            "五、年度考核（合成分数）：优秀等次比例控制"
        } else {
            "5. Annual assessment (synthetic scores): the cap on the top grade"
        }
    );
    let (civil, inst) = bianzhi::sample::assessment_people(&ds, 2026);
    for (preset, people) in [
        ("civil_servant_annual", civil),
        ("institution_annual", inst),
    ] {
        let input = serde_json::json!({"scheme": preset, "people": people});
        match bianzhi::assess::assess_value(&input) {
            Ok(out) => print_distribution(preset, &out, &ds, zh),
            Err(e) => println!("  {preset}: {e}"),
        }
    }
    println!();
    // The full evaluation lists every unit: show its head and the ledger summary.
    let text = bianzhi::plan::demo_text(&report, if zh { "zh" } else { "en" });
    let lines: Vec<&str> = text.lines().collect();
    let ledger_at = lines
        .iter()
        .position(|l| l.starts_with("整改台账") || l.starts_with("Rectification"))
        .unwrap_or(lines.len());
    for l in lines.iter().take(ledger_at.min(24)) {
        println!("{l}");
    }
    if ledger_at > 24 {
        println!("  …");
    }
    for l in lines.iter().skip(ledger_at).take(12) {
        println!("{l}");
    }
    println!("\n{}", crate::ledger::demo_text(args.lang));
    Ok(true)
}

fn print_distribution(
    preset: &str,
    out: &bianzhi::assess::AssessOutput,
    ds: &bianzhi::Dataset,
    zh: bool,
) {
    let Some(scheme) = bianzhi::assess::preset(preset) else {
        return;
    };
    let dist = bianzhi::assess::distribution(&scheme, &out.outcomes);
    let (people, graded, top, cap, moved) = dist.iter().fold((0, 0, 0, 0, 0), |t, d| {
        (
            t.0 + d.people,
            t.1 + d.graded,
            t.2 + d.top,
            t.3 + d.cap.unwrap_or(0),
            t.4 + d.moved_by_cap,
        )
    });
    let preset = if zh {
        crate::assess::preset_zh(preset)
    } else {
        preset
    };
    println!(
        "  {preset}: {} {people}, {} {graded}, {} {top} / {} {cap}, {} {moved}",
        if zh { "参加" } else { "people" },
        if zh { "定等次" } else { "graded" },
        if zh { "优秀" } else { "top grade" },
        if zh { "上限合计" } else { "cap total" },
        if zh {
            "因比例调整"
        } else {
            "moved by cap"
        },
    );
    for d in dist.iter().filter(|d| d.moved_by_cap > 0).take(4) {
        let unit = d.pool.as_deref().unwrap_or("-");
        let name = ds
            .units()
            .iter()
            .find(|u| u.id == unit)
            .map(|u| u.name.as_str())
            .unwrap_or(unit);
        let grades: Vec<String> = d
            .grades
            .iter()
            .map(|g| format!("{} {}", g.grade, g.count))
            .collect();
        if zh {
            println!(
                "    {} {} {}/{}（调整 {}）：{}",
                pad(name, 28),
                d.top_grade,
                d.top,
                d.cap.unwrap_or(0),
                d.moved_by_cap,
                grades.join("，")
            );
        } else {
            println!(
                "    {} {} {}/{} (moved {}): {}",
                pad(name, 28),
                d.top_grade,
                d.top,
                d.cap.unwrap_or(0),
                d.moved_by_cap,
                grades.join(", ")
            );
        }
    }
}
