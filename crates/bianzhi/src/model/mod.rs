//! The data model: organisations, establishment, posts, staff and the dataset document.

mod category;
mod enums;
mod records;
pub(crate) use records::CapKey;

pub use category::Category;
pub use enums::{
    Funding, Gender, InstitutionClass, LeaderLevel, NormBasis, PostCategory, RetirementGroup,
    Status, UnitKind, UnknownValue,
};
pub use records::{
    Concurrent, Document, Duty, Norm, Pool, Post, PostStructure, Secondment, Settings, Staff, Unit,
};
