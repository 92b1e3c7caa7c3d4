//! Synthetic data: the embedded sample county and a seeded bulk generator.

mod county;
mod generate;
mod rng;

pub use county::{county, county_json};
pub use generate::generate;
pub use rng::Rng;
