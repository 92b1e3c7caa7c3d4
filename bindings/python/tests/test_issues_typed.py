"""Load issues carry their typed cause said in Chinese (``reason_zh``, no English words) and,
for records read from a file, the place (file and row)."""

from __future__ import annotations

import pathlib
import re

import bianzhi


def test_a_csv_row_issue_has_its_place_and_a_chinese_reason(tmp_path: pathlib.Path) -> None:
    units = tmp_path / "单位.csv"
    units.write_text("单位编码,单位名称,单位类型,行政编制数\nU1,某县农业农村局,行政机关,1\n", encoding="utf-8")
    staff = tmp_path / "人员.csv"
    staff.write_text(
        "人员编码,姓名,所在单位,编制类型,出生日期\nS1,张三,U1,行政编制,1985-07-15\nS2,李四,U1,行政编制,1990-02-30\n",
        encoding="utf-8",
    )
    ds = bianzhi.Dataset.read(units, staff)
    [issue] = ds.issues
    assert (issue["array"], issue["index"], issue["id"], issue["field"]) == ("staff", 1, "S2", "birth_date")
    assert issue["place"] == {"source": "人员.csv", "row": 3}
    assert "1990-02-30" in issue["reason_zh"]
    # No English words: only the value quoted from the input.
    assert not re.search(r"[A-Za-z]", issue["reason_zh"].replace("1990-02-30", "")), issue["reason_zh"]
    assert "row 3" in issue["reason"]
    r = bianzhi.validate(ds, as_of="2026-11-30")
    [bad] = [v for v in r.violations if v.code == "INVALID_RECORD"]
    assert "人员.csv 第3行" in bad.message and issue["reason_zh"] in bad.message


def test_a_json_record_issue_has_a_cause_but_no_place() -> None:
    ds = bianzhi.Dataset.from_dict({
        "units": [{"id": "U1", "name": "局", "kind": "organ"}],
        "staff": [{"id": "S1", "unit": "U1"}],
    })  # fmt: skip
    [issue] = ds.issues
    assert issue["field"] == "name" and "place" not in issue
    assert issue["reason_zh"] == "缺少必填字段 name"
    # The state survives pickling.
    import pickle

    assert pickle.loads(pickle.dumps(ds)).issues == ds.issues
