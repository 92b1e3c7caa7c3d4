"""Report tables built in Rust and handed over as Arrow C streams (to_arrow, to_pandas,
to_polars, the occupancy and leadership tables) against the findings themselves."""

from __future__ import annotations

import datetime as dt

import pytest

import bianzhi

DOC = {
    "units": [
        {"id": "U1", "name": "局", "kind": "organ", "quotas": {"administrative": 1},
         "leadership": {"principal": 1}},
        {"id": "U2", "name": "站", "kind": "institution", "parent": "U1"},
    ],
    "staff": [
        {"id": "S1", "name": "甲", "unit": "U1", "establishment": "administrative",
         "leadership": "principal"},
        {"id": "S2", "name": "乙", "unit": "U1", "establishment": "administrative",
         "leadership": "principal"},
        {"id": "S3", "name": "丙", "unit": "U2", "establishment": "institution"},
        {"id": "S4", "name": "丁", "unit": "U9"},
    ],
}  # fmt: skip


def report() -> bianzhi.Report:
    return bianzhi.validate(bianzhi.Dataset.from_dict(DOC), as_of=dt.date(2026, 6, 30))


def test_arrow_findings_are_the_findings() -> None:
    pa = pytest.importorskip("pyarrow")
    r = report()
    t = r.to_arrow()
    assert t.column_names == list(bianzhi.VIOLATION_FIELDS)
    assert t.schema.field("index").type == pa.int64()
    assert t.schema.field("excess_staff").type == pa.list_(pa.string())
    rows = t.to_pylist()
    assert len(rows) == len(r.violations) >= 3
    for row, v in zip(rows, r.violations):
        want = v.to_dict()
        want["excess_staff"] = list(want["excess_staff"])
        assert row == want
    over = next(row for row in rows if row["code"] == "OVER_ESTABLISHMENT")
    assert (over["unit"], over["expected"], over["actual"], over["excess_staff"]) == ("U1", 1, 2, ["S2"])


def test_occupancy_and_leadership_tables() -> None:
    pytest.importorskip("pyarrow")
    r = report()
    occ = r.occupancy_arrow().to_pylist()
    assert occ == r.occupancy
    u2 = next(o for o in occ if o["unit"] == "U2")
    assert (u2["approved"], u2["occupied"], u2["vacant"], u2["over"]) == (None, 1, None, None)
    assert r.leadership_arrow().to_pylist() == r.leadership
    assert {"unit": "U1", "level": "principal", "approved": 1, "actual": 2} in r.leadership


def test_pandas_frame_from_arrow_equals_the_findings() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    r = report()
    df = r.to_pandas()
    assert list(df.columns) == list(bianzhi.VIOLATION_FIELDS)
    assert str(df["expected"].dtype) == "Int64" and str(df["index"].dtype) == "Int64"
    for rec, v in zip(df.to_dict("records"), r.violations):
        for k, want in v.to_dict().items():
            got = rec[k]
            if want is None:
                assert pd.isna(got), (k, got)
            else:
                assert got == want, (k, got, want)
    occ = r.occupancy_frame()
    assert str(occ["approved"].dtype) == "Int64"
    u2 = occ[occ["unit"] == "U2"].iloc[0]
    assert pd.isna(u2["approved"]) and u2["occupied"] == 1
    lead = r.leadership_frame()
    assert lead.to_dict("records") == r.leadership


def test_polars_frames_from_arrow() -> None:
    pl = pytest.importorskip("polars")
    r = report()
    df = r.to_polars()
    assert df.columns == list(bianzhi.VIOLATION_FIELDS)
    assert df.schema["actual"] == pl.Int64 and df.schema["excess_staff"] == pl.List(pl.String)
    assert df["code"].to_list() == [v.code for v in r.violations]
    assert r.occupancy_polars().to_dicts() == r.occupancy
    assert r.leadership_polars().to_dicts() == r.leadership


def test_the_stream_object_can_be_read_again_and_names_its_columns() -> None:
    pa = pytest.importorskip("pyarrow")
    r = report()
    t = bianzhi._bianzhi.report_arrow(r._r, "occupancy")
    assert t.columns == list(bianzhi.OCCUPANCY_FIELDS) and len(t) == len(r.occupancy)
    assert pa.table(t).equals(pa.table(t))
    with pytest.raises(ValueError, match="findings"):
        bianzhi._bianzhi.report_arrow(r._r, "summary")


def test_empty_report_tables_keep_their_schema() -> None:
    pa = pytest.importorskip("pyarrow")
    r = bianzhi.validate(bianzhi.Dataset.from_dict({"units": [], "staff": []}), as_of="2026-01-01")
    t = r.to_arrow()
    assert t.num_rows == 0 and t.schema.field("amount").type == pa.string()
    assert r.occupancy_arrow().num_rows == 0
    assert list(r.to_pandas().columns) == list(bianzhi.VIOLATION_FIELDS)
