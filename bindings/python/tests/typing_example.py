"""A usage example type-checked with `mypy --strict` against the shipped stubs."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List

import bianzhi


def main() -> int:
    ds: bianzhi.Dataset = bianzhi.Dataset.from_json('{"units": [], "staff": []}')
    ds2 = bianzhi.Dataset.from_dict({"units": [], "staff": []})
    report: bianzhi.Report = bianzhi.validate(ds, as_of=dt.date(2026, 11, 30), lang="en")
    ok: bool = report.ok
    n: int = report.error_count + report.warning_count + ds2.staff_count
    first: List[bianzhi.Violation] = report.violations
    codes: List[str] = [v.code for v in first]
    expected: List[int | None] = [v.expected for v in first]
    occupancy: List[Dict[str, Any]] = report.occupancy
    when: dt.date = report.as_of
    text: str = report.to_json()
    idn: bianzhi.IdNumber = bianzhi.check_id_number("11010519491231002X")
    born: dt.date = idn.birth_date
    years, months, month = bianzhi.retirement("1970-06", "male")
    check: str = bianzhi.id_check_char("11010519491231002")
    cc: bianzhi.CreditCode = bianzhi.check_credit_code("91110000600037341L")
    try:
        bianzhi.Dataset.from_json("{")
    except bianzhi.InputError as e:
        msg: str = str(e)
        del msg
    del ok, n, codes, expected, occupancy, when, text, born, check, cc
    return years * 12 + months + len(month)


if __name__ == "__main__":
    raise SystemExit(0 if main() > 0 else 1)
