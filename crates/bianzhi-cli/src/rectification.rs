//! `bianzhi rectification` (placeholder until its issue lands).

/// Arguments of `bianzhi rectification`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> crate::Outcome {
    Err(crate::Failure(
        "`rectification` is not implemented yet".into(),
    ))
}
