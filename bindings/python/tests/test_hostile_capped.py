"""Issue 20's inputs that allocated with the input, each in a fresh interpreter under
``resource.setrlimit(RLIMIT_AS, 3 GB)``: the typed exception (or the bounded result) is
asserted, and the child must exit normally, never by a signal (SIGABRT after "memory
allocation of N bytes failed", SIGKILL) or with a ``MemoryError``.

The files are a few KB, built here; the child reports its outcome as one JSON line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, Dict, List

import pytest

resource = pytest.importorskip("resource")  # POSIX only

CAP = 3_000_000_000

# The child: caps its address space, runs one case, prints {"ok": …} or {"error": type,
# "message": …}. A MemoryError is caught like any other exception and reported (and fails
# the test); an abort kills the child before it prints.
CHILD = r"""
import json, resource, sys, warnings
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
import bianzhi

def findings(report, code):
    return [v for v in report.violations if v.code == code]

case, arg = sys.argv[2], sys.argv[3]
try:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if case == "read":
            ds = bianzhi.Dataset.read(arg)
            r = bianzhi.validate(ds, as_of="2026-06-30", lang="en")
            out = {"staff": [s["id"] for s in ds.to_dict()["staff"]],
                   "unknown": [v.message for v in findings(r, "UNKNOWN_FIELD")]}
        elif case == "validate":
            with open(arg, encoding="utf-8") as f:
                doc = f.read()
            r = bianzhi.validate(bianzhi.Dataset.from_json(doc), as_of="2026-06-30",
                                 lang="en", threads=16)
            out = {"over": [[v.unit, v.category] for v in findings(r, "OVER_ESTABLISHMENT")],
                   "below": len(findings(r, "STAFFING_BELOW_NORM")),
                   "closing": len([v for v in findings(r, "STAFFING_BELOW_NORM")
                                   if v.unit is None])}
        elif case == "generate":
            ds = bianzhi.Dataset.generate(int(arg))
            out = {"staff": ds.staff_count}
        else:
            raise SystemExit("unknown case " + case)
    out["warnings"] = [str(w.message) for w in caught]
    print(json.dumps({"ok": out}, ensure_ascii=False))
except BaseException as e:
    print(json.dumps({"error": type(e).__name__, "message": str(e)}, ensure_ascii=False))
"""


def run_capped(case: str, arg: str) -> Dict[str, Any]:
    p = subprocess.run(
        [sys.executable, "-c", CHILD, str(CAP), case, arg],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, (
        f"{case} {arg}: the child died (status {p.returncode}"
        f"{', signal ' + str(-p.returncode) if p.returncode < 0 else ''}): {p.stderr[-2000:]}"
    )
    lines = p.stdout.strip().splitlines()
    assert lines, p.stderr
    out: Dict[str, Any] = json.loads(lines[-1])
    assert out.get("error") != "MemoryError", out
    return out


def zipped(entries: List[tuple[str, str]], prefix: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in entries:
            z.writestr(name, body)
    return prefix + buf.getvalue()


X = "http://schemas.openxmlformats.org"


def xlsx(sheet_data: str, shared: str | None = None) -> bytes:
    parts = [
        ("[Content_Types].xml", f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{X}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        ("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{X}/package/2006/relationships"><Relationship Id="rId1" Type="{X}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{X}/spreadsheetml/2006/main" xmlns:r="{X}/officeDocument/2006/relationships"><sheets><sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{X}/package/2006/relationships"><Relationship Id="rId1" Type="{X}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{X}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        ("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{X}/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>'),
    ]
    if shared is not None:
        parts.append(("xl/sharedStrings.xml", shared))
    return zipped(parts)


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


ROSTER = (
    '<row r="1">' + inline("A1", "人员编码") + inline("B1", "姓名") + inline("C1", "所在单位")
    + '</row><row r="2">' + inline("A2", "S1") + inline("B2", "张三") + inline("C2", "U1")
    + "</row>"
)


def ods(rows: str) -> bytes:
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="人员">'
               + rows + "</table:table></office:spreadsheet></office:body></office:document-content>")
    return zipped([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                   ("META-INF/manifest.xml", manifest), ("content.xml", content)])


def ods_cell(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


ODS_ROSTER = (
    "<table:table-row>" + ods_cell("人员编码") + ods_cell("姓名") + ods_cell("所在单位")
    + "</table:table-row><table:table-row>" + ods_cell("S1") + ods_cell("张三")
    + ods_cell("U1") + "</table:table-row>"
)


def write(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    assert p.stat().st_size < 1 << 20, p.stat().st_size
    return str(p)


def test_sparse_xlsx_cells_are_read_by_the_cells_present(tmp_path: Path) -> None:
    # A1…C2 and XFD1048576: 549 GB as a rectangle, 7 cells as read; the far cell is a finding.
    f = write(tmp_path, "sparse.xlsx",
              xlsx(ROSTER + '<row r="1048576">' + inline("XFD1048576", "x") + "</row>"))
    out = run_capped("read", f)["ok"]
    assert out["staff"] == ["S1"]
    assert any("column XFD has no header" in m and "XFD1048576" in m for m in out["unknown"]), out
    f = write(tmp_path, "zz.xlsx", xlsx(ROSTER + '<row r="200000">' + inline("ZZ200000", "x") + "</row>"))
    assert run_capped("read", f)["ok"]["staff"] == ["S1"]


def test_far_cells_in_many_rows_are_refused(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}">{inline(f"XFD{r}", "x")}</row>' for r in range(3, 2003))
    f = write(tmp_path, "far.xlsx", xlsx(ROSTER + rows))
    out = run_capped("read", f)
    assert out["error"] == "InputError", out
    assert "refuses more than 10000000" in out["message"], out


def test_a_declared_shared_strings_count_is_not_trusted(tmp_path: Path) -> None:
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{X}/spreadsheetml/2006/main" '
           'count="4294967295" uniqueCount="4294967295"><si><t>人员编码</t></si></sst>')
    f = write(tmp_path, "sst.xlsx", xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', sst))
    out = run_capped("read", f)
    assert out["error"] == "InputError", out
    assert "declares 4294967295 shared strings" in out["message"], out


def test_ods_repeats_are_bounded(tmp_path: Path) -> None:
    rows = (ODS_ROSTER + '<table:table-row table:number-rows-repeated="1048575">'
            + ods_cell("S2") + "</table:table-row>")
    f = write(tmp_path, "rows.ods", ods(rows))
    out = run_capped("read", f)
    assert out["error"] == "InputError", out
    assert "more than 100000 cells" in out["message"], out
    rows = (ODS_ROSTER + '<table:table-row table:number-rows-repeated="100000">'
            '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
            "<text:p>x</text:p></table:table-cell></table:table-row>")
    f = write(tmp_path, "cols.ods", ods(rows))
    out = run_capped("read", f)
    assert out["error"] == "InputError", out
    assert "refuses more" in out["message"], out


def test_a_zip_bomb_behind_junk_bytes_is_refused(tmp_path: Path) -> None:
    bomb = zipped([("xl/worksheets/sheet1.xml", " " * (200 << 20))], prefix=b"JUNK")
    f = write(tmp_path, "bomb.xlsx", bomb)
    out = run_capped("read", f)
    assert out["error"] == "InputError", out
    assert "zip bomb" in out["message"], out


def test_categories_times_units_stay_small(tmp_path: Path) -> None:
    # 70 000 categories over 20 000 institutions at 16 threads (aborted under 2 GB before):
    # the two planted over-establishments, one past the old 16-bit codes.
    ncat, nunits = 70_000, 20_000
    units = [{"id": f"U{u}", "name": "x", "kind": "institution",
              "quotas": {f"c{ncat - 1 - u}": 1}} for u in range(nunits)]
    staff = [{"id": f"S{u}", "name": "x", "unit": f"U{u}", "establishment": f"c{ncat - 1 - u}"}
             for u in range(nunits)]
    staff += [{"id": "X1", "name": "x", "unit": "U0", "establishment": "c69999"},
              {"id": "X2", "name": "x", "unit": "U1", "establishment": "c65531"}]
    doc = {"settings": {"categories": [f"c{c}" for c in range(ncat)]},
           "units": units, "staff": staff}
    p = tmp_path / "cats.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    out = run_capped("validate", str(p))["ok"]
    assert out["over"] == [["U0", "c69999"], ["U1", "c65531"]], out


def test_norms_times_units_are_capped(tmp_path: Path) -> None:
    doc = {"units": [{"id": f"U{u}", "name": "x", "kind": "institution"} for u in range(2000)],
           "norms": [{"id": f"N{n}", "kind": "institution", "min": 5} for n in range(1000)],
           "staff": []}
    p = tmp_path / "norms.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    out = run_capped("validate", str(p))["ok"]
    assert out["below"] == 10_000 + 995, out
    assert out["closing"] == 995, out


@pytest.mark.parametrize("n", [2**40, 2**64 - 1, 10**7 + 1])
def test_generate_beyond_its_limit_is_an_input_error(n: int) -> None:
    out = run_capped("generate", str(n))
    assert out["error"] == "InputError", out
    assert "at most 10000000" in out["message"], out


def test_the_cap_is_real() -> None:
    # The same child with a cap too small for the interpreter and the extension fails: the
    # 3 GB runs above are capped for real.
    p = subprocess.run(
        [sys.executable, "-c", CHILD, str(30_000_000), "generate", "3"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode != 0 or '"error"' in p.stdout, (p.returncode, p.stdout, p.stderr)
