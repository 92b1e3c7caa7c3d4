"""Working days (工作日) from Python, and the shared corpora tests/cases/workdays and
tests/cases/rectification with the matching rules of crates/bianzhi/tests/plan_corpus.rs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, List

import pytest

import bianzhi
from bianzhi import _bianzhi
from conftest import load_cases, read_case

WORKDAYS = load_cases("workdays")
LEDGERS = load_cases("rectification")


def matches(expected: Any, actual: Any, path: str, errors: List[str]) -> None:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for k, ev in expected.items():
            if k in actual:
                matches(ev, actual[k], f"{path}.{k}", errors)
            elif ev is not None:
                errors.append(f"{path}.{k}: missing (expected {ev!r})")
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            errors.append(f"{path}: expected {len(expected)} elements, got {len(actual)}")
            return
        for i, (e, a) in enumerate(zip(expected, actual)):
            matches(e, a, f"{path}[{i}]", errors)
    elif expected != actual or type(expected) is not type(actual):
        errors.append(f"{path}: expected {expected!r}, got {actual!r}")


def test_corpora_are_there() -> None:
    assert WORKDAYS and LEDGERS


@pytest.mark.parametrize("path", WORKDAYS, ids=lambda p: p.stem)
def test_workdays_case(path: Path) -> None:
    case = read_case(path)
    text = json.dumps(case["input"], ensure_ascii=False)
    if "expected_error" in case:
        with pytest.raises(bianzhi.InputError) as info:
            _bianzhi.workdays_json(text)
        assert case["expected_error"]["contains"] in str(info.value)
        return
    errors: List[str] = []
    matches(case["expected"], json.loads(_bianzhi.workdays_json(text)), "$", errors)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("path", LEDGERS, ids=lambda p: p.stem)
def test_rectification_case(path: Path) -> None:
    case = read_case(path)
    if "expected_error" in case:
        with pytest.raises(bianzhi.InputError) as info:
            bianzhi.rectification(case["input"], as_of=case.get("as_of"))
        assert case["expected_error"]["contains"] in str(info.value)
        return
    errors: List[str] = []
    out = bianzhi.rectification(case["input"], as_of=case.get("as_of"))
    matches(case["expected"], out, "$", errors)
    assert not errors, "\n".join(errors)


def test_functions_across_national_day_and_spring_festival() -> None:
    # 2026-09-30 + 3: 10-01..07 off, 10-08, 10-09, 10-10 (Sat, 调休).
    assert bianzhi.add_workdays("2026-09-30", 3) == dt.date(2026, 10, 10)
    assert bianzhi.add_workdays(dt.date(2026, 2, 24), -1) == dt.date(2026, 2, 14)
    assert bianzhi.workdays_between("2026-02-13", dt.date(2026, 2, 28)) == 6
    assert bianzhi.workdays_between("2026-02-28", "2026-02-13") == -6
    assert bianzhi.is_workday("2026-10-10") is True
    assert bianzhi.is_workday(dt.date(2025, 2, 4)) is False  # 春节 2025, a Tuesday


def test_unknown_year_and_user_calendar(tmp_path: Path) -> None:
    with pytest.raises(bianzhi.InputError, match="2027"):
        bianzhi.is_workday("2027-01-04")
    cal = {"years": {"2027": {"holidays": [["2027-01-01", "2027-01-01"]], "workdays": []}}}
    assert bianzhi.add_workdays("2026-12-30", 3, calendar=cal) == dt.date(2027, 1, 5)
    f = tmp_path / "cal.json"
    f.write_text(json.dumps(cal), encoding="utf-8")
    assert bianzhi.is_workday("2027-01-01", calendar=f) is False
    assert bianzhi.is_workday("2027-01-04", calendar=str(f)) is True
    with pytest.raises(bianzhi.InputError, match="weekday"):
        bianzhi.is_workday("2027-01-04", calendar={"years": {"2027": {"workdays": ["2027-01-04"]}}})
    with pytest.raises(TypeError):
        bianzhi.add_workdays("2026-09-30", 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        bianzhi.is_workday("2026-09-30", calendar=3)  # type: ignore[arg-type]
