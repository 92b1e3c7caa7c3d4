//! `bianzhi help [SUBCOMMAND]`: the help text, in the message language.

/// Arguments of `bianzhi help`.
#[derive(clap::Args)]
pub struct Args {
    /// The subcommand to describe; none: the command itself.
    pub command: Option<String>,
}

/// Runs the subcommand: the long help on standard output; an unknown name is a usage error.
pub fn run(args: Args) -> crate::Outcome {
    let mut cmd = crate::command_in(crate::ui::lang());
    cmd.build();
    let text = match &args.command {
        None => cmd.render_long_help(),
        Some(name) => match cmd.find_subcommand_mut(name) {
            Some(sub) => sub.render_long_help(),
            None => {
                return Err(crate::Failure(format!(
                    "{}{name}",
                    crate::ui::t("没有这个子命令：", "no such subcommand: ")
                )))
            }
        },
    };
    print!("{text}");
    Ok(true)
}
