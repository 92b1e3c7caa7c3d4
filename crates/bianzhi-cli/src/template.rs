//! `bianzhi template`: write the empty roster workbook (单位/岗位/人员/职责/设置 + 说明).

use std::path::PathBuf;

use crate::ui::t;

/// Arguments of `bianzhi template`.
#[derive(clap::Args)]
pub struct Args {
    /// Where to write the workbook (.xlsx).
    #[arg(short, long, default_value = "模板.xlsx")]
    pub output: PathBuf,
    /// Replace an existing file (a filled-in template is otherwise never overwritten).
    #[arg(long, short)]
    pub force: bool,
}

/// Runs the subcommand: writes the template, says where on stderr.
pub fn run(args: Args) -> crate::Outcome {
    let ext = args
        .output
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let zh = crate::ui::lang() == bianzhi::Lang::Zh;
    if ext.as_deref() != Some("xlsx") {
        return Err(crate::Failure(if zh {
            format!(
                "{}：模板是 .xlsx 工作簿，文件名须以 .xlsx 结尾",
                args.output.display()
            )
        } else {
            format!(
                "{}: the template is an .xlsx workbook; give a file name ending in .xlsx",
                args.output.display()
            )
        }));
    }
    if args.output.exists() && !args.force {
        return Err(crate::Failure(if zh {
            format!(
                "{} 已存在，未覆盖（加 --force 可替换）",
                args.output.display()
            )
        } else {
            format!(
                "{} exists and was left as it is (--force replaces it)",
                args.output.display()
            )
        }));
    }
    crate::files::write(&args.output, &bianzhi_tabular::template_bytes()?)?;
    if !crate::ui::quiet() {
        eprintln!(
            "{} {}{}",
            t("已写入", "wrote"),
            args.output.display(),
            t(
                "（请填写 单位/岗位/人员/职责 各表；各列说明见“说明”表）",
                " (fill in the sheets 单位/岗位/人员/职责; the sheet 说明 explains each column)"
            )
        );
    }
    Ok(true)
}
