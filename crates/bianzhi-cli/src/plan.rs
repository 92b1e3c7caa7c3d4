//! `bianzhi plan FILE`: computes a staffing plan (定员) from a JSON or TOML document.

use std::path::PathBuf;

/// Arguments of `bianzhi plan`.
#[derive(clap::Args)]
pub struct Args {
    /// Plan document (JSON, or TOML when the name ends in .toml or the text is not JSON).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    /// Language of the text output.
    #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
    pub lang: String,
}

/// Reads a JSON or TOML document into a JSON value.
pub fn read_document(path: &PathBuf) -> Result<serde_json::Value, crate::Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| crate::Failure(format!("{}: {e}", path.display())))?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if !is_toml {
        match serde_json::from_str(&text) {
            Ok(v) => return Ok(v),
            Err(e) if path.extension().is_some_and(|x| x == "json") => {
                return Err(crate::Failure(format!("{}: {e}", path.display())))
            }
            Err(_) => {}
        }
    }
    let t: toml::Value =
        toml::from_str(&text).map_err(|e| crate::Failure(format!("{}: {e}", path.display())))?;
    serde_json::to_value(t).map_err(|e| crate::Failure(format!("{}: {e}", path.display())))
}

/// Runs the subcommand.
/// The failure of a plan or evaluation document, in the chosen language, naming the file.
pub(crate) fn failure(
    file: &std::path::Path,
    lang: &str,
    e: &bianzhi::plan::PlanError,
) -> crate::Failure {
    let m = if lang == "en" { e.to_string() } else { e.zh() };
    crate::Failure(format!("{}: {m}", file.display()))
}

pub fn run(args: Args) -> crate::Outcome {
    let doc = read_document(&args.file)?;
    let out = bianzhi::plan::compute_value(doc).map_err(|e| failure(&args.file, &args.lang, &e))?;
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", bianzhi::plan::render_plan_text_in(&out, &args.lang));
    }
    Ok(true)
}
