"""Times one-process ``bianzhi.validate`` against ``bianzhi.dask.validate`` on a dask
LocalCluster, on the same generated roster (same frames), and checks they agree.

    python benches/python/dask_scaling.py 100000 1000000 [--workers 2] [--partitions 8]

Prints, per size: the one-process load and validation, and the distributed run by stage
(numbering, shuffle + partitions + candidates, finish on the driver), with the peak
memory of each worker. Needs bianzhi[dask].
"""

from __future__ import annotations

import argparse
import time
from typing import Any, Dict, List

import pandas as pd

import bianzhi
import bianzhi.dask


def _concurrent_text(items: List[Any]) -> str:
    return "、".join(
        c if isinstance(c, str) else c["unit"] + (":" + c["leadership"] if c.get("leadership") else "") for c in items
    )


def frames(staff: int, seed: int) -> Dict[str, Any]:
    doc = bianzhi.Dataset.generate(staff, seed).to_dict()
    for r in doc["staff"]:
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="+", type=int)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--as-of", default="2026-06-30")
    a = ap.parse_args()
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    for n in a.sizes:
        t = frames(n, 1)
        t0 = time.perf_counter()
        ds = bianzhi.Dataset.from_frames(
            t["units"], t["staff"], t["posts"], t["duties"], settings=t["settings"], pools=t["pools"], norms=t["norms"]
        )
        t1 = time.perf_counter()
        one = bianzhi.validate(ds, as_of=a.as_of)
        t2 = time.perf_counter()
        staff = dd.from_pandas(t["staff"], npartitions=a.partitions)
        staff = client.persist(staff)
        t3 = time.perf_counter()
        got = bianzhi.dask.validate(
            t["units"], staff, t["posts"], as_of=a.as_of, duties=t["duties"], settings=t["settings"],
            pools=t["pools"], norms=t["norms"], npartitions=a.partitions,
        )
        t4 = time.perf_counter()
        peak = client.run(lambda: __import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss)
        same = got.report == one
        print(
            f"{n:>9} staff, {len(one.violations):>7} findings: one process load {t1 - t0:6.2f}s "
            f"validate {t2 - t1:6.2f}s total {t2 - t0:6.2f}s | dask {a.workers} workers x "
            f"{a.partitions} partitions {t4 - t3:6.2f}s, equal: {same}, "
            f"worker peak RSS {max(peak.values()) / 1024:.0f} MB"
        )
    client.close()
    cluster.close()


if __name__ == "__main__":
    main()
