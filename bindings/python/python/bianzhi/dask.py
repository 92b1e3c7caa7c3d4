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

from ._partition import KEY, LOCAL, RECORD, DistributedReport, Plan, global_findings, result_table, unit_column, unit_text

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


def _number(df: Any, offsets: List[int], col: Optional[str], codes: Dict[str, int], partition_info: Any = None) -> Any:
    import numpy as np
    import pandas as pd

    n = 0 if partition_info is None else partition_info["number"]
    df = df.copy()
    df[RECORD] = np.arange(offsets[n], offsets[n] + len(df), dtype="int64")
    # The key as a number (its place among the keys; 0: no pool): the shuffle hashes a
    # number faster than text. Units repeat, so each distinct cell is read once.
    if col is None or len(df) == 0:
        df[KEY] = np.zeros(len(df), dtype="int64")
    else:
        cells, uniq = pd.factorize(df[col], use_na_sentinel=True)
        key_of = np.array([codes.get(unit_text(v), 0) for v in uniq] + [0], dtype="int64")
        df[KEY] = key_of[cells]
    return df


def _payload_dtype() -> Any:
    import pandas as pd
    import pyarrow as pa

    return pd.ArrowDtype(pa.large_binary())


def _result_meta() -> Any:
    import pandas as pd

    return pd.DataFrame(
        {
            "hash": pd.Series([], dtype="int64"),
            "record": pd.Series([], dtype="int64"),
            "payload": pd.Series([], dtype=_payload_dtype()),
        }
    )


def _validate_part(df: Any, plan: Plan) -> Any:
    import pandas as pd

    if len(df) == 0:
        return _result_meta()
    df = df.sort_values(RECORD, kind="stable")
    records = df[RECORD].to_numpy()
    staff = df.drop(columns=[RECORD, KEY]).reset_index(drop=True)
    t = result_table(plan, staff, records)
    return pd.DataFrame(
        {
            "hash": t.column("hash").to_numpy(),
            "record": t.column("record").to_numpy(),
            "payload": pd.arrays.ArrowExtensionArray(t.column("payload")),
        }
    )


def _global_part(df: Any, lang: str) -> Any:
    import pandas as pd
    import pyarrow as pa

    if len(df) == 0:
        return pd.DataFrame({"payload": pd.Series([], dtype=object)})
    payload = pa.array(df["payload"].array)
    found = global_findings(df["record"].to_numpy(), payload, lang)
    return pd.DataFrame({"payload": pd.Series([found], dtype=object)})


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
    import time
    import uuid

    dd = _dask()
    dask = importlib.import_module("dask")
    compute: Any = dask.compute
    t0 = time.perf_counter()

    plan = Plan(
        _pandas(units),
        _pandas(posts),
        _pandas(duties),
        as_of=as_of,
        lang=lang,
        settings=settings,
        pools=pools,
        norms=norms,
        staff_columns=list(getattr(staff, "columns", [])),
    )
    if not isinstance(staff, dd.DataFrame):
        import pandas as pd

        if not isinstance(staff, pd.DataFrame):
            raise TypeError(f"staff must be a dask or pandas DataFrame, got {type(staff).__name__}")
        staff = dd.from_pandas(staff, npartitions=1)
    keys = plan.keys()
    # Each key as a number from 1 (0: no pool), the same in every task.
    codes = {u: i + 1 for i, u in enumerate(sorted(set(keys.values())))}
    codes = {unit: codes[key] if key else 0 for unit, key in keys.items()}
    col = unit_column(list(staff.columns))
    staff = staff.map_partitions(_empty_rows, meta=staff._meta)
    lengths = staff.map_partitions(len).compute().tolist()
    t1 = time.perf_counter()
    offsets = [0]
    for n in lengths:
        offsets.append(offsets[-1] + int(n))
    meta = staff._meta.copy()
    meta[RECORD] = meta.index.to_series().astype("int64") if len(meta) else []
    meta[RECORD] = meta[RECORD].astype("int64")
    meta[KEY] = meta[RECORD].astype("int64")
    # The plan (units, posts: large for a national roster) and the key codes are one node
    # each of the graph, sent once to each worker rather than inside every task.
    token = uuid.uuid4().hex
    plan_node = dask.delayed(plan, name=f"bianzhi-plan-{token}")
    codes_node = dask.delayed(codes, name=f"bianzhi-codes-{token}")
    numbered = staff.map_partitions(_number, offsets, col, codes_node, meta=meta)
    parts = npartitions or staff.npartitions
    shuffled = numbered.shuffle(on=KEY, npartitions=parts)
    results = shuffled.map_partitions(_validate_part, plan_node, meta=_result_meta())
    locals_ = results[results["record"] == LOCAL]["payload"]
    cands = results[results["record"] != LOCAL].shuffle(on="hash", npartitions=parts)
    found = cands.map_partitions(_global_part, plan.lang, meta={"payload": object})["payload"]
    local_list, global_list = compute(locals_, found)
    t2 = time.perf_counter()
    report = plan.finish([bytes(p) for p in local_list.tolist()], [bytes(p) for p in global_list.tolist()])
    t3 = time.perf_counter()
    violations = dd.from_pandas(report.to_pandas(), npartitions=1)
    occupancy = dd.from_pandas(report.occupancy_frame(), npartitions=1)
    t4 = time.perf_counter()
    timings = {"count": t1 - t0, "partitions": t2 - t1, "finish": t3 - t2, "frames": t4 - t3}
    return DistributedReport(report, violations, occupancy, timings)
