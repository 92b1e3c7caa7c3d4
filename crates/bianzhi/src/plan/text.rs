//! Helpers shared by the text renderers of the plan module: display-width padding (a CJK
//! character takes two terminal columns) and the Chinese names of document keys.

/// `s` padded with spaces to `w` display columns.
pub(crate) fn pad(s: &str, w: usize) -> String {
    let n = unicode_width::UnicodeWidthStr::width(s);
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// `s` right-aligned in `w` display columns.
pub(crate) fn pad_left(s: &str, w: usize) -> String {
    let n = unicode_width::UnicodeWidthStr::width(s);
    if n >= w {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

/// Chinese name of a staffing parameter key (`workload` …); the key itself when unknown.
pub(crate) fn param_zh(name: &str) -> String {
    let zh = match name {
        "workload" => "工作总量",
        "output_per_day" => "劳动定额（人日）",
        "working_days" => "年工作日",
        "attendance" => "出勤率",
        "time_per_unit" => "工时定额",
        "hours_per_person" => "人均年工作时间",
        "machines" => "设备台数",
        "persons_per_machine" => "每台定员",
        "shifts" => "班次",
        "served" => "服务对象数",
        "ratio" => "配备比例",
        "per" => "配备基数",
        "staff" => "给定人数",
        "capacity" => "人均负荷",
        "posts" => "岗位数",
        _ => {
            if let Some(k) = name.strip_prefix("frequencies.") {
                return format!("频次{k}");
            }
            return name.to_string();
        }
    };
    zh.to_string()
}

/// Formula and step text with its English words in Chinese.
pub(crate) fn formula_zh(s: &str) -> String {
    s.replace("posts", "岗位数")
        .replace("shifts", "班次")
        .replace("(given)", "（给定）")
}

/// Chinese name of a rounding mode.
pub(crate) fn rounding_zh(key: &str) -> &'static str {
    match key {
        "ceil" => "向上取整",
        "floor" => "向下取整",
        _ => "四舍五入",
    }
}

/// A decimal fraction (`0.95`) as a percentage (`95%`).
pub(crate) fn percent(d: rust_decimal::Decimal) -> String {
    format!("{}%", (d * rust_decimal::Decimal::from(100)).normalize())
}

impl super::PlanError {
    /// The message in Chinese (the `Display` text is English). Parameter names are the
    /// document's keys, with their Chinese names; the detail of an unreadable document or
    /// scheme comes from the parser and stays as it is.
    ///
    /// ```
    /// let e = bianzhi::plan::compute_json(r#"{"method": "ratio", "served": 1, "per": 0}"#)
    ///     .unwrap_err();
    /// assert!(e.zh().ends_with("参数 per（配备基数） 必须大于0（给出的是 0）"), "{}", e.zh());
    /// ```
    pub fn zh(&self) -> String {
        use super::PlanError as E;
        let name = |p: &str| {
            let zh = param_zh(p);
            if zh == p {
                p.to_string()
            } else {
                format!("{p}（{zh}）")
            }
        };
        match self {
            E::NotPositive { parameter, value } => {
                format!("参数 {} 必须大于0（给出的是 {value}）", name(parameter))
            }
            E::Negative { parameter, value } => {
                format!("参数 {} 不能为负数（给出的是 {value}）", name(parameter))
            }
            E::TooLarge {
                parameter,
                value,
                max,
            } => format!(
                "参数 {} 不能大于 {max}（给出的是 {value}）",
                name(parameter)
            ),
            E::Invalid { parameter, message } => {
                format!("参数 {} 无效：{message}", name(parameter))
            }
            E::Overflow(m) => format!("数值超出精确计算的范围：{m}"),
            E::Input(m) => format!("输入文档无效：{m}"),
            E::Scheme(m) => format!("评估方案无效：{m}"),
            E::InItem { index, source } => format!("第{}项：{}", index + 1, source.zh()),
        }
    }
}
