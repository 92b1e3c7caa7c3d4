//! 事业单位承担行政职能: a duty flagged `administrative` whose lead unit is a 事业单位
//! (`INSTITUTION_ADMIN_DUTY`, one finding per duty and leading institution).

use super::report::{Code, Violation};
use super::support::{pick, unit_positions};
use super::Lang;
use crate::dataset::index::Index;
use crate::model::{Document, UnitKind};

pub(super) fn run(doc: &Document, ix: &Index, lang: Lang) -> Vec<Violation> {
    if !doc.duties.iter().any(|d| d.administrative) {
        return Vec::new();
    }
    let units = unit_positions(doc, ix);
    let mut out = Vec::new();
    for (i, d) in doc.duties.iter().enumerate() {
        if !d.administrative || ix.duty_dup[i] {
            continue;
        }
        let name = if d.name.is_empty() { &d.id } else { &d.name };
        let mut seen: Vec<&str> = Vec::new();
        for lead in &d.lead {
            if seen.contains(&lead.as_str()) {
                continue;
            }
            seen.push(lead);
            let Some(&u) = units.get(lead.as_str()) else {
                continue;
            };
            let unit = &doc.units[u as usize];
            if unit.kind != UnitKind::Institution {
                continue;
            }
            out.push(Violation {
                unit: Some(unit.id.clone()),
                duty: Some(d.id.clone()),
                message: pick(
                    lang,
                    format!("行政职能“{name}”由事业单位{}牵头承担", unit.name),
                    format!(
                        "administrative duty {name} is led by the institution {}",
                        unit.name
                    ),
                ),
                ..Violation::new(Code::InstitutionAdminDuty)
            });
        }
    }
    out
}
