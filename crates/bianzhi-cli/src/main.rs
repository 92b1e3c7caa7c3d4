//! The `bianzhi` command (`docs/cli.md`).
//!
//! Exit status: 0 no error-severity finding; 1 errors found; 2 unreadable input or bad usage.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Validation makes many small strings (records, findings): mimalloc is measurably faster
/// than glibc's malloc for that and returns memory to the system more readily
/// (BENCHMARKS.md). The C library keeps the host's malloc so its users' tools see it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Standard output that survives a closed pipe (`bianzhi … | head`): these shadow the
/// standard macros in every module below, so that no subcommand panics on EPIPE.
macro_rules! print {
    ($($t:tt)*) => { $crate::ui::write_out(format_args!($($t)*)) };
}
macro_rules! println {
    () => { $crate::ui::write_out(format_args!("\n")) };
    ($($t:tt)*) => { $crate::ui::write_out(format_args!("{}\n", format_args!($($t)*))) };
}

mod assess;
mod check;
mod completions;
mod demo;
mod diff;
mod evaluate;
mod files;
mod generate;
mod help;
mod i18n;
mod ledger;
mod man;
mod plan;
mod reconcile;
mod rectification;
mod render;
mod retirement;
mod template;
mod ui;
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
    about = "编制 establishment validation and 绩效 assessment",
    // `help` is a subcommand of ours, so that its own help line follows the language.
    disable_help_subcommand = true
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
    /// Replay an establishment ledger (机构编制台账): decisions, balances, change table.
    Ledger(ledger::Args),
    /// Compare two rosters (年度增减变动): joined, left, moved, quota changes.
    Diff(diff::Args),
    /// 实名制 reconciliation of the roster, the personnel registry and the payroll.
    Reconcile(reconcile::Args),
    /// Print a shell completion script (bash, zsh, fish).
    Completions(completions::Args),
    /// Print the manual page (roff).
    Man(man::Args),
    /// Print the help of the command or of a subcommand.
    Help(help::Args),
}

/// The command line with help texts in `lang` (see `i18n`).
pub fn command_in(lang: bianzhi::Lang) -> clap::Command {
    i18n::localise(Cli::command(), lang)
}

/// mimalloc's `mi_option_purge_delay` (the same position in mimalloc 2 and 3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // A load frees big buffers (a CSV file's cells once its rows are in columns) while the
    // next stage allocates: returned to the system at once rather than after mimalloc's
    // default 10 ms, they no longer add to the peak (a CSV roster of 10^6: 526 → 410 MB).
    // `MIMALLOC_PURGE_DELAY` in the environment is mimalloc's own setting and wins.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets an integer option; mimalloc reads options atomically.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    }
    let matches = command_in(ui::lang()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
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
        Cmd::Ledger(a) => ledger::run(a),
        Cmd::Diff(a) => diff::run(a),
        Cmd::Reconcile(a) => reconcile::run(a),
        Cmd::Completions(a) => completions::run(a),
        Cmd::Man(a) => man::run(a),
        Cmd::Help(a) => help::run(a),
        Cmd::Workdays(a) => workdays::run(a),
    };
    if let Some(e) = ui::finish_output() {
        eprintln!(
            "bianzhi: {}{e}",
            ui::t("无法写出标准输出：", "cannot write standard output: ")
        );
        return ExitCode::from(2);
    }
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(Failure(msg)) => {
            eprintln!("bianzhi: {msg}");
            ExitCode::from(2)
        }
    }
}
