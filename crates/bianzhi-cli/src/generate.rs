//! `bianzhi generate --staff N --seed S`: a seeded synthetic dataset as JSON.

use std::io::Write;
use std::path::PathBuf;

use crate::{Failure, Outcome};

/// Arguments of `bianzhi generate`.
#[derive(clap::Args)]
pub struct Args {
    /// Number of staff records.
    #[arg(long, default_value_t = 1000)]
    pub staff: usize,
    /// Seed: the same seed gives the same dataset.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Outcome {
    let doc =
        bianzhi::sample::try_generate(args.staff, args.seed).map_err(|e| Failure(e.to_string()))?;
    let write = |w: &mut dyn Write| -> std::io::Result<()> {
        let mut w = std::io::BufWriter::new(w);
        serde_json::to_writer(&mut w, &doc)?;
        w.flush()
    };
    match &args.output {
        Some(p) => {
            let mut f =
                std::fs::File::create(p).map_err(|e| Failure(format!("{}: {e}", p.display())))?;
            write(&mut f).map_err(|e| Failure(format!("{}: {e}", p.display())))?;
        }
        None => write(&mut std::io::stdout().lock())?,
    }
    Ok(true)
}
