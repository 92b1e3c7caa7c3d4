//! The rule families that run after the core rules of the engine, each in its own module:
//! post shares, people in excess, secondments from subordinate units, declared counts,
//! 有岗无人/有人无岗 and administrative duties of institutions. `run` adds their findings
//! to the engine's per-code buckets (and names the people in excess of its 超编 and 超职数
//! findings), so the report order stays the order of [`Code::ALL`].

use crate::dataset::StaffTable;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::excess::Excess;
use super::norms::Tally;
use super::post_vacancy::Unposted;
use super::report::{Code, Violation};
use super::support::Person;
use super::Lang;
use super::{declared_count, duties_admin, excess, post_shares, post_vacancy, secondment_caps};
use crate::dataset::index::Index;
use crate::model::Document;

/// What the family rules read of the staff, counted or listed so that the facts of the
/// parts of a roster add up to those of the whole ([`Facts::merge`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Facts {
    /// People holding establishment directly in each unit (empty: no unit declares).
    pub declared: Vec<u64>,
    /// The norms' tallies by own unit (empty: no norms).
    pub tallies: Vec<Tally>,
    /// People holding establishment without a post, by pool.
    pub unposted: Vec<(u32, Unposted)>,
    /// People seconded in from subordinate institutions, by organ pool.
    pub seconded: Vec<(u32, Person)>,
    /// The people that may be in excess; `None`: found from the staff at hand.
    pub excess: Option<Excess>,
    /// The `SECONDED_FROM_SUBORDINATE` findings with their staff record (not carried
    /// between processes: a partition reports them as its own findings).
    #[serde(skip)]
    pub listed: Vec<(usize, Violation)>,
}

impl Facts {
    /// The facts of the staff of `doc`; `record` gives each staff record's number in the
    /// whole roster. `whole`: `doc` is the whole roster, so only what the rules will read
    /// is gathered (the pools with an empty post are known).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn gather(
        doc: &Document,
        st: &StaffTable,
        ix: &Index,
        as_of: NaiveDate,
        lang: Lang,
        post_occ: &[u32],
        record: &dyn Fn(usize) -> u64,
        whole: bool,
    ) -> Facts {
        let declared = if declared_count::wanted(doc) {
            declared_count::direct(st, ix)
        } else {
            Vec::new()
        };
        let tallies = if doc.norms.is_empty() {
            Vec::new()
        } else {
            super::norms::direct(doc, st, ix, as_of)
        };
        let unposted = if doc.posts.is_empty() {
            Vec::new()
        } else if whole {
            let empty = post_vacancy::pools_with_empty_posts(doc, ix, post_occ);
            if empty.iter().any(|&e| e) {
                post_vacancy::unposted(st, ix, record, &|p| empty[p as usize])
            } else {
                Vec::new()
            }
        } else {
            post_vacancy::unposted(st, ix, record, &|_| true)
        };
        let (listed, seconded) = secondment_caps::listed(doc, st, ix, as_of, lang, record);
        Facts {
            declared,
            tallies,
            unposted,
            seconded,
            excess: None,
            listed,
        }
    }

    /// Adds the facts of another part of the roster.
    pub(super) fn merge(&mut self, o: Facts) {
        fn sum<T: Copy + Default>(a: &mut Vec<T>, b: &[T], add: impl Fn(&mut T, T)) {
            if a.len() < b.len() {
                a.resize(b.len(), T::default());
            }
            for (x, &y) in a.iter_mut().zip(b) {
                add(x, y);
            }
        }
        sum(&mut self.declared, &o.declared, |x, y| *x += y);
        sum(&mut self.tallies, &o.tallies, |x, y| x.add(y));
        self.unposted.extend(o.unposted);
        self.unposted.sort_by_key(|x| x.0);
        let mut unposted: Vec<(u32, Unposted)> = Vec::with_capacity(self.unposted.len());
        for (p, u) in self.unposted.drain(..) {
            match unposted.last_mut() {
                Some((lp, lu)) if *lp == p => lu.add(u),
                _ => unposted.push((p, u)),
            }
        }
        self.unposted = unposted;
        self.seconded.extend(o.seconded);
        match (&mut self.excess, o.excess) {
            (Some(a), Some(b)) => a.merge(b),
            (a @ None, b) => *a = b,
            (Some(_), None) => {}
        }
        self.listed.extend(o.listed);
    }
}

/// The family rules from `facts`, into the engine's per-code buckets; `post_occ`: the
/// present occupants of each post.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    doc: &Document,
    st: &StaffTable,
    ix: &Index,
    as_of: NaiveDate,
    lang: Lang,
    out: &mut [Vec<Violation>],
    facts: Facts,
    post_occ: &[u32],
) {
    let _ = as_of;
    let mut put = |code: Code, found: Vec<Violation>| {
        if let Some(bucket) = out.get_mut(code as usize) {
            bucket.extend(found);
        }
    };
    put(
        Code::DeclaredCountMismatch,
        declared_count::run(doc, ix, lang, &facts.declared),
    );
    if !doc.posts.is_empty() {
        let (low, pyramid) = post_shares::run(doc, ix, lang, post_occ);
        put(Code::ProfessionalShareLow, low);
        put(Code::InvertedPyramid, pyramid);
        put(
            Code::PostUnfilledWhileUnposted,
            post_vacancy::run(doc, ix, lang, post_occ, &facts.unposted),
        );
    }
    put(
        Code::SecondedFromSubordinate,
        facts.listed.into_iter().map(|(_, v)| v).collect(),
    );
    put(
        Code::SecondmentCapExceeded,
        secondment_caps::caps(doc, ix, lang, facts.seconded),
    );
    put(Code::InstitutionAdminDuty, duties_admin::run(doc, ix, lang));

    let (est, lead) = (
        Code::OverEstablishment as usize,
        Code::OverLeadershipQuota as usize,
    );
    if est < lead && lead < out.len() {
        let (a, b) = out.split_at_mut(lead);
        let people = match facts.excess {
            Some(e) => e,
            None => Excess::for_findings(doc, st, ix, &a[est], &b[0]),
        };
        excess::annotate(doc, ix, lang, &people, &mut a[est], &mut b[0]);
    }
}
