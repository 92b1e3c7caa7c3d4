"""Exceptions, pickling, threads, identifiers, retirement, frames out."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bianzhi

DOC: Dict[str, Any] = {
    "as_of": "2026-11-30",
    "units": [
        {"id": "U1", "name": "某县农业农村局", "kind": "organ",
         "quotas": {"administrative": 1}, "leadership": {"principal": 1}},
        {"id": "U2", "name": "县农技中心", "kind": "institution", "parent": "U1",
         "quotas": {"institution": 5}},
    ],
    "staff": [
        {"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative",
         "leadership": "principal"},
        {"id": "S2", "name": "李四", "unit": "U1", "establishment": "行政编制"},
        {"id": "S3", "name": "王五", "unit": "U2", "establishment": "事业",
         "birth_date": "1990-02-30"},
        {"id": "S4", "name": "赵六", "unit": "U9"},
    ],
}  # fmt: skip


def report() -> bianzhi.Report:
    return bianzhi.validate(bianzhi.Dataset.from_dict(DOC))


# ---------------------------------------------------------------- report contents


def test_report_attributes() -> None:
    r = report()
    assert r.as_of == dt.date(2026, 11, 30)
    codes = [v.code for v in r.violations]
    assert codes == ["INVALID_RECORD", "UNKNOWN_REFERENCE", "OVER_ESTABLISHMENT"]
    bad = r.violations[0]
    assert (bad.array, bad.index, bad.staff, bad.field) == ("staff", 2, "S3", "birth_date")
    over = r.violations[2]
    assert (over.unit, over.category, over.expected, over.actual) == ("U1", "administrative", 1, 2)
    assert not r.ok and r.error_count == 3 and r.warning_count == 0
    assert r.summary == {"units": 2, "posts": 0, "staff": 3, "errors": 3, "warnings": 0, "infos": 0}
    assert {"unit": "U1", "category": "administrative", "approved": 1, "occupied": 2,
            "vacant": 0, "over": 1} in r.occupancy  # fmt: skip
    assert r.leadership == [{"unit": "U1", "level": "principal", "approved": 1, "actual": 1}]
    assert len(r) == 3


def test_english_messages_and_default_as_of_from_document() -> None:
    r = bianzhi.validate(bianzhi.Dataset.from_dict(DOC), lang="en")
    assert r.as_of == dt.date(2026, 11, 30)
    assert "over" in r.violations[2].message.lower()
    zh = bianzhi.validate(bianzhi.Dataset.from_dict(DOC)).violations
    assert all(e.message != z.message for e, z in zip(r.violations, zh))
    assert [e.code for e in r.violations] == [z.code for z in zh]


def test_frames_out() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    r = report()
    df = r.to_pandas()
    assert list(df.columns) == list(bianzhi.VIOLATION_FIELDS)
    assert df["code"].tolist() == [v.code for v in r.violations]
    assert df["expected"].tolist()[2] == 1 and pd.isna(df["expected"].tolist()[0])
    t = r.to_arrow()
    assert isinstance(t, pa.Table) and t.num_rows == 3
    assert t.schema.field("actual").type == pa.int64()
    assert t.column("unit").to_pylist() == [v.unit for v in r.violations]
    occ = r.occupancy_frame()
    assert occ.to_dict("records") == r.occupancy
    assert r.leadership_frame().to_dict("records") == r.leadership


def test_empty_report_frames_have_columns() -> None:
    pytest.importorskip("pandas")
    ds = bianzhi.Dataset.from_dict({"units": [], "staff": []})
    r = bianzhi.validate(ds, as_of=dt.date(2026, 1, 1))
    assert r.ok and r.violations == []
    assert list(r.to_pandas().columns) == list(bianzhi.VIOLATION_FIELDS)
    assert len(r.to_arrow()) == 0


# ---------------------------------------------------------------- exceptions


def test_threads_give_the_one_thread_report() -> None:
    ds = bianzhi.Dataset.generate(3000, seed=4)
    one = bianzhi.validate(ds, as_of="2026-11-30", threads=1)
    assert one.violations, "the dataset must produce findings for the comparison to mean much"
    for threads in (0, 2, 3, 7):
        assert bianzhi.validate(ds, as_of="2026-11-30", threads=threads).violations == one.violations
    with pytest.raises(ValueError):
        bianzhi.validate(ds, threads=-1)
    with pytest.raises(TypeError):
        bianzhi.validate(ds, threads="2")  # type: ignore[arg-type]


def test_generate_is_the_cli_roster() -> None:
    ds = bianzhi.Dataset.generate(1000, seed=2)
    assert (ds.unit_count, ds.post_count, ds.staff_count) == (20, 200, 1000)
    assert ds.to_json() == bianzhi.Dataset.generate(1000, seed=2).to_json()
    assert ds.to_json() != bianzhi.Dataset.generate(1000, seed=3).to_json()
    with pytest.raises(ValueError):
        bianzhi.Dataset.generate(-1)


def test_exception_hierarchy() -> None:
    for cls in (bianzhi.InputError, bianzhi.SchemeError, bianzhi.IdentifierError):
        assert issubclass(cls, bianzhi.BianzhiError) and issubclass(cls, ValueError)


def test_not_json_names_line_and_column() -> None:
    with pytest.raises(bianzhi.InputError, match="line 3, column 0"):
        bianzhi.Dataset.from_json('{\n  "units": [\n')
    with pytest.raises(bianzhi.InputError, match="no `staff` array"):
        bianzhi.Dataset.from_json('{"units": []}')
    with pytest.raises(bianzhi.InputError, match="not valid JSON at line 1"):
        bianzhi.Dataset.from_json("units: []")


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "roster.json"
    bad.write_text('{"units": [\n', encoding="utf-8")
    with pytest.raises(bianzhi.InputError, match=r"roster\.json: not valid JSON at line 2"):
        bianzhi.Dataset.from_json(bad)
    with pytest.raises(bianzhi.InputError, match="missing.json"):
        bianzhi.Dataset.read(tmp_path / "missing.json")
    with pytest.raises(bianzhi.InputError, match="not UTF-8"):
        bianzhi.Dataset.from_json(b'{"units": [], "staff": [{"name": "\xff"}]}')
    good = tmp_path / "ok.json"
    good.write_text(json.dumps(DOC), encoding="utf-8")
    assert bianzhi.Dataset.read(good).staff_count == 3
    assert bianzhi.Dataset.from_json(str(good)).unit_count == 2


def test_wrong_argument_types_name_the_argument() -> None:
    ds = bianzhi.Dataset.from_dict(DOC)
    cases = [
        (lambda: bianzhi.validate({"units": []}), "dataset"),  # type: ignore[arg-type]
        (lambda: bianzhi.validate(ds, as_of=20261130), "as_of"),  # type: ignore[arg-type]
        (lambda: bianzhi.validate(ds, lang=1), "lang"),  # type: ignore[arg-type]
        (lambda: bianzhi.Dataset.from_dict([]), "document"),  # type: ignore[arg-type]
        (lambda: bianzhi.Dataset.from_json(42), "text_or_path"),  # type: ignore[arg-type]
        (lambda: bianzhi.Dataset.from_frames(units=42, staff=[]), "units"),
        (lambda: bianzhi.Dataset.from_frames(units=[], staff=[1]), "staff"),
        (lambda: bianzhi.check_id_number(11010519491231002), "s"),  # type: ignore[arg-type]
        (lambda: bianzhi.retirement(1970, "male"), "birth"),  # type: ignore[arg-type]
        (lambda: bianzhi.assess(42, []), "scheme"),  # type: ignore[arg-type]
        (lambda: bianzhi.assess("civil_servant_annual", 3), "people"),
    ]
    for call, arg in cases:
        with pytest.raises(TypeError, match=arg):
            call()


def test_bad_values_are_value_errors() -> None:
    ds = bianzhi.Dataset.from_dict(DOC)
    with pytest.raises(ValueError, match="as_of"):
        bianzhi.validate(ds, as_of="30.11.2026")
    with pytest.raises(ValueError, match="lang"):
        bianzhi.validate(ds, lang="fr")
    with pytest.raises(ValueError, match="group"):
        bianzhi.retirement("1970-06", "robot")


def test_data_problems_are_findings_not_exceptions() -> None:
    ds = bianzhi.Dataset.from_json(
        '{"units": [{"id": "U1", "kind": "organ"}, 5], "staff": [{"id": "S1", "name": "x", '
        '"unit": "U1", "status": "已婚"}]}'
    )
    r = bianzhi.validate(ds, as_of="2026-11-30")
    assert [(v.code, v.array, v.index) for v in r.violations] == [
        ("INVALID_RECORD", "units", 0),
        ("INVALID_RECORD", "units", 1),
        ("INVALID_RECORD", "staff", 0),
    ]
    # A missing field is named itself; a record that is not an object has no field.
    assert [i["field"] for i in ds.issues] == ["name", None, "status"]
    assert "name" in ds.issues[0]["reason"] and all(i["skipped"] for i in ds.issues)


# ---------------------------------------------------------------- pickling


def test_pickle_round_trip_keeps_load_issues() -> None:
    ds = bianzhi.Dataset.from_dict(DOC)
    ds2 = pickle.loads(pickle.dumps(ds))
    assert isinstance(ds2, bianzhi.Dataset)
    assert ds2.issues == ds.issues and ds2.issues  # the skipped S3 is still reported
    assert bianzhi.validate(ds2) == bianzhi.validate(ds)
    r = report()
    r2 = pickle.loads(pickle.dumps(r))
    assert r2 == r and r2.violations == r.violations and r2.occupancy == r.occupancy
    assert pickle.loads(pickle.dumps(r.violations[0])) == r.violations[0]


# ---------------------------------------------------------------- threads


def big_dataset(n: int = 3000) -> bianzhi.Dataset:
    rng = random.Random(7)
    units = [{"id": f"U{i}", "name": f"单位{i}", "kind": "organ",
              "quotas": {"administrative": rng.randint(0, 20)}} for i in range(100)]  # fmt: skip
    staff = [
        {"id": f"S{i}", "name": f"人员{i}", "unit": f"U{rng.randrange(110)}",
         "establishment": rng.choice(["administrative", "institution", None]),
         "birth_date": f"{rng.randint(1955, 2000)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"}
        for i in range(n)
    ]  # fmt: skip
    return bianzhi.Dataset.from_dict({"units": units, "staff": staff})


def test_eight_threads_same_result() -> None:
    ds = big_dataset()
    want = bianzhi.validate(ds, as_of="2026-11-30").to_json()
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda _: bianzhi.validate(ds, as_of="2026-11-30").to_json(), range(16)))
    assert len(want) > 1000 and all(g == want for g in got)


# ---------------------------------------------------------------- identifiers


def reference_check_char(body: str) -> str:
    """ISO 7064 MOD 11-2, written from the standard: sum of d_i * 2^(17-i) mod 11."""
    s = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(body))
    return "10X98765432"[s % 11]


@settings(max_examples=500)
@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_id_check_char_matches_reference(body: str) -> None:
    assert bianzhi.id_check_char(body) == reference_check_char(body)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)),
       st.integers(0, 999))  # fmt: skip
def test_valid_numbers_are_read_back(birth: dt.date, seq: int) -> None:
    body = f"110105{birth:%Y%m%d}{seq:03d}"
    idn = bianzhi.check_id_number(body + reference_check_char(body))
    assert idn.birth_date == birth and idn.region == "110105" and not idn.legacy
    assert idn.gender == ("male" if seq % 2 else "female")


def test_identifiers() -> None:
    idn = bianzhi.check_id_number("11010519491231002x")
    assert idn == bianzhi.IdNumber(dt.date(1949, 12, 31), "female", "110105", "11010519491231002X", False)
    assert bianzhi.check_id_number("110105491231002").legacy
    with pytest.raises(bianzhi.IdentifierError, match="check character"):
        bianzhi.check_id_number("110105194912310021")
    with pytest.raises(ValueError, match="17"):
        bianzhi.id_check_char("123")
    cc = bianzhi.check_credit_code("91110000600037341L")
    assert cc.code == "91110000600037341L" and cc.region == "110000"
    with pytest.raises(bianzhi.IdentifierError):
        bianzhi.check_credit_code("91110000600037341M")


def test_retirement() -> None:
    assert bianzhi.retirement("1965-12", "male") == (60, 3, "2026-03")
    assert bianzhi.retirement("1971-04-09", "female_55") == (55, 4, "2026-08")
    assert bianzhi.retirement(dt.date(1971, 4, 9), "原55周岁女职工") == (55, 4, "2026-08")
    assert bianzhi.retirement("1970-06", "male").month == "2031-11"
    with pytest.raises(ValueError, match="YYYY-MM"):
        bianzhi.retirement("June 1970", "male")
    with pytest.raises(ValueError, match="out of range"):
        bianzhi.retirement("1970-13", "male")


def test_version() -> None:
    assert bianzhi.__version__.count(".") == 2


def test_report_violations_are_ordinary_frozen_dataclasses() -> None:
    # Report.violations builds the instances without calling __init__: they must behave
    # exactly like ones made by the constructor.
    import copy
    import dataclasses
    import pickle

    report = bianzhi.validate(bianzhi.Dataset.generate(2000, seed=3), as_of="2026-11-30")
    assert len(report.violations) > 10
    for v in report.violations:
        made = bianzhi.Violation(**{f: getattr(v, f) for f in bianzhi.VIOLATION_FIELDS})
        assert v == made and hash(v) == hash(made) and repr(v) == repr(made)
        assert pickle.loads(pickle.dumps(v)) == v and copy.deepcopy(v) == v
        assert dataclasses.asdict(v) == v.to_dict()
    v = report.violations[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.code = "OTHER"  # type: ignore[misc]
    assert dataclasses.replace(v, code="OTHER").code == "OTHER"
    assert len(set(report.violations)) == len(report.violations)


def test_report_summary_and_rows_equal_the_json_report() -> None:
    report = bianzhi.validate(bianzhi.Dataset.generate(3000, seed=5), as_of="2026-11-30")
    doc = report.to_dict()
    assert report.summary == doc["summary"]
    assert report.occupancy == doc["occupancy"] and len(report.occupancy) > 10
    assert report.leadership == doc["leadership"] and len(report.leadership) > 0
    assert sum(r["over"] for r in report.occupancy) > 0
