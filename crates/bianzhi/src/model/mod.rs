//! The data model: organisations, establishment, posts, staff and the dataset document.

mod category;
pub(crate) mod dates;
mod enums;
mod records;

pub use category::Category;
pub use enums::{
    Funding, Gender, InstitutionClass, LeaderLevel, NormBasis, PostCategory, RetirementGroup,
    Status, UnitKind, UnknownValue,
};
pub use records::{
    Concurrent, Document, Duty, Norm, Pool, Post, PostStructure, ProfessionalShare, Secondment,
    SecondmentCaps, Settings, ShareValue, Staff, Unit,
};
