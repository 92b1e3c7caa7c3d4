//! Help texts in the message language. The derive attributes hold the English texts; in
//! Chinese the command is rebuilt with the strings below, by subcommand and argument id.
//! A new subcommand adds one entry to [`ZH`] (its arguments keep English help until then).

use clap::{Arg, ArgAction, Command};

use bianzhi::Lang;

/// A subcommand's Chinese about text and its arguments' help, by argument id.
type Entry = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const LANG: (&str, &str) = ("lang", "消息语言：zh 中文（默认）、en 英文");

/// Chinese help of every subcommand.
const ZH: &[Entry] = &[
    ("demo", "核查并评估内置的示例县，演示全部问题类型", &[LANG]),
    (
        "validate",
        "核查数据集（JSON、工作簿或 CSV），报告全部问题",
        &[
            (
                "files",
                "数据文件：一个 JSON 文档，一个工作簿（.xlsx .xlsm .xlsb .xls .ods），或若干 CSV 文件（.csv .tsv .txt：单位、岗位、人员……）；“-”读标准输入",
            ),
            (
                "as_of",
                "评估日期（2026-11-30、2026/11/30、2026年11月30日 等）；默认取文档的 as_of，再取今天",
            ),
            (
                "format",
                "输出格式：text 文本、json、csv、xlsx、html；默认按 --output 的扩展名，否则为文本",
            ),
            LANG,
            ("threads", "逐人规则所用线程数（0：每核一个）"),
            (
                "output",
                "把报告写入此文件（扩展名 .xlsx、.csv、.json、.html 决定格式），不能是输入文件",
            ),
            ("encoding", "CSV 报告的编码：utf8（带 BOM，默认）、gbk"),
            ("quiet", "标准错误上不显示进度和汇总行"),
        ],
    ),
    (
        "check",
        "识别并校验身份证号、统一社会信用代码",
        &[(
            "values",
            "身份证号（15 或 18 位）或统一社会信用代码（18 位），可给多个",
        )],
    ),
    (
        "retirement",
        "计算法定退休年龄和退休月份",
        &[
            ("birth", "出生年月（1971-04、1971/4、1971年4月）或出生日期（1971-04-15）"),
            (
                "group",
                "人员类别：male 男、female_55 原55周岁退休的女性、female_50 原50周岁退休的女性",
            ),
        ],
    ),
    (
        "generate",
        "生成可复现的模拟数据集（JSON）",
        &[
            ("staff", "人员记录数"),
            ("seed", "随机种子：种子相同，数据相同"),
            ("output", "写入此文件，而不是标准输出"),
        ],
    ),
    (
        "template",
        "生成空白花名册模板（模板.xlsx）：各表表头、下拉列表和填写说明",
        &[
            ("output", "模板文件名（.xlsx）"),
            ("force", "覆盖已有文件（默认不覆盖已填写的模板）"),
        ],
    ),
    (
        "assess",
        "按预设方案或方案文件计算绩效考核结果",
        &[
            (
                "scheme",
                "预设方案名（civil_servant_annual、institution_annual、monthly_performance_pay、competitive_selection、warning_cards）或方案 JSON 文件",
            ),
            (
                "records",
                "JSON 文件：{\"units\": {...}, \"people\": [...]} 或人员列表",
            ),
            ("format", "输出格式：text 文本、json、csv（每人一行）"),
            ("lang", "文本和 CSV 表头的语言：zh 中文（默认）、en 英文"),
        ],
    ),
    (
        "plan",
        "计算定员方案",
        &[
            ("file", "定员文档（JSON；文件名以 .toml 结尾或内容不是 JSON 时按 TOML 读）"),
            ("format", "输出格式：text 文本、json"),
            LANG,
        ],
    ),
    (
        "evaluate",
        "机构编制评估",
        &[
            (
                "file",
                "输入：{\"scheme\": \"default\" | {...}, \"units\": [...], \"report\": {...}?}（JSON 或 TOML）",
            ),
            ("format", "输出格式：text 文本、json"),
            ("lang", "文本输出的语言：zh 中文（默认）、en 英文"),
        ],
    ),
    (
        "rectification",
        "汇总整改台账",
        &[
            (
                "file",
                "台账（JSON 或 TOML）：{\"tasks\": [...], \"events\": [...], \"targets\": {...}, \"as_of\"?}",
            ),
            ("as_of", "评估日期；默认取文档的 as_of，再取今天"),
            ("format", "输出格式：text 文本、json"),
            ("lang", "文本输出的语言：zh 中文（默认）、en 英文"),
        ],
    ),
    (
        "workdays",
        "按国务院节假日安排计算工作日",
        &[
            ("from", "起始日期（YYYY-MM-DD）；单独给出时判断该日是否为工作日"),
            ("add", "起始日期后第 N 个工作日的日期（N 为负数时向前推算）"),
            ("to", "统计起始日期（不含）至此日期（含）之间的工作日数"),
            (
                "calendar",
                "节假日安排文件（JSON：{\"years\": {\"2027\": {\"holidays\": [...], \"workdays\": [...]}}}），补充或替换内置的 2020—2026 年安排",
            ),
            ("format", "输出格式：text 文本、json"),
            LANG,
        ],
    ),
    (
        "ledger",
        "回放机构编制台账：逐件核准事项，计算编制余额和增减变动表",
        &[
            (
                "file",
                "台账：JSON 文档 {\"opening\", \"events\", …}，或工作簿（花名册各表为期初数据，“事项”表为事项）",
            ),
            ("events", "追加的事项文件（CSV、工作簿“事项”表或 JSON），接在台账自带事项之后"),
            ("as_of", "结果日期；默认取文档的 as_of，再取最后一件事项的日期"),
            ("format", "输出格式：text 文本、json、xlsx（须同时给出 --output）"),
            ("output", "把结果写入此文件，而不是标准输出"),
            ("snapshot", "把事项办理后的名册（期末名册）写入此文件（.json 或 .xlsx）"),
            LANG,
        ],
    ),
    (
        "diff",
        "比较两个年度的名册（年度增减变动）：新增、减少、调动、编制数变化",
        &[
            ("old", "上年名册（JSON、工作簿或 CSV）"),
            ("new", "本年名册"),
            ("format", "输出格式：text 文本、json、xlsx（须同时给出 --output）"),
            ("output", "把结果写入此文件，而不是标准输出"),
            LANG,
        ],
    ),
    (
        "reconcile",
        "实名制比对：编制名册、人事档案名单与工资发放名单逐人核对",
        &[
            ("roster", "机构编制名册（JSON、工作簿或 CSV 数据集）"),
            ("registry", "人事名单：含身份证号的人员列表（JSON、CSV 或工作簿）"),
            ("payroll", "工资发放名单：含身份证号的人员列表（JSON、CSV 或工作簿）"),
            ("format", "输出格式：text 文本、json、xlsx（须同时给出 --output）"),
            ("output", "把结果写入此文件，而不是标准输出"),
            LANG,
        ],
    ),
    (
        "completions",
        "输出 shell 补全脚本（bash、zsh、fish）",
        &[("shell", "shell 名称：bash、zsh、fish")],
    ),
    ("man", "输出 man 手册页（roff 格式）", &[]),
    (
        "help",
        "显示本命令或某个子命令的帮助",
        &[("command", "要说明的子命令；不给出时说明本命令")],
    ),
];

const ZH_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The command with help texts in `lang`: Chinese strings, Chinese headings and
/// Chinese help/version flags; English keeps the derive's texts.
pub fn localise(cmd: Command, lang: Lang) -> Command {
    let cmd = cmd.after_help(match lang {
        Lang::Zh => "完整的命令行说明见 docs/cli.md。",
        _ => "The complete command-line reference is docs/cli.md.",
    });
    if lang != Lang::Zh {
        return cmd;
    }
    let mut cmd = zh_command(
        cmd.about("机构编制核查与绩效考核")
            .subcommand_help_heading("命令")
            .disable_version_flag(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("显示版本"),
            ),
    );
    // A subcommand without an entry still gets the Chinese help flag (the root disables
    // clap's own); the test below fails until it has its entry.
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| !ZH.iter().any(|(z, _, _)| z == n))
        .collect();
    for n in names {
        cmd = cmd.mut_subcommand(n, zh_command);
    }
    for (name, about, args) in ZH {
        if cmd.find_subcommand(name).is_none() {
            continue;
        }
        cmd = cmd.mut_subcommand(*name, |mut s| {
            s = s.about(*about);
            for (id, help) in args.iter() {
                if s.get_arguments().any(|a| a.get_id() == *id) {
                    // The Chinese help lists the values in Chinese.
                    s = s.mut_arg(*id, |a| {
                        let takes = a.get_action().takes_values();
                        let defaults: Vec<String> = a
                            .get_default_values()
                            .iter()
                            .map(|v| v.to_string_lossy().into_owned())
                            .collect();
                        let text = if defaults.is_empty() || *id == "lang" {
                            help.to_string()
                        } else {
                            format!("{help}（默认：{}）", defaults.join("、"))
                        };
                        a.help(text)
                            .hide_possible_values(takes)
                            .hide_default_value(takes)
                    });
                }
            }
            zh_command(s)
        });
    }
    cmd
}

/// Chinese headings and help flag for one command.
fn zh_command(cmd: Command) -> Command {
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    let mut cmd = cmd.help_template(ZH_TEMPLATE).disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("显示帮助")
            .help_heading("选项"),
    );
    for (id, positional) in ids {
        cmd = cmd.mut_arg(id, |a| {
            a.help_heading(if positional { "参数" } else { "选项" })
        });
    }
    cmd
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_subcommand_and_argument_has_chinese_help() {
        let cmd = crate::command_in(bianzhi::Lang::Zh);
        cmd.clone().debug_assert();
        crate::command_in(bianzhi::Lang::En).debug_assert();
        let mut names = Vec::new();
        for sub in cmd.get_subcommands() {
            names.push(sub.get_name());
            assert!(
                super::ZH.iter().any(|(n, _, _)| *n == sub.get_name()),
                "{}: no entry in ZH",
                sub.get_name()
            );
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            assert!(
                about.chars().any(|c| c as u32 >= 0x4E00),
                "{}: {about}",
                sub.get_name()
            );
            for a in sub.get_arguments() {
                let h = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                assert!(
                    h.chars().any(|c| c as u32 >= 0x4E00),
                    "{} {}: {h}",
                    sub.get_name(),
                    a.get_id()
                );
            }
        }
        // An entry for a subcommand that does not exist (a typo or a removed one) is dead.
        for (n, _, args) in super::ZH {
            assert!(names.contains(n), "ZH has {n}, the command has not");
            let sub = cmd.find_subcommand(n).unwrap();
            for (id, _) in args.iter() {
                assert!(
                    sub.get_arguments().any(|a| a.get_id() == *id),
                    "ZH {n} has argument {id}, the subcommand has not"
                );
            }
        }
        // Every subcommand takes -h in Chinese.
        for n in &names {
            let e = crate::command_in(bianzhi::Lang::Zh)
                .try_get_matches_from(["bianzhi", n, "--help"])
                .unwrap_err();
            assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp, "{n}");
        }
    }
}
