//! The records of a dataset document (`docs/formats.md#dataset-document`), as plain serde structs.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use super::category::Category;
use super::enums::{
    Funding, Gender, InstitutionClass, LeaderLevel, NormBasis, PostCategory, RetirementGroup,
    Status, UnitKind,
};

/// A map whose keys must be distinct after parsing: `{"行政": 1, "administrative": 9}` (or a
/// repeated JSON key) is an error naming the key, not a silent "last one wins".
fn de_unique_map<'de, D, K, V>(d: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + std::fmt::Display,
    V: Deserialize<'de>,
{
    struct Visit<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K, V> serde::de::Visitor<'de> for Visit<K, V>
    where
        K: Deserialize<'de> + Ord + std::fmt::Display,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut a: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((k, v)) = a.next_entry::<K, V>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format!("`{k}` is given twice")));
                }
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Visit(std::marker::PhantomData))
}

/// Accepts an identifier written as a string or as an integer (spreadsheets often do that).
pub(crate) fn de_id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum IdRepr {
        S(String),
        I(i64),
        U(u64),
    }
    match IdRepr::deserialize(d).map_err(|_| {
        serde::de::Error::custom("expected an identifier (a string or a whole number)")
    })? {
        IdRepr::S(s) if s.trim().is_empty() => Err(serde::de::Error::custom("empty identifier")),
        IdRepr::S(s) => Ok(s),
        IdRepr::I(i) => Ok(i.to_string()),
        IdRepr::U(u) => Ok(u.to_string()),
    }
}

fn de_opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct W(#[serde(deserialize_with = "de_id")] String);
    Ok(Option::<W>::deserialize(d)?.map(|w| w.0))
}

fn de_ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    struct W(#[serde(deserialize_with = "de_id")] String);
    Ok(Option::<Vec<W>>::deserialize(d)?
        .unwrap_or_default()
        .into_iter()
        .map(|w| w.0)
        .collect())
}

/// 身份证号 must be text: as a JSON number it has already lost its check character `X`
/// or its precision, so accepting it would validate a different number than the user's.
fn de_id_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<serde_json::Value>::deserialize(d)?;
    match v {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s)),
        Some(serde_json::Value::Number(_)) => Err(serde::de::Error::custom(
            "身份证号 must be a string: stored as a number it loses its X check character and precision",
        )),
        Some(_) => Err(serde::de::Error::custom("身份证号 must be a string")),
    }
}

/// Accepts nulls and empty strings as "not given" for optional strings.
fn de_opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|s| !s.trim().is_empty()))
}

/// Approved 岗位结构 counts of a 事业单位 by professional group (`docs/rules.md#posts`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostStructure {
    /// 高级 (levels 1–7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub senior: Option<u32>,
    /// 中级 (levels 8–10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intermediate: Option<u32>,
    /// 初级 (levels 11–13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub junior: Option<u32>,
}

/// An organisation (机构 / 单位).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// Unique identifier (单位编码).
    #[serde(deserialize_with = "de_id")]
    pub id: String,
    /// Name (单位名称).
    pub name: String,
    /// Kind (单位类型).
    pub kind: UnitKind,
    /// Parent unit id (上级单位); `None` for a root.
    #[serde(default, deserialize_with = "de_opt_id")]
    pub parent: Option<String>,
    /// 统一社会信用代码.
    #[serde(
        default,
        deserialize_with = "de_opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub credit_code: Option<String>,
    /// Approved headcount per establishment category (核定编制数).
    #[serde(
        default,
        deserialize_with = "de_unique_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub quotas: BTreeMap<Category, u32>,
    /// Approved leadership positions per level (领导职数).
    #[serde(
        default,
        deserialize_with = "de_unique_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub leadership: BTreeMap<LeaderLevel, u32>,
    /// 事业单位 class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<InstitutionClass>,
    /// 事业单位 funding form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<Funding>,
    /// Approved 岗位结构 of a 事业单位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_structure: Option<PostStructure>,
    /// Resident population (for per-capita norms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// Households (户数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub households: Option<u64>,
    /// Area in square metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_m2: Option<u64>,
    /// Free-form tags (e.g. 司法所, 民政办) that norms attach to.
    #[serde(
        default,
        deserialize_with = "de_ids",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    /// The headcount the unit declares (实有人数), checked against its staff list
    /// (`DECLARED_COUNT_MISMATCH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_staff: Option<u32>,
}

impl Unit {
    /// A unit with its id, name and kind; everything else empty (set the public fields).
    ///
    /// ```
    /// use bianzhi::{Category, Unit, UnitKind};
    /// let mut u = Unit::new("U1", "某县农业农村局", UnitKind::Organ);
    /// u.quotas.insert(Category::Administrative, 12);
    /// assert_eq!(u.parent, None);
    /// ```
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: UnitKind) -> Unit {
        Unit {
            id: id.into(),
            name: name.into(),
            kind,
            parent: None,
            credit_code: None,
            quotas: BTreeMap::new(),
            leadership: BTreeMap::new(),
            class: None,
            funding: None,
            post_structure: None,
            population: None,
            households: None,
            area_m2: None,
            tags: Vec::new(),
            declared_staff: None,
        }
    }
}

/// A post (岗位) of a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    /// Unique identifier.
    #[serde(deserialize_with = "de_id")]
    pub id: String,
    /// The unit the post belongs to.
    #[serde(deserialize_with = "de_id")]
    pub unit: String,
    /// Name (岗位名称).
    #[serde(default)]
    pub name: String,
    /// Category (岗位类别).
    pub category: PostCategory,
    /// Level (等级), 1 = highest; `None` for 普通工.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// Approved occupants (定员); `None` = not limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headcount: Option<u32>,
    /// The establishment category the post requires, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub establishment: Option<Category>,
}

/// An approved secondment (借调) allowing work outside one's own pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Secondment {
    /// First day.
    #[serde(deserialize_with = "super::dates::de_date")]
    pub start: NaiveDate,
    /// Last day, `None` = open-ended.
    #[serde(default, deserialize_with = "super::dates::de_date_opt")]
    pub end: Option<NaiveDate>,
    /// Approving authority (批准机关).
    #[serde(default, deserialize_with = "de_opt_text")]
    pub approved_by: Option<String>,
}

/// A concurrent appointment (兼职 / 兼任) in another unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Concurrent {
    /// The unit of the concurrent appointment.
    pub unit: String,
    /// A leadership level held there, counted in that unit's pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leadership: Option<LeaderLevel>,
}

impl<'de> Deserialize<'de> for Concurrent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Full {
            #[serde(deserialize_with = "de_id")]
            unit: String,
            #[serde(default)]
            leadership: Option<LeaderLevel>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Unit(String),
            Full(Full),
        }
        match Repr::deserialize(d).map_err(|_| {
            serde::de::Error::custom("expected a unit id or {\"unit\": …, \"leadership\": …}")
        })? {
            Repr::Unit(unit) => Ok(Concurrent {
                unit,
                leadership: None,
            }),
            Repr::Full(f) => Ok(Concurrent {
                unit: f.unit,
                leadership: f.leadership,
            }),
        }
    }
}

fn default_status() -> Status {
    Status::Active
}

/// A staff member (人员, 实名制 record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Staff {
    /// Unique record identifier.
    #[serde(deserialize_with = "de_id")]
    pub id: String,
    /// Name (姓名).
    pub name: String,
    /// 身份证号.
    #[serde(
        default,
        deserialize_with = "de_id_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub id_number: Option<String>,
    /// Gender (性别).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Birth date (出生日期).
    #[serde(
        default,
        deserialize_with = "super::dates::de_date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub birth_date: Option<NaiveDate>,
    /// The unit whose establishment the person holds (所在单位); internal units roll up.
    #[serde(deserialize_with = "de_id")]
    pub unit: String,
    /// The establishment category held (编制类型); `None` = 编外.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub establishment: Option<Category>,
    /// Post id (岗位).
    #[serde(
        default,
        deserialize_with = "de_opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub post: Option<String>,
    /// Leadership role in the own pool (领导职务).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leadership: Option<LeaderLevel>,
    /// Date appointed to the leadership role (任职日期): orders the people in excess of a
    /// full leadership quota.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leadership_since: Option<NaiveDate>,
    /// Status (人员状态); defaults to `active`.
    #[serde(default = "default_status")]
    pub status: Status,
    /// Date joined (入职).
    #[serde(
        default,
        deserialize_with = "super::dates::de_date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub joined: Option<NaiveDate>,
    /// Date left (离开), if any.
    #[serde(
        default,
        deserialize_with = "super::dates::de_date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub left: Option<NaiveDate>,
    /// Paid from the budget (财政供养). When absent: true for an occupying person with an
    /// establishment, false otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_payroll: Option<bool>,
    /// Where the person actually works, when not in their own pool.
    #[serde(
        default,
        deserialize_with = "de_opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub working_unit: Option<String>,
    /// The secondment that allows `working_unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondment: Option<Secondment>,
    /// Concurrent appointments (兼职).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concurrent: Vec<Concurrent>,
    /// Statutory retirement group; derived from gender and post when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retirement_group: Option<RetirementGroup>,
    /// An explicit retirement date overriding the statutory month (特殊工种, 病退 …).
    #[serde(
        default,
        deserialize_with = "super::dates::de_date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub retirement_date: Option<NaiveDate>,
    /// Monthly amount paid (月发放金额, yuan), an exact decimal: prices a ghost payroll.
    #[serde(
        default,
        with = "crate::decimal::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    pub monthly_pay: Option<rust_decimal::Decimal>,
}

impl Staff {
    /// An active staff record with its id, name and unit; everything else empty.
    ///
    /// ```
    /// use bianzhi::{Category, Staff, Status};
    /// let mut s = Staff::new("S1", "张三", "U1");
    /// s.establishment = Some(Category::Administrative);
    /// assert_eq!(s.status, Status::Active);
    /// assert!(s.is_on_payroll());
    /// ```
    pub fn new(id: impl Into<String>, name: impl Into<String>, unit: impl Into<String>) -> Staff {
        Staff {
            id: id.into(),
            name: name.into(),
            id_number: None,
            gender: None,
            birth_date: None,
            unit: unit.into(),
            establishment: None,
            post: None,
            leadership: None,
            leadership_since: None,
            status: Status::Active,
            joined: None,
            left: None,
            on_payroll: None,
            working_unit: None,
            secondment: None,
            concurrent: Vec::new(),
            retirement_group: None,
            retirement_date: None,
            monthly_pay: None,
        }
    }

    /// Whether the person is paid from the budget (`on_payroll`, or its documented default).
    pub fn is_on_payroll(&self) -> bool {
        self.on_payroll
            .unwrap_or(self.establishment.is_some() && self.status.occupies())
    }
}

/// A duty (职责) with its lead and assisting units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duty {
    /// Unique identifier.
    #[serde(deserialize_with = "de_id")]
    pub id: String,
    /// Name (职责名称).
    #[serde(default)]
    pub name: String,
    /// Lead units (牵头单位): exactly one is expected.
    #[serde(default, deserialize_with = "de_ids")]
    pub lead: Vec<String>,
    /// Assisting units (配合单位).
    #[serde(default, deserialize_with = "de_ids")]
    pub assist: Vec<String>,
    /// An administrative function (行政职能): led by a 事业单位 it is
    /// `INSTITUTION_ADMIN_DUTY`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub administrative: bool,
}

/// A 三不超 pool: a named set of units with caps on totals (`docs/rules.md#pool_over_cap`).
///
/// `caps` maps a category to its cap; the keys `leadership` (total leadership positions),
/// a level (`deputy`, `副职` or `leadership.deputy`: that level's positions) and `payroll`
/// (财政供养 headcount) are caps on those totals. Category and leadership caps limit both
/// Σ approved and the people there (`POOL_OVER_CAP`, basis 核定 and 实有).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pool {
    /// Identifier (often a Chinese name).
    #[serde(deserialize_with = "de_id")]
    pub id: String,
    /// Member units.
    #[serde(deserialize_with = "de_ids")]
    pub units: Vec<String>,
    /// Caps on category totals, `leadership` and `payroll`.
    #[serde(default, deserialize_with = "de_unique_map")]
    pub caps: BTreeMap<String, u32>,
}

/// What a key of [`Pool::caps`] limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CapKey {
    /// A category total.
    Category(Category),
    /// Leadership positions: every level (`None`) or one level.
    Leadership(Option<LeaderLevel>),
    /// 财政供养 headcount.
    Payroll,
}

impl CapKey {
    /// `leadership`/领导职数, a level (`deputy`, 副职, `leadership.deputy`),
    /// `payroll`/财政供养, else a category.
    pub(crate) fn parse(key: &str) -> CapKey {
        let k = key.trim();
        match k {
            "leadership" | "领导职数" => return CapKey::Leadership(None),
            "payroll" | "财政供养" | "财政供养人员" => return CapKey::Payroll,
            _ => {}
        }
        let level = k
            .strip_prefix("leadership.")
            .or_else(|| k.strip_prefix("领导职数."))
            .unwrap_or(k);
        if let Ok(l) = level.parse::<LeaderLevel>() {
            return CapKey::Leadership(Some(l));
        }
        CapKey::Category(k.parse().unwrap_or_else(|n| match n {}))
    }
}

/// A staffing norm (`docs/rules.md#staffing-norms`) attached to units by tag or kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Norm {
    /// Identifier (e.g. 万人配一).
    #[serde(deserialize_with = "de_id")]
    pub id: String,
    /// Units carrying this tag are checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Units of this kind are checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<UnitKind>,
    /// One person per `ratio` of this measure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<NormBasis>,
    /// Divisor of the per-capita rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<u64>,
    /// Lower bound (also the floor of a per-capita rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// Upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

fn default_secondment_max_months() -> u32 {
    12
}

/// Dataset-wide parameters (`docs/formats.md#settings` `settings`). Configuration: an unknown
/// key is an error ([`crate::LoadError::Settings`]), not a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Longest allowed secondment in months (default 12).
    #[serde(default = "default_secondment_max_months")]
    pub secondment_max_months: u32,
    /// Longest allowed secondment in working days (工作日, under the State Council holiday
    /// calendar of [`crate::workdays`]); when given, it replaces `secondment_max_months`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondment_max_workdays: Option<u32>,
    /// Overrides of the categories a pool kind may use (a kind given twice, also under two
    /// spellings such as `institution` and `事业单位`, is an error naming it).
    #[serde(
        default,
        deserialize_with = "de_unique_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub allowed_categories: BTreeMap<UnitKind, Vec<Category>>,
    /// Extra establishment categories this dataset declares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// The least share of professional-technical posts in a 事业单位
    /// (`PROFESSIONAL_SHARE_LOW`).
    #[serde(default, skip_serializing_if = "ProfessionalShare::is_default")]
    pub professional_share: ProfessionalShare,
    /// Caps on the people an organ borrows from its own institutions
    /// (`SECONDMENT_CAP_EXCEEDED`); none by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondment_caps: Option<SecondmentCaps>,
}

/// The least share of professional-technical (专业技术) posts among all posts of a 事业单位:
/// `default` (0.70), raised or lowered for units of a class or carrying a tag. A unit with
/// several matching tags takes the highest of their shares; a tag outranks the class.
///
/// ```
/// use bianzhi::Settings;
/// let s: Settings = serde_json::from_str(
///     r#"{"professional_share": {"by_tag": {"后勤社会化": "0.80"}}}"#).unwrap();
/// assert_eq!(s.professional_share.default.to_string(), "0.70");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfessionalShare {
    /// The share for every 事业单位 (a fraction, default `0.70`).
    #[serde(default = "default_share", with = "crate::decimal::dec")]
    pub default: rust_decimal::Decimal,
    /// Shares by institution class.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_class: BTreeMap<InstitutionClass, ShareValue>,
    /// Shares by unit tag.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_tag: BTreeMap<String, ShareValue>,
    /// Units with fewer post places are not checked (default 10): over two or three posts a
    /// share says nothing (one post is a third of them). Also applies to `INVERTED_PYRAMID`.
    #[serde(default = "default_min_posts")]
    pub min_posts: u32,
}

fn default_min_posts() -> u32 {
    10
}

/// A share (a fraction such as `0.80`) read exactly from a number or a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ShareValue(#[serde(with = "crate::decimal::dec")] pub rust_decimal::Decimal);

fn default_share() -> rust_decimal::Decimal {
    rust_decimal::Decimal::new(70, 2)
}

impl Default for ProfessionalShare {
    fn default() -> Self {
        ProfessionalShare {
            default: default_share(),
            by_class: BTreeMap::new(),
            by_tag: BTreeMap::new(),
            min_posts: default_min_posts(),
        }
    }
}

impl ProfessionalShare {
    fn is_default(&self) -> bool {
        *self == ProfessionalShare::default()
    }

    /// The share that applies to a unit of `class` carrying `tags`.
    pub fn for_unit(
        &self,
        class: Option<InstitutionClass>,
        tags: &[String],
    ) -> rust_decimal::Decimal {
        let by_tag = tags
            .iter()
            .filter_map(|t| self.by_tag.get(t))
            .map(|s| s.0)
            .max();
        by_tag
            .or_else(|| class.and_then(|c| self.by_class.get(&c)).map(|s| s.0))
            .unwrap_or(self.default)
    }
}

/// Caps on the staff an organ borrows from the 事业单位 below it (借调所属事业单位人员):
/// at most `max_count` people, and at most `max_share` of the organ's approved places.
///
/// ```
/// use bianzhi::Settings;
/// let s: Settings = serde_json::from_str(
///     r#"{"secondment_caps": {"max_count": 2, "max_share": "0.05"}}"#).unwrap();
/// assert_eq!(s.secondment_caps.unwrap().max_count, Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecondmentCaps {
    /// Most people per organ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_count: Option<u32>,
    /// Most people as a share of the organ's approved places (all categories).
    #[serde(
        default,
        with = "crate::decimal::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_share: Option<rust_decimal::Decimal>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secondment_max_months: default_secondment_max_months(),
            secondment_max_workdays: None,
            allowed_categories: BTreeMap::new(),
            categories: Vec::new(),
            professional_share: ProfessionalShare::default(),
            secondment_caps: None,
        }
    }
}

impl Settings {
    /// Categories a pool of `kind` may use: the override if set, else `docs/rules.md#allowed-categories`.
    pub fn allowed(&self, kind: UnitKind) -> Vec<Category> {
        if let Some(v) = self.allowed_categories.get(&kind) {
            return v.clone();
        }
        match kind {
            UnitKind::Institution => vec![Category::Institution],
            _ => vec![
                Category::Administrative,
                Category::PoliticalLegal,
                Category::Logistics,
            ],
        }
    }
}

/// A whole dataset document (`docs/formats.md#dataset-document`): plain data, no index.
///
/// Build one in code, or read one with [`crate::Dataset::from_json`]; then index it with
/// [`crate::Dataset::new`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Evaluation date stored with the data.
    #[serde(
        default,
        deserialize_with = "super::dates::de_date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub as_of: Option<NaiveDate>,
    /// Parameters.
    #[serde(default)]
    pub settings: Settings,
    /// Organisations.
    pub units: Vec<Unit>,
    /// Posts.
    #[serde(default)]
    pub posts: Vec<Post>,
    /// Staff.
    pub staff: Vec<Staff>,
    /// Duties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<Duty>,
    /// 三不超 pools.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pools: Vec<Pool>,
    /// Staffing norms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub norms: Vec<Norm>,
}
