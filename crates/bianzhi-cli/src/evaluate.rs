//! `bianzhi evaluate` (placeholder until its issue lands).

/// Arguments of `bianzhi evaluate`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> crate::Outcome {
    Err(crate::Failure("`evaluate` is not implemented yet".into()))
}
