"""Hostile input through the Python binding, round 2: values that the JSON or Arrow
export cannot carry as they are (NaN, zoned timestamps, mixed object columns)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Dict, List, Tuple

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import bianzhi

AS_OF = "2026-06-30"
UNIT: Dict[str, Any] = {"id": "U1", "name": "某局", "kind": "organ",
                        "quotas": {"administrative": 5}}


def invalid(r: bianzhi.Report) -> List[Tuple[Any, Any]]:
    return [(v.staff or v.unit, v.field) for v in r.violations if v.code == "INVALID_RECORD"]


def staff_doc(**extra: Any) -> Dict[str, Any]:
    return {"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative", **extra}


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -math.inf])
def test_from_dict_nan_is_that_record_and_field(bad: float) -> None:
    # S2's birth date and U2's quota are NaN: those two records are reported with the field
    # named; the rest of the document (U1, S1) is read.
    doc = {
        "units": [UNIT, {"id": "U2", "name": "乙局", "kind": "organ",
                         "quotas": {"administrative": bad}}],
        "staff": [staff_doc(), staff_doc(id="S2", birth_date=bad)],
    }  # fmt: skip
    ds = bianzhi.Dataset.from_dict(doc)
    assert (ds.unit_count, ds.staff_count) == (1, 1)
    got = invalid(bianzhi.validate(ds, AS_OF))
    assert sorted(map(str, got)) == sorted(map(str, [("U2", "quotas.administrative"),
                                                     ("S2", "birth_date")]))  # fmt: skip


def test_from_dict_nan_in_a_text_field_is_not_read_as_text() -> None:
    ds = bianzhi.Dataset.from_dict({"units": [UNIT], "staff": [staff_doc(name=float("nan"))]})
    assert ds.staff_count == 0
    assert invalid(bianzhi.validate(ds, AS_OF)) == [("S1", "name")]


def test_from_frames_dict_rows_nan_is_empty() -> None:
    # In the rows of a table a NaN is an empty cell, as in a DataFrame.
    staff = [staff_doc(birth_date=float("nan"))]
    ds = bianzhi.Dataset.from_frames([UNIT], staff)
    assert ds.staff_count == 1 and ds.issues == []
    assert "birth_date" not in ds.to_dict()["staff"][0]


def births(ds: bianzhi.Dataset) -> List[Any]:
    return [s.get("birth_date") for s in ds.to_dict()["staff"]]


def zoned_staff() -> pd.DataFrame:
    # 1985-07-15 00:30 in Shanghai is 1985-07-14 16:30 UTC: the local calendar date counts.
    stamps = pd.to_datetime(["1985-07-15 00:30", "1990-01-01 23:59", None]).tz_localize(
        "Asia/Shanghai").astype("datetime64[ns, Asia/Shanghai]")
    return pd.DataFrame({"id": ["S1", "S2", "S3"], "name": ["张三", "李四", "王五"],
                         "unit": ["U1"] * 3, "establishment": ["administrative"] * 3,
                         "birth_date": stamps})  # fmt: skip


def test_pandas_tz_aware_timestamps_are_local_dates() -> None:
    staff = zoned_staff()
    assert str(staff["birth_date"].dtype) == "datetime64[ns, Asia/Shanghai]"
    ds = bianzhi.Dataset.from_frames([UNIT], staff)
    assert ds.issues == []
    assert births(ds) == ["1985-07-15", "1990-01-01", None]
    assert staff["birth_date"].dt.tz is not None  # the caller's frame is left as it was


def test_pyarrow_and_polars_tz_aware_timestamps_are_local_dates() -> None:
    for zone in ("Asia/Shanghai", "+08:00"):
        stamps = pa.array([dt.datetime(1985, 7, 14, 16, 30), None], pa.timestamp("us", "UTC"))
        table = pa.table({"id": ["S1", "S2"], "name": ["张三", "李四"], "unit": ["U1", "U1"],
                          "establishment": ["administrative"] * 2,
                          "birth_date": stamps.cast(pa.timestamp("us", zone))})  # fmt: skip
        ds = bianzhi.Dataset.from_frames([UNIT], table)
        assert ds.issues == [] and births(ds) == ["1985-07-15", None], zone
    frame = pl.from_pandas(zoned_staff())
    assert frame.schema["birth_date"].time_zone == "Asia/Shanghai"
    assert births(bianzhi.Dataset.from_frames([UNIT], frame)) == ["1985-07-15", "1990-01-01", None]


def test_pandas_mixed_object_column_is_text() -> None:
    # quotas given as 5 (int) and "3名" (text) in one object column: read as the text of each
    # cell, as a spreadsheet column is; the ids mix int and str too.
    units = pd.DataFrame({"id": [1, "U2"], "name": ["甲局", "乙局"], "kind": ["organ"] * 2,
                          "quotas.administrative": [5, "3名"]})  # fmt: skip
    with pytest.raises(pa.ArrowInvalid):
        pa.Table.from_pandas(units)  # what the binding used to surface
    staff = pd.DataFrame({"id": ["S1", 2], "name": ["张三", "李四"], "unit": ["1", "U2"],
                          "establishment": ["administrative"] * 2})  # fmt: skip
    ds = bianzhi.Dataset.from_frames(units, staff)
    assert ds.issues == [] and (ds.unit_count, ds.staff_count) == (2, 2)
    doc = ds.to_dict()
    assert [(u["id"], u["quotas"]["administrative"]) for u in doc["units"]] == [("1", 5),
                                                                                 ("U2", 3)]
    assert [s["id"] for s in doc["staff"]] == ["S1", "2"]


def test_pandas_mixed_column_of_numpy_numbers_dates_and_text() -> None:
    import numpy as np

    staff = pd.DataFrame({"id": ["S1", "S2", "S3"], "name": ["张三", "李四", "王五"],
                          "unit": ["U1"] * 3, "establishment": ["administrative"] * 3,
                          "birth_date": pd.Series([pd.Timestamp("1985-07-15"), "1990年1月5日",
                                                   None], dtype=object),
                          "id_number": pd.Series([np.int64(110105194912310021),
                                                  "11010519491231002X", float("nan")],
                                                 dtype=object)})  # fmt: skip
    ds = bianzhi.Dataset.from_frames([UNIT], staff)
    assert births(ds) == ["1985-07-15", "1990-01-05", None]
    # every cell of a mixed column is read as its text, an exact int64 included
    assert ds.issues == []
    assert [s.get("id_number") for s in ds.to_dict()["staff"]] == [
        "110105194912310021", "11010519491231002X", None]


def test_unexportable_column_is_an_input_error() -> None:
    # An object column pyarrow cannot export at all (an arbitrary object in a cell):
    # InputError naming the column, never pyarrow.ArrowInvalid.
    staff = pd.DataFrame({"id": ["S1", "S2"], "name": ["张三", object()], "unit": ["U1"] * 2,
                          "tags": [["a"], ["b"]]})  # fmt: skip
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        pa.Table.from_pandas(staff)
    with pytest.raises(bianzhi.InputError, match="name"):
        bianzhi.Dataset.from_frames([UNIT], staff)


@pytest.mark.parametrize(
    "dates",
    [
        pa.array([0, 2**31 - 1], pa.int32()).cast(pa.date32()),
        pa.array([0, 2**63 - 1], pa.int64()).cast(pa.timestamp("ms")),
    ],
    ids=["date32", "timestamp_ms"],
)
def test_arrow_dates_outside_the_supported_range_are_that_records_finding(dates: Any) -> None:
    # Issue 20 item 16: such a date became an empty birth date with no finding.
    table = pa.table({"id": ["S1", "S2"], "name": ["甲", "乙"], "unit": ["U1", "U1"],
                      "establishment": ["administrative"] * 2, "birth_date": dates})
    ds = bianzhi.Dataset.from_frames([UNIT], table)
    assert births(ds) == ["1970-01-01"]
    assert [(i["id"], i["field"]) for i in ds.issues] == [("S2", "birth_date")], ds.issues
    r = bianzhi.validate(ds, as_of=AS_OF)
    assert invalid(r) == [("S2", "birth_date")]


def test_unread_cells_are_findings_and_survive_pickling(tmp_path: Any) -> None:
    # A data row above the header, a blank header cell over values, a cell past the header.
    import pickle

    p = tmp_path / "人员.csv"
    p.write_text("S0,王五,U1\n人员编码,姓名,,所在单位\nS1,张三,行政,U1\nS2,李四,行政,U1,extra\n",
                 encoding="utf-8")
    with pytest.warns(UserWarning):
        ds = bianzhi.Dataset.read(p)

    def unread(d: bianzhi.Dataset) -> List[str]:
        r = bianzhi.validate(d, as_of=AS_OF, lang="en")
        return sorted(v.message for v in r.violations if v.code == "UNKNOWN_FIELD")

    assert unread(ds) == [
        "人员.csv: column C has a blank header cell but holds 2 value(s), first C3 “行政”, "
        "in rows 3, 4; not read",
        "人员.csv: column E has no header (past the header's last column) but holds 1 value(s), "
        "first E4 “extra”, in rows 4; not read",
        "人员.csv: row(s) 1 above the header row 2 are not read",
    ]
    assert unread(pickle.loads(pickle.dumps(ds))) == unread(ds)
