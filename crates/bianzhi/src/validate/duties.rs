//! Duties: duties without a lead unit, and with several.

use super::engine::Ctx;
use super::messages::say;
use super::report::{Code, Violation};
use crate::dataset::index::FxMap;

pub(super) fn duties(cx: &mut Ctx) {
    let doc = cx.doc;
    // Unit names by id (the first record of an id), built once: a scan of the units per
    // lead made 40 000 duties with several leads take 10 s.
    let mut unit_names: Option<FxMap<&str, &str>> = None;
    for (i, d) in doc.duties.iter().enumerate() {
        if cx.ix.duty_dup[i] {
            continue;
        }
        let mut leads: Vec<&str> = d.lead.iter().map(String::as_str).collect();
        leads.sort_unstable();
        leads.dedup();
        let name = if d.name.is_empty() {
            d.id.as_str()
        } else {
            d.name.as_str()
        };
        if leads.is_empty() {
            let v = Violation {
                duty: Some(d.id.clone()),
                actual: Some(0),
                message: say!(
                    cx.lang,
                    format!("职责“{name}”没有牵头单位（职责空白）"),
                    format!("duty {name} has no lead unit")
                ),
                ..Violation::new(Code::DutyGap)
            };
            cx.push(v);
        } else if leads.len() > 1 {
            let by_id = unit_names.get_or_insert_with(|| {
                let mut m = FxMap::default();
                for u in &doc.units {
                    m.entry(u.id.as_str()).or_insert(u.name.as_str());
                }
                m
            });
            let names: Vec<String> = d
                .lead
                .iter()
                .map(|id| {
                    by_id
                        .get(id.as_str())
                        .map_or_else(|| id.clone(), |n| n.to_string())
                })
                .collect();
            let v = Violation {
                duty: Some(d.id.clone()),
                unit: d.lead.first().cloned(),
                expected: Some(1),
                actual: Some(leads.len() as i64),
                message: say!(
                    cx.lang,
                    format!(
                        "职责“{name}”有{}个牵头单位（{}），职责交叉",
                        leads.len(),
                        names.join("、")
                    ),
                    format!(
                        "duty {name} has {} lead units ({})",
                        leads.len(),
                        names.join(", ")
                    )
                ),
                ..Violation::new(Code::DutyOverlap)
            };
            cx.push(v);
        }
    }
}
