//! `bianzhi completions bash|zsh|fish`: the shell completion script on standard output.

/// Arguments of `bianzhi completions`.
#[derive(clap::Args)]
pub struct Args {
    /// Shell: bash, zsh or fish.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Shells with completion scripts.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Shell {
    /// GNU bash (`source <(bianzhi completions bash)`).
    Bash,
    /// zsh (write it as `_bianzhi` into a directory of `$fpath`).
    Zsh,
    /// fish (`bianzhi completions fish > ~/.config/fish/completions/bianzhi.fish`).
    Fish,
}

/// Runs the subcommand.
pub fn run(args: Args) -> crate::Outcome {
    let mut cmd = crate::command_in(crate::ui::lang());
    let mut buf = Vec::new();
    match args.shell {
        Shell::Bash => {
            clap_complete::generate(clap_complete::Shell::Bash, &mut cmd, "bianzhi", &mut buf)
        }
        Shell::Zsh => {
            clap_complete::generate(clap_complete::Shell::Zsh, &mut cmd, "bianzhi", &mut buf)
        }
        Shell::Fish => {
            clap_complete::generate(clap_complete::Shell::Fish, &mut cmd, "bianzhi", &mut buf)
        }
    }
    crate::ui::write_out_bytes(&buf);
    Ok(true)
}
