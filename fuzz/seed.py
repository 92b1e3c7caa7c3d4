#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from tests/cases/** (run by scripts/fuzz.sh).

Seeds go to fuzz/corpus/<target>/ (ignored by git: libFuzzer grows them)."""
import glob
import hashlib
import json
import os
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
out = os.path.join(root, "fuzz", "corpus")


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def cases(folder):
    for p in sorted(glob.glob(os.path.join(root, "tests", "cases", folder, "*.json"))):
        with open(p, encoding="utf-8") as f:
            yield json.load(f)


for c in cases("validation"):
    ds = c.get("dataset")
    put("load_validate", ds if isinstance(ds, str) else json.dumps(ds, ensure_ascii=False))
    if isinstance(ds, dict):
        for u in ds.get("units", []):
            if isinstance(u, dict) and "credit_code" in u:
                put("ident", str(u["credit_code"]))
        for s in ds.get("staff", []):
            if isinstance(s, dict) and "id_number" in s:
                put("ident", str(s["id_number"]))
for c in cases("assessment"):
    put("assess", json.dumps(c["input"], ensure_ascii=False))
for sel, folder in enumerate(["plan", "evaluation", "rectification"]):
    for c in cases(folder):
        put("plan", bytes([sel]) + json.dumps(c["input"], ensure_ascii=False).encode())

# Tabular: CSV exports of the validation datasets and the template workbook, when built.
sys.path.insert(0, root)
for sel, csv in enumerate(
    [
        "单位编码,单位名称,单位类型,行政编制数\nU1,某县农业农村局,行政机关,1\n",
        "人员编码,姓名,所在单位,编制类型,出生日期\nS1,张三,U1,行政,1980-01-02\n",
    ]
):
    put("tabular", bytes([sel + 1]) + csv.encode("utf-8"))
put("tabular", bytes([3]) + "单位编码,单位名称\nU1,某局\n".encode("gbk") + b"\xff" + "人员编码,姓名,所在单位\nS1,张三,U1\n".encode("gbk"))
for p in glob.glob(os.path.join(root, "crates", "bianzhi-tabular", "tests", "**", "*.*"), recursive=True):
    if p.endswith((".xlsx", ".xls", ".ods")):
        put("tabular", b"\x00" + open(p, "rb").read())
    elif p.endswith(".csv"):
        put("tabular", b"\x01" + open(p, "rb").read())
# The csv and workbook targets (issue 20): the same seeds behind their own selector bytes.
put("csv", bytes([1]) + "单位编码,单位名称,单位类型,行政编制数\nU1,某县农业农村局,行政机关,1\n".encode("utf-8"))
put("csv", bytes([0]) + "人员编码,姓名,所在单位,编制类型,出生日期\nS1,张三,U1,行政,1980-01-02\n".encode("utf-8"))
put("csv", bytes([0]) + "人员编码,姓名,所在单位\nS1,张三,U1\n".encode("gbk"))
put("csv", bytes([1]) + b'id,name,kind,"quotas.administrative"\nU1,"a ""b""",organ,1\n')
for p in glob.glob(os.path.join(root, "crates", "bianzhi-tabular", "tests", "**", "*.*"), recursive=True):
    if p.endswith((".xlsx", ".ods")):
        put("workbook", (b"\x01" if p.endswith(".ods") else b"\x00") + open(p, "rb").read())
    elif p.endswith(".csv"):
        put("csv", b"\x00" + open(p, "rb").read())
