//! Traditional-character forms of the accepted Chinese names (編制, 事業單位, 離崗, 銷號 …):
//! every vocabulary parses its input through [`simplified`] first, so a roster typed in
//! traditional characters reads as one typed in simplified ones.
//!
//! The table holds the characters that occur in accepted names (unit kinds, categories,
//! statuses, post categories, levels, classes, funding forms, norm bases, cap keys and the
//! planning and ledger vocabularies), not a general conversion: names, ids and free text
//! are never converted.

use std::borrow::Cow;

/// Traditional → simplified, for the characters of accepted names.
fn lookup(c: char) -> Option<char> {
    Some(match c {
        '乾' => '干',
        '備' => '备',
        '內' => '内',
        '劃' => '划',
        '區' => '区',
        '協' => '协',
        '單' => '单',
        '員' => '员',
        '幹' => '干',
        '彈' => '弹',
        '總' => '总',
        '戶' => '户',
        '捨' => '舍',
        '掛' => '挂',
        '擔' => '担',
        '撥' => '拨',
        '數' => '数',
        '時' => '时',
        '業' => '业',
        '構' => '构',
        '機' => '机',
        '歲' => '岁',
        '為' => '为',
        '營' => '营',
        '產' => '产',
        '監' => '监',
        '積' => '积',
        '級' => '级',
        '經' => '经',
        '編' => '编',
        '網' => '网',
        '職' => '职',
        '崗' => '岗',
        '曠' => '旷',
        '術' => '术',
        '規' => '规',
        '計' => '计',
        '設' => '设',
        '請' => '请',
        '調' => '调',
        '議' => '议',
        '財' => '财',
        '實' => '实',
        '專' => '专',
        '導' => '导',
        '處' => '处',
        '過' => '过',
        '運' => '运',
        '辦' => '办',
        '辭' => '辞',
        '鄉' => '乡',
        '開' => '开',
        '關' => '关',
        '銷' => '销',
        '鎮' => '镇',
        '長' => '长',
        '離' => '离',
        '項' => '项',
        '領' => '领',
        '額' => '额',
        '養' => '养',
        '驗' => '验',
        '號' => '号',
        '臨' => '临',
        '黨' => '党',
        '類' => '类',
        '務' => '务',
        '階' => '阶',
        '會' => '会',
        '檢' => '检',
        '衛' => '卫',
        '醫' => '医',
        '學' => '学',
        '師' => '师',
        '動' => '动',
        '發' => '发',
        '傳' => '传',
        '層' => '层',
        _ => return None,
    })
}

/// `s` with the traditional characters of accepted names replaced by their simplified
/// forms; borrowed when there is nothing to replace (ASCII and simplified input).
///
/// ```
/// assert_eq!(bianzhi::simplified("事業單位"), "事业单位");
/// assert_eq!(bianzhi::simplified("離崗"), "离岗");
/// assert_eq!(bianzhi::simplified("active"), "active");
/// assert_eq!("行政編制".parse::<bianzhi::Category>().unwrap(), bianzhi::Category::Administrative);
/// ```
pub fn simplified(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || !s.chars().any(|c| lookup(c).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| lookup(c).unwrap_or(c)).collect())
}

/// Deserializes a vocabulary value through [`simplified`] (`#[serde(deserialize_with)]`):
/// for vocabularies derived with serde aliases, such as the ledger's event types
/// (驗收 → 验收, 銷號 → 销号).
pub(crate) fn de_simplified<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::IntoDeserializer;
    let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
    T::deserialize(simplified(s.trim()).as_ref().into_deserializer())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ledger_event_types_read_in_traditional_characters() {
        let e: crate::plan::ledger::TaskEvent =
            serde_json::from_str(r#"{"type": "銷號", "date": "2026-03-05"}"#).unwrap();
        assert_eq!(e.kind, crate::plan::ledger::EventKind::Closed);
        let e: crate::plan::ledger::TaskEvent =
            serde_json::from_str(r#"{"type": "驗收", "date": "2026-03-05"}"#).unwrap();
        assert_eq!(e.kind, crate::plan::ledger::EventKind::Verified);
    }

    #[test]
    fn converts_only_listed_characters() {
        assert_eq!(simplified("內設機構"), "内设机构");
        assert_eq!(simplified("鄉鎮"), "乡镇");
        assert_eq!(simplified("驗收"), "验收");
        assert_eq!(simplified("銷號"), "销号");
        assert_eq!(simplified("張三"), "張三");
        assert!(matches!(simplified("在岗"), Cow::Borrowed(_)));
    }
}
