"""Staffing plans, organisation evaluation and rectification ledgers from Python: the same
documents and results as the CLI and the C API, with hand-computed expectations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import bianzhi

EFFICIENCY = {
    "method": "efficiency",
    "workload": 4651200,
    "output_per_day": 16,
    "working_days": 251,
    "attendance": 0.95,
}
LEDGER = {
    "as_of": "2026-05-01",
    "tasks": [{"id": "T1", "deadline": "2026-04-30"}, {"id": "T2", "deadline": "2026-05-31"}],
}


def test_plan_efficiency_and_ratio() -> None:
    # 4651200 / (16 × 251 × 0.95) = 4651200 / 3815.2 = 1219.12… → ceil 1220; 9 / 2 → floor 4.
    out = bianzhi.plan(
        {
            "rounding": "ceil",
            "items": [
                EFFICIENCY,
                {"method": "ratio", "served": 9, "per": 2, "rounding": "floor"},
            ],
        }
    )
    assert [i["headcount"] for i in out["items"]] == [1220, 4]
    assert out["total_headcount"] == 1224
    eff = out["items"][0]
    assert eff["exact_2dp"] == "1219.12"
    assert [s["value"] for s in eff["steps"]][0] == "3815.2"
    assert eff["substituted"] == "4651200 / (16 × 251 × 0.95)"


def test_plan_takes_one_item_a_list_and_decimals() -> None:
    one = bianzhi.plan(EFFICIENCY)
    assert one["total_headcount"] == 1220 and len(one["items"]) == 1
    listed = bianzhi.plan([{"method": "ratio", "served": 10, "per": Decimal("4")}])
    # 10 / 4 = 2.5: the default rounding is up (a post cannot be staffed by half a person).
    assert listed["items"][0]["exact"] == "2.5"
    assert (listed["items"][0]["rounding"], listed["total_headcount"]) == ("ceil", 3)
    floor = bianzhi.plan({"rounding": "floor", "items": [{"method": "ratio", "served": 10, "per": 4}]})
    assert floor["total_headcount"] == 2
    assert listed == bianzhi.plan([{"method": "ratio", "served": 10, "per": 4}])


def test_plan_errors_name_the_item_and_parameter() -> None:
    bad = dict(EFFICIENCY, workload=-1)
    with pytest.raises(bianzhi.InputError, match=r"item 1: .*workload") as info:
        bianzhi.plan([{"method": "ratio", "served": 9, "per": 2}, bad])
    assert isinstance(info.value, ValueError)
    with pytest.raises(bianzhi.InputError):
        bianzhi.plan({"method": "no_such_method"})
    with pytest.raises(TypeError, match="dict or a list"):
        bianzhi.plan("efficiency")  # type: ignore[arg-type]


def test_evaluate_default_scheme() -> None:
    # One leadership post over the approved number: that aspect scores 75.00, grade 一般.
    out = bianzhi.evaluate(
        {"scheme": "default", "units": [{"unit": "U1", "facts": {"leadership_excess": 1}}]}
    )
    unit = out["units"][0]
    assert unit["unit"] == "U1"
    scores = {a["id"]: a["score"] for a in unit["aspects"]}
    assert scores["leadership"] == "75.00"
    assert scores["duties"] is None  # no facts given: not scored, not zero
    assert (unit["total"], unit["grade"]) == ("75.00", "一般")
    with pytest.raises(bianzhi.SchemeError, match="no_such_scheme"):
        bianzhi.evaluate({"scheme": "no_such_scheme", "units": []})
    with pytest.raises(TypeError):
        bianzhi.evaluate([])  # type: ignore[arg-type]


def test_evaluate_from_a_validation_report() -> None:
    ds = bianzhi.Dataset.from_dict(
        {
            "units": [
                {
                    "id": "U1",
                    "name": "某局",
                    "kind": "organ",
                    "quotas": {"administrative": 1},
                    "leadership": {"principal": 1},
                }
            ],
            "staff": [
                {"id": f"S{i}", "name": f"人员{i}", "unit": "U1",
                 "establishment": "administrative", "leadership": "principal"}
                for i in range(2)
            ],
        }
    )
    report = bianzhi.validate(ds, as_of="2026-11-30")
    codes = sorted({v.code for v in report.violations})
    assert codes == ["OVER_ESTABLISHMENT", "OVER_LEADERSHIP_QUOTA"]
    out = bianzhi.evaluate({"report": report.to_dict()})
    unit = next(u for u in out["units"] if u["unit"] == "U1")
    scored = {a["id"] for a in unit["aspects"] if a["score"] is not None}
    assert {"establishment", "leadership"} <= scored
    leadership = next(a for a in unit["aspects"] if a["id"] == "leadership")
    assert Decimal(leadership["score"]) < 100


def test_rectification_as_of_document_and_override() -> None:
    out = bianzhi.rectification(LEDGER)
    assert (out["as_of"], out["total"], out["remaining"]) == ("2026-05-01", 2, 2)
    assert [(t["id"], t["overdue_days"]) for t in out["overdue"]] == [("T1", 1)]
    assert out["on_time_rate"]["percent"] == "0.00%"
    later = bianzhi.rectification(LEDGER, as_of=dt.date(2026, 6, 1))
    # T1 overdue 32 days (04-30 → 06-01), T2 one day.
    assert [(t["id"], t["overdue_days"]) for t in later["overdue"]] == [("T1", 32), ("T2", 1)]
    assert later == bianzhi.rectification(LEDGER, as_of="2026-06-01")
    with pytest.raises(ValueError, match="June"):
        bianzhi.rectification(LEDGER, as_of="June")
    with pytest.raises(bianzhi.InputError, match="as_of"):
        bianzhi.rectification({"tasks": [{"id": "T1"}]})
