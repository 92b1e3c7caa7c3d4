"""The shared corpus tests/cases/validation/*.json, through Python, with the comparison
rules of crates/bianzhi/tests/conformance.rs; then the same datasets as pandas, polars and
pyarrow tables must give the same report as the JSON document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import bianzhi
from conftest import load_cases, read_case

CASES = load_cases("validation")
KEYS = ("code", "unit", "staff", "post", "duty")
EXTRA_KEYS = ("excess_staff", "amount", "expected", "actual", "category")


def project(v: Dict[str, Any]) -> Tuple[Any, ...]:
    return tuple(v.get(k) for k in KEYS)


def test_corpus_is_there() -> None:
    assert len(CASES) >= 1


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_validation_case(path: Path) -> None:
    case = read_case(path)
    ds_text = case["dataset"] if isinstance(case["dataset"], str) else json.dumps(case["dataset"])
    if "expected_error" in case:
        want = case["expected_error"]["contains"]
        with pytest.raises(bianzhi.InputError) as info:
            bianzhi.Dataset.from_json(ds_text)
        assert want in str(info.value)
        return
    ds = bianzhi.Dataset.from_json(ds_text)
    report = bianzhi.validate(ds, as_of=case["as_of"], lang=case.get("lang", "zh"))
    got = report.to_dict()
    exp = case["expected"]
    assert [project(v) for v in got["violations"]] == [project(v) for v in exp["violations"]]
    for g, w in zip(got["violations"], exp["violations"]):
        for k in EXTRA_KEYS:
            if k in w:
                assert g.get(k) == w[k], (k, g)
    # The Violation objects carry exactly the keys of the JSON report.
    assert [v.to_dict() for v in report.violations] == [
        {k: tuple(v.get(k) or ()) if k == "excess_staff" else v.get(k) for k in bianzhi.VIOLATION_FIELDS}
        for v in got["violations"]
    ]
    for key in ("occupancy", "leadership"):
        if key in exp:
            assert got[key] == exp[key], key
    for s in exp.get("message_contains", []):
        assert any(s in v.message for v in report.violations), s
    assert report.error_count == sum(v.severity == "error" for v in report.violations)
    assert report.ok == (report.error_count == 0)


# ---------------------------------------------------------------- every input form

TABLES = ("units", "staff", "posts", "duties")


def flatten(rec: Dict[str, Any], prefix: str = "") -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for k, v in rec.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def tabular(case: Dict[str, Any]) -> Optional[Tuple[Dict[str, List[Dict[str, Any]]], Dict[str, Any]]]:
    """The case's dataset as flat rows per table, or None when it cannot be a table."""
    doc = case["dataset"]
    if not isinstance(doc, dict) or "units" not in doc or "staff" not in doc:
        return None
    tables: Dict[str, List[Dict[str, Any]]] = {}
    for t in TABLES:
        recs = doc.get(t)
        if recs is None:
            continue
        if not isinstance(recs, list) or not all(isinstance(r, dict) for r in recs):
            return None
        rows = [flatten(r) for r in recs]
        cols = sorted({c for r in rows for c in r})
        for r in rows:
            for c in cols:
                # a null and an absent field differ in JSON (null status is an error) but not
                # in a table: such cases are not table-shaped
                if c in r and r[c] is None and c not in ("parent", "post", "leadership", "working_unit"):
                    return None
                if isinstance(r.get(c), list) and any(isinstance(x, (dict, list)) for x in r[c]):
                    return None
        tables[t] = [{c: r.get(c) for c in cols} for r in rows]
    rest = {k: doc[k] for k in ("as_of", "settings", "pools", "norms") if k in doc}
    return tables, rest


def comparable(report: bianzhi.Report) -> Dict[str, Any]:
    d = report.to_dict()
    # UNKNOWN_FIELD is about a record's key in JSON and about a column (once) in a table.
    unknown = [v for v in d["violations"] if v["code"] == "UNKNOWN_FIELD"]
    d["violations"] = [v for v in d["violations"] if v["code"] != "UNKNOWN_FIELD"]
    d["summary"]["warnings"] -= len(unknown)
    for v in d["violations"]:
        if v["code"] == "INVALID_RECORD":
            v.pop("message")  # the reason text may name the cell differently
    return d


def build(form: str, rows: List[Dict[str, Any]]) -> Any:
    if form == "pyarrow":
        pa = pytest.importorskip("pyarrow")
        return pa.Table.from_pylist(rows)
    if form == "pandas":
        pd = pytest.importorskip("pandas")
        return pd.DataFrame(rows)
    if form == "polars":
        pl = pytest.importorskip("polars")
        return pl.DataFrame(rows, strict=False, infer_schema_length=None)
    return rows  # list of dicts


@pytest.mark.parametrize("form", ["rows", "pyarrow", "pandas", "polars"])
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_same_report_from_every_input_form(path: Path, form: str) -> None:
    case = read_case(path)
    if "expected" not in case:
        pytest.skip("load-error case")
    if any(v["code"] == "UNKNOWN_FIELD" for v in case["expected"]["violations"]):
        # A misspelt key is per record in JSON; as a column it may even be an accepted
        # header spelling (`quota.administrative`). test_issue15.py covers tables.
        pytest.skip("unknown keys read differently as table columns")
    shaped = tabular(case)
    if shaped is None:
        pytest.skip("dataset is not table-shaped (null fields or nested lists)")
    tables, rest = shaped
    try:
        frames = {t: build(form, rows) for t, rows in tables.items()}
    except Exception as e:  # mixed-type columns cannot become a typed column
        pytest.skip(f"{form} cannot hold this table: {type(e).__name__}")
    want = bianzhi.validate(bianzhi.Dataset.from_dict(case["dataset"]), as_of=case["as_of"])
    ds = bianzhi.Dataset.from_frames(
        frames["units"], frames["staff"], frames.get("posts"), frames.get("duties"), **rest
    )
    got = bianzhi.validate(ds, as_of=case["as_of"])
    assert comparable(got) == comparable(want)
