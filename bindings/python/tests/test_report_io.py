"""Reports out of Python: the command line's xlsx, HTML and CSV writers, frames with
Chinese headers and names beside ids, and the Jupyter summaries."""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List

import pytest

import bianzhi

# U1 approves 1 行政编制 and holds 3: 超编 2. S1's name is a formula payload and its
# 身份证号 is invalid, so a finding names S1.
DOC = {
    "as_of": "2026-11-30",
    "units": [
        {"id": "U1", "name": "某县农业农村局", "kind": "organ", "quotas": {"administrative": 1},
         "leadership": {"principal": 1}},
    ],
    "staff": [
        {"id": "S1", "name": "=cmd|' /C calc'!A0", "id_number": "123", "unit": "U1",
         "establishment": "administrative"},
        {"id": "S2", "name": "李四", "unit": "U1", "establishment": "administrative"},
        {"id": "S3", "name": "王五", "unit": "U1", "establishment": "administrative"},
    ],
}


@pytest.fixture()
def report() -> bianzhi.Report:
    return bianzhi.validate(bianzhi.Dataset.from_dict(DOC))


def parts(data: bytes) -> Dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()}


def test_to_excel_writes_the_cli_workbook(tmp_path: Path, report: bianzhi.Report) -> None:
    out = tmp_path / "核查报告.xlsx"
    report.to_excel(out)
    p = parts(out.read_bytes())
    sheets = [n for n in p if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 5
    for n in sheets:
        assert 'orientation="landscape"' in p[n]
        assert "<f>" not in p[n]
    assert sum(1 for n in p if n.startswith("xl/charts/chart")) == 2
    shared = p["xl/sharedStrings.xml"]
    assert "某县农业农村局" in shared  # the unit name beside its id
    assert "=cmd|" in shared  # a plain string, not a formula
    assert [f.name for f in tmp_path.iterdir()] == ["核查报告.xlsx"]  # no temporary left


class Balance(HTMLParser):
    VOID = {"meta", "br", "link", "img", "input", "rect", "line"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: List[str] = []
        self.tags: List[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def test_to_html_is_one_page_that_parses(report: bianzhi.Report) -> None:
    page = report.to_html()
    parser = Balance()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    assert parser.tags.count("svg") == 2
    assert "script" not in parser.tags and "link" not in parser.tags
    assert "某县农业农村局 机构编制核查报告" in page
    assert "@media print" in page
    english = report.to_html(lang="en")
    assert "Occupancy" in english and "编制使用情况" not in english


def test_to_csv_is_the_cli_csv(tmp_path: Path, report: bianzhi.Report) -> None:
    data = report.to_csv()
    assert data.startswith("\ufeff代码,问题类型,严重程度,单位编码,单位名称,人员编码,姓名".encode())
    text = data.decode("utf-8-sig")
    assert "'=cmd|" in text and ",=cmd" not in text
    out = tmp_path / "r.csv"
    assert report.to_csv(out) == out.read_bytes() == data
    gbk = report.to_csv(lang="zh", encoding="gbk")
    assert gbk.decode("gbk").startswith("代码,问题类型")
    with pytest.raises(ValueError):
        report.to_csv(encoding="latin-1")
    with pytest.raises(ValueError):
        report.to_html(lang="fr")


def test_chinese_frames_carry_names_beside_ids(report: bianzhi.Report) -> None:
    pytest.importorskip("pandas")
    df = report.to_pandas(lang="zh")
    assert list(df.columns[:7]) == ["代码", "问题类型", "严重程度", "单位编码", "单位名称", "人员编码", "姓名"]
    over = df[df["代码"] == "OVER_ESTABLISHMENT"].iloc[0]
    assert over["单位名称"] == "某县农业农村局"
    assert over["核定/应为"] == 1 and over["实际"] == 3
    bad_id = df[df["代码"] == "INVALID_ID_NUMBER"].iloc[0]
    assert bad_id["姓名"] == "=cmd|' /C calc'!A0"  # data, not neutralised
    assert bad_id["字段"] == "身份证号"
    occ = report.occupancy_frame(lang="zh")
    assert list(occ.columns) == ["单位编码", "单位名称", "编制类型", "核定", "实有", "空编", "超编"]
    row = occ.iloc[0]
    assert (row["单位名称"], row["编制类型"], row["核定"], row["实有"], row["超编"]) == (
        "某县农业农村局", "行政编制", 1, 3, 2)
    en = report.occupancy_frame(lang="en")
    assert list(en.columns) == ["unit", "unit_name", "category", "approved", "occupied", "vacant", "over"]
    # Without lang, the frames keep their columns.
    assert list(report.to_pandas().columns) == list(bianzhi.VIOLATION_FIELDS)
    lead = report.leadership_frame(lang="zh")
    assert list(lead.columns) == ["单位编码", "单位名称", "领导职务", "核定职数", "实配"]


def test_polars_frames(report: bianzhi.Report) -> None:
    pl = pytest.importorskip("polars")
    pd_frame = report.to_pandas()
    df = report.to_polars()
    assert isinstance(df, pl.DataFrame)
    assert df.columns == list(pd_frame.columns)
    assert df.height == len(report)
    assert df.schema["expected"] == pl.Int64
    zh = report.to_polars(lang="zh")
    assert zh.columns[4] == "单位名称"
    occ = report.occupancy_polars()
    assert occ.columns == list(bianzhi.OCCUPANCY_FIELDS)
    assert occ.row(0, named=True)["over"] == 2
    assert report.occupancy_polars(lang="zh").row(0)[1] == "某县农业农村局"
    lead = report.leadership_polars()
    assert lead.columns == list(bianzhi.LEADERSHIP_FIELDS)
    assert report.leadership_polars(lang="en").columns[1] == "unit_name"


def test_jupyter_shows_summaries_not_dumps() -> None:
    ds = bianzhi.Dataset.generate(5000, seed=3)
    r = bianzhi.validate(ds, as_of="2026-11-30")
    page = r._repr_html_()
    assert "评估日期" in page and "2026-11-30" in page
    assert str(r.error_count) in page
    # One row per code at most, whatever the number of findings.
    assert page.count("<tr>") <= 7 + 1 + 40
    assert len(page) < 20_000
    d = ds._repr_html_()
    assert "5000" in d and "人员" in d
    assert len(d) < 2_000
