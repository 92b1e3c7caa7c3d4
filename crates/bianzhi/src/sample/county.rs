//! The embedded sample: a synthetic county (某县) with every finding code at least once.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::rng::Rng;
use crate::ident::make_id_number;
use crate::model::{
    Category, Concurrent, Document, Duty, Funding, Gender, InstitutionClass, LeaderLevel, Norm,
    NormBasis, Pool, Post, PostCategory, PostStructure, Secondment, Settings, Staff, Status, Unit,
    UnitKind,
};

const REGION: &str = "360730";
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曹",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "华", "慧", "建国", "晓东", "海燕", "志强", "春梅", "文博", "思远", "雨桐",
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn unit(id: &str, name: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
    Unit {
        parent: parent.map(Into::into),
        ..Unit::new(id, name, kind)
    }
}

/// A valid 统一社会信用代码 for the `n`-th unit of a kind (`11` organs, `12` institutions).
fn credit_code(prefix: &str, n: usize) -> String {
    let org = format!("{:08}", 10_000_000 + n * 7919 % 89_999_999);
    let oc = crate::ident::org_code_check_char(&org).unwrap_or('0');
    let body = format!("{prefix}{REGION}{org}{oc}");
    let c = crate::ident::credit_code_check_char(&body).unwrap_or('0');
    format!("{body}{c}")
}

struct Builder {
    rng: Rng,
    doc: Document,
    seq: u16,
}

impl Builder {
    fn person(&mut self, unit: &str, cat: Option<Category>, gender: Gender) -> Staff {
        let name = format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN));
        // Birth years keep everyone below statutory retirement age on the sample's as-of
        // date (women on 工勤 establishment retire at 50+).
        let year = match (gender, &cat) {
            (Gender::Male, _) => self.rng.range(1968, 2001),
            (Gender::Female, Some(Category::Logistics)) => self.rng.range(1982, 2001),
            (Gender::Female, _) => self.rng.range(1974, 2001),
        } as i32;
        let birth = d(
            year,
            self.rng.range(1, 13) as u32,
            self.rng.range(1, 29) as u32,
        );
        // Sequence parity encodes gender: odd = male.
        self.seq = (self.seq + 2) % 998;
        let seq = self.seq + u16::from(gender == Gender::Male);
        let id_number = make_id_number(REGION, birth, seq);
        let n = self.doc.staff.len() + 1;
        Staff {
            id_number,
            gender: Some(gender),
            birth_date: Some(birth),
            establishment: cat,
            joined: Some(d(year + 22, 7, 1)),
            ..Staff::new(format!("S{n:04}"), name, unit)
        }
    }

    fn add(&mut self, s: Staff) -> usize {
        self.doc.staff.push(s);
        self.doc.staff.len() - 1
    }

    fn gender(&mut self) -> Gender {
        if self.rng.chance(45, 100) {
            Gender::Female
        } else {
            Gender::Male
        }
    }
}

/// Organs: (id, name, 行政编制, 政法专项编制, 工勤编制, 副职, internal divisions).
/// (id, name, 行政编制, 政法专项编制, 工勤编制, 副职, internal divisions).
type OrganRow = (
    &'static str,
    &'static str,
    u32,
    u32,
    u32,
    u32,
    &'static [&'static str],
);

const ORGANS: &[OrganRow] = &[
    (
        "U01",
        "县人民政府办公室",
        18,
        0,
        2,
        3,
        &["秘书股", "综合股", "督查股"],
    ),
    (
        "U02",
        "县发展和改革局",
        14,
        0,
        1,
        3,
        &["办公室", "规划股", "价格股"],
    ),
    (
        "U03",
        "县教育局",
        16,
        0,
        1,
        3,
        &["办公室", "基础教育股", "人事股"],
    ),
    (
        "U04",
        "县公安局",
        6,
        40,
        2,
        4,
        &["指挥中心", "治安大队", "刑侦大队"],
    ),
    ("U05", "县民政局", 10, 0, 1, 2, &["办公室", "社会救助股"]),
    ("U06", "县司法局", 4, 12, 1, 2, &["办公室", "法治督察股"]),
    (
        "U07",
        "县财政局",
        16,
        0,
        1,
        3,
        &["办公室", "预算股", "国库股"],
    ),
    (
        "U08",
        "县人力资源和社会保障局",
        13,
        0,
        1,
        3,
        &["办公室", "人事股", "就业股"],
    ),
    ("U09", "县自然资源局", 14, 0, 1, 3, &["办公室", "规划股"]),
    (
        "U10",
        "县住房和城乡建设局",
        12,
        0,
        1,
        3,
        &["办公室", "建管股"],
    ),
    ("U11", "县交通运输局", 11, 0, 1, 2, &["办公室", "运输股"]),
    ("U12", "县水利局", 10, 0, 1, 2, &["办公室", "水政股"]),
    (
        "U13",
        "县农业农村局",
        12,
        0,
        1,
        3,
        &["办公室", "种植业股", "农产品质量安全股"],
    ),
    ("U14", "县商务局", 8, 0, 1, 2, &["办公室", "外贸股"]),
    (
        "U15",
        "县文化广电新闻出版旅游局",
        9,
        0,
        1,
        2,
        &["办公室", "文化股"],
    ),
    (
        "U16",
        "县卫生健康委员会",
        12,
        0,
        1,
        3,
        &["办公室", "医政股", "疾控股"],
    ),
    ("U17", "县退役军人事务局", 7, 0, 1, 2, &["办公室", "优抚股"]),
    (
        "U18",
        "县应急管理局",
        10,
        0,
        1,
        2,
        &["办公室", "安全生产股"],
    ),
    ("U19", "县审计局", 9, 0, 1, 2, &["办公室", "财政审计股"]),
    (
        "U20",
        "县市场监督管理局",
        20,
        0,
        2,
        3,
        &["办公室", "食品股", "特种设备股"],
    ),
    ("U21", "县统计局", 7, 0, 1, 2, &["办公室", "综合股"]),
    ("U22", "县医疗保障局", 8, 0, 1, 2, &["办公室", "基金股"]),
];

/// Institutions: (id, name, parent, 事业编制, class, senior, intermediate, junior).
/// (id, name, parent, 事业编制, class, senior, intermediate, junior posts).
type InstitutionRow = (
    &'static str,
    &'static str,
    &'static str,
    u32,
    InstitutionClass,
    u32,
    u32,
    u32,
);

const INSTITUTIONS: &[InstitutionRow] = &[
    (
        "I01",
        "县农业技术推广中心",
        "U13",
        20,
        InstitutionClass::PublicWelfare1,
        2,
        6,
        10,
    ),
    (
        "I02",
        "县疾病预防控制中心",
        "U16",
        24,
        InstitutionClass::PublicWelfare1,
        4,
        8,
        10,
    ),
    (
        "I03",
        "县融媒体中心",
        "U01",
        18,
        InstitutionClass::PublicWelfare2,
        2,
        6,
        8,
    ),
    (
        "I04",
        "县不动产登记中心",
        "U09",
        12,
        InstitutionClass::PublicWelfare1,
        1,
        4,
        6,
    ),
    (
        "I05",
        "县水利工程管理站",
        "U12",
        10,
        InstitutionClass::PublicWelfare1,
        1,
        3,
        5,
    ),
    (
        "I06",
        "县社会保险服务中心",
        "U08",
        15,
        InstitutionClass::PublicWelfare1,
        1,
        5,
        8,
    ),
    (
        "I07",
        "县城市管理服务中心",
        "U10",
        14,
        InstitutionClass::PublicWelfare1,
        1,
        4,
        8,
    ),
    (
        "I08",
        "县档案馆",
        "U01",
        6,
        InstitutionClass::PublicWelfare1,
        1,
        2,
        3,
    ),
    (
        "I09",
        "县图书馆",
        "U15",
        8,
        InstitutionClass::PublicWelfare1,
        1,
        3,
        4,
    ),
    (
        "I10",
        "县文化馆",
        "U15",
        8,
        InstitutionClass::PublicWelfare1,
        1,
        3,
        4,
    ),
    (
        "I11",
        "县公共就业服务中心",
        "U08",
        9,
        InstitutionClass::PublicWelfare1,
        1,
        3,
        5,
    ),
    (
        "I12",
        "县检验检测中心",
        "U20",
        12,
        InstitutionClass::PublicWelfare2,
        2,
        4,
        6,
    ),
];

/// Builds the valid part of the county; violations are planted afterwards.
fn build() -> Builder {
    let mut b = Builder {
        rng: Rng::new(20_261_130),
        doc: Document {
            as_of: Some(d(2026, 11, 30)),
            settings: Settings::default(),
            ..Document::default()
        },
        seq: 0,
    };
    let mut gov = unit("U00", "某县人民政府", UnitKind::Organ, None);
    gov.quotas.insert(Category::Administrative, 4);
    gov.leadership.insert(LeaderLevel::Principal, 1);
    gov.leadership.insert(LeaderLevel::Deputy, 5);
    gov.credit_code = Some(credit_code("11", 0));
    b.doc.units.push(gov);
    for _ in 0..4 {
        let g = b.gender();
        let s = b.person("U00", Some(Category::Administrative), g);
        b.add(s);
    }
    let lead0 = b.doc.staff.len() - 4;
    b.doc.staff[lead0].leadership = Some(LeaderLevel::Principal);
    for k in 1..4 {
        b.doc.staff[lead0 + k].leadership = Some(LeaderLevel::Deputy);
    }

    for (n, &(id, name, adm, pl, lg, deputies, divisions)) in ORGANS.iter().enumerate() {
        let mut u = unit(id, name, UnitKind::Organ, Some("U00"));
        u.quotas.insert(Category::Administrative, adm);
        if pl > 0 {
            u.quotas.insert(Category::PoliticalLegal, pl);
        }
        u.quotas.insert(Category::Logistics, lg);
        u.leadership.insert(LeaderLevel::Principal, 1);
        u.leadership.insert(LeaderLevel::Deputy, deputies);
        u.leadership
            .insert(LeaderLevel::DivisionPrincipal, divisions.len() as u32);
        u.leadership.insert(LeaderLevel::DivisionDeputy, 1);
        u.credit_code = Some(credit_code("11", n + 1));
        b.doc.units.push(u);
        let mut div_ids = Vec::new();
        for (k, dn) in divisions.iter().enumerate() {
            let did = format!("{id}-{}", k + 1);
            b.doc
                .units
                .push(unit(&did, dn, UnitKind::Internal, Some(id)));
            div_ids.push(did);
        }
        // Fill to roughly 85–100% of each quota, never above.
        let fill = |q: u32, r: &mut Rng| q - (r.range(0, u64::from(q / 6 + 1)) as u32).min(q);
        let n_adm = fill(adm, &mut b.rng);
        let first = b.doc.staff.len();
        for k in 0..n_adm {
            let g = b.gender();
            let place = if k < 3 {
                id.to_string()
            } else {
                b.rng.pick(&div_ids).clone()
            };
            let s = b.person(&place, Some(Category::Administrative), g);
            b.add(s);
        }
        let n_pl = fill(pl, &mut b.rng);
        for _ in 0..n_pl {
            let g = b.gender();
            let place = b.rng.pick(&div_ids).clone();
            let s = b.person(&place, Some(Category::PoliticalLegal), g);
            b.add(s);
        }
        for _ in 0..lg.min(1) {
            let g = b.gender();
            let s = b.person(id, Some(Category::Logistics), g);
            b.add(s);
        }
        // Leaders: one principal, deputies up to the approved number minus one, one
        // division head per division.
        if n_adm >= 3 {
            b.doc.staff[first].leadership = Some(LeaderLevel::Principal);
            for k in 1..deputies.min(n_adm - 1) {
                b.doc.staff[first + k as usize].leadership = Some(LeaderLevel::Deputy);
            }
        }
        for did in &div_ids {
            if let Some(s) = b.doc.staff[first..]
                .iter_mut()
                .find(|s| &s.unit == did && s.leadership.is_none())
            {
                s.leadership = Some(LeaderLevel::DivisionPrincipal);
            }
        }
    }

    for (n, &(id, name, parent, quota, class, senior, inter, junior)) in
        INSTITUTIONS.iter().enumerate()
    {
        let mut u = unit(id, name, UnitKind::Institution, Some(parent));
        u.quotas.insert(Category::Institution, quota);
        u.leadership.insert(LeaderLevel::Principal, 1);
        u.leadership.insert(LeaderLevel::Deputy, 2);
        u.class = Some(class);
        u.funding = Some(if class == InstitutionClass::PublicWelfare2 {
            Funding::Partial
        } else {
            Funding::Full
        });
        u.post_structure = Some(PostStructure {
            senior: Some(senior),
            intermediate: Some(inter),
            junior: Some(junior),
        });
        u.credit_code = Some(credit_code("12", n + 1));
        b.doc.units.push(u);
        // Posts: one management post, one professional post per group.
        let posts = [
            (
                format!("{id}-P1"),
                "管理岗",
                PostCategory::Management,
                8u8,
                3u32,
            ),
            (
                format!("{id}-P2"),
                "专业技术岗（高级）",
                PostCategory::Professional,
                6,
                senior,
            ),
            (
                format!("{id}-P3"),
                "专业技术岗（中级）",
                PostCategory::Professional,
                9,
                inter,
            ),
            (
                format!("{id}-P4"),
                "专业技术岗（初级）",
                PostCategory::Professional,
                12,
                junior,
            ),
        ];
        for (pid, pname, cat, level, headcount) in &posts {
            b.doc.posts.push(Post {
                id: pid.clone(),
                unit: id.into(),
                name: (*pname).into(),
                category: *cat,
                level: Some(*level),
                headcount: Some(*headcount),
                establishment: Some(Category::Institution),
            });
        }
        // Staff: fill each post to at most its headcount, within the quota.
        let first = b.doc.staff.len();
        let mut left = quota - (b.rng.range(0, u64::from(quota / 5 + 1)) as u32).min(quota);
        for (pid, _, _, _, headcount) in &posts {
            let take = (*headcount).min(left);
            left -= take;
            for _ in 0..take {
                let g = b.gender();
                let mut s = b.person(id, Some(Category::Institution), g);
                s.post = Some(pid.clone());
                b.add(s);
            }
        }
        if b.doc.staff.len() > first {
            b.doc.staff[first].leadership = Some(LeaderLevel::Principal);
        }
    }

    // A township and a subdistrict, each with 党政办, 民政办 and 司法所.
    for (id, name, kind, pop, adm) in [
        ("T01", "某某镇", UnitKind::Township, 45_000u64, 30u32),
        ("T02", "城关街道", UnitKind::Subdistrict, 62_000, 34),
    ] {
        let mut u = unit(id, name, kind, Some("U00"));
        u.quotas.insert(Category::Administrative, adm);
        u.quotas.insert(Category::PoliticalLegal, 5);
        u.leadership.insert(LeaderLevel::Principal, 2);
        u.leadership.insert(LeaderLevel::Deputy, 6);
        u.population = Some(pop);
        u.households = Some(pop / 3);
        b.doc.units.push(u);
        let mut office = unit(
            &format!("{id}-1"),
            "党政综合办公室",
            UnitKind::Internal,
            Some(id),
        );
        office.tags = vec!["党政办".into()];
        let mut civil = unit(&format!("{id}-2"), "民政办", UnitKind::Internal, Some(id));
        civil.tags = vec!["民政办".into()];
        civil.population = Some(pop);
        let mut justice = unit(&format!("{id}-3"), "司法所", UnitKind::Internal, Some(id));
        justice.tags = vec!["司法所".into()];
        b.doc.units.extend([office, civil, justice]);
        let counts = [
            (format!("{id}-1"), adm - 12),
            (format!("{id}-2"), 7),
            (format!("{id}-3"), 3),
        ];
        for (place, n) in &counts {
            for _ in 0..*n {
                let g = b.gender();
                let s = b.person(place, Some(Category::Administrative), g);
                b.add(s);
            }
        }
        let pl_place = format!("{id}-3");
        for _ in 0..2 {
            let g = b.gender();
            let s = b.person(&pl_place, Some(Category::PoliticalLegal), g);
            b.add(s);
        }
        // Township institution.
        let iid = format!("{id}-I1");
        let mut inst = unit(
            &iid,
            &format!("{name}农业综合服务中心"),
            UnitKind::Institution,
            Some(id),
        );
        inst.quotas.insert(Category::Institution, 12);
        inst.class = Some(InstitutionClass::PublicWelfare1);
        inst.funding = Some(Funding::Full);
        b.doc.units.push(inst);
        for _ in 0..10 {
            let g = b.gender();
            let s = b.person(&iid, Some(Category::Institution), g);
            b.add(s);
        }
        // 编外 staff: 协管员 on contract, not on a quota.
        for _ in 0..3 {
            let g = b.gender();
            let mut s = b.person(&format!("{id}-1"), None, g);
            s.on_payroll = Some(true);
            b.add(s);
        }
    }
    // Coordination body (议事协调机构): holds no establishment.
    b.doc.units.push(unit(
        "C01",
        "县食品安全委员会",
        UnitKind::Coordination,
        Some("U00"),
    ));

    b.doc.duties = vec![
        Duty {
            id: "D01".into(),
            name: "农产品质量安全监管".into(),
            lead: vec!["U13".into()],
            assist: vec!["U20".into()],
            administrative: false,
        },
        Duty {
            id: "D02".into(),
            name: "河道采砂管理".into(),
            lead: vec!["U12".into()],
            assist: vec!["U09".into(), "U11".into()],
            administrative: false,
        },
        Duty {
            id: "D03".into(),
            name: "城市管理综合执法".into(),
            lead: vec!["U10".into()],
            assist: vec![],
            administrative: false,
        },
    ];
    b.doc.norms = vec![
        Norm {
            id: "万人配一".into(),
            tag: Some("民政办".into()),
            kind: None,
            per: Some(NormBasis::Population),
            ratio: Some(10_000),
            min: Some(2),
            max: None,
        },
        Norm {
            id: "司法所3至5人".into(),
            tag: Some("司法所".into()),
            kind: None,
            per: None,
            ratio: None,
            min: Some(3),
            max: Some(5),
        },
    ];
    b
}

/// Plants one or more instances of every finding code (each commented with what it shows).
fn plant(b: &mut Builder) {
    // The first plain member of a pool (the unit or one of its divisions) not yet used.
    let find = |b: &Builder, pool: &str| {
        let div = format!("{pool}-");
        b.doc
            .staff
            .iter()
            .position(|s| {
                (s.unit == pool || s.unit.starts_with(&div))
                    && s.leadership.is_none()
                    && s.working_unit.is_none()
                    && s.concurrent.is_empty()
                    && s.status == Status::Active
                    && s.establishment.is_some()
            })
            .unwrap_or(0)
    };
    // OVER_ESTABLISHMENT: 农业农村局 行政编制 12, filled to 12 plus two more.
    let fill_to = |b: &mut Builder, uid: &str, cat: Category, target: usize| {
        let pool_units: Vec<String> = b
            .doc
            .units
            .iter()
            .filter(|u| {
                u.id == uid || u.parent.as_deref() == Some(uid) && u.kind == UnitKind::Internal
            })
            .map(|u| u.id.clone())
            .collect();
        let have = b
            .doc
            .staff
            .iter()
            .filter(|s| pool_units.contains(&s.unit) && s.establishment.as_ref() == Some(&cat))
            .count();
        for _ in have..target {
            let g = b.gender();
            let s = b.person(uid, Some(cat.clone()), g);
            b.add(s);
        }
    };
    fill_to(b, "U13", Category::Administrative, 14);
    // OVER_LEADERSHIP_QUOTA: 县财政局 has 3 deputy positions; appoint a 4th deputy.
    fill_to(b, "U07", Category::Administrative, 16);
    let deputies = b
        .doc
        .staff
        .iter()
        .filter(|s| s.unit == "U07" && s.leadership == Some(LeaderLevel::Deputy))
        .count();
    for s in b
        .doc
        .staff
        .iter_mut()
        .filter(|s| s.unit.starts_with("U07") && s.leadership.is_none())
        .take(4 - deputies.min(4))
    {
        s.leadership = Some(LeaderLevel::Deputy);
    }
    // MIXED_ESTABLISHMENT (and OVER_ESTABLISHMENT of 事业编制 at A = 0): a 事业编制 holder
    // placed in the 商务局.
    let g = b.gender();
    let s = b.person("U14-1", Some(Category::Institution), g);
    b.add(s);
    // DUPLICATE_PERSON: the same person occupies in 统计局 and in the 档案馆.
    let i = find(b, "I08");
    let mut twin = b.doc.staff[i].clone();
    twin.id = format!("S{:04}", b.doc.staff.len() + 1);
    twin.unit = "U21".into();
    twin.establishment = Some(Category::Administrative);
    twin.post = None;
    twin.leadership = None;
    b.add(twin);
    // INVALID_ID_NUMBER: a wrong check character.
    let i = find(b, "U02");
    if let Some(idn) = b.doc.staff[i].id_number.as_mut() {
        let last = if idn.ends_with('1') { '2' } else { '1' };
        idn.pop();
        idn.push(last);
    }
    // ID_NUMBER_MISMATCH: birth date typed differently from the ID number.
    let i = find(b, "U03");
    if let Some(bd) = b.doc.staff[i].birth_date {
        b.doc.staff[i].birth_date = bd.succ_opt();
    }
    // MIXED_POST: a 农技中心 employee on the 疾控中心's post.
    let i = find(b, "I01");
    b.doc.staff[i].post = Some("I02-P3".into());
    // POST_OVER_HEADCOUNT and POST_STRUCTURE_EXCEEDED: the 检验检测中心 puts a third person
    // on its two-person senior post.
    let g = b.gender();
    let mut s = b.person("I12", Some(Category::Institution), g);
    s.post = Some("I12-P2".into());
    b.add(s);
    // UNAPPROVED_SECONDMENT: a 水利局 official works in the 县政府办 with no papers.
    let i = find(b, "U12");
    b.doc.staff[i].working_unit = Some("U01".into());
    // SECONDMENT_OVERDUE: secondment to the 县政府办 ended 2025-12-31.
    let i = find(b, "U11");
    b.doc.staff[i].working_unit = Some("U01".into());
    b.doc.staff[i].secondment = Some(Secondment {
        start: d(2025, 1, 1),
        end: Some(d(2025, 12, 31)),
        approved_by: Some("县委组织部".into()),
    });
    // An approved, current secondment: no finding.
    let i = find(b, "U05");
    b.doc.staff[i].working_unit = Some("U01".into());
    b.doc.staff[i].secondment = Some(Secondment {
        start: d(2026, 6, 1),
        end: Some(d(2027, 3, 31)),
        approved_by: Some("县委组织部".into()),
    });
    // CROSS_APPOINTMENT: a 农业农村局 official also heads the 农技中心 below it.
    let i = find(b, "U13");
    b.doc.staff[i].concurrent = vec![Concurrent {
        unit: "I01".into(),
        leadership: None,
    }];
    // OCCUPIED_NOT_ON_DUTY: 占编不在岗.
    let i = find(b, "U09");
    b.doc.staff[i].status = Status::Absent;
    // GHOST_PAYROLL: retired in 2024 and still on the payroll (32 months to recover).
    let g = b.gender();
    let mut s = b.person("U17", Some(Category::Administrative), g);
    s.status = Status::Retired;
    s.left = Some(d(2024, 3, 31));
    s.on_payroll = Some(true);
    s.monthly_pay = Some(rust_decimal::Decimal::new(685_000, 2));
    b.add(s);
    // PAST_RETIREMENT_AGE: a man born 1962-03 (retirement month 2022-03) still active.
    let mut s = b.person("U19-1", Some(Category::Administrative), Gender::Male);
    let birth = d(1962, 3, 15);
    s.birth_date = Some(birth);
    b.seq = (b.seq + 2) % 998;
    s.id_number = make_id_number(REGION, birth, b.seq + 1);
    b.add(s);
    // STAFFING_ABOVE_NORM: 城关街道司法所 gets a 6th person (max 5).
    let g = b.gender();
    let s = b.person("T02-3", Some(Category::Administrative), g);
    b.add(s);
    let g = b.gender();
    let s = b.person("T02-3", None, g);
    b.add(s);
    // STAFFING_BELOW_NORM: 某某镇民政办 needs max(2, ceil(45000/10000)) = 5 and has 4.
    let moved: Vec<usize> = b
        .doc
        .staff
        .iter()
        .enumerate()
        .filter(|(_, s)| s.unit == "T01-2")
        .map(|(i, _)| i)
        .take(3)
        .collect();
    for i in moved {
        b.doc.staff[i].unit = "T01-1".into();
    }
    // POOL_OVER_CAP: the two 乡镇 institutions are capped at 20 事业编制 in total (24 approved).
    b.doc.pools = vec![Pool {
        id: "乡镇事业单位总量".into(),
        units: vec!["T01-I1".into(), "T02-I1".into()],
        caps: BTreeMap::from([("institution".into(), 20), ("payroll".into(), 40)]),
    }];
    // DUTY_GAP and DUTY_OVERLAP.
    b.doc.duties.push(Duty {
        id: "D04".into(),
        name: "地下水超采治理".into(),
        lead: vec![],
        assist: vec!["U12".into(), "U09".into()],
        administrative: false,
    });
    b.doc.duties.push(Duty {
        id: "D05".into(),
        name: "食品安全监管".into(),
        lead: vec!["U20".into(), "U16".into()],
        assist: vec![],
        administrative: false,
    });
    // INVALID_CREDIT_CODE: one organ's code has a wrong check character.
    if let Some(u) = b.doc.units.iter_mut().find(|u| u.id == "U18") {
        if let Some(c) = u.credit_code.as_mut() {
            let last = if c.ends_with('A') { 'B' } else { 'A' };
            c.pop();
            c.push(last);
        }
    }
    // QUOTA_ON_INTERNAL_UNIT: a division with quotas of its own.
    if let Some(u) = b.doc.units.iter_mut().find(|u| u.id == "U20-2") {
        u.quotas.insert(Category::Administrative, 3);
    }
    // CYCLE_IN_TREE: two 临时机构 each naming the other as parent.
    b.doc.units.push(unit(
        "C02",
        "县项目建设指挥部",
        UnitKind::Coordination,
        Some("C03"),
    ));
    b.doc.units.push(unit(
        "C03",
        "县重点工程推进办",
        UnitKind::Coordination,
        Some("C02"),
    ));
    plant_structure(b);
}

/// Post shares, 有岗无人/有人无岗, secondments from subordinate institutions, declared
/// counts and an administrative duty of an institution.
fn plant_structure(b: &mut Builder) {
    // PROFESSIONAL_SHARE_LOW and INVERTED_PYRAMID: the 会展服务中心 under the 商务局 sets up
    // 8 management and 9 professional places: 9/17 = 52.9% < 70%, and 5 senior > 4 junior.
    let mut centre = unit("I90", "县会展服务中心", UnitKind::Institution, Some("U14"));
    centre.quotas.insert(Category::Institution, 3);
    b.doc.units.push(centre);
    for (n, category, level, headcount) in [
        (1, PostCategory::Management, 8, 8),
        (2, PostCategory::Professional, 6, 5),
        (3, PostCategory::Professional, 12, 4),
    ] {
        b.doc.posts.push(Post {
            id: format!("I90-P{n}"),
            unit: "I90".into(),
            name: String::new(),
            category,
            level: Some(level),
            headcount: Some(headcount),
            establishment: None,
        });
    }
    // SECONDED_FROM_SUBORDINATE and SECONDMENT_CAP_EXCEEDED: two of its three people work in
    // the 商务局 (cap: 1); none of the three holds a post (POST_UNFILLED_WHILE_UNPOSTED).
    for k in 0..3 {
        let g = b.gender();
        let mut s = b.person("I90", Some(Category::Institution), g);
        if k < 2 {
            s.working_unit = Some("U14".into());
            s.secondment = Some(Secondment {
                start: d(2026, 2 + k, 1),
                end: None,
                approved_by: Some("县委编办".into()),
            });
        }
        b.add(s);
    }
    b.doc.settings.secondment_caps = Some(crate::model::SecondmentCaps {
        max_count: Some(1),
        max_share: None,
    });
    // DECLARED_COUNT_MISMATCH: the 卫生健康委员会 declares one person more than its roster.
    let listed = b
        .doc
        .staff
        .iter()
        .filter(|s| (s.unit == "U16" || s.unit.starts_with("U16-")) && s.status.occupies())
        .filter(|s| s.establishment.is_some())
        .count() as u32;
    if let Some(u) = b.doc.units.iter_mut().find(|u| u.id == "U16") {
        u.declared_staff = Some(listed + 1);
    }
    // INSTITUTION_ADMIN_DUTY: administrative enforcement left to the 农技中心.
    b.doc.duties.push(Duty {
        id: "D06".into(),
        name: "农业行政处罚".into(),
        lead: vec!["I01".into()],
        assist: vec!["U13".into()],
        administrative: true,
    });
}

/// The sample county as a JSON document, with records that cannot be read planted too
/// (`INVALID_RECORD`), a repeated id (`DUPLICATE_ID`) and an unknown reference.
pub fn county_json() -> String {
    let mut b = build();
    plant(&mut b);
    let mut v = serde_json::to_value(&b.doc).unwrap_or(Value::Null);
    if let Some(staff) = v.get_mut("staff").and_then(Value::as_array_mut) {
        let n = staff.len();
        // INVALID_RECORD: an impossible date and an unknown status value.
        staff.push(
            json!({"id": format!("S{:04}", n + 1), "name": "钱多多", "unit": "U05",
            "establishment": "行政编制", "birth_date": "1990-02-30"}),
        );
        staff.push(
            json!({"id": format!("S{:04}", n + 2), "name": "孙小红", "unit": "U05",
            "establishment": "行政编制", "status": "借调中"}),
        );
        // DUPLICATE_ID: a second record reusing S0001.
        staff.push(json!({"id": "S0001", "name": "周重号", "unit": "U21-1",
            "establishment": "行政编制", "gender": "男"}));
        // UNKNOWN_REFERENCE: a post that does not exist.
        staff.push(
            json!({"id": format!("S{:04}", n + 3), "name": "吴未知", "unit": "I03",
            "establishment": "事业编制", "post": "I03-P9"}),
        );
    }
    if let Some(units) = v.get_mut("units").and_then(Value::as_array_mut) {
        // INVALID_RECORD: a negative quota.
        units.push(
            json!({"id": "I99", "name": "县机关事务服务中心", "kind": "事业单位",
            "parent": "U01", "quotas": {"institution": -3}}),
        );
        // UNKNOWN_FIELD: `quota` for `quotas`, so the unit's quotas are unknown
        // (QUOTA_UNKNOWN for its one holder below).
        units.push(
            json!({"id": "U98", "name": "县地方志编纂中心", "kind": "机关",
            "quota": {"administrative": 2}}),
        );
    }
    if let Some(staff) = v.get_mut("staff").and_then(Value::as_array_mut) {
        staff.push(json!({"id": "S9801", "name": "郑方志", "unit": "U98",
            "establishment": "行政编制"}));
    }
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// The sample county, loaded.
///
/// ```
/// let ds = bianzhi::sample::county();
/// assert!(ds.staff().len() >= 500);
/// let report = bianzhi::validate(&ds, &bianzhi::Options::default());
/// // every finding code occurs at least once
/// for code in bianzhi::Code::ALL {
///     assert!(report.violations.iter().any(|v| v.code == *code), "{code}");
/// }
/// ```
pub fn county() -> crate::Dataset {
    crate::Dataset::from_json(&county_json()).unwrap_or_else(|_| crate::Dataset::new(build().doc))
}
