"""bianzhi from pyarrow / pandas / polars / JSON / the CLI on CSV vs the same rule subset written
in pandas (vectorised), in polars (lazy, group_by, joins, collect_all, from the same frames and
from the same CSV files) and row-wise in pydantic, on the same generated roster, one process
per method (so peak RSS is per method).

    python benches/python/compare.py --staff 1000000 --cli target/release/bianzhi

Prints one Markdown table (time, records/s, ratios to the pandas and polars subsets, peak
RSS) and, as a sanity check, the finding counts of the five shared rules from every method.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time

AS_OF = "2026-11-30"
RULES = ["OVER_ESTABLISHMENT", "OVER_LEADERSHIP_QUOTA", "DUPLICATE_PERSON", "INVALID_ID_NUMBER",
         "PAST_RETIREMENT_AGE"]


# ---------------------------------------------------------------- data preparation (untimed)

def load_doc(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def flat(rows):
    out = []
    for r in rows:
        o = {}
        for k, v in r.items():
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    o[f"{k}.{k2}"] = v2
            elif isinstance(v, list):
                continue  # concurrent/tags: empty in generated data
            else:
                o[k] = v
        out.append(o)
    return out


def pandas_frames(doc):
    import pandas as pd
    return (pd.DataFrame(flat(doc["units"])), pd.DataFrame(flat(doc["staff"])),
            pd.DataFrame(flat(doc["posts"])))


# ---------------------------------------------------------------- the methods (timed)

def run_bianzhi(frames):
    import bianzhi
    units, staff, posts = frames
    ds = bianzhi.Dataset.from_frames(units, staff, posts, as_of=AS_OF)
    r = bianzhi.validate(ds, as_of=AS_OF)
    counts = {}
    for v in r.violations:
        counts[v.code] = counts.get(v.code, 0) + 1
    return counts


ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
             50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}


def pandas_subset(units, staff, as_of=AS_OF):
    """What a careful analyst writes in pandas: vectorised, one frame per rule."""
    import numpy as np
    import pandas as pd

    asof = pd.Timestamp(as_of)
    out = {}
    # Pools: an internal unit counts in its parent's establishment (walk up until a pool).
    u = units.set_index("id")
    pool = pd.Series(np.where(u["kind"] != "internal", u.index, None), index=u.index, dtype=object)
    parent = u["parent"]
    for _ in range(16):
        todo = pool.isna() & parent.notna()
        if not todo.any():
            break
        pool[todo] = pool.reindex(parent[todo].values).values
        parent[todo] = parent.reindex(parent[todo].values).values
    present = staff["status"].fillna("active").isin(["active", "leave", "absent"])
    occupying = present & staff["establishment"].notna()
    spool = staff["unit"].map(pool)

    # Over-establishment per pool × category.
    occ = staff[occupying].assign(pool=spool[occupying]).groupby(["pool", "establishment"]).size()
    qcols = [c for c in units.columns if c.startswith("quotas.")]
    quota = (units.set_index("id")[qcols].rename(columns=lambda c: c[7:]).stack()
             .rename_axis(["pool", "establishment"]))
    j = pd.concat([occ.rename("o"), quota.rename("a")], axis=1).fillna(0)
    out["OVER_ESTABLISHMENT"] = int((j["o"] > j["a"]).sum())

    # Leadership excess per pool × level.
    lead = staff[present & staff["leadership"].notna()]
    n = lead.assign(pool=spool[lead.index]).groupby(["pool", "leadership"]).size()
    lcols = [c for c in units.columns if c.startswith("leadership.")]
    appr = (units.set_index("id")[lcols].rename(columns=lambda c: c[11:]).stack()
            .rename_axis(["pool", "leadership"]))
    j = pd.concat([n.rename("n"), appr.rename("a")], axis=1).fillna(0)
    out["OVER_LEADERSHIP_QUOTA"] = int((j["n"] > j["a"]).sum())

    # ID numbers: 18 characters, digits, province, date, check character, not in the future.
    idn = staff["id_number"].fillna("").str.strip().str.upper()
    ok = idn.str.fullmatch(r"\d{17}[\dX]")
    b = idn.where(ok, "0" * 18)
    digits = np.frombuffer("".join(b).encode(), dtype=np.uint8).reshape(-1, 18)[:, :17] - 48
    check = np.array(list("10X98765432"))[(digits.astype(np.int64) @ np.array(ID_W)) % 11]
    birth = pd.to_datetime(b.str[6:14], format="%Y%m%d", errors="coerce")
    province = digits[:, 0].astype(int) * 10 + digits[:, 1]
    valid = (ok & (check == b.str[17]) & birth.notna() & (birth >= "1850-01-01")
             & (birth <= asof) & pd.Series(np.isin(province, list(PROVINCES)), index=b.index))
    has = staff["id_number"].notna()
    out["INVALID_ID_NUMBER"] = int((has & ~valid).sum())

    # One person in two quotas: valid numbers compared on the first 17 digits.
    key = b.str[:17].where(valid & occupying)
    out["DUPLICATE_PERSON"] = int(key.dropna().duplicated().sum())

    # Past statutory retirement age (2025 reform: month-by-month delay).
    bd = pd.to_datetime(staff["birth_date"], errors="coerce").fillna(birth.where(valid))
    female = staff["gender"].eq("female")
    worker = staff["establishment"].eq("logistics")
    orig = np.where(~female, 60, np.where(worker, 50, 55))
    start = np.where(~female, 1965 * 12, np.where(worker, 1975 * 12, 1970 * 12))
    step = np.where(female & worker, 2, 4)
    cap = np.where(female & worker, 60, 36)
    bm = bd.dt.year.to_numpy() * 12 + bd.dt.month.to_numpy() - 1
    delay = np.where(bm < start, 0, np.minimum((bm - start) // step + 1, cap))
    ret = bm + orig * 12 + delay
    now = asof.year * 12 + asof.month - 1
    out["PAST_RETIREMENT_AGE"] = int((occupying & bd.notna() & (now > ret)).sum())
    return out


def polars_pools(units):
    """unit id → pool id (an internal unit counts in its parent's establishment)."""
    import polars as pl

    p = units.select(
        "id", "parent",
        pool=pl.when(pl.col("kind") != "internal").then(pl.col("id")),
    )
    for _ in range(16):
        if p.filter(pl.col("pool").is_null() & pl.col("parent").is_not_null()).height == 0:
            break
        up = p.select(parent="id", up_pool="pool", up_parent="parent")
        todo = pl.col("pool").is_null()
        p = p.join(up, on="parent", how="left").select(
            "id",
            parent=pl.when(todo).then(pl.col("up_parent")).otherwise(pl.col("parent")),
            pool=pl.when(todo).then(pl.col("up_pool")).otherwise(pl.col("pool")),
        )
    return p.select(unit="id", pool="pool")


def polars_subset(units, staff, as_of=AS_OF):
    """The same five rules as a careful polars user writes them: one lazy plan per rule over
    a shared lazy staff frame, joins and group_by, evaluated together by collect_all."""
    import polars as pl

    asof = dt.date.fromisoformat(as_of)
    pools = polars_pools(units).lazy()
    idn = pl.col("id_number").fill_null("").str.strip_chars().str.to_uppercase()
    s = (
        staff.lazy()
        .with_columns(idn=idn, status=pl.col("status").fill_null("active"))
        .with_columns(
            present=pl.col("status").is_in(["active", "leave", "absent"]),
            shape=pl.col("idn").str.contains(r"^\d{17}[\dX]$"),
            id_birth=pl.col("idn").str.slice(6, 8).str.to_date("%Y%m%d", strict=False),
            province=pl.col("idn").str.slice(0, 2).str.to_integer(strict=False),
            check=pl.sum_horizontal(
                pl.col("idn").str.slice(i, 1).str.to_integer(strict=False) * w
                for i, w in enumerate(ID_W)
            ) % 11,
        )
        .with_columns(
            occupying=pl.col("present") & pl.col("establishment").is_not_null(),
            valid=(
                pl.col("shape")
                & (pl.col("check").replace_strict(dict(enumerate("10X98765432")),
                                                  default="?", return_dtype=pl.Utf8)
                   == pl.col("idn").str.slice(17, 1))
                & pl.col("id_birth").is_between(dt.date(1850, 1, 1), asof)
                & pl.col("province").is_in(sorted(PROVINCES))
            ).fill_null(False),
        )
        .join(pools, on="unit", how="left")
    )

    def unpivot(prefix, key):
        cols = [c for c in units.columns if c.startswith(prefix)]
        return (units.lazy().select("id", *cols)
                .rename({c: c[len(prefix):] for c in cols})
                .unpivot(index="id", variable_name=key, value_name="a")
                .drop_nulls("a").rename({"id": "pool"}))

    def over(counted, key, prefix):
        n = counted.group_by("pool", key).agg(pl.len().alias("n"))
        return (n.join(unpivot(prefix, key), on=["pool", key], how="full", coalesce=True)
                .select(((pl.col("n").fill_null(0) > pl.col("a").fill_null(0))).sum()))

    occ = over(s.filter("occupying"), "establishment", "quotas.")
    lead = over(s.filter(pl.col("present") & pl.col("leadership").is_not_null()),
                "leadership", "leadership.")
    invalid = s.select((pl.col("id_number").is_not_null() & ~pl.col("valid")).sum())
    dup = (s.filter(pl.col("valid") & pl.col("occupying"))
           .select(pl.len() - pl.col("idn").str.slice(0, 17).n_unique()))
    female = pl.col("gender").eq_missing("female")
    worker = pl.col("establishment").eq_missing("logistics")
    bd = pl.col("birth_date").str.to_date("%Y-%m-%d", strict=False).fill_null(
        pl.when(pl.col("valid")).then(pl.col("id_birth")))
    bm = bd.dt.year().cast(pl.Int64) * 12 + bd.dt.month().cast(pl.Int64) - 1
    orig = pl.when(~female).then(60).when(worker).then(50).otherwise(55)
    start = pl.when(~female).then(1965 * 12).when(worker).then(1975 * 12).otherwise(1970 * 12)
    step = pl.when(female & worker).then(2).otherwise(4)
    cap = pl.when(female & worker).then(60).otherwise(36)
    delay = pl.when(bm < start).then(0).otherwise(
        pl.min_horizontal((bm - start) // step + 1, cap))
    now = asof.year * 12 + asof.month - 1
    past = s.select((pl.col("occupying") & bd.is_not_null()
                     & (now > bm + orig * 12 + delay)).sum())
    got = pl.collect_all([occ, lead, invalid, dup, past])
    return {rule: int(f.item()) for rule, f in zip(
        ["OVER_ESTABLISHMENT", "OVER_LEADERSHIP_QUOTA", "INVALID_ID_NUMBER",
         "DUPLICATE_PERSON", "PAST_RETIREMENT_AGE"], got)}


def csv_paths(path):
    """The roster as the CSV pair (units, staff) and a posts file, written once from the
    same frames (untimed): what an office exports from its spreadsheet."""
    # One folder per roster: the reader takes each file's kind from its name.
    base = path[: -len(".json")] + "_csv"
    os.makedirs(base, exist_ok=True)
    out = [os.path.join(base, f"{k}.csv") for k in ("units", "staff", "posts")]
    if not all(os.path.exists(p) for p in out):
        for frame, p in zip(pandas_frames(load_doc(path)), out):
            frame.to_csv(p, index=False)
    return out


def polars_read_csv(units_csv, staff_csv):
    import polars as pl
    # What a careful user passes: ID-like columns stay text (身份证号 would otherwise be
    # inferred as an integer wherever no X occurs in the first rows).
    text = {c: pl.Utf8 for c in ("id", "parent", "unit", "id_number", "post", "birth_date",
                                 "working_unit", "joined", "left")}
    u = pl.read_csv(units_csv, schema_overrides={k: v for k, v in text.items()
                                                 if k in ("id", "parent")})
    s = pl.read_csv(staff_csv, schema_overrides=text, infer_schema_length=10000)
    return u, s


#: The CLI's peak RSS of each run of `cli_csv` (MB), when /usr/bin/time is there.
CLI_PEAKS_MB = []


def cli_csv(cli, files):
    """The CLI on the CSV files, as a user runs it; counts read from its JSON report."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "report.json")
        cmd = [cli, "validate", *files, "--as-of", AS_OF, "--format", "json", "--quiet",
               "--output", out]
        # The CLI's own peak from /usr/bin/time: RUSAGE_CHILDREN would count this big
        # Python process, which the child is until it execs.
        timer = os.path.exists("/usr/bin/time")
        if timer:
            cmd = ["/usr/bin/time", "-f", "BZ_MAXRSS_KB %M", *cmd]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode not in (0, 1):
            raise SystemExit(f"bianzhi validate failed ({p.returncode}): {p.stderr[-2000:]}")
        for line in p.stderr.splitlines() if timer else ():
            if line.startswith("BZ_MAXRSS_KB "):
                CLI_PEAKS_MB.append(int(line.split()[1]) / 1024)
        with open(out, encoding="utf-8") as f:
            report = json.load(f)
    counts = {}
    for v in report["violations"]:
        counts[v["code"]] = counts.get(v["code"], 0) + 1
    return counts


def pydantic_rowwise(units, staff_rows, as_of=AS_OF):
    """Row-wise: a pydantic model per staff record, then dict aggregation."""
    from typing import Optional

    from pydantic import BaseModel, field_validator

    asof = dt.date.fromisoformat(as_of)

    class StaffRow(BaseModel):
        id: str
        name: str
        unit: str
        id_number: Optional[str] = None
        gender: Optional[str] = None
        birth_date: Optional[dt.date] = None
        establishment: Optional[str] = None
        leadership: Optional[str] = None
        status: str = "active"
        id_ok: bool = True

        @field_validator("id_number")
        @classmethod
        def strip(cls, v):
            return v.strip().upper() if v else v

    def id_valid(s):
        if len(s) != 18 or not s[:17].isdigit() or int(s[:2]) not in PROVINCES:
            return None
        try:
            b = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
        except ValueError:
            return None
        if b.year < 1850 or b > asof:
            return None
        if "10X98765432"[sum(int(c) * w for c, w in zip(s[:17], ID_W)) % 11] != s[17]:
            return None
        return b

    pool = {}
    kind = {u["id"]: u["kind"] for u in units}
    par = {u["id"]: u.get("parent") for u in units}
    for uid in kind:
        p = uid
        for _ in range(16):
            if p is None or kind.get(p) != "internal":
                break
            p = par.get(p)
        pool[uid] = p
    out = dict.fromkeys(RULES, 0)
    occ, lead, seen = {}, {}, set()
    now = asof.year * 12 + asof.month - 1
    for row in staff_rows:
        s = StaffRow.model_validate(row)
        present = s.status in ("active", "leave", "absent")
        occupying = present and s.establishment is not None
        p = pool.get(s.unit)
        birth = s.birth_date
        if s.id_number:
            b = id_valid(s.id_number)
            if b is None:
                out["INVALID_ID_NUMBER"] += 1
            else:
                birth = birth or b
                if occupying:
                    k = s.id_number[:17]
                    if k in seen:
                        out["DUPLICATE_PERSON"] += 1
                    seen.add(k)
        if occupying:
            occ[(p, s.establishment)] = occ.get((p, s.establishment), 0) + 1
            if birth:
                female, worker = s.gender == "female", s.establishment == "logistics"
                orig, start, step, cap = ((60, 1965 * 12, 4, 36) if not female else
                                          (50, 1975 * 12, 2, 60) if worker else (55, 1970 * 12, 4, 36))
                bm = birth.year * 12 + birth.month - 1
                delay = 0 if bm < start else min((bm - start) // step + 1, cap)
                if now > bm + orig * 12 + delay:
                    out["PAST_RETIREMENT_AGE"] += 1
        if present and s.leadership:
            lead[(p, s.leadership)] = lead.get((p, s.leadership), 0) + 1
    quotas = {(u["id"], c): q for u in units for c, q in (u.get("quotas") or {}).items()}
    out["OVER_ESTABLISHMENT"] = sum(1 for k, n in occ.items() if n > quotas.get(k, 0))
    lq = {(u["id"], lv): q for u in units for lv, q in (u.get("leadership") or {}).items()}
    out["OVER_LEADERSHIP_QUOTA"] = sum(1 for k, n in lead.items() if n > lq.get(k, 0))
    return out


# ---------------------------------------------------------------- one method per process

def _status_mb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak():
    """Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS, so the
    peak measured after a method is its own, not the preparation's (json.load, frames)."""
    import gc
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    return _status_mb("VmRSS:")


def _input_mb(frames):
    total = 0
    for f in frames:
        if hasattr(f, "nbytes") and not hasattr(f, "memory_usage"):  # pyarrow Table
            total += f.nbytes
        elif hasattr(f, "estimated_size"):  # polars
            total += f.estimated_size()
        else:  # pandas: object columns hold Python strings
            total += int(f.memory_usage(deep=True).sum())
    return total / 2**20


def timed(reps, fn):
    """Best wall time of `reps` runs of `fn` (this VM's timings wander by ±20%), the peak
    RSS (MB) reached during the first run (later runs would add what the allocator kept
    from earlier ones), and the finding counts of the last run."""
    best, counts, peak_mb = float("inf"), None, None
    for _ in range(max(1, reps)):
        t = time.perf_counter()
        counts = fn()
        best = min(best, time.perf_counter() - t)
        if peak_mb is None:
            peak_mb = _status_mb("VmHWM:")
    return best, counts, peak_mb


def _bianzhi_json(path):
    import bianzhi
    ds = bianzhi.Dataset.from_json(path)
    r = bianzhi.validate(ds, as_of=AS_OF)
    counts = {}
    for v in r.violations:
        counts[v.code] = counts.get(v.code, 0) + 1
    return counts


def one(method, path, pydantic_max, reps=1, cli=None):
    doc = load_doc(path)
    n = len(doc["staff"])
    input_mb = os.path.getsize(path) / 2**20
    if method == "bianzhi_json":
        import bianzhi  # noqa: F401  (imported before the peak is reset)
        base_mb = _reset_peak()
        secs, counts, peak_mb = timed(reps, lambda: _bianzhi_json(path))
    elif method in ("bianzhi_pyarrow", "bianzhi_polars", "bianzhi_pandas"):
        import pyarrow as pa
        units, staff, posts = pandas_frames(doc)
        del doc
        if method == "bianzhi_pyarrow":
            frames = tuple(pa.Table.from_pandas(f, preserve_index=False) for f in (units, staff, posts))
        elif method == "bianzhi_polars":
            import polars as pl
            frames = tuple(pl.from_pandas(f) for f in (units, staff, posts))
        else:
            frames = (units, staff, posts)
        del units, staff, posts
        input_mb = _input_mb(frames)
        base_mb = _reset_peak()
        secs, counts, peak_mb = timed(reps, lambda: run_bianzhi(frames))
    elif method == "pandas_subset":
        units, staff, _ = pandas_frames(doc)
        del doc
        input_mb = _input_mb((units, staff))
        base_mb = _reset_peak()
        secs, counts, peak_mb = timed(reps, lambda: pandas_subset(units, staff))
    elif method == "polars_subset":
        import polars as pl
        units, staff, _ = (pl.from_pandas(f) for f in pandas_frames(doc))
        del doc
        input_mb = _input_mb((units, staff))
        base_mb = _reset_peak()
        secs, counts, peak_mb = timed(reps, lambda: polars_subset(units, staff))
    elif method == "polars_csv":
        import polars as pl  # noqa: F401
        files = csv_paths(path)
        del doc
        input_mb = sum(os.path.getsize(f) for f in files[:2]) / 2**20
        base_mb = _reset_peak()
        secs, counts, peak_mb = timed(reps, lambda: polars_subset(*polars_read_csv(*files[:2])))
    elif method == "bianzhi_cli_csv":
        files = csv_paths(path)
        del doc
        input_mb = sum(os.path.getsize(f) for f in files) / 2**20
        base_mb = 0.0
        secs, counts, _ = timed(reps, lambda: cli_csv(cli, files))
        # The child's own peak: its first run (later runs find the files in the page
        # cache, which is not the process's memory either way).
        peak_mb = (CLI_PEAKS_MB[0] if CLI_PEAKS_MB
                   else resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    elif method == "pydantic_rowwise":
        rows = doc["staff"][:pydantic_max]
        n = len(rows)
        input_mb = float("nan")
        base_mb = _reset_peak()
        secs, counts, peak_mb = timed(reps, lambda: pydantic_rowwise(doc["units"], rows))
    else:
        raise SystemExit(f"unknown method {method}")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if method == "bianzhi_cli_csv":
        rss_mb = peak_mb
    added_mb = peak_mb - base_mb
    print(json.dumps({"method": method, "n": n, "secs": secs, "rss_mb": rss_mb,
                      "input_mb": input_mb, "added_mb": added_mb,
                      "counts": {k: counts.get(k, 0) for k in RULES}}))


METHODS = ["bianzhi_pyarrow", "bianzhi_polars", "bianzhi_pandas", "bianzhi_json",
           "bianzhi_cli_csv", "pandas_subset", "polars_subset", "polars_csv", "pydantic_rowwise"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--staff", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cli", default="target/release/bianzhi")
    ap.add_argument("--data", default=None, help="JSON path (generated when missing)")
    ap.add_argument("--pydantic-max", type=int, default=200_000,
                    help="rows given to the row-wise pydantic baseline (its rate is reported)")
    ap.add_argument("--reps", type=int, default=3,
                    help="timed runs per method; the best is reported")
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    path = a.data or f"target/bench-data/staff_{a.staff}_{a.seed}.json"
    if a.one:
        one(a.one, path, a.pydantic_max, a.reps, a.cli)
        return
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        subprocess.run([a.cli, "generate", "--staff", str(a.staff), "--seed", str(a.seed),
                        "--output", path], check=True)
    res = {}
    for m in METHODS:
        p = subprocess.run([sys.executable, __file__, "--one", m, "--data", path,
                            "--pydantic-max", str(a.pydantic_max), "--reps", str(a.reps),
                            "--cli", a.cli],
                           capture_output=True, text=True)
        if p.returncode != 0:
            print(f"{m} failed:\n{p.stderr[-2000:]}", file=sys.stderr)
            continue
        res[m] = json.loads(p.stdout.strip().splitlines()[-1])
    base = res.get("pandas_subset")
    base_rate = base["n"] / base["secs"] if base else None
    pbase = res.get("polars_subset")
    pbase_rate = pbase["n"] / pbase["secs"] if pbase else None
    print(f"\n{a.staff} staff, seed {a.seed}, as of {AS_OF}; one process per method; "
          f"best of {a.reps} runs; time excludes reading the JSON into frames except for "
          "bianzhi_json and the CSV methods (bianzhi_cli_csv: the CLI reads the CSV files; "
          "polars_csv: read_csv + the polars subset); peak added = the peak RSS during the "
          "first run minus the RSS before it (the CLI: its own peak RSS)\n")
    print("| method | records | time (s) | records/s | × pandas subset | × polars subset "
          "| input (MB) | peak added (MB) | × input | process peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for m, r in res.items():
        rate = r["n"] / r["secs"]
        ratio = f"{rate / base_rate:.1f}" if base_rate else "-"
        pratio = f"{rate / pbase_rate:.2f}" if pbase_rate else "-"
        inp, added = r["input_mb"], r["added_mb"]
        times = f"{added / inp:.1f}" if inp == inp and inp > 0 else "-"
        inp_s = f"{inp:.0f}" if inp == inp else "-"
        print(f"| {m} | {r['n']:,} | {r['secs']:.2f} | {rate / 1e6:.2f} M | {ratio} | {pratio} "
              f"| {inp_s} "
              f"| {added:.0f} | {times} | {r['rss_mb']:.0f} |")
    print("\nFinding counts of the shared rules (pydantic on its row subset):\n")
    print("| rule | " + " | ".join(res) + " |")
    print("|---|" + "---:|" * len(res))
    for rule in RULES:
        print(f"| {rule} | " + " | ".join(str(r["counts"][rule]) for r in res.values()) + " |")


if __name__ == "__main__":
    main()
