//! The data model: organisations, establishment, posts, staff and the dataset document.

mod category;
pub(crate) mod dates;
pub use dates::iso_date;
mod enums;
mod hanzi;
mod records;
pub(crate) use records::CapKey;

pub use category::Category;
pub(crate) use enums::zh_names_of;
pub use enums::{
    Funding, Gender, InstitutionClass, LeaderLevel, NormBasis, PostCategory, RetirementGroup,
    Status, UnitKind, UnknownValue,
};
pub(crate) use hanzi::de_simplified;
pub use hanzi::simplified;
pub use records::{
    Concurrent, Document, Duty, Norm, Pool, Post, PostStructure, ProfessionalShare, Secondment,
    SecondmentCaps, Settings, ShareValue, Staff, Unit,
};
