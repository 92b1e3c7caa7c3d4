"""Validation of a roster held as dask DataFrames (``pip install bianzhi[dask]``).

``validate(units, staff, posts)`` gives exactly the findings and occupancy of
``bianzhi.validate`` on the same data in one process, for any partitioning: the units are
broadcast, the staff shuffled so that each pool's people meet in one partition, each
partition validated by the core, the candidates for the global rules shuffled by key, and
the rules over units run once on the driver (``docs/scaling.md``).
"""

from __future__ import annotations

import datetime as _dt
import importlib
from typing import Any, Dict, List, Mapping, Optional

from ._partition import KEY, RECORD, RESULT_COLUMNS, DistributedReport, Plan, global_findings, result_rows, unit_column, unit_text

__all__ = ["validate", "DistributedReport"]


def _dask() -> Any:
    try:
        import dask.dataframe as dd
    except ImportError as e:  # pragma: no cover - exercised without the extra
        raise ImportError("bianzhi.dask needs dask: pip install 'bianzhi[dask]'") from e
    return dd


def _pandas(frame: Any) -> Any:
    """A small table (units, posts) in the driver: dask frames are computed."""
    if frame is None:
        return None
    compute = getattr(frame, "compute", None)
    return compute() if callable(compute) else frame


def _empty_rows(df: Any) -> Any:
    """Drops rows whose cells are all empty, as the loader does (they are no record)."""
    return df.dropna(how="all")


def _number(df: Any, offsets: List[int], col: Optional[str], keys: Dict[str, str], partition_info: Any = None) -> Any:
    import numpy as np

    n = 0 if partition_info is None else partition_info["number"]
    df = df.copy()
    df[RECORD] = np.arange(offsets[n], offsets[n] + len(df), dtype="int64")
    if col is None:
        df[KEY] = ""
    else:
        df[KEY] = [keys.get(unit_text(v), "") for v in df[col].tolist()]
    df[KEY] = df[KEY].astype(object)
    return df


def _result_meta() -> Any:
    import pandas as pd

    return pd.DataFrame(
        {
            "kind": pd.Series([], dtype=object),
            "key": pd.Series([], dtype=object),
            "record": pd.Series([], dtype="int64"),
            "payload": pd.Series([], dtype=object),
        }
    )


def _validate_part(df: Any, plan: Plan) -> Any:
    import pandas as pd

    if len(df) == 0:
        return _result_meta()
    df = df.sort_values(RECORD, kind="stable")
    records = df[RECORD].tolist()
    staff = df.drop(columns=[RECORD, KEY]).reset_index(drop=True)
    out = pd.DataFrame(result_rows(plan, staff, records), columns=list(RESULT_COLUMNS))
    out["record"] = out["record"].astype("int64")
    out["kind"] = out["kind"].astype(object)
    out["key"] = out["key"].astype(object)
    return out


def _global_part(df: Any, lang: str) -> Any:
    import pandas as pd

    if len(df) == 0:
        return pd.DataFrame({"payload": pd.Series([], dtype=object)})
    payload = global_findings(df["key"].tolist(), df["record"].tolist(), df["payload"].tolist(), lang)
    return pd.DataFrame({"payload": pd.Series([payload], dtype=object)})


def validate(
    units: Any,
    staff: Any,
    posts: Any = None,
    *,
    as_of: "str | _dt.date",
    lang: str = "zh",
    duties: Any = None,
    settings: Optional[Mapping[str, Any]] = None,
    pools: Optional[List[Mapping[str, Any]]] = None,
    norms: Optional[List[Mapping[str, Any]]] = None,
    npartitions: Optional[int] = None,
) -> DistributedReport:
    """Validates ``staff`` (a dask DataFrame, in roster order) against ``units`` and
    ``posts`` (dask or pandas; computed and broadcast: they are small), with the columns of
    :meth:`bianzhi.Dataset.from_frames`. ``npartitions``: partitions after the shuffle by
    pool (default: those of ``staff``). Returns a :class:`DistributedReport` whose
    ``violations`` and ``occupancy`` are dask DataFrames."""
    dd = _dask()
    compute: Any = importlib.import_module("dask").compute

    plan = Plan(
        _pandas(units),
        _pandas(posts),
        _pandas(duties),
        as_of=as_of,
        lang=lang,
        settings=settings,
        pools=pools,
        norms=norms,
    )
    if not isinstance(staff, dd.DataFrame):
        import pandas as pd

        if not isinstance(staff, pd.DataFrame):
            raise TypeError(f"staff must be a dask or pandas DataFrame, got {type(staff).__name__}")
        staff = dd.from_pandas(staff, npartitions=1)
    keys = plan.keys()
    col = unit_column(list(staff.columns))
    staff = staff.map_partitions(_empty_rows, meta=staff._meta)
    lengths = staff.map_partitions(len).compute().tolist()
    offsets = [0]
    for n in lengths:
        offsets.append(offsets[-1] + int(n))
    meta = staff._meta.copy()
    meta[RECORD] = meta.index.to_series().astype("int64") if len(meta) else []
    meta[RECORD] = meta[RECORD].astype("int64")
    meta[KEY] = meta[RECORD].astype(object)
    numbered = staff.map_partitions(_number, offsets, col, keys, meta=meta)
    parts = npartitions or staff.npartitions
    shuffled = numbered.shuffle(on=KEY, npartitions=parts)
    results = shuffled.map_partitions(_validate_part, plan, meta=_result_meta())
    locals_ = results[results["kind"] == "local"]["payload"]
    cands = results[results["kind"] == "cand"].shuffle(on="key", npartitions=parts)
    found = cands.map_partitions(_global_part, plan.lang, meta={"payload": object})["payload"]
    local_list, global_list = compute(locals_, found)
    report = plan.finish(local_list.tolist(), global_list.tolist())
    violations = dd.from_pandas(report.to_pandas(), npartitions=1)
    occupancy = dd.from_pandas(report.occupancy_frame(), npartitions=1)
    return DistributedReport(report, violations, occupancy)
