//! `UNKNOWN_FIELD`: a key of a dataset record (or a table column) that is not part of the
//! format. Data is tolerant: the key is ignored and the record kept, but a misspelling such
//! as `quota` for `quotas` never passes silently.

use super::messages::array_zh;
use super::report::{Code, Violation};
use super::Lang;
use crate::dataset::{IssueKind, NotRead, RecordIssue};

/// The finding of an [`IssueKind::UnknownField`] issue (`None` for any other kind).
pub(super) fn finding(issue: &RecordIssue, lang: Lang) -> Option<Violation> {
    if let IssueKind::NotRead(n) = &issue.kind {
        return Some(not_read(issue.array, n, lang));
    }
    let IssueKind::UnknownField { suggestion, column } = &issue.kind else {
        return None;
    };
    let key = issue.field.as_deref().unwrap_or("");
    let mut v = Violation::new(Code::UnknownField);
    v.array = Some(issue.array.to_string());
    v.field = issue.field.clone();
    let id = issue.id.clone();
    let whose = id.as_deref().map(|i| format!("({i})")).unwrap_or_default();
    let table = issue.array != "dataset";
    if column.is_none() {
        v.index = table.then_some(issue.index);
        match issue.array {
            "units" => v.unit = id.clone(),
            "posts" => v.post = id.clone(),
            "staff" => v.staff = id.clone(),
            "duties" | "pools" | "norms" => v.duty = id.clone(),
            _ => {}
        }
    }
    let hint_zh = suggestion
        .as_deref()
        .map(|s| format!("；是否应为 {s}？"))
        .unwrap_or_default();
    let hint_en = suggestion
        .as_deref()
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    v.message = match (lang, column) {
        (Lang::Zh, Some(col)) => format!(
            "{}表 {col} 列名“{key}”无法识别，该列已忽略{hint_zh}",
            array_zh(issue.array)
        ),
        (Lang::En, Some(col)) => format!(
            "{} table {col}: unknown column “{key}”, ignored{hint_en}",
            issue.array
        ),
        (Lang::Zh, None) if table => format!(
            "{}第{}条{whose} 字段 {key} 无法识别，已忽略{hint_zh}",
            array_zh(issue.array),
            issue.index + 1
        ),
        (Lang::En, None) if table => format!(
            "{}[{}]{whose}: unknown field `{key}`, ignored{hint_en}",
            issue.array, issue.index
        ),
        (Lang::Zh, None) => format!("数据集的顶层字段 {key} 无法识别，已忽略{hint_zh}"),
        (Lang::En, None) => {
            format!("the dataset's top-level key `{key}` is unknown, ignored{hint_en}")
        }
    };
    Some(v)
}

/// The finding of cells no column reads, or of data rows above the header row.
fn not_read(array: &str, n: &NotRead, lang: Lang) -> Violation {
    let mut v = Violation::new(Code::UnknownField);
    v.array = Some(array.to_string());
    if lang == Lang::En {
        v.message = n.message_en();
        return v;
    }
    let mut rows = n
        .rows
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("、");
    if n.total > n.rows.len() {
        rows.push_str(&format!("等{}行", n.total));
    }
    let first_row = n.rows.first().copied().unwrap_or(n.header_row);
    v.message = match &n.column {
        Some(col) => format!(
            "{} {col}列{}，但有{}行有值（第{rows}行，首个{col}{first_row}为“{}”），未读取",
            n.source,
            if n.blank_header {
                "的表头为空"
            } else {
                "在表头最后一列之后，没有表头"
            },
            n.total,
            n.first
        ),
        None => format!(
            "{} 表头（第{}行）之上的第{rows}行有数据，未读取",
            n.source, n.header_row
        ),
    };
    v
}
