//! The column mapping table: record kinds, their fields, value types and Chinese headers.
//!
//! This table is the single source of the reader's header recognition, the writers'
//! headers and the template's 说明 sheet; `docs/tabular.md` documents it.

use std::fmt;

/// One kind of table: the array of the dataset document it fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    /// `units` (单位).
    Units,
    /// `posts` (岗位).
    Posts,
    /// `staff` (人员).
    Staff,
    /// `duties` (职责).
    Duties,
    /// `pools` (三不超 总量).
    Pools,
    /// `norms` (配备标准).
    Norms,
    /// `settings` and `as_of` as key/value rows (设置).
    Settings,
}

impl RecordKind {
    /// Every kind, in document order.
    pub const ALL: [RecordKind; 7] = [
        RecordKind::Units,
        RecordKind::Posts,
        RecordKind::Staff,
        RecordKind::Duties,
        RecordKind::Pools,
        RecordKind::Norms,
        RecordKind::Settings,
    ];

    /// The document array name (`units`, `posts`, …; `settings` for the key/value sheet).
    pub fn array(self) -> &'static str {
        match self {
            RecordKind::Units => "units",
            RecordKind::Posts => "posts",
            RecordKind::Staff => "staff",
            RecordKind::Duties => "duties",
            RecordKind::Pools => "pools",
            RecordKind::Norms => "norms",
            RecordKind::Settings => "settings",
        }
    }

    /// The Chinese sheet name written by the template and the exporters.
    pub fn zh(self) -> &'static str {
        match self {
            RecordKind::Units => "单位",
            RecordKind::Posts => "岗位",
            RecordKind::Staff => "人员",
            RecordKind::Duties => "职责",
            RecordKind::Pools => "三不超",
            RecordKind::Norms => "配备标准",
            RecordKind::Settings => "设置",
        }
    }

    /// Names (sheet names, CSV file stems) that select this kind, compared after
    /// trimming and ASCII lower-casing.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            RecordKind::Units => &["单位", "units", "unit", "机构", "单位信息"],
            RecordKind::Posts => &["岗位", "posts", "post", "岗位设置"],
            RecordKind::Staff => &["人员", "staff", "人员信息", "实名制", "花名册", "人员名单"],
            RecordKind::Duties => &["职责", "duties", "duty"],
            RecordKind::Pools => &["三不超", "pools", "pool", "总量控制"],
            RecordKind::Norms => &["配备标准", "norms", "norm", "标准"],
            RecordKind::Settings => &["设置", "settings", "参数"],
        }
    }

    /// The kind a sheet name or file stem selects: an exact name first, then a name
    /// contained in it (so `某县人员名单_2026` selects staff).
    pub fn from_name(name: &str) -> Option<RecordKind> {
        let n = name.trim().to_ascii_lowercase();
        for k in RecordKind::ALL {
            if k.names().iter().any(|x| *x == n) {
                return Some(k);
            }
        }
        // Containment: staff and posts before units (岗位/人员 names often mention 单位).
        const ORDER: [RecordKind; 7] = [
            RecordKind::Staff,
            RecordKind::Posts,
            RecordKind::Duties,
            RecordKind::Pools,
            RecordKind::Norms,
            RecordKind::Settings,
            RecordKind::Units,
        ];
        ORDER
            .into_iter()
            .find(|k| k.names().iter().any(|x| n.contains(x)))
    }

    /// The fields of this kind's table, in column order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            RecordKind::Units => UNITS,
            RecordKind::Posts => POSTS,
            RecordKind::Staff => STAFF,
            RecordKind::Duties => DUTIES,
            RecordKind::Pools => POOLS,
            RecordKind::Norms => NORMS,
            RecordKind::Settings => SETTINGS,
        }
    }

    /// Open-ended nested maps whose keys are free (`quotas.teacher`, `caps.payroll`):
    /// any English header `PREFIX.KEY` is accepted with the given type.
    pub(crate) fn open_prefixes(self) -> &'static [(&'static str, Kind)] {
        match self {
            RecordKind::Units => &[("quotas.", Kind::Count)],
            RecordKind::Pools => &[("caps.", Kind::Count)],
            RecordKind::Settings => &[
                ("allowed_categories.", Kind::List),
                ("professional_share.by_tag.", Kind::Text),
                ("professional_share.by_class.", Kind::Text),
            ],
            _ => &[],
        }
    }

    /// Finds the field a header names (English dotted path or a Chinese alias).
    pub fn field(self, header: &str) -> Option<FieldRef> {
        // 編制類型 reads as 编制类型: the core's one normalisation of accepted names.
        let h = bianzhi::simplified(&normalize_header(header)).into_owned();
        if h.is_empty() {
            return None;
        }
        let lower = h.to_ascii_lowercase();
        for f in self.fields() {
            if f.path == lower || f.zh == h || f.aliases.iter().any(|a| *a == h || *a == lower) {
                return Some(FieldRef {
                    path: f.path.to_string(),
                    kind: f.kind,
                });
            }
        }
        for (prefix, kind) in self.open_prefixes() {
            // The singular `quota.KEY` is taken for `quotas.KEY` (and `cap.` for `caps.`).
            let singular = match *prefix {
                "quotas." => Some("quota."),
                "caps." => Some("cap."),
                _ => None,
            };
            let skip = if lower.starts_with(prefix) {
                prefix.len()
            } else if let Some(s) = singular.filter(|s| lower.starts_with(s)) {
                s.len()
            } else {
                0
            };
            if skip > 0 {
                let rest = &h[skip..];
                if !rest.is_empty() && !rest.contains('.') {
                    return Some(FieldRef {
                        path: format!("{prefix}{rest}"),
                        kind: *kind,
                    });
                }
            }
        }
        None
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh())
    }
}

/// How a cell's value is turned into the JSON value the core deserializes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An identifier: text; whole numbers become their digits.
    Id,
    /// Free text.
    Text,
    /// A non-negative whole number (counts, quotas); `12`, `12.0`, `12名`, `12人`.
    Count,
    /// A post level: a number, or Chinese `九级`, `专业技术九级`, `十级职员`.
    Level,
    /// A date: ISO, `2020/1/5`, `2020.1.5`, `2020年1月5日`, `20200105`, or an Excel date.
    Date,
    /// 是/否, true/false, 1/0, Y/N, √/×.
    Bool,
    /// A vocabulary value (English or Chinese name): text.
    Enum,
    /// 身份证号: text only (see the crate docs for numbers).
    IdNumber,
    /// A list of ids separated by `,` `，` `、` `;` `；` or `|`.
    List,
    /// 兼职 list: items `UNIT` or `UNIT:LEVEL` (e.g. `U3:副职`).
    Concurrent,
    /// A date range `START至END` (also `~`, `～`, `—`) filling `secondment.start/end`.
    DateRange,
}

impl Kind {
    /// Chinese description of the accepted values (for the 说明 sheet).
    pub fn describe_zh(self) -> &'static str {
        match self {
            Kind::Id => "编码（文本；整数按其数字读取）",
            Kind::Text => "文本",
            Kind::Count => "非负整数",
            Kind::Level => "等级数字 1–13，或“九级”等",
            Kind::Date => "日期：2020-01-05、2020/1/5、2020年1月5日、20200105 或 Excel 日期",
            Kind::Bool => "是/否",
            Kind::Enum => "取值见右列（中文或英文）",
            Kind::IdNumber => "18 位身份证号，请设为文本格式（数字格式会丢失精度）",
            Kind::List => "多个编码用顿号、逗号或分号分隔",
            Kind::Concurrent => "兼职单位编码，可附领导职务，如 U3:副职；多个用顿号分隔",
            Kind::DateRange => "起止日期，如 2025-01-01至2025-06-30（结束可空）",
        }
    }
}

/// A resolved column: the English dotted path and the value type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    /// English dotted path, e.g. `quotas.administrative`.
    pub path: String,
    /// Value type.
    pub kind: Kind,
}

/// One field of the mapping table.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// English dotted path (the JSON field).
    pub path: &'static str,
    /// The Chinese header written by the template and exporters.
    pub zh: &'static str,
    /// Other accepted headers.
    pub aliases: &'static [&'static str],
    /// Value type.
    pub kind: Kind,
    /// Whether the core requires it.
    pub required: bool,
    /// Allowed values or a note (Chinese), for the 说明 sheet.
    pub note: &'static str,
}

const fn f(path: &'static str, zh: &'static str, kind: Kind) -> Field {
    Field {
        path,
        zh,
        aliases: &[],
        kind,
        required: false,
        note: "",
    }
}

const fn fa(
    path: &'static str,
    zh: &'static str,
    aliases: &'static [&'static str],
    kind: Kind,
) -> Field {
    Field {
        path,
        zh,
        aliases,
        kind,
        required: false,
        note: "",
    }
}

const fn req(mut x: Field) -> Field {
    x.required = true;
    x
}

const fn note(mut x: Field, note: &'static str) -> Field {
    x.note = note;
    x
}

const KIND_NOTE: &str = "行政机关(机关)、事业单位、内设机构、乡镇、街道、议事协调机构、网格";
const CATEGORY_NOTE: &str = "行政、政法专项、事业、工勤（可带“编制”）；空 = 编外";
const LEADER_NOTE: &str = "正职、副职、内设机构正职、内设机构副职";

static UNITS: &[Field] = &[
    req(fa(
        "id",
        "单位编码",
        &["单位代码", "单位编号", "编码", "编号"],
        Kind::Id,
    )),
    req(fa("name", "单位名称", &["名称", "单位"], Kind::Text)),
    req(note(
        fa("kind", "单位类型", &["机构类型", "类型"], Kind::Enum),
        KIND_NOTE,
    )),
    note(
        fa(
            "parent",
            "上级单位",
            &["上级单位编码", "主管单位", "上级"],
            Kind::Id,
        ),
        "上级单位的单位编码",
    ),
    fa("credit_code", "统一社会信用代码", &["信用代码"], Kind::Text),
    fa(
        "quotas.administrative",
        "行政编制数",
        &["行政编制"],
        Kind::Count,
    ),
    fa(
        "quotas.political_legal",
        "政法专项编制数",
        &["政法专项编制"],
        Kind::Count,
    ),
    fa(
        "quotas.institution",
        "事业编制数",
        &["事业编制"],
        Kind::Count,
    ),
    fa(
        "quotas.logistics",
        "工勤编制数",
        &["工勤编制", "机关工勤编制数"],
        Kind::Count,
    ),
    fa(
        "leadership.principal",
        "正职职数",
        &["正职领导职数"],
        Kind::Count,
    ),
    fa(
        "leadership.deputy",
        "副职职数",
        &["副职领导职数"],
        Kind::Count,
    ),
    f(
        "leadership.division_principal",
        "内设机构正职职数",
        Kind::Count,
    ),
    f(
        "leadership.division_deputy",
        "内设机构副职职数",
        Kind::Count,
    ),
    note(
        fa(
            "class",
            "事业单位类别",
            &["事业单位分类", "分类"],
            Kind::Enum,
        ),
        "公益一类、公益二类、公益三类、承担行政职能、生产经营",
    ),
    note(
        fa("funding", "经费形式", &["经费来源"], Kind::Enum),
        "全额拨款、差额拨款、自收自支",
    ),
    f("post_structure.senior", "高级岗位数", Kind::Count),
    f("post_structure.intermediate", "中级岗位数", Kind::Count),
    f("post_structure.junior", "初级岗位数", Kind::Count),
    fa("population", "人口", &["常住人口"], Kind::Count),
    f("households", "户数", Kind::Count),
    fa("area_m2", "面积", &["面积（平方米）"], Kind::Count),
    note(f("tags", "标签", Kind::List), "如 司法所、民政办"),
    note(
        fa("declared_staff", "实有人数", &["实有在编人数"], Kind::Count),
        "单位填报的实有人数，与人员名册核对",
    ),
];

static POSTS: &[Field] = &[
    req(fa(
        "id",
        "岗位编码",
        &["岗位编号", "岗位代码", "编码", "编号"],
        Kind::Id,
    )),
    req(note(
        fa(
            "unit",
            "所在单位",
            &["所属单位", "单位编码", "单位"],
            Kind::Id,
        ),
        "单位编码",
    )),
    fa("name", "岗位名称", &["名称"], Kind::Text),
    req(note(
        fa("category", "岗位类别", &["岗位类型", "类别"], Kind::Enum),
        "管理、专业技术、工勤技能",
    )),
    note(
        fa("level", "岗位等级", &["等级"], Kind::Level),
        "管理 1–10，专业技术 1–13，工勤技能 1–5（普通工留空）",
    ),
    fa("headcount", "定员", &["定员数", "岗位定员"], Kind::Count),
    note(
        fa("establishment", "编制类型", &["所需编制"], Kind::Enum),
        CATEGORY_NOTE,
    ),
];

static STAFF: &[Field] = &[
    req(fa(
        "id",
        "人员编码",
        &["人员编号", "工号", "编码", "编号"],
        Kind::Id,
    )),
    req(f("name", "姓名", Kind::Text)),
    fa(
        "id_number",
        "身份证号",
        &["身份证号码", "公民身份号码"],
        Kind::IdNumber,
    ),
    note(f("gender", "性别", Kind::Enum), "男、女"),
    f("birth_date", "出生日期", Kind::Date),
    req(note(
        fa(
            "unit",
            "所在单位",
            &["单位编码", "单位", "编制所在单位"],
            Kind::Id,
        ),
        "占用其编制的单位编码（内设机构计入上级）",
    )),
    note(
        fa(
            "establishment",
            "编制类型",
            &["编制性质", "编制"],
            Kind::Enum,
        ),
        CATEGORY_NOTE,
    ),
    note(
        fa("post", "岗位", &["岗位编码", "岗位编号"], Kind::Id),
        "岗位编码",
    ),
    note(
        fa("leadership", "领导职务", &["领导职务层次"], Kind::Enum),
        LEADER_NOTE,
    ),
    fa(
        "leadership_since",
        "任职日期",
        &["任现职时间", "任职时间"],
        Kind::Date,
    ),
    note(
        fa("status", "人员状态", &["状态", "在岗状态"], Kind::Enum),
        "在岗（在职、在编在岗、借调、挂职）、请假（病休、长期病假）、离岗（旷工、待岗）、退休、调出（离职）、死亡；空 = 在岗",
    ),
    fa(
        "joined",
        "入职日期",
        &["参加工作时间", "入职时间", "进入本单位时间"],
        Kind::Date,
    ),
    fa("left", "离开日期", &["离职日期", "调出日期"], Kind::Date),
    note(
        fa("on_payroll", "是否财政供养", &["财政供养"], Kind::Bool),
        "是/否；空 = 有编制且在岗即是",
    ),
    note(
        fa("working_unit", "实际工作单位", &["工作单位"], Kind::Id),
        "不在本单位工作时填单位编码",
    ),
    fa(
        "secondment.start",
        "借调开始日期",
        &["借调开始", "借调开始时间"],
        Kind::Date,
    ),
    fa(
        "secondment.end",
        "借调结束日期",
        &["借调结束", "借调结束时间"],
        Kind::Date,
    ),
    fa(
        "secondment.approved_by",
        "借调批准机关",
        &["借调批准单位"],
        Kind::Text,
    ),
    fa(
        "secondment",
        "借调起止日期",
        &["借调期限", "借调起止时间"],
        Kind::DateRange,
    ),
    fa(
        "concurrent",
        "兼职",
        &["兼职单位", "兼任"],
        Kind::Concurrent,
    ),
    note(
        fa(
            "retirement_group",
            "退休类别",
            &["退休年龄类别"],
            Kind::Enum,
        ),
        "男职工、原55周岁女职工(女干部)、原50周岁女职工(女工人)；空 = 按性别和岗位推定",
    ),
    fa("retirement_date", "退休日期", &["特殊退休日期"], Kind::Date),
    note(
        fa(
            "monthly_pay",
            "月发放金额",
            &["月工资", "月应发工资"],
            Kind::Text,
        ),
        "元，如 8650.50（按原值精确计算）",
    ),
];

static DUTIES: &[Field] = &[
    req(fa(
        "id",
        "职责编码",
        &["职责编号", "编码", "编号"],
        Kind::Id,
    )),
    fa("name", "职责名称", &["职责", "名称"], Kind::Text),
    note(
        fa("lead", "牵头单位", &["主责单位"], Kind::List),
        "单位编码；应恰好一个",
    ),
    note(
        fa("assist", "配合单位", &["协办单位"], Kind::List),
        "单位编码，多个用顿号分隔",
    ),
    note(
        fa("administrative", "行政职能", &["是否行政职能"], Kind::Bool),
        "是/否；空 = 否",
    ),
];

static POOLS: &[Field] = &[
    req(fa("id", "总量名称", &["名称", "编码"], Kind::Id)),
    req(note(
        fa("units", "成员单位", &["单位"], Kind::List),
        "单位编码，多个用顿号分隔",
    )),
    f("caps.administrative", "行政编制上限", Kind::Count),
    f("caps.political_legal", "政法专项编制上限", Kind::Count),
    f("caps.institution", "事业编制上限", Kind::Count),
    f("caps.logistics", "工勤编制上限", Kind::Count),
    f("caps.leadership", "领导职数上限", Kind::Count),
    fa(
        "caps.payroll",
        "财政供养人员上限",
        &["财政供养上限"],
        Kind::Count,
    ),
];

static NORMS: &[Field] = &[
    req(fa("id", "标准名称", &["名称", "编码"], Kind::Id)),
    note(f("tag", "适用标签", Kind::Text), "单位标签，如 司法所"),
    note(f("kind", "适用单位类型", Kind::Enum), KIND_NOTE),
    note(f("per", "计算依据", Kind::Enum), "人口、户数、面积"),
    note(
        f("ratio", "每人对应数", Kind::Count),
        "如 万人配一 填 10000",
    ),
    f("min", "最少人数", Kind::Count),
    f("max", "最多人数", Kind::Count),
];

/// Key/value rows of the 设置 sheet (columns 项目 and 值).
static SETTINGS: &[Field] = &[
    fa("as_of", "评估日期", &["统计截止日期"], Kind::Date),
    fa(
        "settings.secondment_max_months",
        "借调最长月数",
        &["secondment_max_months"],
        Kind::Count,
    ),
    fa(
        "settings.secondment_max_workdays",
        "借调最长工作日数",
        &["secondment_max_workdays"],
        Kind::Count,
    ),
    fa(
        "settings.categories",
        "自定义编制类型",
        &["categories"],
        Kind::List,
    ),
    note(
        fa(
            "settings.professional_share.default",
            "专业技术岗位最低占比",
            &["professional_share.default"],
            Kind::Text,
        ),
        "小数，如 0.70；按标签或类别另定见 professional_share.by_tag.标签",
    ),
    fa(
        "settings.professional_share.min_posts",
        "岗位占比核查最少岗位数",
        &["professional_share.min_posts"],
        Kind::Count,
    ),
    fa(
        "settings.secondment_caps.max_count",
        "借调所属事业单位人员上限",
        &["secondment_caps.max_count"],
        Kind::Count,
    ),
    note(
        fa(
            "settings.secondment_caps.max_share",
            "借调所属事业单位人员占编制比例上限",
            &["secondment_caps.max_share"],
            Kind::Text,
        ),
        "小数，如 0.05",
    ),
];

/// Headers of the two columns of the 设置 sheet.
pub(crate) const SETTINGS_KEY: [&str; 3] = ["项目", "key", "参数"];
pub(crate) const SETTINGS_VALUE: [&str; 2] = ["值", "value"];

/// Normalizes a header for matching: trims, drops spaces, a leading/trailing `*` (required
/// marks) and a trailing parenthesised note (`行政编制数（名）`, `出生日期(YYYY-MM-DD)`).
pub fn normalize_header(h: &str) -> String {
    let mut s: String = h
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .collect();
    s = s.trim_matches('*').to_string();
    for (open, close) in [('(', ')'), ('（', '）')] {
        if s.ends_with(close) {
            if let Some(i) = s.rfind(open) {
                if i > 0 {
                    s.truncate(i);
                }
            }
        }
    }
    s.trim_matches('*').to_string()
}

/// The mapping table as Markdown (one section per record kind), as in `docs/tabular.md`.
///
/// ```
/// let md = bianzhi_tabular::schema::mapping_markdown();
/// assert!(md.contains("| 行政编制数 | `quotas.administrative` |"));
/// ```
pub fn mapping_markdown() -> String {
    let mut s = String::new();
    for kind in RecordKind::ALL {
        s.push_str(&format!(
            "### {} (`{}`)\n\nSheet / file names: {}\n\n",
            kind.zh(),
            kind.array(),
            kind.names()
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        s.push_str("| 中文列名 | field | other accepted headers | required | type | values |\n");
        s.push_str("|---|---|---|---|---|---|\n");
        for f in kind.fields() {
            s.push_str(&format!(
                "| {} | `{}` | {} | {} | {} | {} |\n",
                f.zh,
                f.path,
                f.aliases.join(", "),
                if f.required { "yes" } else { "" },
                f.kind.describe_zh(),
                f.note
            ));
        }
        for (prefix, k) in kind.open_prefixes() {
            let singular = match *prefix {
                "quotas." => " (or `quota.KEY`)",
                "caps." => " (or `cap.KEY`)",
                _ => "",
            };
            s.push_str(&format!(
                "| — | `{prefix}KEY` | any English `{prefix}KEY`{singular} |  | {} |  |\n",
                k.describe_zh()
            ));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_resolve() {
        let u = RecordKind::Units;
        assert_eq!(
            u.field("行政编制数（名）").unwrap().path,
            "quotas.administrative"
        );
        assert_eq!(u.field(" *单位名称 ").unwrap().path, "name");
        assert_eq!(u.field("quotas.teacher").unwrap().path, "quotas.teacher");
        assert_eq!(u.field("quota.teacher").unwrap().path, "quotas.teacher");
        assert_eq!(
            RecordKind::Pools.field("cap.payroll").unwrap().path,
            "caps.payroll"
        );
        assert_eq!(RecordKind::Posts.field("所属单位").unwrap().path, "unit");
        assert_eq!(
            u.field("Leadership.Deputy").unwrap().path,
            "leadership.deputy"
        );
        assert!(u.field("备注").is_none());
        let s = RecordKind::Staff;
        assert_eq!(s.field("借调起止日期").unwrap().kind, Kind::DateRange);
        assert_eq!(
            s.field("secondment.start").unwrap().path,
            "secondment.start"
        );
    }

    #[test]
    fn names_select_kinds() {
        assert_eq!(RecordKind::from_name("人员"), Some(RecordKind::Staff));
        assert_eq!(RecordKind::from_name("Units"), Some(RecordKind::Units));
        assert_eq!(
            RecordKind::from_name("某县事业单位人员名单"),
            Some(RecordKind::Staff)
        );
        assert_eq!(RecordKind::from_name("Sheet1"), None);
    }
}
