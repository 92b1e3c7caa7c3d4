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

# Small ODS and xlsx workbooks built here (the template is the only workbook on disk), so the
# workbook target starts from both zip formats' real structure: a header, one record,
# a repeated row and a shared-strings table.
import io
import zipfile


def zipped(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in entries:
            z.writestr(name, body)
    return buf.getvalue()


def ods_cell(t, rep=""):
    rep = f' table:number-columns-repeated="{rep}"' if rep else ""
    return f'<table:table-cell office:value-type="string"{rep}><text:p>{t}</text:p></table:table-cell>'


ods_rows = (
    "<table:table-row>" + ods_cell("人员编码") + ods_cell("姓名") + ods_cell("所在单位") + "</table:table-row>"
    + "<table:table-row>" + ods_cell("S1") + ods_cell("张三") + ods_cell("U1") + "</table:table-row>"
    + '<table:table-row table:number-rows-repeated="2">' + ods_cell("S2") + ods_cell("x", 2) + "</table:table-row>"
)
content = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="人员">'
    + ods_rows + "</table:table></office:spreadsheet></office:body></office:document-content>"
)
manifest = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)
put("workbook", b"\x01" + zipped([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                                  ("META-INF/manifest.xml", manifest), ("content.xml", content)]))

X = "http://schemas.openxmlformats.org"
xlsx_parts = [
    ("[Content_Types].xml", f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{X}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    ("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{X}/package/2006/relationships"><Relationship Id="rId1" Type="{X}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{X}/spreadsheetml/2006/main" xmlns:r="{X}/officeDocument/2006/relationships"><sheets><sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    ("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{X}/package/2006/relationships"><Relationship Id="rId1" Type="{X}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{X}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
    ("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{X}/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>人员编码</t></si><si><t>姓名</t></si><si><t>所在单位</t></si></sst>'),
    ("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{X}/spreadsheetml/2006/main"><dimension ref="A1:C2"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>S1</t></is></c><c r="B2" t="inlineStr"><is><t>张三</t></is></c><c r="C2" t="inlineStr"><is><t>U1</t></is></c><c r="D2"><v>1</v></c></row></sheetData></worksheet>'),
]
put("workbook", b"\x00" + zipped(xlsx_parts))
put("tabular", b"\x00" + zipped(xlsx_parts))
