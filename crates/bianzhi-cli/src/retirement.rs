//! `bianzhi retirement --birth YYYY-MM[-DD] --group male|female_55|female_50`

use bianzhi::RetirementGroup;

use crate::{Failure, Outcome};

/// Arguments of `bianzhi retirement`.
#[derive(clap::Args)]
pub struct Args {
    /// Birth month, `YYYY-MM` or `YYYY-MM-DD`.
    #[arg(long)]
    pub birth: String,
    /// Group: male, female_55 (原55周岁), female_50 (原50周岁).
    #[arg(long)]
    pub group: RetirementGroup,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Outcome {
    let mut parts = args.birth.trim().splitn(3, '-');
    let (y, m) = match (parts.next(), parts.next()) {
        (Some(y), Some(m)) => (y.parse::<i32>(), m.parse::<u32>()),
        _ => return Err(Failure(format!("--birth {}: expected YYYY-MM", args.birth))),
    };
    let (Ok(y), Ok(m)) = (y, m) else {
        return Err(Failure(format!("--birth {}: expected YYYY-MM", args.birth)));
    };
    // A day, when given, must be a real one (1971-04-99, 02-30 and 04-00 are refused), and
    // the year has four digits.
    if args
        .birth
        .trim()
        .split('-')
        .next()
        .is_some_and(|y| y.len() != 4)
    {
        return Err(Failure(format!(
            "--birth {}: the year must have four digits",
            args.birth
        )));
    }
    if let Some(d) = parts.next() {
        let day = d.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
        if day
            .and_then(|d| chrono::NaiveDate::from_ymd_opt(y, m, d))
            .is_none()
        {
            return Err(Failure(format!("--birth {}: no such day", args.birth)));
        }
    }
    let r = bianzhi::retirement::retirement(y, m, args.group)
        .ok_or_else(|| Failure(format!("--birth {}: month out of range", args.birth)))?;
    println!(
        "{}\t{}\t法定退休年龄 {}岁{}个月\t退休年月 {}",
        args.birth,
        args.group.zh(),
        r.age_years,
        r.age_months,
        r.month_string()
    );
    Ok(true)
}
