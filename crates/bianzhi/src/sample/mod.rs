//! Synthetic data: the embedded sample county and a seeded bulk generator.

mod county;
mod generate;
mod rng;
mod roster;

pub use county::{county, county_json};
pub use generate::{generate, try_generate, GenerateError, MAX_GENERATED_STAFF};
pub use rng::Rng;
pub use roster::{Roster, MAX_ROSTER_STAFF};

use serde_json::{json, Value};

use crate::dataset::index::{NONE, NO_CAT};
use crate::model::Category;

/// Synthetic annual-assessment records for the occupying staff of a dataset, split into
/// civil servants (行政/政法专项编制) and institution staff (事业编制), pooled by the unit whose
/// quota they hold. Scores are seeded (same dataset and seed, same records); a few people are
/// on probation, under investigation or on long leave, so ungraded outcomes appear too.
///
/// ```
/// let ds = bianzhi::sample::county();
/// let (civil, institution) = bianzhi::sample::assessment_people(&ds, 1);
/// assert!(civil.len() > 300 && institution.len() > 100);
/// ```
pub fn assessment_people(ds: &crate::Dataset, seed: u64) -> (Vec<Value>, Vec<Value>) {
    let mut rng = Rng::new(seed);
    let (mut civil, mut inst) = (Vec::new(), Vec::new());
    let mut seen = std::collections::HashSet::new();
    for (i, s) in ds.staff().iter().enumerate() {
        // A repeated staff id (DUPLICATE_ID) is assessed once.
        if !seen.insert(s.id()) {
            continue;
        }
        let pool = ds.ix.staff_pool[i];
        let cat = ds.ix.staff_cat[i];
        if pool == NONE || cat == NO_CAT || !s.status().occupies() {
            continue;
        }
        // Scores 70.00–97.99, skewed high as real annual scores are.
        let score = format!(
            "{}.{:02}",
            70 + rng.range(0, 14) + rng.range(0, 15),
            rng.range(0, 100)
        );
        let mut flags = Vec::new();
        if rng.chance(1, 60) {
            flags.push("probation");
        }
        if rng.chance(1, 150) {
            flags.push("under_investigation");
        }
        let leave_days = if rng.chance(1, 80) {
            200
        } else {
            rng.range(0, 10)
        };
        let rec = json!({"id": s.id(), "unit": ds.units()[pool as usize].id, "score": score,
                         "flags": flags, "leave_days": leave_days});
        match &ds.ix.categories[cat as usize] {
            Category::Administrative | Category::PoliticalLegal => civil.push(rec),
            Category::Institution => inst.push(rec),
            _ => {}
        }
    }
    (civil, inst)
}
