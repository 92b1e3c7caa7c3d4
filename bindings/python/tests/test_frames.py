"""Tables in: Chinese headers, spreadsheet-typed cells, and bad cells that must become the
same INVALID_RECORD findings as in a JSON document."""

from __future__ import annotations

import warnings
from typing import Any, Dict, List

import pytest

import bianzhi

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

UNITS_ZH = {
    "单位编码": ["U1", "U2"],
    "单位名称": ["某县农业农村局", "县农技中心"],
    "单位类型": ["行政机关", "事业单位"],
    "上级单位": [None, "U1"],
    "行政编制数": [2.0, float("nan")],  # pandas writes an empty integer cell as NaN
    "事业编制数": [float("nan"), 1.0],
    "正职职数": [1.0, float("nan")],
}
STAFF_ZH = {
    "人员编号": ["S1", "S2", "S3", "S4", "S5"],
    "姓名": ["张三", "李四", "王五", "赵六", "钱七"],
    "身份证号": ["11010519491231002X", None, None, None, None],
    "性别": ["女", "男", "男", "男", "外星"],  # S5: unknown gender
    "出生日期": ["1949-12-31", "1985-07-15", "1990-02-30", None, None],  # S3: impossible date
    "所在单位": ["U1", "U1", "U2", "U2", "U1"],
    "编制类型": ["行政编制", "行政", "事业编制", "事业", "行政"],
    "领导职务": ["正职", None, None, None, None],
    "人员状态": ["在岗", "在岗", "在岗", "请假", "在岗"],
    "借调开始": [None, None, None, "2025-01-01", None],
    "借调批准机关": [None, None, None, "县委编办", None],
}

# The same dataset as a JSON document, as the loader sees it.
UNITS_JSON: List[Dict[str, Any]] = [
    {"id": "U1", "name": "某县农业农村局", "kind": "organ", "quotas": {"administrative": 2},
     "leadership": {"principal": 1}},
    {"id": "U2", "name": "县农技中心", "kind": "institution", "parent": "U1",
     "quotas": {"institution": 1}},
]  # fmt: skip
STAFF_JSON: List[Dict[str, Any]] = [
    {"id": "S1", "name": "张三", "id_number": "11010519491231002X", "gender": "女",
     "birth_date": "1949-12-31", "unit": "U1", "establishment": "行政编制",
     "leadership": "正职", "status": "在岗"},
    {"id": "S2", "name": "李四", "gender": "男", "birth_date": "1985-07-15", "unit": "U1",
     "establishment": "行政", "status": "在岗"},
    {"id": "S3", "name": "王五", "gender": "男", "birth_date": "1990-02-30", "unit": "U2",
     "establishment": "事业编制", "status": "在岗"},
    {"id": "S4", "name": "赵六", "gender": "男", "unit": "U2", "establishment": "事业",
     "status": "请假", "secondment": {"start": "2025-01-01", "approved_by": "县委编办"}},
    {"id": "S5", "name": "钱七", "gender": "外星", "unit": "U1", "establishment": "行政",
     "status": "在岗"},
]  # fmt: skip

AS_OF = "2026-11-30"


def json_report() -> bianzhi.Report:
    ds = bianzhi.Dataset.from_dict({"units": UNITS_JSON, "staff": STAFF_JSON})
    return bianzhi.validate(ds, as_of=AS_OF)


def projected(r: bianzhi.Report) -> List[Any]:
    return [(v.code, v.unit, v.staff, v.array, v.index, v.field, v.expected, v.actual)
            for v in r.violations]  # fmt: skip


@pytest.mark.parametrize("form", ["pandas", "polars", "pyarrow"])
def test_chinese_headers_same_as_json(form: str) -> None:
    units = pd.DataFrame(UNITS_ZH)
    staff = pd.DataFrame(STAFF_ZH)
    if form == "polars":
        units, staff = pl.from_pandas(units), pl.from_pandas(staff)
    elif form == "pyarrow":
        units, staff = pa.Table.from_pandas(units), pa.Table.from_pandas(staff)
    got = bianzhi.validate(bianzhi.Dataset.from_frames(units=units, staff=staff), as_of=AS_OF)
    want = json_report()
    assert projected(got) == projected(want)
    assert got.occupancy == want.occupancy and got.leadership == want.leadership
    # and the bad cells really are findings, located like the JSON loader locates them
    bad = [(v.staff, v.field) for v in got.violations if v.code == "INVALID_RECORD"]
    assert bad == [("S3", "birth_date"), ("S5", "gender")]


def test_datetime_columns_and_integer_ids() -> None:
    staff = pd.DataFrame({
        "id": [101, 102],
        "name": ["张三", "李四"],
        "unit": ["U1", "U1"],
        "establishment": ["administrative", "administrative"],
        "birth_date": pd.to_datetime(["1949-12-31", None]),
        "id_number": ["11010519491231002X", None],
        "gender": ["female", None],
    })  # fmt: skip
    units = pa.table({"id": ["U1"], "name": ["局"], "kind": ["organ"],
                      "quotas.administrative": pa.array([1], pa.int32())})  # fmt: skip
    ds = bianzhi.Dataset.from_frames(units, staff)
    assert ds.issues == []
    doc = ds.to_dict()
    assert [s["id"] for s in doc["staff"]] == ["101", "102"]
    assert doc["staff"][0]["birth_date"] == "1949-12-31" and "birth_date" not in doc["staff"][1]
    r = bianzhi.validate(ds, as_of=AS_OF)
    # S101 born 1949 is long past retirement, and 2 holders for 1 quota
    assert [v.code for v in r.violations] == ["OVER_ESTABLISHMENT", "PAST_RETIREMENT_AGE"]


def test_numeric_id_number_column_is_a_finding_as_in_json() -> None:
    staff = pl.DataFrame({"id": ["S1"], "name": ["张三"], "unit": ["U1"],
                          "id_number": [110105194912310021]})  # fmt: skip
    units = pl.DataFrame({"id": ["U1"], "name": ["局"], "kind": ["organ"]})
    r = bianzhi.validate(bianzhi.Dataset.from_frames(units, staff), as_of=AS_OF)
    js = bianzhi.validate(bianzhi.Dataset.from_json(
        '{"units": [{"id": "U1", "name": "局", "kind": "organ"}], "staff": [{"id": "S1", '
        '"name": "张三", "unit": "U1", "id_number": 110105194912310021}]}'), as_of=AS_OF)
    assert [v.to_dict() for v in r.violations] == [v.to_dict() for v in js.violations]
    assert r.violations[0].code == "INVALID_RECORD" and r.violations[0].field == "id_number"


def test_posts_duties_lists_and_settings() -> None:
    units = pl.DataFrame({"id": ["U1", "U2"], "name": ["局", "中心"],
                          "kind": ["organ", "institution"],
                          "quota.administrative": [3, None], "quotas.institution": [None, 2]})  # fmt: skip
    staff = pl.DataFrame({"id": ["S1"], "name": ["张三"], "unit": ["U2"],
                          "establishment": ["institution"], "post": ["P1"]})  # fmt: skip
    posts = pd.DataFrame({"岗位编码": ["P1"], "所属单位": ["U2"], "岗位类别": ["专业技术"],
                          "岗位等级": [9], "定员": [1]})  # fmt: skip
    duties = pa.table({"职责名称": ["监管", "推广"], "id": ["D1", "D2"],
                       "牵头单位": ["U1、U2", None],
                       "assist": pa.array([["U2"], []], pa.list_(pa.string()))})  # fmt: skip
    ds = bianzhi.Dataset.from_frames(units, staff, posts, duties, as_of="2026-11-30",
                                     settings={"secondment_max_months": 6})  # fmt: skip
    doc = ds.to_dict()
    assert ds.issues == []
    assert doc["units"][0]["quotas"] == {"administrative": 3}
    assert doc["posts"][0] == {"id": "P1", "unit": "U2", "name": "", "category": "professional",
                               "level": 9, "headcount": 1}  # fmt: skip
    assert doc["duties"][0]["lead"] == ["U1", "U2"] and doc["duties"][0]["assist"] == ["U2"]
    assert doc["settings"]["secondment_max_months"] == 6 and doc["as_of"] == "2026-11-30"
    r = bianzhi.validate(ds)
    assert [(v.code, v.duty) for v in r.violations] == [("DUTY_GAP", "D2"), ("DUTY_OVERLAP", "D1")]


def test_pandas_categorical_and_nullable_columns() -> None:
    units = pd.DataFrame({"id": ["U1"], "name": ["局"], "kind": pd.Categorical(["organ"]),
                          "quotas.administrative": pd.array([1], dtype="Int64")})  # fmt: skip
    staff = pd.DataFrame({"id": ["S1", "S2"], "name": ["a", "b"], "unit": ["U1", "U1"],
                          "establishment": pd.Categorical(["行政", "行政"]),
                          "on_payroll": pd.array([True, None], dtype="boolean")})  # fmt: skip
    ds = bianzhi.Dataset.from_frames(units, staff)
    assert ds.issues == []
    assert ds.to_dict()["staff"][0]["on_payroll"] is True
    assert [v.code for v in bianzhi.validate(ds, as_of=AS_OF).violations] == ["OVER_ESTABLISHMENT"]


def test_read_csv_set_same_as_frames(tmp_path: Any) -> None:
    units = pd.DataFrame(UNITS_ZH)
    staff = pd.DataFrame(STAFF_ZH)  # with the short header 借调开始
    units.to_csv(tmp_path / "units.csv", index=False)
    staff.to_csv(tmp_path / "staff.csv", index=False)
    ds = bianzhi.Dataset.read(tmp_path / "units.csv", tmp_path / "staff.csv")
    got = bianzhi.validate(ds, as_of=AS_OF)
    want = bianzhi.validate(bianzhi.Dataset.from_frames(units, staff), as_of=AS_OF)
    assert projected(got) == projected(want)
    with pytest.raises(bianzhi.InputError, match="nope.csv"):
        bianzhi.Dataset.read(tmp_path / "nope.csv")


# Spreadsheet spellings: a DataFrame read from a roster holds the cells as typed in it. The
# same table written to CSV and read by Dataset.read must give the same findings.
UNITS_SHEET = {
    "单位编码": ["U1", "U2"],
    "单位名称": ["某县农业农村局", "县农技中心"],
    "单位类型": ["行政机关", "事业单位"],
    "上级单位": [None, "U1"],
    "行政编制数": ["2名", None],
    "事业编制数": [None, "1名"],
    "正职职数": ["1", None],
}
STAFF_SHEET = {
    "人员编号": ["S1", "S2", "S3", "S4"],
    "姓名": ["张三", "李四", "王五", "赵六"],
    "所在单位": ["U1", "U1", "U2", "U2"],
    "编制类型": ["行政编制", "行政", "事业编制", "事业"],
    "出生日期": ["1985年7月15日", "1990/2/3", "1990-02-30", None],  # S3: impossible date
    "入职日期": ["2020年1月5日", "20200105", None, None],
    "是否财政供养": ["是", "否", None, "是"],
    # a numeric 18-digit 身份证号 (float64: the column has gaps); lost its precision
    "身份证号": [None, 110105194912310021, None, None],
    "借调开始": [None, None, None, "2025-01-01"],
    "借调结束": [None, None, None, "2025年6月30日"],
    "借调批准机关": [None, None, None, "县委编办"],
}


@pytest.mark.parametrize("form", ["pandas", "polars", "pyarrow"])
def test_spreadsheet_cells_same_findings_as_csv(form: str, tmp_path: Any) -> None:
    units = pd.DataFrame(UNITS_SHEET)
    staff = pd.DataFrame(STAFF_SHEET)
    assert staff["身份证号"].dtype == "float64"
    units.to_csv(tmp_path / "units.csv", index=False)
    staff.to_csv(tmp_path / "staff.csv", index=False)
    from_csv = bianzhi.Dataset.read(tmp_path / "units.csv", tmp_path / "staff.csv")
    if form == "polars":
        units, staff = pl.from_pandas(units), pl.from_pandas(staff)
    elif form == "pyarrow":
        units, staff = pa.Table.from_pandas(units), pa.Table.from_pandas(staff)
    from_frame = bianzhi.Dataset.from_frames(units, staff)

    assert from_frame.to_dict() == from_csv.to_dict()
    got = bianzhi.validate(from_frame, as_of=AS_OF)
    want = bianzhi.validate(from_csv, as_of=AS_OF)
    assert projected(got) == projected(want)
    # 12名, 2020年1月5日, 是 are read; the impossible date and the numeric 身份证号 are not
    bad = [(v.staff, v.field) for v in got.violations if v.code == "INVALID_RECORD"]
    assert bad == [("S2", "id_number"), ("S3", "birth_date")]
    assert [(i["array"], i["index"], i["field"]) for i in from_frame.issues] == [
        (i["array"], i["index"], i["field"]) for i in from_csv.issues
    ]
    doc = from_frame.to_dict()
    assert doc["units"][0]["quotas"] == {"administrative": 2}
    assert doc["staff"][0]["joined"] == "2020-01-05" and doc["staff"][0]["on_payroll"] is True
    s4 = next(s for s in doc["staff"] if s["id"] == "S4")
    assert s4["secondment"] == {"start": "2025-01-01", "end": "2025-06-30",
                                "approved_by": "县委编办"}  # fmt: skip


def test_frames_warn_about_unknown_columns_like_read(tmp_path: Any) -> None:
    units = pd.DataFrame({"单位编码": ["U1"], "单位名称": ["局"], "单位类型": ["行政机关"],
                          "备注": ["x"]})  # fmt: skip
    staff = pd.DataFrame({"id": ["S1"], "name": ["张三"], "unit": ["U1"]})
    with pytest.warns(UserWarning, match="“备注” is not a known units column") as frame_w:
        bianzhi.Dataset.from_frames(units, staff)
    units.to_csv(tmp_path / "units.csv", index=False)
    staff.to_csv(tmp_path / "staff.csv", index=False)
    with pytest.warns(UserWarning, match="“备注” is not a known units column") as csv_w:
        bianzhi.Dataset.read(tmp_path / "units.csv", tmp_path / "staff.csv")
    assert len(frame_w) == len(csv_w) == 1
    assert frame_w[0].filename == __file__  # reported at the caller


def test_list_of_dicts_rows_use_the_same_conversion() -> None:
    units = [{"单位编码": "U1", "单位名称": "局", "单位类型": "行政机关", "行政编制数": "1名"}]
    staff = [
        {"人员编号": "S1", "姓名": "张三", "所在单位": "U1", "编制类型": "行政",
         "入职日期": "2020年1月5日", "是否财政供养": "是",
         "concurrent": [{"unit": "U1", "leadership": "副职"}]},
        {"人员编号": "S2", "姓名": "李四", "所在单位": "U1", "secondment": {"start": "2025-01-01"}},
    ]  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = bianzhi.Dataset.from_frames(units, staff)
    assert ds.issues == []
    doc = ds.to_dict()
    assert doc["units"][0]["quotas"] == {"administrative": 1}
    assert doc["staff"][0]["joined"] == "2020-01-05"
    assert doc["staff"][0]["concurrent"] == [{"unit": "U1", "leadership": "deputy"}]
    assert doc["staff"][1]["secondment"]["start"] == "2025-01-01"


@pytest.mark.parametrize("form", ["polars", "pyarrow"])
def test_big_tables_direct_path_same_as_rows(form: str) -> None:
    """Arrow tables are read straight from the columns, in chunks on all cores, with any
    unusual row through the general conversion: the same records, issues (with their row
    index) and findings as the same rows given as dicts, which all take the general path."""
    n = 20_000
    units = [{"id": f"U{i}", "name": f"单位{i}", "kind": "行政机关" if i % 2 else "institution",
              "行政编制数": ["3名", 3.0, "x", None][i % 4]} for i in range(40)]  # fmt: skip
    staff = [
        {
            "人员编码": f"S{i}" if i % 4999 else None,  # no id: an issue
            "姓名": " " if i % 3001 == 7 else f"人员{i}",  # blank name: an issue
            "所在单位": f"U{i % 41}",
            "性别": ["男", "female", "F", "外星"][i % 4] if i % 1777 else "外星",
            "出生日期": ["1990-01-05", "1990年1月5日", "20200105", "1990-02-30"][i % 4]
            if i % 13 else None,
            "编制类型": ["行政", "事业编制", "teacher", None][i % 4] if i % 5 else "行政",
            "是否财政供养": ["是", "否", None, "maybe"][i % 4] if i % 7 else None,
            "兼职": "U1、U2:副职" if i % 997 == 3 else None,
            "备注": "x" if i % 11 == 0 else None,
        }
        for i in range(n)
    ]
    settings = {"categories": ["teacher"]} if form == "polars" else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        by_rows = bianzhi.Dataset.from_frames(units, staff, settings=settings)
        df_u, df_s = pd.DataFrame(units), pd.DataFrame(staff)
        if form == "polars":
            frames = (pl.from_pandas(df_u.astype(str).replace("None", None)), pl.from_pandas(df_s))
        else:
            frames = (pa.Table.from_pandas(df_u.astype(str).replace("None", None)),
                      pa.Table.from_pandas(df_s))  # fmt: skip
        by_table = bianzhi.Dataset.from_frames(*frames, settings=settings)
    assert len(by_rows.issues) > 100
    assert by_table.issues == by_rows.issues
    assert by_table.to_dict() == by_rows.to_dict()
    assert projected(bianzhi.validate(by_table, as_of=AS_OF)) == projected(
        bianzhi.validate(by_rows, as_of=AS_OF)
    )
