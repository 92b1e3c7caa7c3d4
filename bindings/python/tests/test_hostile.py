"""Hostile input through the Python binding: typed exceptions or findings, never a crash.

Mirrors crates/bianzhi/tests/hostile.rs (smaller sizes: the suite must stay fast)."""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, List

import pytest

import bianzhi

UNIT: Dict[str, Any] = {"id": "U1", "name": "某局", "kind": "organ",
                        "quotas": {"administrative": 5}}


def codes(r: bianzhi.Report) -> List[str]:
    return [v.code for v in r.violations]


def timed(limit: float, f: Callable[[], Any]) -> Any:
    t = time.monotonic()
    out = f()
    took = time.monotonic() - t
    assert took < limit, f"took {took:.1f} s (limit {limit} s)"
    return out


def test_deep_nesting_is_a_finding_or_an_error() -> None:
    deep = "[" * 10_000 + "]" * 10_000
    with pytest.raises(bianzhi.BianzhiError):
        bianzhi.Dataset.from_json(deep)
    ds = bianzhi.Dataset.from_json('{"units":[],"staff":[' + deep + "]}")
    assert "INVALID_RECORD" in codes(bianzhi.validate(ds, "2026-06-30"))
    with pytest.raises(bianzhi.BianzhiError):
        bianzhi.assess_document({"a": 1, "people": []})  # no scheme


def test_bad_bytes() -> None:
    for data in [b"\xff\xfe", b'{"units":[],"staff":[]}\xe7\xbc', b"\0", b""]:
        with pytest.raises(bianzhi.BianzhiError):
            bianzhi.Dataset.from_json(data)
    ds = bianzhi.Dataset.from_json(
        '{"units":[],"staff":[{"id":"S1","name":"\\ud800","unit":"U1"}]}')
    assert ds.staff_count == 0 and len(ds.issues) == 1


def test_big_integers_and_duplicate_keys() -> None:
    text = ('{"units":[{"id":"U2","name":"x","kind":"organ",'
            '"quotas":{"administrative":18446744073709551616}},'
            '{"id":"U3","name":"x","kind":"organ","quotas":{"行政":1,"administrative":2}}],'
            '"staff":[]}')
    ds = bianzhi.Dataset.from_json(text)
    assert ds.unit_count == 0 and len(ds.issues) == 2
    with pytest.raises(bianzhi.BianzhiError):
        bianzhi.Dataset.from_json('{"units":[],"staff":[],"units":[]}')


def test_chain_cycle_and_duplicates_are_bounded() -> None:
    n = 20_000
    for cycle in (False, True):
        units = [{"id": f"U{i}", "name": "x", "kind": "organ",
                  **({"parent": f"U{i - 1}"} if i else ({"parent": f"U{n - 1}"} if cycle else {}))}
                 for i in range(n)]
        ds = bianzhi.Dataset.from_dict({"units": units, "staff": []})
        r = timed(20, lambda: bianzhi.validate(ds, "2026-06-30"))
        assert codes(r).count("CYCLE_IN_TREE") == (1 if cycle else 0)
    staff = [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative"}] * n
    ds = bianzhi.Dataset.from_dict({"units": [UNIT], "staff": staff})
    r = timed(20, lambda: bianzhi.validate(ds, "2026-06-30"))
    assert codes(r).count("DUPLICATE_ID") == n - 1


def test_extreme_dates() -> None:
    for d in ["0000-00-00", "9999-12-31", "+275760-09-13"]:
        doc = {"units": [UNIT], "staff": [{"id": "S1", "name": "x", "unit": "U1",
                                           "birth_date": d, "establishment": "administrative"}]}
        bianzhi.validate(bianzhi.Dataset.from_dict(doc), "2026-06-30")


def test_generate_refuses_counts_beyond_its_limit() -> None:
    # Dataset.generate(2**40) aborted the interpreter (memory allocation failed); past
    # MAX_GENERATED_STAFF (10**7, docs/limits.md) it is a typed error.
    for n in (2**40, 10**7 + 1):
        with pytest.raises(bianzhi.InputError, match="at most 10000000"):
            bianzhi.Dataset.generate(n)
    report = bianzhi.validate(bianzhi.Dataset.generate(3, 1), as_of="2026-06-30")
    assert report.summary["staff"] == 3
