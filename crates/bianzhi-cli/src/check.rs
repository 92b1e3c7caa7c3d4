//! `bianzhi check ID_OR_CREDIT_CODE...`: identify and validate 身份证号 / 统一社会信用代码.

use bianzhi::ident::{check_credit_code, check_id_number_as_of};

use crate::Outcome;

/// Arguments of `bianzhi check`.
#[derive(clap::Args)]
pub struct Args {
    /// 身份证号 (15 or 18 characters) or 统一社会信用代码 (18 characters).
    #[arg(required = true)]
    pub values: Vec<String>,
}

/// Runs the subcommand: exit 1 when any value is invalid.
pub fn run(args: Args) -> Outcome {
    let today = chrono::Local::now().date_naive();
    let mut all_ok = true;
    for v in &args.values {
        let t = v.trim();
        // Whichever identifier the value validates as is what it is; a value valid as
        // neither gets the reasons for both candidates its length allows.
        match (check_id_number_as_of(t, today), check_credit_code(t)) {
            (Ok(id), _) => println!(
                "{t}\t身份证号 有效\t出生 {}\t{}\t地区码 {}{}",
                id.birth_date,
                id.gender.zh(),
                id.region,
                if id.legacy {
                    format!("\t15位旧号，升级为 {}", id.normalized)
                } else {
                    String::new()
                }
            ),
            (_, Ok(c)) => println!(
                "{t}\t统一社会信用代码 有效\t{}\t地区码 {}\t组织机构代码 {}",
                c.kind, c.region, c.organisation_code
            ),
            (Err(ie), Err(ce)) => {
                all_ok = false;
                match t.chars().count() {
                    15 => println!("{t}\t身份证号 无效\t{ie}"),
                    18 if t.as_bytes()[..17].iter().all(u8::is_ascii_digit) => {
                        println!("{t}\t无效\t作为身份证号：{ie}；作为统一社会信用代码：{ce}")
                    }
                    18 => println!("{t}\t统一社会信用代码 无效\t{ce}"),
                    n => println!("{t}\t无效\t长度为{n}，身份证号应为18位（或15位旧号），统一社会信用代码应为18位"),
                }
            }
        }
    }
    Ok(all_ok)
}
