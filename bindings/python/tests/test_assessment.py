"""The shared corpus tests/cases/assessment/*.json through bianzhi.assess, with the matching
rules of crates/bianzhi/tests/assessment_cases.rs; people given as a table give the same
outcomes as people given as dicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import bianzhi
from conftest import load_cases, read_case

CASES = load_cases("assessment")


def text_of(v: Any) -> str:
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def check_subset(what: str, expected: List[Dict[str, Any]], actual: List[Dict[str, Any]]) -> None:
    assert len(actual) == len(expected), f"{what}: {len(actual)} entries, expected {len(expected)}"
    for i, (e, a) in enumerate(zip(expected, actual)):
        for k, ev in e.items():
            if k.endswith("_contains"):
                field = k[: -len("_contains")]
                got = text_of(a[field]) if field in a else ""
                assert text_of(ev) in got, f"{what}[{i}].{field}: {got!r} lacks {text_of(ev)!r}"
            else:
                assert a.get(k) == ev, f"{what}[{i}].{k}: expected {ev!r}, got {a.get(k)!r}"


def test_corpus_is_there() -> None:
    assert CASES


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_assessment_case(path: Path) -> None:
    case = read_case(path)
    doc = case["input"]
    if "expected_error" in case:
        err = case["expected_error"]
        cls = bianzhi.SchemeError if err["kind"] == "scheme" else bianzhi.InputError
        with pytest.raises(cls) as info:
            bianzhi.assess_document(doc)
        assert err.get("contains", "") in str(info.value)
        other = bianzhi.InputError if cls is bianzhi.SchemeError else bianzhi.SchemeError
        assert not isinstance(info.value, other)
        return
    out = bianzhi.assess_document(doc)
    exp = case["expected"]
    if "errors" in exp:
        assert out["errors"] == exp["errors"]
    if "findings" in exp:
        check_subset("findings", exp["findings"], out["findings"])
    if "outcomes" in exp:
        check_subset("outcomes", exp["outcomes"], out["outcomes"])
        again = bianzhi.assess(doc["scheme"], doc["people"], doc.get("units"), as_of=doc.get("as_of"))
        assert again == out["outcomes"]
    if "distribution" in exp:
        check_subset("distribution", exp["distribution"], out["distribution"])


def flat_people(people: List[Dict[str, Any]]) -> bool:
    return all(not isinstance(v, dict) for p in people for v in p.values()) and all(
        not isinstance(x, (dict, list)) for p in people for v in p.values()
        if isinstance(v, list) for x in v
    )  # fmt: skip


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_people_as_a_table(path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    case = read_case(path)
    doc = case["input"]
    people = doc.get("people")
    if "expected" not in case or not isinstance(people, list) or not people or not flat_people(people):
        pytest.skip("people are not table-shaped")
    cols = sorted({k for p in people for k in p})
    try:
        table = pa.Table.from_pylist([{c: p.get(c) for c in cols} for p in people])
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pytest.skip("mixed-type column")
    want = bianzhi.assess(doc["scheme"], people, doc.get("units"), as_of=doc.get("as_of"))
    assert bianzhi.assess(doc["scheme"], table, doc.get("units"), as_of=doc.get("as_of")) == want


def test_scheme_errors() -> None:
    with pytest.raises(bianzhi.SchemeError, match="no_such_preset"):
        bianzhi.assess("no_such_preset", [])
    with pytest.raises(ValueError):
        bianzhi.assess({"name": "x", "grades": [], "weigths": 1}, [])
    # A record that cannot be read is that person's error, not an exception.
    out = bianzhi.assess("civil_servant_annual", [{"id": "A", "score": "lots"}, {"id": "B", "score": 80}])
    assert "people[0] (A).score" in out[0]["error"] and out[0]["grade"] is None
    assert (out[1]["error"], out[1]["grade"]) == (None, "称职")
    with pytest.raises(bianzhi.InputError, match="people"):
        bianzhi.assess_document({"scheme": "civil_servant_annual", "people": {"id": "A"}})
