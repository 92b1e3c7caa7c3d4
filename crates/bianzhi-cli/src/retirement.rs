//! `bianzhi retirement --birth YYYY-MM[-DD] --group male|female_55|female_50`

use bianzhi::RetirementGroup;

use crate::{Failure, Outcome};

/// Arguments of `bianzhi retirement`.
#[derive(clap::Args)]
pub struct Args {
    /// Birth month (1971-04, 1971/4, 1971年4月) or date of birth (1971-04-15).
    #[arg(long)]
    pub birth: String,
    /// Group: male, female_55 (原55周岁), female_50 (原50周岁).
    #[arg(long)]
    pub group: RetirementGroup,
}

/// A birth month in the forms data cells take: a whole date (`1971-04-15`, `1971/4/15`,
/// `1971年4月15日`, `19710415`: it must exist) or a month (`1971-04`, `1971/4`, `1971.4`,
/// `1971年4月`, `197104`).
fn birth_month(s: &str) -> Option<(i32, u32)> {
    use chrono::Datelike;
    let t = s.trim();
    if let Some(d) = bianzhi_tabular::parse_date(t) {
        return Some((d.year(), d.month()));
    }
    let t = t.trim_end_matches('月');
    let parts: Vec<&str> = t.split(['-', '/', '.', '年']).collect();
    let (y, m) = match parts.as_slice() {
        // Four-digit years only: `90-01` is not read as the year 90.
        [y, m] if y.len() == 4 => (y.parse().ok()?, m.parse().ok()?),
        [ym] if ym.len() == 6 && ym.bytes().all(|b| b.is_ascii_digit()) => {
            (ym[..4].parse().ok()?, ym[4..].parse().ok()?)
        }
        // Three parts that parse_date refused: an impossible day such as 1971-04-99.
        _ => return None,
    };
    (1..=12).contains(&m).then_some((y, m))
}

/// Runs the subcommand.
pub fn run(args: Args) -> Outcome {
    let Some((y, m)) = birth_month(&args.birth) else {
        return Err(Failure(format!(
            "--birth {}: {}",
            args.birth,
            crate::ui::t(
                "不是出生年月；可写作 1971-04、1971/4、1971年4月 或完整日期 1971-04-15",
                "not a birth month; write 1971-04, 1971/4 or a whole date 1971-04-15"
            )
        )));
    };
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

#[cfg(test)]
mod tests {
    #[test]
    fn birth_months_take_the_data_cell_forms_and_refuse_impossible_days() {
        for s in [
            "1971-04",
            "1971/4",
            "1971.04",
            "1971年4月",
            "197104",
            "1971-04-15",
            "1971年4月15日",
        ] {
            assert_eq!(super::birth_month(s), Some((1971, 4)), "{s}");
        }
        for s in [
            "1971-04-99",
            "1971-02-30",
            "1971-04-00",
            "1971-13",
            "1971",
            "x",
        ] {
            assert_eq!(super::birth_month(s), None, "{s}");
        }
    }
}
