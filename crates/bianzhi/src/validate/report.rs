//! The validation report (`docs/formats.md#validation-report`): findings with stable codes and the summaries.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::LeaderLevel;

/// Money as text with exactly two places (`"12000.00"`), read from a string or a number.
mod money {
    use rust_decimal::Decimal;
    use serde::{Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&crate::decimal::fixed(*d, 2)),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Decimal>, D::Error> {
        crate::decimal::de_opt(d)
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Breaks a rule; makes `bianzhi validate` exit 1.
    Error,
    /// Needs a look; does not fail a run.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// Lower-case English name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

macro_rules! codes {
    ($( $(#[$m:meta])* $v:ident = $s:literal, $zh:literal, $sev:ident; )*) => {
        /// A stable finding code (`docs/rules.md#finding-codes`). The declaration order is the report order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$m])* #[serde(rename = $s)] $v, )*
        }

        impl Code {
            /// Every code in report order.
            pub const ALL: &'static [Code] = &[$(Code::$v),*];

            /// The stable upper-case identifier, e.g. `OVER_ESTABLISHMENT`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$v => $s,)* }
            }

            /// The Chinese name, e.g. 超编.
            pub fn zh(self) -> &'static str {
                match self { $(Code::$v => $zh,)* }
            }

            /// The severity every finding of this code carries.
            pub fn severity(self) -> Severity {
                match self { $(Code::$v => Severity::$sev,)* }
            }

            /// Parses the upper-case identifier.
            pub fn parse(s: &str) -> Option<Code> {
                match s { $($s => Some(Code::$v),)* _ => None }
            }
        }
    };
}

codes! {
    /// A field is missing, of the wrong type, out of range, an unknown value or an impossible date.
    InvalidRecord = "INVALID_RECORD", "数据错误", Error;
    /// A record key that is not part of the format (a misspelling, most often): ignored.
    UnknownField = "UNKNOWN_FIELD", "字段无法识别", Warning;
    /// Two records of one array share an id.
    DuplicateId = "DUPLICATE_ID", "编号重复", Error;
    /// A reference names no record.
    UnknownReference = "UNKNOWN_REFERENCE", "引用不存在", Error;
    /// Following `parent` returns to the start.
    CycleInTree = "CYCLE_IN_TREE", "隶属关系成环", Error;
    /// An internal unit declares quotas of its own.
    QuotaOnInternalUnit = "QUOTA_ON_INTERNAL_UNIT", "内设机构单列编制", Warning;
    /// A unit's declared headcount (实有人数) differs from its staff list.
    DeclaredCountMismatch = "DECLARED_COUNT_MISMATCH", "实有人数与名册不符", Warning;
    /// 统一社会信用代码 fails its checks.
    InvalidCreditCode = "INVALID_CREDIT_CODE", "统一社会信用代码错误", Error;
    /// 身份证号 fails its checks.
    InvalidIdNumber = "INVALID_ID_NUMBER", "身份证号错误", Error;
    /// Birth date or gender differs from the ID number.
    IdNumberMismatch = "ID_NUMBER_MISMATCH", "身份证号与出生日期/性别不符", Error;
    /// One ID number on two or more occupying records.
    DuplicatePerson = "DUPLICATE_PERSON", "一人多编", Error;
    /// A pool with people holding places and no approved quotas at all (三定 data missing).
    QuotaUnknown = "QUOTA_UNKNOWN", "核定编制未知", Warning;
    /// Occupied > approved for a pool and category.
    OverEstablishment = "OVER_ESTABLISHMENT", "超编", Error;
    /// A category not allowed for the pool's kind.
    MixedEstablishment = "MIXED_ESTABLISHMENT", "混编", Error;
    /// More leaders of a level than approved positions.
    OverLeadershipQuota = "OVER_LEADERSHIP_QUOTA", "超职数配备领导", Error;
    /// The post requires another category or belongs to another pool.
    MixedPost = "MIXED_POST", "混岗", Error;
    /// More occupants than a post's headcount.
    PostOverHeadcount = "POST_OVER_HEADCOUNT", "岗位超员", Warning;
    /// More staff on professional posts of a group than approved.
    PostStructureExceeded = "POST_STRUCTURE_EXCEEDED", "超岗位结构比例", Error;
    /// Professional-technical posts of a 事业单位 below the configured share of all posts.
    ProfessionalShareLow = "PROFESSIONAL_SHARE_LOW", "专业技术岗位占比偏低", Warning;
    /// More senior than junior professional posts, or more management than professional posts.
    InvertedPyramid = "INVERTED_PYRAMID", "岗位结构倒金字塔", Warning;
    /// Posts without an occupant while staff of the same unit hold no post.
    PostUnfilledWhileUnposted = "POST_UNFILLED_WHILE_UNPOSTED", "有岗无人、有人无岗", Warning;
    /// Works in another pool without a secondment.
    UnapprovedSecondment = "UNAPPROVED_SECONDMENT", "未经批准借调", Error;
    /// Secondment ended before as-of or runs longer than allowed.
    SecondmentOverdue = "SECONDMENT_OVERDUE", "借调超期", Warning;
    /// An organ works with a person of one of its own 事业单位 (listed for the record).
    SecondedFromSubordinate = "SECONDED_FROM_SUBORDINATE", "借调所属事业单位人员", Info;
    /// An organ borrows more people from its own 事业单位 than the configured caps allow.
    SecondmentCapExceeded = "SECONDMENT_CAP_EXCEEDED", "借调所属事业单位人员超限", Warning;
    /// 行政/政法 establishment holder with a concurrent post in an institution below the organ.
    CrossAppointment = "CROSS_APPOINTMENT", "机关人员在下属事业单位兼职", Warning;
    /// Occupies a quota but is absent without approval.
    OccupiedNotOnDuty = "OCCUPIED_NOT_ON_DUTY", "占编不在岗", Warning;
    /// On payroll though retired, left or deceased.
    GhostPayroll = "GHOST_PAYROLL", "吃空饷", Error;
    /// Occupying after the statutory retirement month.
    PastRetirementAge = "PAST_RETIREMENT_AGE", "超龄未退", Error;
    /// Fewer staff than a configured norm requires.
    StaffingBelowNorm = "STAFFING_BELOW_NORM", "人员配备低于标准", Warning;
    /// More staff than a configured norm allows.
    StaffingAboveNorm = "STAFFING_ABOVE_NORM", "人员配备高于标准", Warning;
    /// A 三不超 pool's total exceeds its cap.
    PoolOverCap = "POOL_OVER_CAP", "突破三不超总量", Error;
    /// A duty has no lead unit.
    DutyGap = "DUTY_GAP", "职责空白", Warning;
    /// A duty has more than one lead unit.
    DutyOverlap = "DUTY_OVERLAP", "职责交叉", Warning;
    /// An administrative duty led by a 事业单位.
    InstitutionAdminDuty = "INSTITUTION_ADMIN_DUTY", "事业单位承担行政职能", Warning;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding.
///
/// Identifiers refer to the records of the dataset; `expected`/`actual` hold the numbers
/// behind the finding (approved vs occupied, cap vs total …). For `INVALID_RECORD`,
/// `array`, `index` and `field` locate the record that was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Violation {
    /// Stable code.
    pub code: Code,
    /// Severity of the code.
    pub severity: Severity,
    /// The unit concerned (for pool findings, the pool's unit).
    pub unit: Option<String>,
    /// The staff record concerned.
    pub staff: Option<String>,
    /// The post concerned.
    pub post: Option<String>,
    /// The duty (or 三不超 pool, or norm) concerned.
    pub duty: Option<String>,
    /// The establishment category concerned.
    pub category: Option<String>,
    /// The leadership level concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<LeaderLevel>,
    /// The approved / allowed number.
    pub expected: Option<i64>,
    /// The actual number.
    pub actual: Option<i64>,
    /// For record findings: the array (`units`, `posts`, `staff`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub array: Option<String>,
    /// For record findings: the position in that array (0-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// For record findings: the offending field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The people in excess, in the order they came in beyond the quota (超编, 超职数,
    /// 借调超限); empty when not applicable (and then absent from the JSON).
    #[serde(
        default,
        rename = "excess_staff",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub excess: Vec<String>,
    /// A sum of money in yuan with two places (the pay to recover of 吃空饷).
    #[serde(default, with = "money", skip_serializing_if = "Option::is_none")]
    pub amount: Option<rust_decimal::Decimal>,
    /// Human-readable message (Chinese by default, English with `lang = en`).
    pub message: String,
}

impl Violation {
    /// A finding with only its code (and the code's severity) set; fill in the rest by
    /// assigning the fields.
    ///
    /// ```
    /// use bianzhi::{Code, Severity, Violation};
    /// let mut v = Violation::new(Code::OverEstablishment);
    /// v.unit = Some("U1".into());
    /// assert_eq!(v.severity, Severity::Error);
    /// ```
    pub fn new(code: Code) -> Violation {
        Violation {
            code,
            severity: code.severity(),
            unit: None,
            staff: None,
            post: None,
            duty: None,
            category: None,
            level: None,
            expected: None,
            actual: None,
            array: None,
            index: None,
            field: None,
            excess: Vec::new(),
            amount: None,
            message: String::new(),
        }
    }
}

/// Record counts and finding counts by severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// Units read.
    pub units: usize,
    /// Posts read.
    pub posts: usize,
    /// Staff read.
    pub staff: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

/// Occupancy of one pool and category (`docs/rules.md#occupancy`).
///
/// `approved` is `None` (JSON `null`) when the pool has no `quotas` at all: its approved
/// establishment is unknown, not zero (`QUOTA_UNKNOWN`), so `vacant` and `over` are unknown
/// too. A pool whose `quotas` exist but lack the category has `approved = Some(0)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OccupancyRow {
    /// The pool's unit id.
    pub unit: String,
    /// The category.
    pub category: String,
    /// Approved `A`; `None` when the pool's quotas are unknown.
    pub approved: Option<u64>,
    /// Occupied `O`.
    pub occupied: u64,
    /// `max(0, A − O)` (空编); `None` when `A` is unknown.
    pub vacant: Option<u64>,
    /// `max(0, O − A)` (超编); `None` when `A` is unknown.
    pub over: Option<u64>,
}

impl OccupancyRow {
    /// A row from approved (`None`: unknown) and occupied, with vacant and over derived.
    ///
    /// ```
    /// use bianzhi::OccupancyRow;
    /// let r = OccupancyRow::new("U1", "administrative", Some(3), 5);
    /// assert_eq!((r.vacant, r.over), (Some(0), Some(2)));
    /// let u = OccupancyRow::new("U2", "institution", None, 4);
    /// assert_eq!((u.approved, u.vacant, u.over), (None, None, None));
    /// ```
    pub fn new(
        unit: impl Into<String>,
        category: impl Into<String>,
        approved: Option<u64>,
        occupied: u64,
    ) -> OccupancyRow {
        OccupancyRow {
            unit: unit.into(),
            category: category.into(),
            approved,
            occupied,
            vacant: approved.map(|a| a.saturating_sub(occupied)),
            over: approved.map(|a| occupied.saturating_sub(a)),
        }
    }
}

/// Occupancy of one category summed over the pools (`Report::totals_by_category`).
///
/// Quotas of different categories are never added together: a vacancy in one category
/// does not offset an excess in another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryTotals {
    /// The category.
    pub category: String,
    /// Σ approved over the pools whose quotas are known.
    pub approved: u64,
    /// Σ occupied over all pools (including those with unknown quotas).
    pub occupied: u64,
    /// Σ vacant (each pool's own `max(0, A − O)`).
    pub vacant: u64,
    /// Σ over (each pool's own `max(0, O − A)`).
    pub over: u64,
    /// Pools holding people of this category whose quotas are unknown (not in `approved`).
    pub unknown_pools: u64,
    /// People of this category in those pools.
    pub unknown_occupied: u64,
}

/// Leadership positions of one pool and level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LeadershipRow {
    /// The pool's unit id.
    pub unit: String,
    /// The level.
    pub level: LeaderLevel,
    /// Approved positions.
    pub approved: u64,
    /// Leaders counted (occupying staff and concurrent roles).
    pub actual: u64,
}

impl LeadershipRow {
    /// The row of `unit`'s pool and `level`: `approved` positions, `actual` leaders.
    ///
    /// ```
    /// use bianzhi::{LeaderLevel, LeadershipRow};
    /// assert_eq!(LeadershipRow::new("U1", LeaderLevel::Principal, 1, 2).actual, 2);
    /// ```
    pub fn new(
        unit: impl Into<String>,
        level: LeaderLevel,
        approved: u64,
        actual: u64,
    ) -> LeadershipRow {
        LeadershipRow {
            unit: unit.into(),
            level,
            approved,
            actual,
        }
    }
}

/// The result of [`crate::validate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// The evaluation date used.
    pub as_of: NaiveDate,
    /// Counts.
    pub summary: Summary,
    /// Occupancy per pool and category, in unit order then category order; rows where
    /// both approved and occupied are zero are left out.
    pub occupancy: Vec<OccupancyRow>,
    /// Leadership per pool and level, same ordering and omission rule.
    pub leadership: Vec<LeadershipRow>,
    /// Findings, ordered by code (the order of [`Code::ALL`]), then by the position of the
    /// record concerned in the input.
    pub violations: Vec<Violation>,
}

impl Report {
    /// A report of `as_of` holding `violations` and no occupancy or leadership rows, its
    /// finding counts by severity computed (record counts 0): the input the planning
    /// functions need when the findings come from elsewhere.
    ///
    /// ```
    /// use bianzhi::{Code, NaiveDate, Report, Violation};
    /// let d = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    /// let r = Report::new(d, vec![Violation::new(Code::DutyGap)]);
    /// assert_eq!(r.summary.errors + r.summary.warnings + r.summary.infos, 1);
    /// ```
    pub fn new(as_of: NaiveDate, violations: Vec<Violation>) -> Report {
        let mut summary = Summary::default();
        for v in &violations {
            match v.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        Report {
            as_of,
            summary,
            occupancy: Vec::new(),
            leadership: Vec::new(),
            violations,
        }
    }

    /// True when no finding has error severity.
    pub fn ok(&self) -> bool {
        self.summary.errors == 0
    }

    /// Occupancy totals per category, built-in categories first (行政, 政法专项, 事业, 工勤),
    /// then declared ones by name. Vacant and over are sums of the pools' own figures, so
    /// one pool's vacancies never hide another's excess.
    ///
    /// ```
    /// use bianzhi::{validate, Dataset, Options};
    /// let ds = Dataset::from_json(r#"{
    ///   "units": [{"id": "U1", "name": "某局", "kind": "organ",
    ///              "quotas": {"administrative": 2, "logistics": 2}}],
    ///   "staff": [{"id": "S1", "name": "甲", "unit": "U1", "establishment": "administrative"},
    ///             {"id": "S2", "name": "乙", "unit": "U1", "establishment": "administrative"},
    ///             {"id": "S3", "name": "丙", "unit": "U1", "establishment": "administrative"}]
    /// }"#).unwrap();
    /// let r = validate(&ds, &Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()));
    /// let t = r.totals_by_category();
    /// assert_eq!((t[0].category.as_str(), t[0].approved, t[0].occupied, t[0].over), ("administrative", 2, 3, 1));
    /// assert_eq!((t[1].category.as_str(), t[1].approved, t[1].vacant), ("logistics", 2, 2));
    /// ```
    pub fn totals_by_category(&self) -> Vec<CategoryTotals> {
        let mut by: std::collections::BTreeMap<crate::model::Category, CategoryTotals> =
            std::collections::BTreeMap::new();
        for r in &self.occupancy {
            let cat: crate::model::Category = r.category.parse().unwrap_or_else(|n| match n {});
            let t = by.entry(cat).or_insert_with(|| CategoryTotals {
                category: r.category.clone(),
                ..CategoryTotals::default()
            });
            t.occupied = t.occupied.saturating_add(r.occupied);
            match r.approved {
                Some(a) => {
                    t.approved = t.approved.saturating_add(a);
                    t.vacant = t.vacant.saturating_add(r.vacant.unwrap_or(0));
                    t.over = t.over.saturating_add(r.over.unwrap_or(0));
                }
                None => {
                    t.unknown_pools += 1;
                    t.unknown_occupied = t.unknown_occupied.saturating_add(r.occupied);
                }
            }
        }
        by.into_values().collect()
    }

    /// Number of findings with each code, in code order, codes with none left out.
    pub fn counts_by_code(&self) -> Vec<(Code, usize)> {
        let mut counts = vec![0usize; Code::ALL.len()];
        for v in &self.violations {
            counts[v.code as usize] += 1;
        }
        Code::ALL
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(c, n)| (*c, n))
            .collect()
    }
}
