//! What the engine's findings say: the language switch and the names shared by the rule
//! families' messages.

use super::Lang;
use crate::model::LeaderLevel;

/// `say!(lang, zh, en)`: the Chinese or the English of a message.
macro_rules! say {
    ($lang:expr, $zh:expr, $en:expr) => {
        match $lang {
            $crate::validate::Lang::Zh => $zh,
            $crate::validate::Lang::En => $en,
        }
    };
}
pub(crate) use say;

/// The name of a leadership level in `lang`.
pub(super) fn level_name(l: LeaderLevel, lang: Lang) -> &'static str {
    say!(lang, l.zh(), l.as_str())
}

/// The Chinese name of a record array (`units` → 单位).
pub(super) fn array_zh(a: &str) -> &'static str {
    crate::dataset::RecordArray::of(a).map_or("数据集", crate::dataset::RecordArray::zh)
}

/// `name(id)` of a record, or its id when it has no name.
pub(super) trait NameOrId {
    fn name_or_id(&self) -> String;
}

impl NameOrId for crate::model::Post {
    fn name_or_id(&self) -> String {
        if self.name.is_empty() {
            self.id.clone()
        } else {
            format!("{}({})", self.name, self.id)
        }
    }
}
