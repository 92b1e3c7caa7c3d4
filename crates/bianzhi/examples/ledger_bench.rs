//! Speed of the establishment ledger: 10^6 events over a generated 10^6-staff opening
//! roster, on one core. `cargo run --release -p bianzhi --example ledger_bench [STAFF] [EVENTS]`
//!
//! Prints the time of each stage: building the opening state, replaying the events
//! (decisions, balances, change rows), and the snapshot with its validation report.

use std::time::Instant;

// As the CLI and the Python extension.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bianzhi::ledger::{Event, EventKind, EventRow, ExitReason, Ledger, State};
use bianzhi::{Category, Dataset, Staff};
use chrono::{Days, NaiveDate};

/// CPU time of this thread (user + system), in seconds: the machine may be shared, and
/// wall-clock time then measures the neighbours.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let staff = args.first().copied().unwrap_or(1_000_000);
    let n_events = args.get(1).copied().unwrap_or(1_000_000);
    let doc = bianzhi::sample::generate(staff, 7);
    let pools: Vec<(String, Category)> = doc
        .units
        .iter()
        .filter(|u| u.kind.is_pool())
        .filter_map(|u| u.quotas.keys().next().map(|c| (u.id.clone(), c.clone())))
        .collect();
    let opening = Dataset::new(doc);
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut events = Vec::with_capacity(n_events);
    let mut last_reserve: Vec<Option<String>> = vec![None; pools.len()];
    for i in 0..n_events {
        let date = start + Days::new((i * 365 / n_events.max(1)) as u64);
        let p = (i * 7919) % pools.len();
        let (unit, cat) = &pools[p];
        let id = format!("E{i}");
        let mut e = match i % 6 {
            0 => Event::new(id, date, EventKind::Approve),
            1 => {
                let mut e = Event::new(id.clone(), date, EventKind::Reserve);
                last_reserve[p] = Some(id);
                e.count = Some(1);
                e
            }
            2 => {
                let mut e = Event::new(id, date, EventKind::Enrol);
                e.reservation = last_reserve[p].take();
                e.person = Some(Box::new(Staff::new(format!("N{i}"), "新人", unit.as_str())));
                e
            }
            3 => {
                let mut e = Event::new(id, date, EventKind::Exit);
                e.staff = Some(format!("S{}", (i * 104_729) % staff));
                e.reason = Some(ExitReason::ALL[i % 6]);
                e
            }
            4 => {
                let mut e = Event::new(id, date, EventKind::Move);
                e.staff = Some(format!("S{}", (i * 15_485_863) % staff));
                e.to_unit = Some(unit.clone());
                e
            }
            _ => {
                let mut e = Event::new(id, date, EventKind::Transfer);
                e.to_unit = Some(pools[(p + 1) % pools.len()].0.clone());
                e
            }
        };
        if e.kind != EventKind::Exit && e.kind != EventKind::Move {
            e.unit = Some(unit.clone());
            e.category = Some(cat.clone());
            e.count = e.count.or(Some(1));
        }
        events.push(EventRow::ok(i, e));
    }
    let ledger = Ledger::new(opening, events);
    let end = start + Days::new(366);

    let c0 = cpu();
    let t = Instant::now();
    let mut st = State::open(&ledger);
    let t_open = t.elapsed();
    let t = Instant::now();
    st.advance(end);
    let balances = st.balances();
    let changes = st.changes();
    let t_replay = t.elapsed();
    let c_replay = cpu() - c0;
    let t = Instant::now();
    let r = bianzhi::ledger::apply_from(st, end);
    let t_result = t.elapsed();
    let c_result = cpu() - c0 - c_replay;
    let approved = r.approved_count();
    println!(
        "{staff} staff, {n_events} events: open state {:.3} s, replay + balances + changes {:.3} s \
         (open + replay {:.3} s), snapshot + validation {:.3} s; {approved} approved, {} rejected, \
         {} balance rows, {} change rows\nCPU time: open + replay {c_replay:.2} s, snapshot + validation {c_result:.2} s",
        t_open.as_secs_f64(),
        t_replay.as_secs_f64(),
        (t_open + t_replay).as_secs_f64(),
        t_result.as_secs_f64(),
        r.rejected_count(),
        balances.len(),
        changes.len()
    );
}
