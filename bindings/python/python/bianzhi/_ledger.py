"""The establishment ledger (机构编制台账), roster diff and 实名制 reconciliation.

The logic is the core's (``docs/ledger.md``); this module converts arguments and results.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from . import _bianzhi
from . import Dataset, Report, _date_text, _dumps, _type_name

PathLike = Union[str, "_os.PathLike[str]"]

__all__ = ["Ledger", "LedgerResult", "diff", "reconcile", "request"]


def _frame(rows: List[Dict[str, Any]], engine: str) -> Any:
    if engine == "pandas":
        import pandas

        return pandas.DataFrame(rows)
    if engine == "polars":
        import polars

        return polars.DataFrame(rows)
    if engine == "pyarrow":
        import pyarrow

        return pyarrow.Table.from_pylist(rows)
    raise ValueError(f"engine must be 'pandas', 'polars' or 'pyarrow', got {engine!r}")


class LedgerResult:
    """A ledger replayed to a date: decisions, balances, the change table, reservations,
    findings, the snapshot (a :class:`Dataset`) and its validation :class:`Report`."""

    def __init__(self, data: Dict[str, Any], snapshot: Dataset, report: Report) -> None:
        self._data = data
        self.snapshot = snapshot
        self.report = report

    @property
    def as_of(self) -> _dt.date:
        return _dt.date.fromisoformat(self._data["as_of"])

    @property
    def summary(self) -> Dict[str, int]:
        s: Dict[str, int] = self._data["summary"]
        return s

    @property
    def decisions(self) -> List[Dict[str, Any]]:
        d: List[Dict[str, Any]] = self._data["decisions"]
        return d

    @property
    def balances(self) -> List[Dict[str, Any]]:
        b: List[Dict[str, Any]] = self._data["balances"]
        return b

    @property
    def changes(self) -> List[Dict[str, Any]]:
        c: List[Dict[str, Any]] = self._data["changes"]
        return c

    @property
    def reservations(self) -> List[Dict[str, Any]]:
        r: List[Dict[str, Any]] = self._data["reservations"]
        return r

    @property
    def findings(self) -> List[Dict[str, Any]]:
        f: List[Dict[str, Any]] = self._data["findings"]
        return f

    def to_dict(self) -> Dict[str, Any]:
        """The JSON output of ``bianzhi ledger --format json`` without the report."""
        return dict(self._data)

    def decisions_frame(self, engine: str = "pandas") -> Any:
        """Decisions as a pandas/polars DataFrame or a pyarrow Table (``engine``)."""
        cols = ("event", "row", "date", "type", "status", "code", "pool", "category",
                "requested", "available", "field", "message")
        return _frame([{k: d.get(k) for k in cols} for d in self.decisions], engine)

    def balances_frame(self, engine: str = "pandas") -> Any:
        """Balances per pool and category (approved, occupied, reserved, available, over)."""
        return _frame(self.balances, engine)

    def changes_frame(self, engine: str = "pandas") -> Any:
        """The change table, exits flattened to ``exited_<reason>`` columns."""
        rows = []
        for c in self.changes:
            row = {k: v for k, v in c.items() if k != "exited"}
            for reason, n in c["exited"].items():
                row[f"exited_{reason}"] = n
            rows.append(row)
        return _frame(rows, engine)

    def __repr__(self) -> str:
        s = self.summary
        return (f"LedgerResult(as_of={self._data['as_of']}, events={s['events']}, "
                f"approved={s['approved']}, rejected={s['rejected']})")


class Ledger:
    """An opening roster and dated events (``docs/ledger.md``). Construct it with
    :meth:`from_json`, :meth:`from_dict` or :meth:`read`; replay it with :meth:`apply`."""

    __slots__ = ("_text", "_path")

    def __init__(self, document: Mapping[str, Any]) -> None:
        """Same as :meth:`from_dict`."""
        if not isinstance(document, Mapping):
            raise TypeError(f"document must be a dict, got {_type_name(document)}")
        self._text: Optional[str] = _dumps(document, "document")
        self._path: Optional[str] = None

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> Ledger:
        """A ledger document held as Python objects (``datetime.date`` values allowed)."""
        return cls(document)

    @classmethod
    def from_json(cls, text_or_path: Union[str, "_os.PathLike[str]"]) -> Ledger:
        """A ledger from JSON text (starting with ``{``) or a JSON file path."""
        if isinstance(text_or_path, str) and text_or_path.lstrip().startswith("{"):
            led = cls.__new__(cls)
            led._text, led._path = text_or_path, None
            return led
        if isinstance(text_or_path, (str, _os.PathLike)):
            return cls.read(text_or_path)
        raise TypeError(f"text_or_path must be str or os.PathLike, got {_type_name(text_or_path)}")

    @classmethod
    def read(cls, path: PathLike) -> Ledger:
        """A ledger file: JSON, or a workbook whose roster sheets are the opening and whose
        事项 sheet holds the events (read when applied)."""
        if not isinstance(path, (str, _os.PathLike)):
            raise TypeError(f"path must be str or os.PathLike, got {_type_name(path)}")
        led = cls.__new__(cls)
        led._text, led._path = None, _os.fspath(path)
        return led

    def _input(self) -> "tuple[str, bool]":
        if self._path is not None:
            return self._path, True
        assert self._text is not None
        return self._text, False

    def apply(self, as_of: Union[str, _dt.date, None] = None, lang: str = "zh") -> LedgerResult:
        """Replays every event dated ≤ ``as_of`` (default: the document's ``as_of``, else the
        last event date). Raises :class:`InputError` when the document cannot be read; a bad
        event is that event's ``INVALID_EVENT`` decision."""
        date = None if as_of is None else _date_text(as_of, "as_of")
        text, is_path = self._input()
        data, snapshot, report = _bianzhi.ledger_apply(text, is_path, date, lang)
        return LedgerResult(_json.loads(data), Dataset._wrap(snapshot), Report(report))


def diff(old: Dataset, new: Dataset) -> Dict[str, Any]:
    """Compares two rosters (年度增减变动): joined, left, moved, category and leadership
    changes, quota changes and the change table per pool and category."""
    for name, ds in (("old", old), ("new", new)):
        if not isinstance(ds, Dataset):
            raise TypeError(f"{name} must be a bianzhi.Dataset, got {_type_name(ds)}")
    result: Dict[str, Any] = _json.loads(_bianzhi.diff_json(old._ds, new._ds))
    return result


def _people(people: Any, name: str) -> str:
    if isinstance(people, (list, tuple)):
        return _dumps(list(people), name)
    from . import _arrow_ready

    return _bianzhi.frame_rows_json(_arrow_ready(people), name)


def reconcile(roster: Dataset, registry: Any, payroll: Any) -> Dict[str, Any]:
    """实名制 reconciliation by normalised 身份证号. ``registry`` and ``payroll`` are lists of
    dicts or frames with an ``id_number`` (身份证号) column and optionally ``name``, ``unit``,
    ``id``. Returns ``ghost_payroll``, ``paid_outside_establishment``, ``stale_holding``,
    ``unpaid_holding``, ``unmatched`` and ``summary``."""
    if not isinstance(roster, Dataset):
        raise TypeError(f"roster must be a bianzhi.Dataset, got {_type_name(roster)}")
    result: Dict[str, Any] = _json.loads(
        _bianzhi.reconcile_json(roster._ds, _people(registry, "registry"), _people(payroll, "payroll"))
    )
    return result


def request(
    source: Union[Dataset, Ledger],
    unit: str,
    category: str,
    count: int,
    date: Union[str, _dt.date],
    lang: str = "zh",
) -> Dict[str, Any]:
    """「能否用编」: may ``count`` places of ``category`` be reserved for ``unit`` on ``date``?
    ``source`` is a dataset (its places) or a ledger (replayed to ``date``). Returns the
    decision: ``status`` approved/rejected, ``code``, ``requested``, ``available``,
    ``message``. Nothing is recorded."""
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"count must be an int, got {_type_name(count)}")
    if count < 1 or count > 2**32 - 1:
        raise ValueError(f"count must be at least 1, got {count}")
    on = _date_text(date, "date")
    if isinstance(source, Dataset):
        out = _bianzhi.request_json(source._ds, None, False, unit, category, count, on, lang)
    elif isinstance(source, Ledger):
        text, is_path = source._input()
        out = _bianzhi.request_json(None, text, is_path, unit, category, count, on, lang)
    else:
        raise TypeError(f"source must be a bianzhi.Dataset or bianzhi.Ledger, got {_type_name(source)}")
    result: Dict[str, Any] = _json.loads(out)
    return result
