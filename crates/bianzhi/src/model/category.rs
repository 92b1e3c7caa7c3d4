//! Establishment categories (编制类型): four built in, more declared by a dataset.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An establishment category (编制类型), `docs/rules.md#establishment-categories`.
///
/// The four national categories are variants; a dataset may declare more
/// (e.g. `teacher` for 中小学教职工编制) in `settings.categories`, which arrive as
/// [`Category::Custom`].
///
/// ```
/// use bianzhi::Category;
/// assert_eq!("行政编制".parse::<Category>().unwrap(), Category::Administrative);
/// assert_eq!("事业".parse::<Category>().unwrap(), Category::Institution);
/// assert_eq!("teacher".parse::<Category>().unwrap(), Category::Custom("teacher".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Category {
    /// 行政编制.
    Administrative,
    /// 政法专项编制.
    PoliticalLegal,
    /// 事业编制.
    Institution,
    /// 机关工勤编制.
    Logistics,
    /// A dataset-declared category, by its name.
    Custom(String),
}

impl Category {
    /// The built-in categories in report order.
    pub const BUILTIN: [Category; 4] = [
        Category::Administrative,
        Category::PoliticalLegal,
        Category::Institution,
        Category::Logistics,
    ];

    /// The canonical name as written in JSON.
    pub fn as_str(&self) -> &str {
        match self {
            Category::Administrative => "administrative",
            Category::PoliticalLegal => "political_legal",
            Category::Institution => "institution",
            Category::Logistics => "logistics",
            Category::Custom(s) => s,
        }
    }

    /// The Chinese name used in messages (custom categories keep their own name).
    pub fn zh(&self) -> &str {
        match self {
            Category::Administrative => "行政编制",
            Category::PoliticalLegal => "政法专项编制",
            Category::Institution => "事业编制",
            Category::Logistics => "工勤编制",
            Category::Custom(s) => s,
        }
    }

    /// Parses a built-in name or alias; `None` for anything else.
    pub fn builtin(s: &str) -> Option<Category> {
        let t = super::hanzi::simplified(s.trim());
        let t = t.as_ref();
        let t = t.strip_suffix("编制").unwrap_or(t);
        Some(match t {
            "administrative" | "行政" => Category::Administrative,
            "political_legal" | "政法专项" | "政法" => Category::PoliticalLegal,
            "institution" | "事业" => Category::Institution,
            "logistics" | "工勤" | "机关工勤" => Category::Logistics,
            _ => return None,
        })
    }
}

impl FromStr for Category {
    type Err = std::convert::Infallible;
    /// Never fails: unknown names become [`Category::Custom`]; whether a custom name was
    /// declared is checked when the dataset is loaded.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Category::builtin(s).unwrap_or_else(|| Category::Custom(s.trim().to_string())))
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        if s.trim().is_empty() {
            return Err(serde::de::Error::custom("empty establishment category"));
        }
        Ok(s.parse().unwrap_or_else(|never| match never {}))
    }
}
