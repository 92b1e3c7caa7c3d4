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
            // Streamed into a temporary file beside the target, renamed when complete.
            let err = |e: std::io::Error| Failure(format!("{}: {e}", p.display()));
            let dir = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => std::path::Path::new("."),
            };
            let mut b = tempfile::Builder::new();
            b.prefix(".bianzhi-").suffix(".tmp");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                b.permissions(std::fs::Permissions::from_mode(0o666));
            }
            let mut tmp = b.tempfile_in(dir).map_err(err)?;
            write(tmp.as_file_mut()).map_err(err)?;
            tmp.persist(p).map_err(|e| err(e.error))?;
        }
        None => match write(&mut std::io::stdout().lock()) {
            // A reader that went away (`| head`) ends the output, not the command.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            r => r?,
        },
    }
    Ok(true)
}
