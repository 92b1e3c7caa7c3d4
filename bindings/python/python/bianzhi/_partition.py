"""The partition API for the distributed drivers (``bianzhi.dask``, ``bianzhi.spark``).

No engine is imported here: the drivers move rows, every rule runs in the core
(``bianzhi::validate::partition``). A roster is validated as

1. ``Plan.keys()``: unit → partition key (the unit's pool), from the core's own tree;
2. ``Plan.run(staff)`` on each partition (all staff of a key together, with a column of
   their record numbers in the whole roster): an Arrow table (``result_table``) of one
   local row (record ``LOCAL``: the partition's findings and counts, serialised) and one
   row per candidate for the global rules (its key's hash, record, compact payload), the
   columns built in Rust (no Python object per row);
3. ``global_findings(candidates)`` on each group of candidates with equal key hash;
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
#: The columns of a partition's result rows: the candidate key's hash (signed 64-bit),
#: the record number (``LOCAL`` on the partition's own row) and the payload.
RESULT_COLUMNS = ("hash", "record", "payload")
#: The partition results as a Spark DDL schema.
RESULT_DDL = "hash long, record long, payload binary"
#: The record number of a partition's local row (its findings and counts).
LOCAL = -1


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
    (small, shipped to the workers), the evaluation date and the language.
    ``staff_columns``: the staff table's header as the partitions see it (the driver's
    own load reports the table's unknown columns once, in the place one process gives
    them)."""

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
        staff_columns: Sequence[str] = (),
    ) -> None:
        if as_of is None:
            raise TypeError("as_of is required: every partition must check on the same date")
        self.as_of = _date_text(as_of, "as_of")
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
        self.lang = lang
        self.units, self.posts, self.duties = units, posts, duties
        self.settings, self.pools, self.norms = settings, pools, norms
        self.staff_columns = [str(c) for c in staff_columns]
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
        """The units, posts and settings, with a staff table of no rows and the staff
        header: the finish reports the issues of the staff table itself from it."""
        if self._units_ds is None:
            staff: Any = []
            if self.staff_columns:
                import pyarrow as pa

                # One row of empty cells (no record: the loader skips it) carries the
                # header; a table of no rows exports no batch, hence no header.
                empty = [pa.array([None], pa.string()) for _ in self.staff_columns]
                staff = pa.Table.from_arrays(empty, names=self.staff_columns)
            self._units_ds = self.dataset(staff)
        return self._units_ds

    def keys(self) -> Dict[str, str]:
        """Unit id → partition key."""
        return {unit: key for unit, _, key in _bianzhi.pool_map(self.units_dataset()._ds)}

    def run(self, staff: Any, records: Any) -> Tuple[bytes, bytes, bytes, bytes, bytes]:
        """Validates one partition: ``staff`` without the helper columns, in increasing
        ``records`` (a sequence or array of record numbers). Returns the local payload
        and the candidate columns as little-endian buffers (hashes, records, payload
        offsets, payload data)."""
        import numpy as np

        ds = self.dataset(staff)
        recs = np.ascontiguousarray(np.asarray(records, dtype="<u8")).tobytes()
        return _bianzhi.validate_partition(ds._ds, recs, self.as_of, self.lang)

    def finish(self, locals_: Sequence[bytes], globals_: Sequence[bytes]) -> Report:
        """The report of the whole roster."""
        units = self.units_dataset()
        report = Report(_bianzhi.finish(units._ds, self.as_of, self.lang, list(locals_), list(globals_)))
        report._dataset = units
        return report


def result_table(plan: Plan, staff: Any, records: Any) -> Any:
    """The result rows of a partition (``RESULT_COLUMNS``) as a pyarrow Table: the local
    row first, then the candidates; the payloads ``large_binary``."""
    import numpy as np
    import pyarrow as pa

    local, hashes, recs, offsets, data = plan.run(staff, records)
    n = len(recs) // 8
    cand = pa.Array.from_buffers(pa.large_binary(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    payload = pa.concat_arrays([pa.array([local], pa.large_binary()), cand])
    h = np.concatenate([np.zeros(1, "<i8"), np.frombuffer(hashes, "<u8").view("<i8")])
    r = np.concatenate([np.full(1, LOCAL, "<i8"), np.frombuffer(recs, "<u8").view("<i8")])
    return pa.table({"hash": h, "record": r, "payload": payload})


def global_findings(records: Any, payload: Any, lang: str) -> bytes:
    """The findings across partitions of a group of candidates (every candidate of its
    keys): ``records`` their record numbers (an int64 array), ``payload`` their payloads
    (a pyarrow binary array, chunked or not)."""
    import numpy as np
    import pyarrow as pa

    recs = np.ascontiguousarray(np.asarray(records, dtype="<i8")).tobytes()
    if isinstance(payload, pa.ChunkedArray):
        payload = payload.combine_chunks() if payload.num_chunks else pa.array([], pa.large_binary())
    payload = payload.cast(pa.large_binary())
    n = len(payload)
    if n == 0:
        return _bianzhi.global_findings(b"", np.zeros(1, "<i8").tobytes(), b"", lang)
    bufs = payload.buffers()
    offsets = np.frombuffer(bufs[1], "<i8")[payload.offset : payload.offset + n + 1]
    data = bufs[2].to_pybytes() if bufs[2] is not None else b""
    return _bianzhi.global_findings(recs, np.ascontiguousarray(offsets).tobytes(), data, lang)


class DistributedReport:
    """The report of a distributed validation: ``violations`` and ``occupancy`` as frames
    of the engine that ran it, and ``report``, the :class:`bianzhi.Report` on the driver
    (equal to ``bianzhi.validate`` of the whole roster). ``timings``: seconds per stage on
    the driver's clock (``count``: numbering the rows; ``partitions``: shuffles, partitions
    and candidates; ``finish``; ``frames``: the engine's result frames)."""

    def __init__(self, report: Report, violations: Any, occupancy: Any, timings: Optional[Dict[str, float]] = None) -> None:
        self.report = report
        self.violations = violations
        self.occupancy = occupancy
        self.timings: Dict[str, float] = dict(timings or {})

    def __repr__(self) -> str:
        return f"<bianzhi.DistributedReport {self.report!r}>"
