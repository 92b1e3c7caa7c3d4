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
        // 18 characters could be either: a credit code has letters in positions 1–17 or
        // starts with a registration authority; a 身份证号 is digits except the last.
        let looks_like_id = t.len() == 15
            || (t.len() == 18
                && t.as_bytes()[..17].iter().all(u8::is_ascii_digit)
                && !t.starts_with(['1', '5', '9'])
                || (t.len() == 18 && check_id_number_as_of(t, today).is_ok()));
        if looks_like_id {
            match check_id_number_as_of(t, today) {
                Ok(id) => println!(
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
                Err(e) => {
                    all_ok = false;
                    println!("{t}\t身份证号 无效\t{e}");
                }
            }
        } else {
            match check_credit_code(t) {
                Ok(c) => println!(
                    "{t}\t统一社会信用代码 有效\t{}\t地区码 {}\t组织机构代码 {}",
                    c.kind, c.region, c.organisation_code
                ),
                Err(e) => {
                    all_ok = false;
                    match check_id_number_as_of(t, today) {
                        Err(ie) if t.len() == 18 => {
                            println!("{t}\t无效\t作为统一社会信用代码：{e}；作为身份证号：{ie}")
                        }
                        _ => println!("{t}\t统一社会信用代码 无效\t{e}"),
                    }
                }
            }
        }
    }
    Ok(all_ok)
}
