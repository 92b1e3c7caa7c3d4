//! The plan document (`bianzhi plan`): one or more 定员 items, computed with their formulas.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::num::{self, add};
use super::staffing::{self, Frequencies, PostShift, Rounding, Staffing, SupervisionGroup, Total};
use super::PlanError;

/// One item of a plan document, tagged by `method`.
///
/// Methods (English or Chinese): `efficiency` 效率定员, `efficiency_time`, `equipment` 设备定员,
/// `post` 岗位定员, `ratio` 比例定员 (with `ratio` for T×R or `per` for T/r), `supervision`.
/// Every item may carry a `name` and a `rounding` (`ceil` by default).
///
/// ```
/// use bianzhi::plan::PlanItem;
/// let item: PlanItem = serde_json::from_str(r#"{"method": "ratio", "served": 35000,
///     "per": 10000}"#).unwrap();
/// assert_eq!(item.compute(None).unwrap().staffing.headcount, 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, tag = "method", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PlanItem {
    /// 效率定员, output form.
    #[serde(alias = "效率定员")]
    Efficiency {
        /// Label.
        #[serde(default)]
        name: Option<String>,
        /// W.
        #[serde(deserialize_with = "num::de")]
        workload: Decimal,
        /// q.
        #[serde(deserialize_with = "num::de")]
        output_per_day: Decimal,
        /// T.
        #[serde(deserialize_with = "num::de")]
        working_days: Decimal,
        /// K.
        #[serde(deserialize_with = "num::de")]
        attendance: Decimal,
        /// Rounding (document default, then `ceil`).
        #[serde(default)]
        rounding: Option<Rounding>,
    },
    /// 效率定员, time-standard form.
    EfficiencyTime {
        /// Label.
        #[serde(default)]
        name: Option<String>,
        /// W.
        #[serde(deserialize_with = "num::de")]
        workload: Decimal,
        /// t.
        #[serde(deserialize_with = "num::de")]
        time_per_unit: Decimal,
        /// H.
        #[serde(deserialize_with = "num::de")]
        hours_per_person: Decimal,
        /// K.
        #[serde(deserialize_with = "num::de")]
        attendance: Decimal,
        /// Rounding.
        #[serde(default)]
        rounding: Option<Rounding>,
    },
    /// 设备定员.
    #[serde(alias = "设备定员")]
    Equipment {
        /// Label.
        #[serde(default)]
        name: Option<String>,
        /// n.
        #[serde(deserialize_with = "num::de")]
        machines: Decimal,
        /// m.
        #[serde(deserialize_with = "num::de")]
        persons_per_machine: Decimal,
        /// s.
        #[serde(deserialize_with = "num::de")]
        shifts: Decimal,
        /// K (default 1).
        #[serde(default, deserialize_with = "num::de_opt")]
        attendance: Option<Decimal>,
        /// Rounding.
        #[serde(default)]
        rounding: Option<Rounding>,
    },
    /// 岗位定员.
    #[serde(alias = "岗位定员")]
    Post {
        /// Label.
        #[serde(default)]
        name: Option<String>,
        /// The single-person posts.
        posts: Vec<PostShift>,
        /// K (default 1).
        #[serde(default, deserialize_with = "num::de_opt")]
        attendance: Option<Decimal>,
        /// Rounding.
        #[serde(default)]
        rounding: Option<Rounding>,
    },
    /// 比例定员: exactly one of `ratio` (T×R) and `per` (T/r).
    #[serde(alias = "比例定员")]
    Ratio {
        /// Label.
        #[serde(default)]
        name: Option<String>,
        /// T.
        #[serde(deserialize_with = "num::de")]
        served: Decimal,
        /// R.
        #[serde(default, deserialize_with = "num::de_opt")]
        ratio: Option<Decimal>,
        /// r.
        #[serde(default, deserialize_with = "num::de_opt")]
        per: Option<Decimal>,
        /// Rounding.
        #[serde(default)]
        rounding: Option<Rounding>,
    },
    /// Supervision-class allocation: exactly one of `staff` and `capacity`.
    #[serde(alias = "分类监管")]
    Supervision {
        /// Label.
        #[serde(default)]
        name: Option<String>,
        /// Groups.
        groups: Vec<SupervisionGroup>,
        /// Frequencies (default 2/4/12/24).
        #[serde(default)]
        frequencies: Frequencies,
        /// Staff to share out.
        #[serde(default)]
        staff: Option<u64>,
        /// Inspections per person a year.
        #[serde(default, deserialize_with = "num::de_opt")]
        capacity: Option<Decimal>,
        /// Rounding (of `ΣL / C`).
        #[serde(default)]
        rounding: Option<Rounding>,
    },
}

/// One computed item.
///
/// ```
/// let out = bianzhi::plan::compute_json(r#"{"method": "ratio", "served": 200,
///     "ratio": 0.05}"#).unwrap();
/// assert_eq!(out.items[0].staffing.headcount, 10);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PlanItemOutput {
    /// The item's label.
    pub name: Option<String>,
    /// Formula, inputs, steps, exact value, headcount.
    #[serde(flatten)]
    pub staffing: Staffing,
    /// Supervision items: `ΣL`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::norm_opt::serialize"
    )]
    pub total_load: Option<Decimal>,
    /// Supervision items: the allocation per group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<staffing::GroupAllocation>>,
    /// Supervision items: whether every group got at least one person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_met: Option<bool>,
}

impl PlanItem {
    /// Computes the item; `default_rounding` applies when the item names none.
    ///
    /// ```
    /// use bianzhi::plan::{PlanItem, staffing::Rounding};
    /// let item: PlanItem = serde_json::from_str(r#"{"method": "效率定员", "workload": 4651200,
    ///     "output_per_day": 16, "working_days": 251, "attendance": 0.95}"#).unwrap();
    /// assert_eq!(item.compute(Some(Rounding::Floor)).unwrap().staffing.headcount, 1219);
    /// ```
    pub fn compute(&self, default_rounding: Option<Rounding>) -> Result<PlanItemOutput, PlanError> {
        let r = |x: &Option<Rounding>| x.or(default_rounding).unwrap_or_default();
        let plain = |name: &Option<String>, s: Staffing| PlanItemOutput {
            name: name.clone(),
            staffing: s,
            total_load: None,
            groups: None,
            minimum_met: None,
        };
        Ok(match self {
            PlanItem::Efficiency {
                name,
                workload,
                output_per_day,
                working_days,
                attendance,
                rounding,
            } => plain(
                name,
                staffing::efficiency(
                    *workload,
                    *output_per_day,
                    *working_days,
                    *attendance,
                    r(rounding),
                )?,
            ),
            PlanItem::EfficiencyTime {
                name,
                workload,
                time_per_unit,
                hours_per_person,
                attendance,
                rounding,
            } => plain(
                name,
                staffing::efficiency_time(
                    *workload,
                    *time_per_unit,
                    *hours_per_person,
                    *attendance,
                    r(rounding),
                )?,
            ),
            PlanItem::Equipment {
                name,
                machines,
                persons_per_machine,
                shifts,
                attendance,
                rounding,
            } => plain(
                name,
                staffing::equipment(
                    *machines,
                    *persons_per_machine,
                    *shifts,
                    attendance.unwrap_or(Decimal::ONE),
                    r(rounding),
                )?,
            ),
            PlanItem::Post {
                name,
                posts,
                attendance,
                rounding,
            } => plain(
                name,
                staffing::post(posts, attendance.unwrap_or(Decimal::ONE), r(rounding))?,
            ),
            PlanItem::Ratio {
                name,
                served,
                ratio,
                per,
                rounding,
            } => match (ratio, per) {
                (Some(x), None) => plain(name, staffing::ratio(*served, *x, r(rounding))?),
                (None, Some(x)) => plain(name, staffing::ratio_per(*served, *x, r(rounding))?),
                _ => {
                    return Err(PlanError::Invalid {
                        parameter: "ratio".into(),
                        message: "give exactly one of `ratio` (T×R) and `per` (T/r)".into(),
                    })
                }
            },
            PlanItem::Supervision {
                name,
                groups,
                frequencies,
                staff,
                capacity,
                rounding,
            } => {
                let total = match (staff, capacity) {
                    (Some(n), None) => Total::Staff(*n),
                    (None, Some(c)) => Total::Capacity(*c),
                    _ => {
                        return Err(PlanError::Invalid {
                            parameter: "staff".into(),
                            message: "give exactly one of `staff` and `capacity`".into(),
                        })
                    }
                };
                let plan = staffing::supervision(groups, frequencies, total, r(rounding))?;
                PlanItemOutput {
                    name: name.clone(),
                    staffing: plan.staffing,
                    total_load: Some(plan.total_load),
                    groups: Some(plan.groups),
                    minimum_met: Some(plan.minimum_met),
                }
            }
        })
    }
}

/// The computed plan document.
///
/// ```
/// let out = bianzhi::plan::compute_json(r#"[{"method": "ratio", "served": 10, "per": 4},
///     {"method": "ratio", "served": 10, "per": 5}]"#).unwrap();
/// assert_eq!((out.total_headcount, out.total_exact.to_string()), (5, "4.5".to_string()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PlanOutput {
    /// Items in input order.
    pub items: Vec<PlanItemOutput>,
    /// Sum of the items' headcounts (each rounded on its own).
    pub total_headcount: u64,
    /// Sum of the exact values.
    #[serde(with = "num::norm")]
    pub total_exact: Decimal,
}

/// Computes a plan document: one item object, an array of items, or
/// `{"rounding": "ceil", "items": [...]}` (the document rounding applies to items naming none).
///
/// Errors name the item (0-based) and the parameter.
///
/// ```
/// let out = bianzhi::plan::compute_json(r#"{"method": "efficiency", "workload": 4651200,
///     "output_per_day": 16, "working_days": 251, "attendance": 0.95, "rounding": "ceil"}"#)
///     .unwrap();
/// assert_eq!(out.items[0].staffing.headcount, 1220);
/// let err = bianzhi::plan::compute_json(r#"{"method": "efficiency", "workload": -1,
///     "output_per_day": 16, "working_days": 251, "attendance": 0.95}"#).unwrap_err();
/// assert!(err.to_string().contains("workload"));
/// ```
pub fn compute_json(input: &str) -> Result<PlanOutput, PlanError> {
    let v: Value = serde_json::from_str(&crate::decimal::exact_numbers(input))
        .map_err(|e| PlanError::Input(e.to_string()))?;
    compute_value(v)
}

/// Like [`compute_json`] from an already parsed JSON value (used for TOML input).
///
/// ```
/// let v = serde_json::json!({"items": [{"method": "ratio", "served": 9, "per": 2}],
///     "rounding": "floor"});
/// assert_eq!(bianzhi::plan::compute_value(v).unwrap().total_headcount, 4);
/// ```
pub fn compute_value(v: Value) -> Result<PlanOutput, PlanError> {
    let (rounding, items) = match v {
        Value::Array(items) => (None, items),
        Value::Object(mut map) => match map.remove("items") {
            Some(Value::Array(items)) => {
                crate::keys::check_keys(
                    map.keys().filter(|k| k.as_str() != "rounding"),
                    &["items", "rounding"],
                )
                .map_err(PlanError::Input)?;
                let rounding = match map.remove("rounding") {
                    None | Some(Value::Null) => None,
                    Some(r) => Some(
                        serde_json::from_value::<Rounding>(r)
                            .map_err(|e| PlanError::Input(format!("rounding: {e}")))?,
                    ),
                };
                (rounding, items)
            }
            Some(_) => return Err(PlanError::Input("`items` must be an array".into())),
            None => (None, vec![Value::Object(map)]),
        },
        _ => {
            return Err(PlanError::Input(
                "a plan is an item object, an array of items or {\"items\": [...]}".into(),
            ))
        }
    };
    let mut out = Vec::with_capacity(items.len());
    let mut total_headcount = 0u64;
    let mut total_exact = Decimal::ZERO;
    for (index, item) in items.into_iter().enumerate() {
        let wrap = |e: PlanError| PlanError::InItem {
            index,
            source: Box::new(e),
        };
        let item: PlanItem = serde_json::from_value(item).map_err(|e| {
            wrap(PlanError::Input(crate::keys::config_message(
                &e.to_string(),
            )))
        })?;
        let o = item.compute(rounding).map_err(wrap)?;
        total_headcount = total_headcount
            .checked_add(o.staffing.headcount)
            .ok_or_else(|| PlanError::Overflow("total headcount".into()))?;
        total_exact = add(total_exact, o.staffing.exact, "total exact")?;
        out.push(o);
    }
    Ok(PlanOutput {
        items: out,
        total_headcount,
        total_exact,
    })
}

/// Renders a computed plan as English text (method keys and parameter keys as in documents);
/// [`render_plan_text_in`] chooses the language.
///
/// ```
/// let out = bianzhi::plan::compute_json(r#"{"method": "ratio", "served": 35000,
///     "per": 10000}"#).unwrap();
/// let text = bianzhi::plan::render_plan_text(&out);
/// assert!(text.contains("35000 / 10000") && text.contains("4"));
/// ```
pub fn render_plan_text(out: &PlanOutput) -> String {
    render_plan_text_in(out, "en")
}

/// Renders a computed plan as text; `lang` `"en"` for English, anything else Chinese (labels,
/// parameter names and units in Chinese; formulas keep their one-letter symbols).
///
/// ```
/// let out = bianzhi::plan::compute_json(r#"{"method": "ratio", "served": 35000,
///     "per": 10000}"#).unwrap();
/// let text = bianzhi::plan::render_plan_text_in(&out, "zh");
/// assert!(text.contains("服务对象数") && text.contains("合计：4人"));
/// ```
pub fn render_plan_text_in(out: &PlanOutput, lang: &str) -> String {
    if lang != "en" {
        return render_plan_text_zh(out);
    }
    use std::fmt::Write;
    let mut s = String::new();
    for (i, item) in out.items.iter().enumerate() {
        let st = &item.staffing;
        let label = item
            .name
            .clone()
            .unwrap_or_else(|| format!("item {}", i + 1));
        let _ = writeln!(s, "[{label}] {} ({:?})", st.method_zh, st.method);
        let _ = writeln!(s, "  formula      {}", st.formula);
        for p in &st.inputs {
            let _ = writeln!(s, "  {:<12} {} = {}", p.name, p.symbol, p.value.normalize());
        }
        let _ = writeln!(s, "  substituted  {}", st.substituted);
        for step in &st.steps {
            let _ = writeln!(
                s,
                "  step         {} = {}",
                step.name,
                step.value.normalize()
            );
        }
        let _ = writeln!(
            s,
            "  exact        {} (≈ {})",
            st.exact.normalize(),
            st.exact_2dp
        );
        let _ = writeln!(
            s,
            "  headcount    {} persons (rounding: {})",
            st.headcount,
            st.rounding.as_str()
        );
        if let Some(groups) = &item.groups {
            for g in groups {
                let _ = writeln!(
                    s,
                    "    {:<10} L = {:<8} share = {:<8} staff = {}{}",
                    g.name,
                    g.load.normalize(),
                    super::num::fixed(g.exact_share, 2),
                    g.staff,
                    if g.raised_to_minimum {
                        " (raised to 1)"
                    } else {
                        ""
                    }
                );
            }
            if item.minimum_met == Some(false) {
                let _ = writeln!(
                    s,
                    "    note: fewer staff than groups, not every group has one"
                );
            }
        }
    }
    let _ = writeln!(
        s,
        "total: {} persons (exact {})",
        out.total_headcount,
        out.total_exact.normalize()
    );
    s
}

fn render_plan_text_zh(out: &PlanOutput) -> String {
    use super::text::{formula_zh, pad, param_zh, rounding_zh};
    use std::fmt::Write;
    let mut s = String::new();
    for (i, item) in out.items.iter().enumerate() {
        let st = &item.staffing;
        let label = item
            .name
            .clone()
            .unwrap_or_else(|| format!("第{}项", i + 1));
        let _ = writeln!(s, "[{label}] {}", st.method_zh);
        let _ = writeln!(s, "  {} {}", pad("公式", 16), formula_zh(&st.formula));
        for p in &st.inputs {
            let _ = writeln!(
                s,
                "  {} {} = {}",
                pad(&param_zh(&p.name), 16),
                p.symbol,
                p.value.normalize()
            );
        }
        let _ = writeln!(s, "  {} {}", pad("代入", 16), formula_zh(&st.substituted));
        for step in &st.steps {
            let _ = writeln!(
                s,
                "  {} {} = {}",
                pad("计算", 16),
                formula_zh(&step.name),
                step.value.normalize()
            );
        }
        let _ = writeln!(
            s,
            "  {} {}（约 {}）",
            pad("精确值", 16),
            st.exact.normalize(),
            st.exact_2dp
        );
        let _ = writeln!(
            s,
            "  {} {}人（{}）",
            pad("定员", 16),
            st.headcount,
            rounding_zh(st.rounding.as_str())
        );
        if let Some(groups) = &item.groups {
            for g in groups {
                let _ = writeln!(
                    s,
                    "    {} 负荷 L = {:<8} 份额 = {:<8} 人数 = {}{}",
                    pad(&g.name, 10),
                    g.load.normalize(),
                    super::num::fixed(g.exact_share, 2),
                    g.staff,
                    if g.raised_to_minimum {
                        "（不足1人按1人）"
                    } else {
                        ""
                    }
                );
            }
            if item.minimum_met == Some(false) {
                let _ = writeln!(s, "    注：人数少于分组数，并非每组都配有人员");
            }
        }
    }
    let _ = writeln!(
        s,
        "合计：{}人（精确值 {}）",
        out.total_headcount,
        out.total_exact.normalize()
    );
    s
}
