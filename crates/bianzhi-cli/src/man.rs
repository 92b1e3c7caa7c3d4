//! `bianzhi man`: the manual page (roff) on standard output, in the message language.

/// Arguments of `bianzhi man`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the subcommand: `bianzhi man > bianzhi.1; man ./bianzhi.1`.
pub fn run(_args: Args) -> crate::Outcome {
    let cmd = crate::command_in(crate::ui::lang());
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    // One section per subcommand, so that the page documents every option.
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("bianzhi-{}", sub.get_name());
        let sub = sub.clone().bin_name(name);
        let man = clap_mangen::Man::new(sub);
        man.render_name_section(&mut buf)?;
        man.render_synopsis_section(&mut buf)?;
        man.render_description_section(&mut buf)?;
        man.render_options_section(&mut buf)?;
    }
    crate::ui::write_out_bytes(&buf);
    Ok(true)
}
