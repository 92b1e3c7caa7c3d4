//! `bianzhi template`: write the empty roster workbook (单位/岗位/人员/职责/设置 + 说明).

use std::path::PathBuf;

/// Arguments of `bianzhi template`.
#[derive(clap::Args)]
pub struct Args {
    /// Where to write the workbook (.xlsx).
    #[arg(short, long, default_value = "模板.xlsx")]
    pub output: PathBuf,
}

/// Runs the subcommand: writes the template, says where on stderr.
pub fn run(args: Args) -> crate::Outcome {
    let ext = args
        .output
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if ext.as_deref() != Some("xlsx") {
        return Err(crate::Failure(format!(
            "{}: the template is an .xlsx workbook; give a file name ending in .xlsx",
            args.output.display()
        )));
    }
    bianzhi_tabular::write_template(&args.output)?;
    eprintln!(
        "bianzhi: wrote {} (fill in 单位/岗位/人员/职责; see 说明)",
        args.output.display()
    );
    Ok(true)
}
