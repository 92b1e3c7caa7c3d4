//! Closed vocabularies of the domain, each accepting its English value or its Chinese name.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Error returned when a string names no value of a vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}` (expected one of: {expected})")]
pub struct UnknownValue {
    /// Which vocabulary was asked for, e.g. `unit kind`.
    pub what: &'static str,
    /// The text that was given.
    pub value: String,
    /// The accepted English values, comma-separated.
    pub expected: &'static str,
}

/// Defines a string enum with canonical English names, Chinese aliases and serde support.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal, expected = $expected:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $en:literal, zh = $zh:literal $(, alias = [$($alias:literal),*])? ; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in declaration order (the order used in reports).
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The canonical English name, as written in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $en,)* }
            }

            /// The Chinese name used in messages and spreadsheets.
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)* }
            }

            /// The Chinese names of every value, joined by 、 (for Chinese messages).
            pub fn zh_names() -> String {
                Self::ALL.iter().map(|v| v.zh()).collect::<Vec<_>>().join("、")
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                let t = super::hanzi::simplified(s.trim());
                let t = t.as_ref();
                $(
                    if t == $en || t == $zh $($(|| t == $alias)*)? {
                        return Ok($name::$variant);
                    }
                )*
                $(
                    if t.eq_ignore_ascii_case($en) {
                        return Ok($name::$variant);
                    }
                )*
                Err(UnknownValue { what: $what, value: s.to_string(), expected: $expected })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

vocabulary! {
    /// Kind of organisation (机构类型), `docs/rules.md#organisations-and-pools`.
    #[non_exhaustive]
    UnitKind, "unit kind",
    expected = "organ, institution, internal, township, subdistrict, coordination, grid" {
        /// 党政机关 / 行政机关.
        Organ = "organ", zh = "行政机关", alias = ["机关", "党政机关", "党政机构"];
        /// 事业单位.
        Institution = "institution", zh = "事业单位";
        /// 内设机构 (科/股/处/室): shares its parent's pool.
        Internal = "internal", zh = "内设机构";
        /// 乡镇.
        Township = "township", zh = "乡镇", alias = ["乡", "镇"];
        /// 街道.
        Subdistrict = "subdistrict", zh = "街道", alias = ["街道办事处"];
        /// 议事协调机构 / 临时机构: holds no 编制.
        Coordination = "coordination", zh = "议事协调机构", alias = ["临时机构"];
        /// 网格 / 片区.
        Grid = "grid", zh = "网格", alias = ["片区"];
    }
}

impl UnitKind {
    /// Whether a unit of this kind is its own establishment pool (`docs/rules.md#organisations-and-pools`).
    pub fn is_pool(self) -> bool {
        !matches!(
            self,
            UnitKind::Internal | UnitKind::Grid | UnitKind::Coordination
        )
    }

    /// Whether the kind counts as an organ for allowed categories and 机关兼职 rules.
    pub fn is_organ_like(self) -> bool {
        matches!(
            self,
            UnitKind::Organ | UnitKind::Township | UnitKind::Subdistrict
        )
    }
}

vocabulary! {
    /// Leadership position level (领导职数), `docs/rules.md#leadership-positions`.
    #[non_exhaustive]
    LeaderLevel, "leadership level",
    expected = "principal, deputy, division_principal, division_deputy" {
        /// 正职.
        Principal = "principal", zh = "正职";
        /// 副职.
        Deputy = "deputy", zh = "副职";
        /// 内设机构正职.
        DivisionPrincipal = "division_principal", zh = "内设机构正职";
        /// 内设机构副职.
        DivisionDeputy = "division_deputy", zh = "内设机构副职";
    }
}

impl LeaderLevel {
    /// Dense index in [`LeaderLevel::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

vocabulary! {
    /// Post category (岗位类别), `docs/rules.md#posts`.
    #[non_exhaustive]
    PostCategory, "post category", expected = "management, professional, worker" {
        /// 管理岗位, levels 1–10.
        Management = "management", zh = "管理", alias = ["管理岗位", "管理岗"];
        /// 专业技术岗位, levels 1–13.
        Professional = "professional", zh = "专业技术", alias = ["专业技术岗位", "专技", "专技岗"];
        /// 工勤技能岗位, levels 1–5 (技术工) or none (普通工).
        Worker = "worker", zh = "工勤技能", alias = ["工勤技能岗位", "工勤", "工勤岗"];
    }
}

impl PostCategory {
    /// The highest level number of this category (1 is the top level).
    pub fn max_level(self) -> u8 {
        match self {
            PostCategory::Management => 10,
            PostCategory::Professional => 13,
            PostCategory::Worker => 5,
        }
    }
}

vocabulary! {
    /// Staff status (人员状态), `docs/rules.md#statuses-and-who-occupies-a-place`.
    #[non_exhaustive]
    Status, "status", expected = "active, leave, absent, retired, left, deceased" {
        /// 在岗 (also 在职, 在编在岗; 借调 and 挂职: in post, away on a secondment or a
        /// temporary posting that the `secondment` record details).
        Active = "active", zh = "在岗", alias = ["在职", "在编在岗", "借调", "挂职"];
        /// Approved leave (请假, 病休, 长期病假): still occupies, still the unit's staff.
        Leave = "leave", zh = "请假", alias = ["休假", "病休", "长期病假", "病假"];
        /// Not on a post (离岗/旷工/待岗): occupies a place but is not on duty.
        Absent = "absent", zh = "离岗", alias = ["旷工", "不在岗", "待岗"];
        /// 退休.
        Retired = "retired", zh = "退休";
        /// 调出 / 离职.
        Left = "left", zh = "调出", alias = ["离职", "辞职", "辞退"];
        /// 死亡.
        Deceased = "deceased", zh = "死亡", alias = ["去世"];
    }
}

impl Status {
    /// Whether a person with this status counts in occupancy `O`.
    pub fn occupies(self) -> bool {
        matches!(self, Status::Active | Status::Leave | Status::Absent)
    }
}

vocabulary! {
    /// Gender (性别).
    Gender, "gender", expected = "male, female" {
        /// 男.
        Male = "male", zh = "男", alias = ["M", "m"];
        /// 女.
        Female = "female", zh = "女", alias = ["F", "f"];
    }
}

vocabulary! {
    /// Statutory retirement group, `docs/rules.md#retirement`.
    #[non_exhaustive]
    RetirementGroup, "retirement group", expected = "male, female_55, female_50" {
        /// Men: 60 → 63.
        Male = "male", zh = "男职工";
        /// 原55周岁 women (干部, management and professional posts): 55 → 58.
        Female55 = "female_55", zh = "原55周岁女职工", alias = ["女干部"];
        /// 原50周岁 women (工人): 50 → 55.
        Female50 = "female_50", zh = "原50周岁女职工", alias = ["女工人"];
    }
}

vocabulary! {
    /// 事业单位 classification (分类), `docs/rules.md#organisations-and-pools`.
    #[non_exhaustive]
    InstitutionClass, "institution class",
    expected = "public_welfare_1, public_welfare_2, public_welfare_3, administrative_functions, business" {
        /// 公益一类.
        PublicWelfare1 = "public_welfare_1", zh = "公益一类";
        /// 公益二类.
        PublicWelfare2 = "public_welfare_2", zh = "公益二类";
        /// 公益三类 (local).
        PublicWelfare3 = "public_welfare_3", zh = "公益三类";
        /// 承担行政职能.
        AdministrativeFunctions = "administrative_functions", zh = "承担行政职能";
        /// 生产经营.
        Business = "business", zh = "生产经营";
    }
}

vocabulary! {
    /// 经费形式 of a 事业单位.
    #[non_exhaustive]
    Funding, "funding", expected = "full, partial, self" {
        /// 全额拨款.
        Full = "full", zh = "全额拨款", alias = ["全额"];
        /// 差额拨款.
        Partial = "partial", zh = "差额拨款", alias = ["差额"];
        /// 自收自支.
        SelfFunded = "self", zh = "自收自支";
    }
}

vocabulary! {
    /// The measure a per-capita staffing norm divides (`docs/rules.md#staffing-norms`).
    #[non_exhaustive]
    NormBasis, "norm basis", expected = "population, households, area" {
        /// 人口.
        Population = "population", zh = "人口";
        /// 户数.
        Households = "households", zh = "户数";
        /// 面积 (m²).
        Area = "area", zh = "面积", alias = ["area_m2"];
    }
}

/// The Chinese names of the vocabulary that [`UnknownValue::what`] names, for a Chinese
/// message's list of allowed values.
pub(crate) fn zh_names_of(what: &str) -> Option<String> {
    Some(match what {
        "unit kind" => UnitKind::zh_names(),
        "leadership level" => LeaderLevel::zh_names(),
        "post category" => PostCategory::zh_names(),
        "status" => Status::zh_names(),
        "gender" => Gender::zh_names(),
        "retirement group" => RetirementGroup::zh_names(),
        "institution class" => InstitutionClass::zh_names(),
        "funding" => Funding::zh_names(),
        "norm basis" => NormBasis::zh_names(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_names_parse() {
        assert_eq!("机关".parse::<UnitKind>().unwrap(), UnitKind::Organ);
        assert_eq!(
            "事业单位".parse::<UnitKind>().unwrap(),
            UnitKind::Institution
        );
        assert_eq!(
            " Internal ".parse::<UnitKind>().unwrap(),
            UnitKind::Internal
        );
        assert_eq!("旷工".parse::<Status>().unwrap(), Status::Absent);
        assert_eq!(
            "内设机构副职".parse::<LeaderLevel>().unwrap(),
            LeaderLevel::DivisionDeputy
        );
        let e = "部门".parse::<UnitKind>().unwrap_err();
        assert!(e.to_string().contains("unknown unit kind `部门`"), "{e}");
    }

    #[test]
    fn roster_statuses_and_traditional_forms_parse() {
        for (text, want) in [
            ("在职", Status::Active),
            ("在编在岗", Status::Active),
            ("借调", Status::Active),
            ("挂职", Status::Active),
            ("病休", Status::Leave),
            ("长期病假", Status::Leave),
            ("待岗", Status::Absent),
            ("在崗", Status::Active),
            ("請假", Status::Leave),
            ("離崗", Status::Absent),
            ("調出", Status::Left),
            ("離職", Status::Left),
            ("長期病假", Status::Leave),
            ("掛職", Status::Active),
        ] {
            assert_eq!(text.parse::<Status>(), Ok(want), "{text}");
        }
        assert_eq!("機關".parse::<UnitKind>(), Ok(UnitKind::Organ));
        assert_eq!("事業單位".parse::<UnitKind>(), Ok(UnitKind::Institution));
        assert_eq!("內設機構".parse::<UnitKind>(), Ok(UnitKind::Internal));
        assert_eq!("鄉鎮".parse::<UnitKind>(), Ok(UnitKind::Township));
        assert_eq!(
            "專業技術".parse::<PostCategory>(),
            Ok(PostCategory::Professional)
        );
        assert_eq!("工勤技能".parse::<PostCategory>(), Ok(PostCategory::Worker));
        assert_eq!(
            zh_names_of("status").as_deref(),
            Some("在岗、请假、离岗、退休、调出、死亡")
        );
    }

    #[test]
    fn serde_round_trip_uses_english() {
        let s: Status = serde_json::from_str("\"退休\"").unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"retired\"");
    }
}
