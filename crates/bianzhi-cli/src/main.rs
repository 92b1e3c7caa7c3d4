//! The `bianzhi` command (`interface.md` §3).
//!
//! Exit status: 0 no error-severity finding; 1 errors found; 2 unreadable input or bad usage.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Validation makes many small strings (records, findings): mimalloc is measurably faster
/// than glibc's malloc for that and returns memory to the system more readily
/// (BENCHMARKS.md). The C library keeps the host's malloc so its users' tools see it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod assess;
mod check;
mod demo;
mod evaluate;
mod generate;
mod plan;
mod rectification;
mod render;
mod retirement;
mod template;
mod validate;
mod workdays;

/// A failure that ends the command with exit status 2 and a one-line message on stderr.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// Outcome of a subcommand: `Ok(true)` = clean (exit 0), `Ok(false)` = error findings (exit 1).
pub type Outcome = Result<bool, Failure>;

#[derive(Parser)]
#[command(
    name = "bianzhi",
    version,
    about = "编制 establishment validation and 绩效 assessment"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Validate and assess the embedded sample county.
    Demo(demo::Args),
    /// Validate a dataset (JSON, XLSX or CSV) and report every finding.
    Validate(validate::Args),
    /// Identify and validate 身份证号 / 统一社会信用代码.
    Check(check::Args),
    /// Statutory retirement age and month.
    Retirement(retirement::Args),
    /// Write a seeded synthetic dataset.
    Generate(generate::Args),
    /// Write an empty roster workbook (模板.xlsx) with the expected sheets and headers.
    Template(template::Args),
    /// Score an assessment (绩效考核) with a preset or a scheme file.
    Assess(assess::Args),
    /// Compute a staffing plan (定员).
    Plan(plan::Args),
    /// Evaluate organisations (机构编制评估).
    Evaluate(evaluate::Args),
    /// Summarise a rectification ledger (整改台账).
    Rectification(rectification::Args),
    /// Working days (工作日) under the State Council holiday calendar.
    Workdays(workdays::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.cmd {
        Cmd::Demo(a) => demo::run(a),
        Cmd::Validate(a) => validate::run(a),
        Cmd::Check(a) => check::run(a),
        Cmd::Retirement(a) => retirement::run(a),
        Cmd::Generate(a) => generate::run(a),
        Cmd::Template(a) => template::run(a),
        Cmd::Assess(a) => assess::run(a),
        Cmd::Plan(a) => plan::run(a),
        Cmd::Evaluate(a) => evaluate::run(a),
        Cmd::Rectification(a) => rectification::run(a),
        Cmd::Workdays(a) => workdays::run(a),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(Failure(msg)) => {
            eprintln!("bianzhi: {msg}");
            ExitCode::from(2)
        }
    }
}
