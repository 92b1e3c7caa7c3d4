//! The rule families that run after the core rules of the engine, each in its own module:
//! post shares, people in excess, secondments from subordinate units, declared counts,
//! 有岗无人/有人无岗 and administrative duties of institutions. `run` adds their findings
//! to the engine's per-code buckets (and names the people in excess of its 超编 and 超职数
//! findings), so the report order stays the order of [`Code::ALL`].

use chrono::NaiveDate;

use super::report::{Code, Violation};
use super::Lang;
use super::{declared_count, duties_admin, excess, post_shares, post_vacancy, secondment_caps};
use crate::dataset::index::Index;
use crate::model::Document;

pub(super) fn run(
    doc: &Document,
    ix: &Index,
    as_of: NaiveDate,
    lang: Lang,
    out: &mut [Vec<Violation>],
) {
    let mut put = |code: Code, found: Vec<Violation>| {
        if let Some(bucket) = out.get_mut(code as usize) {
            bucket.extend(found);
        }
    };
    put(
        Code::DeclaredCountMismatch,
        declared_count::run(doc, ix, lang),
    );
    if !doc.posts.is_empty() {
        let occ = super::support::post_occupants(doc, ix);
        let (low, pyramid) = post_shares::run(doc, ix, lang, &occ);
        put(Code::ProfessionalShareLow, low);
        put(Code::InvertedPyramid, pyramid);
        put(
            Code::PostUnfilledWhileUnposted,
            post_vacancy::run(doc, ix, lang, &occ),
        );
    }
    let (listed, capped) = secondment_caps::run(doc, ix, as_of, lang);
    put(Code::SecondedFromSubordinate, listed);
    put(Code::SecondmentCapExceeded, capped);
    put(Code::InstitutionAdminDuty, duties_admin::run(doc, ix, lang));

    let (est, lead) = (
        Code::OverEstablishment as usize,
        Code::OverLeadershipQuota as usize,
    );
    if est < lead && lead < out.len() {
        let (a, b) = out.split_at_mut(lead);
        excess::annotate(doc, ix, lang, &mut a[est], &mut b[0]);
    }
}
