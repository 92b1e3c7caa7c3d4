#!/usr/bin/env python3
"""Test helper for the C suite: turns the shared conformance corpus into plain files that a
C program can read without a JSON parser, and cross-checks what the C program saw.

  cases.py split CASES_DIR OUT_DIR   one folder per case under OUT_DIR:
      meta.txt          as_of, lang, kind ("ok" or "error"), one per line
      dataset.json      the dataset document (raw text for error cases)
      expected.tsv      code unit staff post duty  (\\N for null), in order
      occupancy.tsv     unit category approved occupied vacant over (when the case has it)
      leadership.tsv    unit level approved actual (when the case has it)
      messages.txt      one expected message fragment per line (when the case has it)
      extra.tsv         index, key (excess_staff or amount), value (ids joined by commas)
                        for the findings that give them
      error.txt         the text the load error must contain (error cases)
  cases.py split-assess CASES_DIR OUT_DIR   input.json per assessment case
  cases.py check-assess CASES_DIR OUT_DIR   compares what tests/c/assess wrote (result.json or
      error.txt = status name + message) with each case's expected subset / expected_error
  cases.py check OUT_DIR             compares every case's got.tsv (all bz_violation fields
      as read through the C API) with report.json (bz_report_to_json, the Rust serialisation)
"""
import json
import os
import sys

NULL = "\\N"


def cell(v):
    if v is None:
        return NULL
    s = str(v)
    if any(c in s for c in "\t\n\r"):
        raise SystemExit(f"value {s!r} has a tab or newline; the TSV format cannot carry it")
    return s


def split(cases_dir, out_dir):
    names = sorted(n for n in os.listdir(cases_dir) if n.endswith(".json"))
    if not names:
        raise SystemExit(f"no cases in {cases_dir}")
    for name in names:
        with open(os.path.join(cases_dir, name), encoding="utf-8") as f:
            case = json.load(f)
        d = os.path.join(out_dir, name[: -len(".json")])
        os.makedirs(d, exist_ok=True)
        for old in os.listdir(d):
            os.remove(os.path.join(d, old))
        ds = case["dataset"]
        text = ds if isinstance(ds, str) else json.dumps(ds, ensure_ascii=False)
        with open(os.path.join(d, "dataset.json"), "w", encoding="utf-8") as f:
            f.write(text)
        kind = "error" if "expected_error" in case else "ok"
        with open(os.path.join(d, "meta.txt"), "w", encoding="utf-8") as f:
            f.write(f"{case.get('as_of') or ''}\n{case.get('lang') or 'zh'}\n{kind}\n")
        if kind == "error":
            with open(os.path.join(d, "error.txt"), "w", encoding="utf-8") as f:
                f.write(case["expected_error"].get("contains", "") + "\n")
            continue
        exp = case["expected"]
        with open(os.path.join(d, "expected.tsv"), "w", encoding="utf-8") as f:
            for v in exp["violations"]:
                f.write("\t".join(cell(v.get(k)) for k in ("code", "unit", "staff", "post", "duty")) + "\n")
        tables = {
            "occupancy": ("unit", "category", "approved", "occupied", "vacant", "over"),
            "leadership": ("unit", "level", "approved", "actual"),
        }
        for key, cols in tables.items():
            if key in exp:
                with open(os.path.join(d, f"{key}.tsv"), "w", encoding="utf-8") as f:
                    for row in exp[key]:
                        f.write("\t".join(cell(row.get(k)) for k in cols) + "\n")
        extra = [(i, k, v[k]) for i, v in enumerate(exp["violations"])
                 for k in ("excess_staff", "amount") if k in v]
        if extra:
            with open(os.path.join(d, "extra.tsv"), "w", encoding="utf-8") as f:
                for i, k, val in extra:
                    text = ",".join(val) if isinstance(val, list) else val
                    f.write(f"{i}\t{k}\t{cell(text)}\n")
        if "message_contains" in exp:
            with open(os.path.join(d, "messages.txt"), "w", encoding="utf-8") as f:
                for m in exp["message_contains"]:
                    f.write(cell(m) + "\n")
    print(f"{len(names)} cases written to {out_dir}")


FIELDS = ("code", "severity", "unit", "staff", "post", "duty", "category", "level",
          "expected", "actual", "array", "index", "field", "message", "excess_staff", "amount")


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(s[i + 1], "\\" + s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def check(out_dir):
    failed = checked = 0
    for name in sorted(os.listdir(out_dir)):
        d = os.path.join(out_dir, name)
        rj = os.path.join(d, "report.json")
        if not os.path.exists(rj):
            continue
        checked += 1
        with open(rj, encoding="utf-8") as f:
            report = json.load(f)
        def field(v, k):
            x = v.get(k)
            if k == "excess_staff":
                return ",".join(x or [])
            return NULL if x is None else str(x)
        want = [[field(v, k) for k in FIELDS] for v in report["violations"]]
        with open(os.path.join(d, "got.tsv"), encoding="utf-8") as f:
            got = [[c if c == NULL else unescape(c) for c in line.rstrip("\n").split("\t")] for line in f]
        if got != want:
            failed += 1
            print(f"FAIL {name}: bz_violation fields differ from bz_report_to_json")
            for g, w in zip(got, want):
                if g != w:
                    print(f"  got  {g}\n  want {w}")
            if len(got) != len(want):
                print(f"  {len(got)} violations through the struct, {len(want)} in the JSON")
    print(f"struct/JSON cross-check: {checked - failed} passed, {failed} failed")
    return 1 if failed else 0


def split_assess(cases_dir, out_dir):
    names = sorted(n for n in os.listdir(cases_dir) if n.endswith(".json"))
    for name in names:
        with open(os.path.join(cases_dir, name), encoding="utf-8") as f:
            case = json.load(f)
        d = os.path.join(out_dir, name[: -len(".json")])
        os.makedirs(d, exist_ok=True)
        for old in os.listdir(d):
            os.remove(os.path.join(d, old))
        with open(os.path.join(d, "input.json"), "w", encoding="utf-8") as f:
            json.dump(case.get("input"), f, ensure_ascii=False)
    print(f"{len(names)} assessment cases written to {out_dir}")


def split_ledger(cases_dir, out_dir):
    """As split-assess, with the case's `as_of` put into the ledger document."""
    names = sorted(n for n in os.listdir(cases_dir) if n.endswith(".json"))
    for name in names:
        with open(os.path.join(cases_dir, name), encoding="utf-8") as f:
            case = json.load(f)
        d = os.path.join(out_dir, name[: -len(".json")])
        os.makedirs(d, exist_ok=True)
        for old in os.listdir(d):
            os.remove(os.path.join(d, old))
        doc = case.get("input")
        if isinstance(doc, dict) and case.get("as_of"):
            doc = dict(doc, as_of=case["as_of"])
        with open(os.path.join(d, "input.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
    print(f"{len(names)} ledger cases written to {out_dir}")


def text_of(v):
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def subset_errors(what, expected, actual):
    errs = []
    if not isinstance(expected, list) or not isinstance(actual, list):
        return [f"{what} is not a list"]
    if len(expected) != len(actual):
        errs.append(f"{what}: expected {len(expected)} entries, got {len(actual)}")
    for i, (e, a) in enumerate(zip(expected, actual)):
        for k, ev in e.items():
            if k.endswith("_contains"):
                field = k[: -len("_contains")]
                at = text_of(a[field]) if field in a else ""
                if text_of(ev) not in at:
                    errs.append(f"{what}[{i}].{field}: {at!r} does not contain {text_of(ev)!r}")
            elif a.get(k) != ev or type(a.get(k)) is not type(ev):
                errs.append(f"{what}[{i}].{k}: expected {ev!r}, got {a.get(k)!r}")
    return errs


KINDS = {"BZ_INVALID_SCHEME": "scheme", "BZ_INVALID_INPUT": "input"}


def check_assess(cases_dir, out_dir):
    failed = passed = 0
    for name in sorted(n for n in os.listdir(cases_dir) if n.endswith(".json")):
        with open(os.path.join(cases_dir, name), encoding="utf-8") as f:
            case = json.load(f)
        d = os.path.join(out_dir, name[: -len(".json")])
        errs = []
        res, err = os.path.join(d, "result.json"), os.path.join(d, "error.txt")
        if "expected_error" in case:
            ee = case["expected_error"]
            if not os.path.exists(err):
                errs.append("expected an error, got a result")
            else:
                with open(err, encoding="utf-8") as f:
                    status, _, message = f.read().partition("\n")
                if KINDS.get(status) != ee.get("kind"):
                    errs.append(f"expected a {ee.get('kind')} error, got {status}: {message}")
                if ee.get("contains", "") not in message:
                    errs.append(f"error {message!r} lacks {ee.get('contains')!r}")
        elif not os.path.exists(res):
            msg = open(err, encoding="utf-8").read() if os.path.exists(err) else "no output"
            errs.append(f"unexpected error: {msg}")
        else:
            with open(res, encoding="utf-8") as f:
                actual = json.load(f)
            for key in ("outcomes", "distribution", "findings"):
                if key in case["expected"]:
                    errs += subset_errors(key, case["expected"][key], actual.get(key))
            if "errors" in case["expected"] and actual.get("errors") != case["expected"]["errors"]:
                errs.append(f"errors: expected {case['expected']['errors']}, got {actual.get('errors')}")
        if errs:
            failed += 1
            print(f"FAIL {name}:\n  " + "\n  ".join(errs))
        else:
            passed += 1
    print(f"assessment: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


def matches(expected, actual, path, errs):
    """The plan/ rule: objects by subset (an expected null also accepts an absent key),
    arrays exactly in length and order, scalars by equality."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for k, ev in expected.items():
            if k in actual:
                matches(ev, actual[k], f"{path}.{k}", errs)
            elif ev is not None:
                errs.append(f"{path}.{k}: missing (expected {ev!r})")
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            errs.append(f"{path}: expected {len(expected)} elements, got {len(actual)}")
            return
        for i, (e, a) in enumerate(zip(expected, actual)):
            matches(e, a, f"{path}[{i}]", errs)
    elif expected != actual or type(expected) is not type(actual):
        errs.append(f"{path}: expected {expected!r}, got {actual!r}")


def check_json(cases_dir, out_dir):
    """Checks result.json / error.txt (written by a C runner) against a plan-style corpus
    folder (`expected` matched with `matches`, `expected_error.contains` in the message)."""
    failed = passed = 0
    for name in sorted(n for n in os.listdir(cases_dir) if n.endswith(".json")):
        with open(os.path.join(cases_dir, name), encoding="utf-8") as f:
            case = json.load(f)
        d = os.path.join(out_dir, name[: -len(".json")])
        errs = []
        res, err = os.path.join(d, "result.json"), os.path.join(d, "error.txt")
        if "expected_error" in case:
            if not os.path.exists(err):
                errs.append("expected an error, got a result")
            else:
                with open(err, encoding="utf-8") as f:
                    message = f.read().partition("\n")[2]
                if case["expected_error"].get("contains", "") not in message:
                    errs.append(f"error {message!r} lacks {case['expected_error'].get('contains')!r}")
        elif not os.path.exists(res):
            msg = open(err, encoding="utf-8").read() if os.path.exists(err) else "no output"
            errs.append(f"unexpected error: {msg}")
        else:
            with open(res, encoding="utf-8") as f:
                matches(case["expected"], json.load(f), "$", errs)
        if errs:
            failed += 1
            print(f"FAIL {name}:\n  " + "\n  ".join(errs))
        else:
            passed += 1
    print(f"{os.path.basename(cases_dir.rstrip('/'))}: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "split":
        split(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "split-assess":
        split_assess(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "check-assess":
        sys.exit(check_assess(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "check-ledger":
        sys.exit(check_json(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "split-ledger":
        split_ledger(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "check-json":
        sys.exit(check_json(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    else:
        raise SystemExit(__doc__)
