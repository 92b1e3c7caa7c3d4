//! Unknown quotas are not zero quotas: a pool without any `quotas` has no approved figures
//! (its 三定 data are missing), so its people are neither vacant nor over.

use super::report::{Code, Violation};
use super::Lang;
use crate::model::Unit;

/// Whether the unit's approved establishment is known: its `quotas` name at least one
/// category (a category it lacks then counts as approved 0). An absent or empty `quotas`
/// means unknown; write `{"administrative": 0}` for a unit approved no places.
pub(super) fn quotas_known(u: &Unit) -> bool {
    !u.quotas.is_empty()
}

/// The `QUOTA_UNKNOWN` warning of a pool with unknown quotas and `holding` people holding
/// places; `None` when nobody holds a place there.
pub(super) fn quota_unknown(u: &Unit, holding: u64, lang: Lang) -> Option<Violation> {
    (holding > 0).then(|| Violation {
        unit: Some(u.id.clone()),
        actual: Some(i64::try_from(holding).unwrap_or(i64::MAX)),
        field: Some("quotas".into()),
        message: match lang {
            Lang::Zh => format!(
                "{} 未填报核定编制数，占编{holding}人，无法核查超编、空编",
                u.name
            ),
            Lang::En => format!(
                "{} has no approved quotas (quotas not given): {holding} people hold places; over- and under-establishment cannot be checked",
                u.name
            ),
        },
        ..Violation::new(Code::QuotaUnknown)
    })
}
