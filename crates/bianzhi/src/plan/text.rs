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
