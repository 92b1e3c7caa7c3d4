//! A CSV roster with the statuses real rosters use (在职, 借调) validates as active staff.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("bianzhi-statuses-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(d: &Path, name: &str, text: &str) -> PathBuf {
    let p = d.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Hand computation: 县统计局 U1 is approved 3 行政编制. S1, S3, S4 are 在职 (active), S2 is
/// 借调 (active, working in U2 on an approved secondment). Occupied 4 > 3 → one
/// OVER_ESTABLISHMENT (over 1), no INVALID_RECORD, no UNAPPROVED_SECONDMENT; exit 1.
/// Before 在职/借调 were accepted, all four records were skipped as INVALID_RECORD.
#[test]
fn csv_roster_with_zaizhi_and_jiediao_statuses() {
    let d = dir();
    let units = write(
        &d,
        "units.csv",
        "单位编码,单位名称,单位类型,行政编制数,事业编制数\n\
         U1,县统计局,机关,3,\n\
         U2,县普查中心,事業單位,,2\n",
    );
    let staff = write(
        &d,
        "staff.csv",
        "人员编码,姓名,所在单位,编制类型,人员状态,实际工作单位,借调开始日期,secondment.approved_by\n\
         S1,张一,U1,行政编制,在职,,,\n\
         S2,张二,U1,行政编制,借调,U2,2026-09-01,县委组织部\n\
         S3,张三,U1,行政編制,在职,,,\n\
         S4,张四,U1,行政编制,在编在岗,,,\n",
    );
    let o = Command::new(env!("CARGO_BIN_EXE_bianzhi"))
        .args([
            "validate",
            units.to_str().unwrap(),
            staff.to_str().unwrap(),
            "--as-of",
            "2026-11-30",
            "--format",
            "json",
        ])
        .output()
        .expect("run bianzhi");
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: Value = serde_json::from_str(&out).expect("json report");
    let codes: Vec<&str> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["OVER_ESTABLISHMENT"], "{out}");
    assert_eq!(report["violations"][0]["unit"], "U1");
    assert_eq!(report["violations"][0]["expected"], 3);
    assert_eq!(report["violations"][0]["actual"], 4);
    let occ = &report["occupancy"];
    assert_eq!(
        occ[0],
        serde_json::json!({"unit": "U1", "category": "administrative", "approved": 3,
                           "occupied": 4, "vacant": 0, "over": 1})
    );
    assert_eq!(
        occ[1],
        serde_json::json!({"unit": "U2", "category": "institution", "approved": 2,
                           "occupied": 0, "vacant": 2, "over": 0})
    );
    assert_eq!(report["summary"]["staff"], 4);
}
