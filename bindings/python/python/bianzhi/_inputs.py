"""Python values the JSON and Arrow paths cannot carry as they are, made readable.

* A float NaN or infinity has no JSON form (``json.dumps`` writes ``NaN``, which no JSON
  reader accepts), so one NaN used to reject a whole ``from_dict`` document. In a document
  it becomes a value no field accepts, so the core reports that record and field as
  ``INVALID_RECORD`` and keeps the rest; in the rows of a table it is an empty cell, as a
  NaN of a DataFrame is.
* Time-zone-aware timestamps (pandas ``datetime64[ns, Asia/Shanghai]``, pyarrow
  ``timestamp(tz=...)``, polars ``Datetime(time_zone=...)``) become the wall-clock time in
  their zone, so a date is the local calendar date there (the reader has no time-zone
  database of its own).
* A pandas object column mixing numbers and text (which pyarrow refuses to convert) becomes
  a text column: a spreadsheet cell is read from its text anyway.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from typing import Any, Dict, List

# Cell values with a text form a spreadsheet cell could hold (numbers, numpy scalars
# included, text, dates).
_SCALARS = (str, numbers.Number, _dt.date)

# The stand-in of a NaN inside a document: an object, which no field of a record accepts
# (text, number, date and list fields alike), so the record is reported with the field named.
NAN_MARK: Dict[str, Any] = {"NaN": None}


def _bad_float(v: object) -> bool:
    return isinstance(v, float) and (math.isnan(v) or math.isinf(v))


def nan_marked(obj: Any) -> Any:
    """``obj`` with every NaN/infinite float replaced by :data:`NAN_MARK` (copies only
    the containers that hold one)."""
    if _bad_float(obj):
        return dict(NAN_MARK)
    if isinstance(obj, dict):
        return {k: nan_marked(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [nan_marked(v) for v in obj]
    return obj


def nan_empty(obj: Any) -> Any:
    """``obj`` with every NaN/infinite float replaced by ``None`` (an empty table cell)."""
    if _bad_float(obj):
        return None
    if isinstance(obj, dict):
        return {k: nan_empty(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [nan_empty(v) for v in obj]
    return obj


def _cell_text(v: Any) -> Any:
    """The text of one cell of a mixed column (``None`` for a missing value)."""
    import pandas as pd

    if v is None or v is pd.NA or v is pd.NaT or _bad_float(v):
        return None
    if isinstance(v, _dt.datetime):
        return v.date().isoformat() if v.time() == _dt.time(0) else v.isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v)


def _pandas_ready(df: Any) -> Any:
    import pandas as pd

    changed: Dict[Any, Any] = {}
    for name in df.columns:
        s = df[name]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            changed[name] = s.dt.tz_localize(None)
        elif s.dtype == object:
            kind = pd.api.types.infer_dtype(s, skipna=True)
            if kind in ("mixed-integer", "mixed-integer-float", "mixed") and all(
                v is None or v is pd.NA or v is pd.NaT or isinstance(v, _SCALARS) for v in s
            ):
                changed[name] = s.map(_cell_text).astype(object)
    if not changed:
        return df
    df = df.copy(deep=False)
    for name, s in changed.items():
        df[name] = s
    return df


def _pyarrow_ready(table: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    cols: List[Any] = []
    changed = False
    for col in table.columns:
        if pa.types.is_timestamp(col.type) and col.type.tz is not None:
            cols.append(pc.local_timestamp(col))
            changed = True
        else:
            cols.append(col)
    if not changed:
        return table
    return pa.Table.from_arrays(cols, names=table.column_names)


def _polars_ready(df: Any) -> Any:
    import polars as pl

    zoned = [
        n for n, dt in df.schema.items() if isinstance(dt, pl.Datetime) and dt.time_zone is not None
    ]
    if not zoned:
        return df
    return df.with_columns([pl.col(n).dt.replace_time_zone(None) for n in zoned])


def table_ready(table: Any) -> Any:
    """A pandas / polars / pyarrow table with its zoned timestamps made local and (pandas)
    its mixed object columns made text; any other object unchanged."""
    module = type(table).__module__ or ""
    if module.startswith("pandas"):
        return _pandas_ready(table)
    if module.startswith("pyarrow") and hasattr(table, "columns") and hasattr(table, "schema"):
        return _pyarrow_ready(table)
    if module.startswith("polars"):
        return _polars_ready(table)
    return table
