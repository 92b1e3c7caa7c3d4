"""The partition API for the distributed drivers (``bianzhi.dask``, ``bianzhi.spark``).

No engine is imported here: the drivers move rows, every rule runs in the core
(``bianzhi::validate::partition``). A roster is validated as

1. ``Plan.keys()``: unit → partition key (the unit's pool), from the core's own tree;
2. ``Plan.run(staff)`` on each partition (all staff of a key together, with a column of
   their record numbers in the whole roster): one ``local`` row (the partition's findings
   and counts, serialised) and one ``cand`` row per candidate for the global rules;
3. ``global_findings(candidates)`` on each group of candidates with equal key;
4. ``Plan.finish(locals, globals)``: the rules over units once, on the driver.
"""

from __future__ import annotations

import datetime as _dt
import math
import warnings
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from . import Dataset, Report, _bianzhi, _date_text

#: The column of a staff row's record number (from 0) in the whole roster.
RECORD = "__bianzhi_record"
#: The column of a staff row's partition key (its pool's unit id; empty: no pool).
KEY = "__bianzhi_key"
#: The columns of a partition's result rows.
RESULT_COLUMNS = ("kind", "key", "record", "payload")
#: The partition results as a Spark DDL schema.
RESULT_DDL = "kind string, key string, record long, payload binary"


def unit_column(columns: Sequence[Any]) -> Optional[str]:
    """The staff column that names each person's unit (``unit`` or a Chinese header)."""
    for c in columns:
        if isinstance(c, str) and _bianzhi.staff_field(c) == "unit":
            return c
    return None


def unit_text(v: Any) -> str:
    """A unit cell as the loader reads an id: text trimmed, whole numbers without ``.0``."""
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if v.is_integer():
            return str(int(v))
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    return str(v).strip()


class Plan:
    """What every partition needs besides its staff: units, posts, duties and settings
    (small, shipped to the workers), the evaluation date and the language."""

    def __init__(
        self,
        units: Any,
        posts: Any = None,
        duties: Any = None,
        *,
        as_of: "str | _dt.date",
        lang: str = "zh",
        settings: Optional[Mapping[str, Any]] = None,
        pools: Optional[List[Mapping[str, Any]]] = None,
        norms: Optional[List[Mapping[str, Any]]] = None,
    ) -> None:
        if as_of is None:
            raise TypeError("as_of is required: every partition must check on the same date")
        self.as_of = _date_text(as_of, "as_of")
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
        self.lang = lang
        self.units, self.posts, self.duties = units, posts, duties
        self.settings, self.pools, self.norms = settings, pools, norms
        self._units_ds: Optional[Dataset] = None

    def __getstate__(self) -> Dict[str, Any]:
        d = dict(self.__dict__)
        d["_units_ds"] = None
        return d

    def dataset(self, staff: Any) -> Dataset:
        """A dataset of these units, posts and settings with ``staff``."""
        with warnings.catch_warnings():
            # Unknown columns are reported once, by the driver's own load.
            warnings.simplefilter("ignore", UserWarning)
            return Dataset.from_frames(
                self.units,
                staff,
                self.posts,
                self.duties,
                as_of=self.as_of,
                settings=self.settings,
                pools=self.pools,
                norms=self.norms,
            )

    def units_dataset(self) -> Dataset:
        if self._units_ds is None:
            self._units_ds = self.dataset([])
        return self._units_ds

    def keys(self) -> Dict[str, str]:
        """Unit id → partition key."""
        return {unit: key for unit, _, key in _bianzhi.pool_map(self.units_dataset()._ds)}

    def run(self, staff: Any, records: Sequence[int]) -> Tuple[bytes, List[str], List[int], List[bytes]]:
        """Validates one partition: ``staff`` without the helper columns, in increasing
        ``records``. Returns the local payload and the candidates (keys, records, payloads)."""
        ds = self.dataset(staff)
        return _bianzhi.validate_partition(ds._ds, [int(r) for r in records], self.as_of, self.lang)

    def finish(self, locals_: Sequence[bytes], globals_: Sequence[bytes]) -> Report:
        """The report of the whole roster."""
        units = self.units_dataset()
        report = Report(_bianzhi.finish(units._ds, self.as_of, self.lang, list(locals_), list(globals_)))
        report._dataset = units
        return report


def global_findings(keys: Sequence[str], records: Sequence[int], payloads: Sequence[bytes], lang: str) -> bytes:
    """The findings across partitions of a group of candidates (every candidate of its keys)."""
    return _bianzhi.global_findings(list(keys), [int(r) for r in records], [bytes(p) for p in payloads], lang)


def result_rows(plan: Plan, staff: Any, records: Sequence[int]) -> Dict[str, List[Any]]:
    """The result rows of a partition as columns (``RESULT_COLUMNS``)."""
    local, keys, recs, payloads = plan.run(staff, records)
    n = len(keys)
    return {
        "kind": ["local"] + ["cand"] * n,
        "key": [""] + keys,
        "record": [-1] + recs,
        "payload": [local] + payloads,
    }


class DistributedReport:
    """The report of a distributed validation: ``violations`` and ``occupancy`` as frames
    of the engine that ran it, and ``report``, the :class:`bianzhi.Report` on the driver
    (equal to ``bianzhi.validate`` of the whole roster)."""

    def __init__(self, report: Report, violations: Any, occupancy: Any) -> None:
        self.report = report
        self.violations = violations
        self.occupancy = occupancy

    def __repr__(self) -> str:
        return f"<bianzhi.DistributedReport {self.report!r}>"
