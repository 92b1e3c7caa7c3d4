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
    let report = validate(
        &ds,
        &Options {
            as_of: None,
            lang: args.lang,
        },
    );
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
        println!(
            "  {} {} {:>4}",
            pad(code.as_str(), 26),
            pad(code.zh(), 28),
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
            .map(|v| v.code.zh())
            .collect();
        println!("  {} {:>3}  {}", pad(name, 30), n, msgs.join("、"));
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
    Ok(true)
}
