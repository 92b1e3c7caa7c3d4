//! `bianzhi plan` (placeholder until its issue lands).

/// Arguments of `bianzhi plan`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> crate::Outcome {
    Err(crate::Failure("`plan` is not implemented yet".into()))
}
