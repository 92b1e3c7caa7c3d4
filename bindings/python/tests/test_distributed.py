"""bianzhi.dask and bianzhi.spark on the real engines (a dask LocalCluster with two
workers, Spark local[2]): the distributed findings and occupancy equal one-process
``bianzhi.validate`` — same findings in the same order, messages, record numbers — for
1, 2, 7 and 64 partitions, on generated rosters and a hand-made roster whose features
cross pools. Each engine's tests skip when it is not installed."""

from __future__ import annotations

import copy
import json
import pathlib
from typing import Any, Dict, Iterator, List, Tuple

import pytest

import bianzhi

pd = pytest.importorskip("pandas", reason="the distributed drivers need pandas")

ROOT = pathlib.Path(__file__).resolve().parents[3]
CROSS = ROOT / "tests" / "partition" / "cross_pool.json"
UNKNOWN = ROOT / "tests" / "partition" / "unknown_fields.json"
PARTITIONS = (1, 2, 7, 64)


def _concurrent_text(items: List[Any]) -> str:
    out = []
    for c in items:
        if isinstance(c, str):
            out.append(c)
        else:
            out.append(c["unit"] + (":" + c["leadership"] if c.get("leadership") else ""))
    return "、".join(out)


def frames(doc: Dict[str, Any]) -> Dict[str, Any]:
    """The document as the tables of ``Dataset.from_frames`` (nested maps flattened, the
    concurrent roles as their table text), plus the rest as keyword arguments."""
    doc = copy.deepcopy(doc)
    for r in doc.get("staff", []):
        if "concurrent" in r:
            r["concurrent"] = _concurrent_text(r["concurrent"])
    return {
        "units": pd.json_normalize(doc["units"]),
        "staff": pd.json_normalize(doc["staff"]),
        "posts": pd.json_normalize(doc["posts"]) if doc.get("posts") else None,
        "duties": doc.get("duties") or None,
        "settings": doc.get("settings"),
        "pools": doc.get("pools"),
        "norms": doc.get("norms"),
    }


def one_process(t: Dict[str, Any], as_of: str, lang: str) -> bianzhi.Report:
    ds = bianzhi.Dataset.from_frames(
        t["units"], t["staff"], t["posts"], t["duties"], as_of=as_of, settings=t["settings"], pools=t["pools"], norms=t["norms"]
    )
    return bianzhi.validate(ds, as_of=as_of, lang=lang)


def rosters() -> Iterator[Tuple[str, Dict[str, Any], str]]:
    cross = json.loads(CROSS.read_text(encoding="utf-8"))
    yield "cross_pool", cross, "2026-11-30"
    for staff, seed in ((300, 1), (1200, 7)):
        doc = bianzhi.Dataset.generate(staff, seed).to_dict()
        for array in ("units", "posts", "staff", "duties", "pools"):
            doc.setdefault(array, [])
            doc[array] = (doc[array] or []) + cross.get(array, [])
        doc.setdefault("settings", {})["secondment_caps"] = cross["settings"]["secondment_caps"]
        yield f"generated_{staff}_plus_cross", doc, "2026-11-30"
    yield "unknown_fields", json.loads(UNKNOWN.read_text(encoding="utf-8")), "2026-11-30"


ROSTERS = list(rosters())
UNKNOWN_ROSTER = ROSTERS[-1]


def test_unknown_fields_roster_has_unknown_columns_of_every_table() -> None:
    """As frames, the unknown keys of the corpus roster are unknown columns of the units,
    posts and staff tables (those of some staff records only among them), each reported
    once: partitions must neither repeat nor lose one."""
    _, doc, as_of = UNKNOWN_ROSTER
    report = one_process(frames(doc), as_of, "zh")
    unknown = sorted((v.array, v.field) for v in report.violations if v.code == "UNKNOWN_FIELD")
    assert unknown == sorted([
        ("units", "contact"), ("units", "phone"), ("posts", "memo"),
        ("staff", "remark"), ("staff", "nickname"), ("staff", "secondment.ends"), ("staff", "birth"),
    ])


def test_cross_pool_roster_crosses_pools() -> None:
    """The hand-made roster only tests the partitions if its findings need several."""
    _, doc, as_of = ROSTERS[0]
    report = one_process(frames(doc), as_of, "zh")
    codes = {v.code for v in report.violations}
    for need in ("DUPLICATE_ID", "DUPLICATE_PERSON", "CYCLE_IN_TREE", "UNAPPROVED_SECONDMENT", "OVER_LEADERSHIP_QUOTA",
                 "MIXED_POST", "POST_OVER_HEADCOUNT", "POOL_OVER_CAP", "DUTY_OVERLAP", "SECONDMENT_CAP_EXCEEDED"):
        assert need in codes, need
    assert sum(v.code == "DUTY_OVERLAP" for v in report.violations) == 1
    assert any(v.code == "INVALID_RECORD" and "人员第17条" in v.message for v in report.violations)


def assert_same(got: bianzhi.Report, want: bianzhi.Report, violations: Any, occupancy: Any) -> None:
    assert [v.to_dict() for v in got.violations] == [v.to_dict() for v in want.violations]
    assert got.occupancy == want.occupancy
    assert got.summary == want.summary
    assert got == want
    # The engine's frames hold the same rows.
    want_v = want.to_pandas()
    assert len(violations) == len(want_v)
    assert list(violations["message"]) == list(want_v["message"])
    assert list(occupancy["unit"]) == [r["unit"] for r in want.occupancy]
    assert list(occupancy["occupied"]) == [r["occupied"] for r in want.occupancy]


# ---------------------------------------------------------------------------- dask


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    pytest.importorskip("dask.dataframe", reason="dask is not installed: pip install 'bianzhi[dask]'")
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed: pip install 'bianzhi[dask]'")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.mark.parametrize("name,doc,as_of", ROSTERS, ids=[r[0] for r in ROSTERS])
def test_dask_equals_one_process(dask_client: Any, name: str, doc: Dict[str, Any], as_of: str) -> None:
    import dask.dataframe as dd

    import bianzhi.dask

    t = frames(doc)
    for lang in ("zh", "en") if name == "cross_pool" else ("zh",):
        want = one_process(t, as_of, lang)
        # The larger generated roster in two partitionings: CI time.
        for n in PARTITIONS if not name.startswith("generated_1200") else (2, 64):
            staff = dd.from_pandas(t["staff"], npartitions=min(n, max(1, len(t["staff"]))))
            got = bianzhi.dask.validate(
                dd.from_pandas(t["units"], npartitions=1), staff, t["posts"], as_of=as_of, lang=lang,
                duties=t["duties"], settings=t["settings"], pools=t["pools"], norms=t["norms"], npartitions=n,
            )
            assert_same(got.report, want, got.violations.compute(), got.occupancy.compute())


def test_dask_empty_roster_and_pools_without_staff(dask_client: Any) -> None:
    import dask.dataframe as dd

    import bianzhi.dask

    _, doc, as_of = ROSTERS[0]
    t = frames(doc)
    empty = t["staff"].iloc[0:0]
    want = one_process({**t, "staff": empty}, as_of, "zh")
    got = bianzhi.dask.validate(t["units"], dd.from_pandas(empty, npartitions=1), t["posts"], as_of=as_of,
                                duties=t["duties"], settings=t["settings"], pools=t["pools"], npartitions=7)
    assert got.report == want
    assert len(got.occupancy.compute()) == len(want.occupancy) > 0


# ---------------------------------------------------------------------------- spark


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'bianzhi[spark]'")
    import shutil

    if shutil.which("java") is None:
        pytest.skip("pyspark needs Java (17 or later) on PATH")
    import os
    import sys

    from pyspark.sql import SparkSession

    # The workers run this interpreter, which has bianzhi installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("bianzhi-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    try:
        yield session
    finally:
        session.stop()


def spark_frame(session: Any, df: Any) -> Any:
    df = df.copy()
    df["__order"] = range(len(df))
    # Spark has no column type for all-null object columns: text.
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].map(lambda v: None if v is None or (isinstance(v, float) and v != v) else str(v))
    import pyarrow as pa

    schema = pa.Schema.from_pandas(df, preserve_index=False)
    fields = [pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in schema]
    table = pa.Table.from_pandas(df, schema=pa.schema(fields), preserve_index=False)
    return session.createDataFrame(table.to_pandas())


SPARK_ROSTERS = ROSTERS[:2] + [UNKNOWN_ROSTER]


@pytest.mark.parametrize("name,doc,as_of", SPARK_ROSTERS, ids=[r[0] for r in SPARK_ROSTERS])
def test_spark_equals_one_process(spark: Any, name: str, doc: Dict[str, Any], as_of: str) -> None:
    import bianzhi.spark

    t = frames(doc)
    want = one_process(t, as_of, "zh")
    staff = spark_frame(spark, t["staff"])
    # Each Spark job costs seconds: the generated roster in one partitioning.
    for n in PARTITIONS if name in ("cross_pool", "unknown_fields") else (7,):
        got = bianzhi.spark.validate(
            t["units"], staff.repartition(min(n, 8)), t["posts"], as_of=as_of, order_by="__order",
            duties=t["duties"], settings=t["settings"], pools=t["pools"], norms=t["norms"], npartitions=n,
        )
        assert_same(got.report, want, got.violations.toPandas(), got.occupancy.toPandas())


def test_spark_schema_is_the_report_schema() -> None:
    pytest.importorskip("pyarrow")
    import bianzhi.spark

    names = [f.name for f in bianzhi.spark.findings_schema()]
    assert names == list(bianzhi.VIOLATION_FIELDS)
    assert [c.strip().split(" ")[0].strip("`") for c in bianzhi.spark.FINDINGS_DDL.split(", ")] == names
