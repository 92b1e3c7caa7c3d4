//! Prints the sample county's findings, one per line (handy when editing the sample).
fn main() {
    let ds = bianzhi::sample::county();
    let r = bianzhi::validate(&ds, &bianzhi::Options::default());
    println!(
        "staff {} units {} posts {}",
        ds.staff().len(),
        ds.units().len(),
        ds.posts().len()
    );
    for v in &r.violations {
        println!("{} {:?} {:?} {}", v.code, v.unit, v.staff, v.message);
    }
    for (c, n) in r.counts_by_code() {
        println!("{c}: {n}");
    }
}
