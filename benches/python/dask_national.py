"""A national-scale roster through ``bianzhi.dask``: the staff are generated slice by slice
inside the workers (``bianzhi.sample::Roster``, whose slices concatenated are the whole
roster), so the roster never sits in one process; the units and posts (one per 50 staff)
are made on the driver and broadcast, as ``bianzhi.dask`` does with them.

    python benches/python/dask_national.py 40000000 --partitions 40 --log national.log
    python benches/python/dask_national.py 1000000 --partitions 8 --check

Prints the partitions, the time of each stage (summed task time and wall span, from the
scheduler's task stream), the peak RSS of each worker and of the driver, the findings
count and, with ``--check``, whether the report equals one-process ``bianzhi.validate``
of the same roster (made whole in the driver: for sizes that fit). Aborts (exit 3) when
the machine's available memory falls under ``--min-available`` GB. Needs bianzhi[dask].
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import sys
import threading
import time
from typing import Any, Dict, List, Optional, Tuple

import pandas as pd

import bianzhi
import bianzhi.dask
from bianzhi import _bianzhi


def table(n: int, seed: int, which: str, start: int = 0, stop: Optional[int] = None, columns: Optional[List[str]] = None) -> pd.DataFrame:
    """A table of the generated roster as a pandas frame of text columns (Arrow-backed,
    from buffers built in Rust)."""
    import pyarrow as pa

    arrays, names = [], []
    for name, validity, offsets, data in _bianzhi.roster_table(n, seed, which, start, stop):
        rows = len(offsets) // 8 - 1
        bufs = [pa.py_buffer(validity), pa.py_buffer(offsets), pa.py_buffer(data)]
        arrays.append(pa.Array.from_buffers(pa.large_string(), rows, bufs))
        names.append(name)
    if columns is not None:
        rows = len(arrays[0]) if arrays else 0
        have = dict(zip(names, arrays))
        arrays = [have.get(c, pa.nulls(rows, pa.large_string())) for c in columns]
        names = list(columns)
    df = pa.Table.from_arrays(arrays, names=names).to_pandas()
    return df.astype({c: "str" for c in df.columns})


def staff_slice(bounds: Tuple[int, int], n: int, seed: int, columns: List[str]) -> pd.DataFrame:
    """Runs in a worker: the staff records ``bounds`` of the roster."""
    return table(n, seed, "staff", bounds[0], bounds[1], columns)


def available_gb() -> float:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 2**20
    return float("inf")


def watch(min_gb: float, log: Any, stop: threading.Event) -> None:
    """Aborts the run when the machine runs short of memory (it is shared)."""
    low = float("inf")
    while not stop.wait(5):
        a = available_gb()
        low = min(low, a)
        if a < min_gb:
            log(f"ABORT: available memory {a:.1f} GB < {min_gb} GB")
            os._exit(3)
    log(f"lowest available memory during the run: {low:.1f} GB")


def summarise(stream: List[Dict[str, Any]]) -> Dict[str, List[float]]:
    """Task prefix → [summed compute time, first start, last stop, tasks]."""
    stages: Dict[str, List[float]] = collections.defaultdict(lambda: [0.0, float("inf"), 0.0, 0])
    for task in stream:
        prefix = task["key"][0] if isinstance(task["key"], tuple) else task["key"]
        prefix = str(prefix).rsplit("-", 1)[0]
        for s in task.get("startstops", []):
            if s["action"] != "compute":
                continue
            st = stages[prefix]
            st[0] += s["stop"] - s["start"]
            st[1] = min(st[1], s["start"])
            st[2] = max(st[2], s["stop"])
            st[3] += 1
    return stages


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def progress(client: Any, start: float, log: Any, stop: threading.Event, every: float) -> None:
    """Partial figures while the run goes: tasks done per stage, worker memory."""
    while not stop.wait(every):
        try:
            stages = summarise(client.get_task_stream(start=start))
            done = ", ".join(f"{k} {int(v[3])} ({v[0]:.0f}s)" for k, v in sorted(stages.items(), key=lambda kv: kv[1][1])
                             if k.split("-")[0] in ("staff_slice", "_number", "shuffle", "p2pshuffle", "_validate_part", "_global_part"))
            mem = client.run(rss_mb)
            log(f"progress: {done}; worker RSS now {', '.join(f'{m:.0f}' for m in mem.values())} MB; "
                f"available {available_gb():.1f} GB; load {os.getloadavg()[0]:.1f}")
        except Exception as e:  # the run goes on; a missed report is no failure
            log(f"progress: {e!r}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("staff", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=8, help="input slices and partitions after the shuffle")
    ap.add_argument("--memory-limit", default="6GB", help="per worker (dask's memory_limit)")
    ap.add_argument("--as-of", default="2026-06-30")
    ap.add_argument("--check", action="store_true", help="compare with one process (the roster whole in the driver)")
    ap.add_argument("--min-available", type=float, default=4.0, help="GB; abort below")
    ap.add_argument("--log", help="also append the output to this file")
    ap.add_argument("--progress", type=float, default=60.0, help="seconds between partial reports")
    a = ap.parse_args()

    def log(msg: str) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        if a.log:
            with open(a.log, "a", encoding="utf-8") as f:
                f.write(line + "\n")

    import dask.dataframe as dd
    from distributed import Client, LocalCluster, get_task_stream

    stop = threading.Event()
    threading.Thread(target=watch, args=(a.min_available, log, stop), daemon=True).start()
    log(f"{a.staff} staff, seed {a.seed}, {a.workers} workers x {a.partitions} partitions; "
        f"load {os.getloadavg()}, available {available_gb():.1f} GB")
    t0 = time.perf_counter()
    units = table(a.staff, a.seed, "units")
    posts = table(a.staff, a.seed, "posts")
    columns = list(table(a.staff, a.seed, "staff", 0, min(a.staff, 1000)).columns)
    t1 = time.perf_counter()
    log(f"units {len(units)}, posts {len(posts)} made on the driver in {t1 - t0:.1f}s")

    cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                           memory_limit=a.memory_limit, dashboard_address=None)
    client = Client(cluster)
    cuts = [a.staff * k // a.partitions for k in range(a.partitions + 1)]
    bounds = list(zip(cuts[:-1], cuts[1:]))
    meta = pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})
    staff = dd.from_map(staff_slice, bounds, n=a.staff, seed=a.seed, columns=columns, meta=meta,
                        enforce_metadata=False)
    t2 = time.perf_counter()
    quiet = threading.Event()
    threading.Thread(target=progress, args=(client, time.time(), log, quiet, a.progress), daemon=True).start()
    with get_task_stream(client) as ts:
        got = bianzhi.dask.validate(units, staff, posts, as_of=a.as_of, npartitions=a.partitions)
    t3 = time.perf_counter()
    quiet.set()
    peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    n_findings = len(got.report)
    t4 = time.perf_counter()
    frames = got.violations.compute()
    t5 = time.perf_counter()

    stages = summarise(ts.data)
    log("driver stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in got.timings.items()))
    log(f"bianzhi.dask.validate: {t3 - t2:.1f}s wall ({(t3 - t2) / max(a.staff, 1) * 1e6:.1f} us per staff row); "
        f"findings {n_findings}; violations frame {len(frames)} rows in {t5 - t4:.1f}s")
    log("stages (task prefix: tasks, summed task time, wall span):")
    for prefix, (busy, start, end, count) in sorted(stages.items(), key=lambda kv: kv[1][1]):
        log(f"  {prefix:<48} {count:>5} tasks {busy:8.1f}s busy  {end - start:8.1f}s span")
    for w, kb in sorted(peaks.items()):
        log(f"worker {w}: peak RSS {kb / 1024:.0f} MB")
    log(f"driver: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
        f"load {os.getloadavg()}")
    client.close()
    cluster.close()

    if a.check:
        t6 = time.perf_counter()
        whole = table(a.staff, a.seed, "staff")
        ds = bianzhi.Dataset.from_frames(units, whole, posts, as_of=a.as_of)
        one = bianzhi.validate(ds, as_of=a.as_of)
        t7 = time.perf_counter()
        same = one == got.report
        log(f"one process: {len(one)} findings in {t7 - t6:.1f}s (frames and validation); equal: {same}")
        if not same:
            stop.set()
            sys.exit(1)
    stop.set()
    time.sleep(0.1)


if __name__ == "__main__":
    main()
