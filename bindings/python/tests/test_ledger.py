"""The establishment ledger from Python: the shared corpus tests/cases/ledger (same matching
rules as the Rust and C runners), frames, snapshot and report, diff, reconcile, request and
the typed errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import bianzhi
from conftest import load_cases, read_case

CASES = load_cases("ledger")


def subset(expected: Any, actual: Any, path: str, errors: List[str]) -> None:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for k, ev in expected.items():
            if k in actual:
                subset(ev, actual[k], f"{path}.{k}", errors)
            elif ev is not None:
                errors.append(f"{path}.{k}: missing")
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            errors.append(f"{path}: expected {len(expected)} elements, got {len(actual)}")
            return
        for i, (e, a) in enumerate(zip(expected, actual)):
            subset(e, a, f"{path}[{i}]", errors)
    elif expected != actual or type(expected) is not type(actual):
        errors.append(f"{path}: expected {expected!r}, got {actual!r}")


def test_corpus_is_there() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_ledger_case(path: Path) -> None:
    case = read_case(path)
    result = bianzhi.Ledger.from_dict(case["input"]).apply()
    actual: Dict[str, Any] = result.to_dict()
    actual["report"] = json.loads(result.report.to_json())
    errors: List[str] = []
    subset(case["expected"], actual, "$", errors)
    assert not errors, "\n".join(errors)
    for row in result.changes:
        ex = sum(row["exited"].values())
        assert row["closing_approved"] == (row["opening_approved"] + row["approved_in"]
                                           - row["approved_out"] + row["transferred_in"]
                                           - row["transferred_out"])
        assert row["closing_occupied"] == (row["opening_occupied"] + row["enrolled"]
                                           + row["moved_in"] - row["moved_out"] - ex)


LEDGER = {
    "opening": {
        "as_of": "2025-12-31",
        "units": [{"id": "U5", "name": "县农技中心", "kind": "institution", "quotas": {"institution": 3}}],
        "staff": [{"id": "S1", "name": "张三", "unit": "U5", "establishment": "institution"}],
    },
    "events": [
        {"id": "E1", "date": dt.date(2026, 1, 10), "type": "用编核准", "unit": "U5", "category": "事业", "count": 2},
        {"id": "E2", "date": "2026-01-11", "type": "reserve", "unit": "U5", "category": "institution", "count": 1},
        {"id": "E3", "date": "2026-02-01", "type": "入编", "unit": "U5", "category": "事业", "reservation": "E1",
         "person": {"id": "S2", "name": "赵六"}},
    ],
}


def test_frames_snapshot_and_report() -> None:
    r = bianzhi.Ledger(LEDGER).apply(as_of="2026-02-28")
    assert r.as_of == dt.date(2026, 2, 28)
    assert [d["status"] for d in r.decisions] == ["approved", "rejected", "approved"]
    assert r.decisions[1]["code"] == "NO_VACANCY"
    assert (r.decisions[1]["requested"], r.decisions[1]["available"]) == (1, 0)
    # 3 approved, 2 occupied (S1, S2), 1 still reserved by E1, 0 free.
    assert r.balances == [{"unit": "U5", "category": "institution", "approved": 3, "occupied": 2,
                           "reserved": 1, "available": 0, "over": 0}]
    df = r.decisions_frame()
    assert list(df["event"]) == ["E1", "E2", "E3"]
    changes = r.changes_frame("pandas")
    assert changes.loc[0, "enrolled"] == 1 and changes.loc[0, "exited_retired"] == 0
    assert r.balances_frame("polars")["available"].to_list() == [0]
    assert r.changes_frame("pyarrow").num_rows == 1
    assert isinstance(r.snapshot, bianzhi.Dataset)
    assert isinstance(r.report, bianzhi.Report) and r.report.ok
    assert bianzhi.validate(r.snapshot, as_of="2026-02-28").ok
    with pytest.raises(ValueError):
        r.decisions_frame("excel")


def test_english_and_a_split_replay() -> None:
    led = bianzhi.Ledger.from_json(json.dumps(LEDGER, default=str))
    early = led.apply(as_of="2026-01-10", lang="en")
    assert early.summary["pending"] == 2
    late = led.apply(lang="en")
    assert "fewer than 1" in late.decisions[1]["message"]


def test_request_on_a_dataset_and_on_a_ledger() -> None:
    ds = bianzhi.Dataset.from_dict(LEDGER["opening"])
    ok = bianzhi.request(ds, "U5", "事业", 2, "2026-03-01")
    assert ok["status"] == "approved" and ok["available"] == 2
    led = bianzhi.Ledger(LEDGER)
    no = bianzhi.request(led, "U5", "institution", 1, dt.date(2026, 3, 1))
    assert no["status"] == "rejected" and no["code"] == "NO_VACANCY" and no["available"] == 0
    assert bianzhi.request(ds, "U9", "事业", 1, "2026-03-01")["code"] == "UNKNOWN_UNIT"
    with pytest.raises(ValueError):
        bianzhi.request(ds, "U5", "事业", 0, "2026-03-01")
    with pytest.raises(ValueError):
        bianzhi.request(ds, "U5", "事业", 1, "March")
    with pytest.raises(TypeError):
        bianzhi.request("U5", "U5", "事业", 1, "2026-03-01")  # type: ignore[arg-type]


def test_bad_documents_are_input_errors() -> None:
    with pytest.raises(bianzhi.InputError, match="opening"):
        bianzhi.Ledger({"events": []}).apply()
    with pytest.raises(bianzhi.InputError, match="unknown key"):
        bianzhi.Ledger({"opening": LEDGER["opening"], "event": []}).apply()
    # A bad event is not an exception: it is that event's rejection.
    doc = dict(LEDGER, events=[{"id": "E1", "date": "2026-13-01", "type": "reserve"}])
    r = bianzhi.Ledger(doc).apply(as_of="2026-12-31")
    assert r.decisions[0]["code"] == "INVALID_EVENT" and r.decisions[0]["field"] == "date"


def test_diff_and_reconcile() -> None:
    old = bianzhi.Dataset.from_dict({
        "units": [{"id": "U1", "name": "县委办", "kind": "organ", "quotas": {"administrative": 2}}],
        "staff": [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative",
                   "id_number": "110105491231002"},
                  {"id": "S2", "name": "李四", "unit": "U1", "establishment": "administrative"}]})
    new = bianzhi.Dataset.from_dict({
        "units": [{"id": "U1", "name": "县委办", "kind": "organ", "quotas": {"administrative": 3}}],
        "staff": [{"id": "A1", "name": "张三", "unit": "U1", "establishment": "administrative",
                   "id_number": "11010519491231002x"}]})
    d = bianzhi.diff(old, new)
    assert [p["staff"] for p in d["left"]] == ["S2"] and d["joined"] == []
    assert d["quota_changes"] == [{"unit": "U1", "category": "administrative", "old": 2, "new": 3, "delta": 1}]
    pd = pytest.importorskip("pandas")
    payroll = pd.DataFrame({"身份证号": ["11010519491231002X", "440305198507155017"], "姓名": ["张三", "王五"]})
    r = bianzhi.reconcile(new, [{"id_number": "110105491231002"}], payroll)
    assert [x["id_number"] for x in r["ghost_payroll"]] == ["440305198507155017"]
    assert r["summary"]["matched"] == 1
    with pytest.raises(TypeError):
        bianzhi.diff(old, {})  # type: ignore[arg-type]
