//! Ledger events from CSV and from a workbook's 事项 sheet, with Chinese headers and types.

use bianzhi::ledger::{apply, RejectCode};
use rust_xlsxwriter::Workbook;

fn workbook(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("单位").unwrap();
    for (r, row) in [
        ["单位编码", "单位名称", "单位类型", "事业编制数"],
        ["U5", "县农技中心", "事业单位", "3"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("人员").unwrap();
    for (r, row) in [
        ["人员编码", "姓名", "所在单位", "编制类型", "身份证号"],
        ["S1", "张三", "U5", "事业", "11010519491231002X"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("事项").unwrap();
    let rows: [[&str; 10]; 6] = [
        [
            "事项编号",
            "日期",
            "事项类型",
            "单位",
            "编制类型",
            "数量",
            "用编核准编号",
            "人员编码",
            "人员.身份证号",
            "人员.姓名",
        ],
        [
            "E1",
            "2026-01-10",
            "用编核准",
            "U5",
            "事业",
            "2",
            "",
            "",
            "",
            "",
        ],
        [
            "E2",
            "2026-01-11",
            "用编核准",
            "U5",
            "事业",
            "1",
            "",
            "",
            "",
            "",
        ],
        ["E3", "2026-02-01", "分流", "", "", "", "", "S1", "", ""],
        [
            "E4",
            "2026-03-01",
            "入编",
            "U5",
            "事业",
            "",
            "E1",
            "S9",
            "110105491231002",
            "李十",
        ],
        [
            "E5",
            "2026-03-02",
            "入编",
            "U5",
            "事业",
            "",
            "E1",
            "",
            "",
            "赵六",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn ledger_workbook_with_an_events_sheet() {
    let dir = std::env::temp_dir().join(format!("bz-ledger-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("台账.xlsx");
    workbook(&path);
    let (ledger, warnings) = bianzhi_tabular::read_ledger_path(&path).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    // The 事项 sheet is not read as a roster table.
    assert_eq!(ledger.opening.staff().len(), 1);
    assert_eq!(ledger.events.len(), 5);
    let r = apply(&ledger, "2026-12-31".parse().unwrap());
    let codes: Vec<Option<RejectCode>> = r.decisions.iter().map(|d| d.code).collect();
    // E1 reserves 2 of 3 - 1 = 2 free; E2 finds 0; E3 redeploys S1; E4 enrols S9 with E1
    // (same person by the 15-digit number: a rebound); E5 has a person without id.
    assert_eq!(
        codes,
        vec![
            None,
            Some(RejectCode::NoVacancy),
            None,
            None,
            Some(RejectCode::InvalidEvent)
        ]
    );
    assert_eq!(r.decisions[4].field.as_deref(), Some("person.id"));
    assert!(r.decisions[4]
        .message
        .as_deref()
        .unwrap()
        .contains("台账.xlsx!事项:6"));
    assert_eq!(r.findings[0].code, "REDEPLOYED_REBOUND");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn events_csv_with_chinese_headers_and_an_unknown_column() {
    let csv = "事项编号,日期,事项类型,人员编码,出编原因,经办人\nE1,2026/03/01,减员,S1,退休,王五\nE2,2026-03-02,核增,,,\n";
    let (events, warnings) =
        bianzhi_tabular::read_events_csv("events.csv", csv.as_bytes()).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("经办人"));
    let e = events[0].event.as_ref().unwrap();
    assert_eq!(e.reason, Some(bianzhi::ledger::ExitReason::Retired));
    assert_eq!(e.date.to_string(), "2026-03-01");
    // 核增 without unit: that row's rejection, naming the field.
    assert_eq!(
        events[1].event.as_ref().unwrap_err().field.as_deref(),
        Some("unit")
    );
}

#[test]
fn the_template_has_an_events_sheet_that_reads_back_empty() {
    let bytes = bianzhi_tabular::template_bytes().unwrap();
    let (events, _) = bianzhi_tabular::read_events_workbook("模板.xlsx", &bytes)
        .unwrap()
        .expect("a 事项 sheet");
    assert!(events.is_empty());
    // Reading the template as a roster still works (the 事项 sheet is skipped).
    let out =
        bianzhi_tabular::read_workbook_bytes("模板.xlsx", &bytes, &Default::default()).unwrap();
    assert!(
        out.warnings.iter().all(|w| !w.contains("事项")),
        "{:?}",
        out.warnings
    );
}
