"""Validation of a roster held as PySpark DataFrames (``pip install bianzhi[spark]``).

``validate(units, staff, posts, order_by=...)`` gives exactly the findings and occupancy
of ``bianzhi.validate`` on the same data in one process: the units are collected and
broadcast, each staff row numbered in the order of ``order_by`` and keyed by its pool
(a broadcast join), the rows repartitioned by key and each partition validated by the core
in ``mapInArrow``, the candidates for the global rules repartitioned by their key, and the
rules over units run once on the driver (``docs/scaling.md``).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, Iterator, List, Mapping, Optional

from . import _bianzhi
from ._partition import KEY, LOCAL, RECORD, RESULT_DDL, DistributedReport, Plan, global_findings, result_table, unit_column

__all__ = ["validate", "DistributedReport", "FINDINGS_DDL", "findings_schema"]

#: The findings (``DistributedReport.violations``) as a Spark DDL schema.
FINDINGS_DDL = (
    "code string, severity string, unit string, staff string, post string, duty string, "
    "category string, level string, expected long, actual long, array string, `index` long, "
    "field string, message string, excess_staff array<string>, amount string"
)
#: The occupancy rows as a Spark DDL schema.
OCCUPANCY_DDL = "unit string, category string, approved long, occupied long, vacant long, over long"


def findings_schema() -> Any:
    """The findings as a pyarrow schema (the columns of :meth:`bianzhi.Report.to_arrow`)."""
    import pyarrow as pa

    from . import _INT_FIELDS, VIOLATION_FIELDS

    return pa.schema(
        [
            (n, pa.int64() if n in _INT_FIELDS else pa.list_(pa.string()) if n == "excess_staff" else pa.string())
            for n in VIOLATION_FIELDS
        ]
    )


def _spark() -> Any:
    try:
        import pyspark.sql.functions as F
    except ImportError as e:  # pragma: no cover - exercised without the extra
        raise ImportError("bianzhi.spark needs pyspark: pip install 'bianzhi[spark]'") from e
    return F


def _pandas(frame: Any) -> Any:
    if frame is None:
        return None
    to_pandas = getattr(frame, "toPandas", None)
    return to_pandas() if callable(to_pandas) else frame


def _partition_fn(plan: Plan, names: Dict[str, str], drop: List[str]) -> Any:
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        tables = [pa.Table.from_batches([b]) for b in batches if b.num_rows]
        if not tables:
            return
        t = pa.concat_tables(tables)
        t = t.sort_by(RECORD)
        records = t.column(RECORD).to_numpy()
        staff = t.drop_columns([RECORD, KEY] + drop)
        staff = staff.rename_columns([names.get(n, n) for n in staff.column_names])
        out = result_table(plan, staff, records)
        # Spark's binary is Arrow's binary (32-bit offsets).
        out = out.set_column(2, "payload", out.column("payload").cast(pa.binary()))
        yield from out.to_batches()

    return run


def _global_fn(lang: str) -> Any:
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        tables = [pa.Table.from_batches([b]) for b in batches if b.num_rows]
        if not tables:
            return
        t = pa.concat_tables(tables)
        payload = global_findings(t.column("record").to_numpy(), t.column("payload"), lang)
        yield pa.RecordBatch.from_pydict({"payload": [payload]}, schema=pa.schema([("payload", pa.binary())]))

    return run


def validate(
    units: Any,
    staff: Any,
    posts: Any = None,
    *,
    as_of: "str | _dt.date",
    lang: str = "zh",
    order_by: Optional[str] = None,
    duties: Any = None,
    settings: Optional[Mapping[str, Any]] = None,
    pools: Optional[List[Mapping[str, Any]]] = None,
    norms: Optional[List[Mapping[str, Any]]] = None,
    npartitions: Optional[int] = None,
) -> DistributedReport:
    """Validates ``staff`` (a PySpark DataFrame) against ``units`` and ``posts`` (PySpark
    or pandas; collected and broadcast), with the columns of
    :meth:`bianzhi.Dataset.from_frames`. ``order_by`` names the column that defines the
    roster's order (record numbers, the first holder of a repeated id); without it the
    order is Spark's scan order, which is not stable across plans. Returns a
    :class:`DistributedReport` whose ``violations`` (schema ``FINDINGS_DDL``) and
    ``occupancy`` are PySpark DataFrames."""
    import time

    F = _spark()
    from pyspark.sql import Window  # noqa: F401  (the import checks pyspark.sql is whole)

    t0 = time.perf_counter()

    spark = staff.sparkSession
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
    # The header the partitions see: the staff's columns, less an order column that is no
    # roster field.
    plan.staff_columns = [
        c for c in staff.columns if c != order_by or _bianzhi.staff_field(c) is not None
    ]
    keys = plan.keys()
    col = unit_column(list(staff.columns))
    helper = [c for c in staff.columns if c in (RECORD, KEY)]
    if helper:
        raise ValueError(f"staff must not have the columns {helper} (used by bianzhi.spark)")
    if order_by is not None and order_by not in staff.columns:
        raise ValueError(f"order_by: staff has no column {order_by!r}")
    # Spark resolves a dotted name (`secondment.start`) as a field of a struct: the columns
    # travel under plain names and get theirs back in the workers.
    names = {f"__bianzhi_c{i}": c for i, c in enumerate(staff.columns)}
    plain = {c: p for p, c in names.items()}
    staff = staff.toDF(*names)
    col = plain.get(col) if col is not None else None
    # An order column that is no roster field only orders the rows (no UNKNOWN_FIELD).
    drop = [plain[order_by]] if order_by is not None and _bianzhi.staff_field(order_by) is None else []
    order_by = plain.get(order_by) if order_by is not None else None
    # Rows whose cells are all empty are no record (as the loader reads them).
    def q(c: str) -> Any:  # a column by name, dots and all (`secondment.start`)
        return F.col("`" + c.replace("`", "``") + "`")

    data = [c for c in staff.columns if c != order_by]
    if data:
        present = F.lit(False)
        for c in data:
            present = present | q(c).isNotNull()
        staff = staff.filter(present)
    ordered = staff.orderBy(q(order_by)) if order_by is not None else staff
    # Record numbers: a partition's offset plus the row's place in it (the low 33 bits of
    # monotonically_increasing_id), with the offsets from one count per partition.
    mid = "__bianzhi_mid"
    with_id = ordered.withColumn(mid, F.monotonically_increasing_id())
    pid = F.shiftRight(F.col(mid), 33)
    counts = dict(with_id.groupBy(pid.alias("p")).count().collect())
    t1 = time.perf_counter()
    offsets: Dict[int, int] = {}
    total = 0
    for p in sorted(counts):
        offsets[p] = total
        total += counts[p]
    offset = F.lit(0)
    if offsets:
        offset_map = F.create_map(*[F.lit(x) for p, o in offsets.items() for x in (p, o)])
        offset = F.coalesce(offset_map[pid], F.lit(0))
    numbered = with_id.withColumn(
        RECORD, (offset + F.col(mid).bitwiseAND(F.lit((1 << 33) - 1))).cast("long")
    ).drop(mid)
    key_rows = [(u, k) for u, k in keys.items()]
    key_df = spark.createDataFrame(key_rows or [("", "")], "__bianzhi_unit string, " + KEY + " string")
    if col is None:
        keyed = numbered.withColumn(KEY, F.lit(""))
    else:
        unit = F.trim(q(col).cast("string"))
        keyed = numbered.join(
            F.broadcast(key_df), unit == F.col("__bianzhi_unit"), "left"
        ).drop("__bianzhi_unit").withColumn(KEY, F.coalesce(F.col(KEY), F.lit("")))
    parts = npartitions or max(1, staff.rdd.getNumPartitions())
    results = keyed.repartition(parts, KEY).mapInArrow(_partition_fn(plan, names, drop), RESULT_DDL).cache()
    try:
        locals_ = [r[0] for r in results.filter(F.col("record") == LOCAL).select("payload").collect()]
        found = (
            results.filter(F.col("record") != LOCAL)
            .repartition(parts, "hash")
            .mapInArrow(_global_fn(plan.lang), "payload binary")
            .collect()
        )
    finally:
        results.unpersist()
    t2 = time.perf_counter()
    report = plan.finish([bytes(p) for p in locals_], [bytes(r[0]) for r in found])
    t3 = time.perf_counter()
    violations = spark.createDataFrame(report.to_arrow().to_pandas(), FINDINGS_DDL)
    occupancy = spark.createDataFrame(report.occupancy_frame(), OCCUPANCY_DDL)
    t4 = time.perf_counter()
    timings = {"count": t1 - t0, "partitions": t2 - t1, "finish": t3 - t2, "frames": t4 - t3}
    return DistributedReport(report, violations, occupancy, timings)
