//! Chinese reports explain unreadable records in Chinese: every cause the loader and the
//! record checks give has its Chinese reading, with no English words (only the field names,
//! ids and values quoted from the input).

use bianzhi::{validate, Code, Dataset, Lang, Options};

fn messages(doc: &str) -> Vec<(String, String)> {
    let ds = Dataset::from_json(doc).expect("the document reads");
    let opts =
        Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()).with_lang(Lang::Zh);
    validate(&ds, &opts)
        .violations
        .into_iter()
        .filter(|v| v.code == Code::InvalidRecord)
        .map(|v| (v.field.unwrap_or_default(), v.message))
        .collect()
}

#[test]
fn record_reasons_read_in_chinese() {
    let doc = r#"{
      "units": [
        {"id": "U1", "name": "某局", "kind": "organ", "quotas": {"administrative": 3}},
        {"id": "U2", "name": "某中心", "kind": "institution", "quotas": {"行政": 1, "administrative": 2}}
      ],
      "posts": [{"id": "P1", "unit": "U1", "category": "management", "level": 99}],
      "staff": [
        {"id": "S1", "name": "甲", "unit": "U1", "joined": "2020-01-01", "left": "2019-01-01"},
        {"id": "S2", "name": "乙", "unit": "U1", "birth_date": "1990-01-01", "joined": "1980-01-01"},
        {"id": "S3", "name": "丙", "unit": "U1", "working_unit": "U1",
         "secondment": {"start": "2026-01-01", "end": "2025-01-01", "approved_by": "组织部"}},
        {"id": " ", "name": "丁", "unit": "U1"},
        {"id": true, "name": "戊", "unit": "U1"},
        {"id": "S6", "name": "己", "unit": "U1", "id_number": 110105194912310021},
        {"id": "S7", "name": "庚", "name": "辛", "unit": "U1"},
        []
      ]
    }"#;
    let got = messages(doc);
    let want = [
        ("quotas", "重复给出"),
        ("level", "岗位等级99超出该类岗位的等级范围"),
        ("left", "离开日期2019-01-01早于入职日期2020-01-01"),
        ("joined", "入职日期1980-01-01早于出生日期1990-01-01"),
        (
            "secondment.end",
            "借调结束日期2025-01-01早于开始日期2026-01-01",
        ),
        ("id", "编号为空"),
        ("id", "应为编号：文本或整数"),
        (
            "id_number",
            "身份证号应为文本，存为数字会丢失末位校验码和精度",
        ),
        ("name", "字段 name 重复"),
        // An array where a record (an object) belongs: serde counts its elements.
        ("", "类型错误：应为对象（键值对），实为列表"),
    ];
    for (field, text) in want {
        assert!(
            got.iter()
                .any(|(f, m)| f.starts_with(field) && m.contains(text)),
            "no finding on `{field}` saying “{text}” in {got:#?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{got:#?}");
}

/// `message` with the words quoted from the input removed has no ASCII letter left.
fn assert_no_english(message: &str, quoted: &[&str]) {
    let mut rest = message.to_string();
    // Longest first, so that `secondment.end` goes before `end`.
    let mut quoted = quoted.to_vec();
    quoted.sort_by_key(|q| std::cmp::Reverse(q.len()));
    for q in quoted {
        rest = rest.replace(q, "");
    }
    assert!(
        !rest.chars().any(|c| c.is_ascii_alphabetic()),
        "English in the Chinese message “{message}” (left: “{rest}”)"
    );
}

#[test]
fn chinese_record_messages_hold_no_english_words() {
    let doc = r#"{
      "units": [
        {"id": "U1", "name": "某局", "kind": "organ", "quotas": {"administrative": 3}},
        {"id": "U2", "name": "某中心", "kind": "institution", "quotas": {"行政": 1, "administrative": 2}},
        {"id": "U3", "name": "某所", "kind": "bureau"},
        {"id": "U4", "name": "某站", "kind": "organ", "quotas": {"administrative": -1}},
        {"id": "U5", "name": " ", "kind": "organ"},
        {"id": "U6", "name": "某办", "kind": "organ", "quotas": {"special": 1}}
      ],
      "posts": [{"id": "P1", "unit": "U1", "category": "management", "level": 99}],
      "staff": [
        {"id": "S1", "name": "甲", "unit": "U1", "joined": "2020-01-01", "left": "2019-01-01"},
        {"id": "S2", "name": "乙", "unit": "U1", "birth_date": "1990-02-30"},
        {"id": "S3", "name": "丙", "unit": "U1", "birth_date": "1990/01/01"},
        {"id": "S4", "name": "丁", "unit": "U1", "birth_date": "90-01-01"},
        {"id": "S5", "name": "戊", "unit": "U1", "status": "借调中"},
        {"id": "S6", "name": "己", "unit": "U1", "on_payroll": "yes"},
        {"id": "S7", "name": "庚", "unit": "U1", "monthly_pay": -5},
        {"id": "S8", "unit": "U1"},
        {"id": "S9", "name": "壬", "unit": "U1", "id_number": true},
        {"id": "S10", "name": "癸", "unit": "U1", "concurrent": [true]},
        {"id": "S12", "name": "子", "unit": "U1", "monthly_pay": "abc"},
        {"id": "S13", "name": "\ud800", "unit": "U1"},
        "S11"
      ],
      "pools": [{"id": "Q1", "units": ["U1"], "caps": {"nonsense": 1}}],
      "norms": [{"id": "N1", "min": 1}, {"id": "N2", "tag": "t", "min": 3, "max": 1}]
    }"#;
    let ds = bianzhi::Dataset::from_json(doc).expect("the document reads");
    let zh = Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    let report = validate(&ds, &zh);
    let found: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.code == Code::InvalidRecord)
        .collect();
    assert_eq!(found.len(), ds.issues().len(), "{found:#?}");
    assert!(found.len() >= 20, "{found:#?}");
    // Every issue is typed: none falls back to serde's words.
    for i in ds.issues() {
        assert!(
            !matches!(i.cause, Some(bianzhi::Cause::Unreadable { .. }) | None),
            "untyped cause of {i:?}"
        );
    }
    for v in found {
        let field = v.field.clone().unwrap_or_default();
        let id = v
            .staff
            .clone()
            .or(v.unit.clone())
            .or(v.post.clone())
            .or(v.duty.clone())
            .unwrap_or_default();
        // The field's path and its last part (the Chinese names it alone), the record's
        // id, and the values quoted from the input above.
        let last = field.rsplit('.').next().unwrap_or("").to_string();
        let quoted = [
            field.as_str(),
            last.as_str(),
            id.as_str(),
            "administrative",
            "bureau",
            "special",
            "yes",
            "nonsense",
            "settings.categories",
            "tag",
            "kind",
            "min",
            "max",
            "unit",
            "leadership",
            "S11",
            "abc",
        ];
        assert_no_english(&v.message, &quoted);
    }
}

#[test]
fn record_messages_in_both_languages() {
    let doc = r#"{
      "units": [{"id": "U1", "name": "某局", "kind": "organ", "quotas": {"administrative": 1}}],
      "staff": [
        {"id": "S1", "name": "甲", "unit": "U1", "birth_date": "1990-02-30"},
        {"id": "S2", "name": "乙", "unit": "U1", "on_payroll": 1},
        {"id": "S3", "name": "丙", "unit": "U1", "monthly_pay": -5}
      ]
    }"#;
    let ds = bianzhi::Dataset::from_json(doc).expect("the document reads");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let say = |lang| -> Vec<String> {
        validate(&ds, &Options::as_of(day).with_lang(lang))
            .violations
            .into_iter()
            .filter(|v| v.code == Code::InvalidRecord)
            .map(|v| v.message)
            .collect()
    };
    assert_eq!(
        say(Lang::Zh),
        [
            "人员第1条(S1) 字段 birth_date 错误：日期“1990-02-30”不存在（如2月30日），应为“年-月-日”的真实日期，该记录已跳过",
            "人员第2条(S2) 字段 on_payroll 错误：类型错误：应为是否值，实为整数 1，该记录已跳过",
            "人员第3条(S3) 字段 monthly_pay 错误：月发放金额-5为负数，该记录已跳过",
        ]
    );
    assert_eq!(
        say(Lang::En),
        [
            "staff[0](S1) field birth_date: date `1990-02-30` is not a calendar day or is out of range; the record was skipped",
            "staff[1](S2) field on_payroll: invalid type: integer `1`, expected a boolean; the record was skipped",
            "staff[2](S3) field monthly_pay: monthly pay -5 is negative; the record was skipped",
        ]
    );
}
