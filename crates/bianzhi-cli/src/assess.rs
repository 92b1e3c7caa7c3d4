//! `bianzhi assess` (placeholder until its issue lands).

/// Arguments of `bianzhi assess`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> crate::Outcome {
    Err(crate::Failure("`assess` is not implemented yet".into()))
}
