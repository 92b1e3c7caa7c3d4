"""Reports out of Python with the command line's own writers: xlsx, HTML and CSV files,
pandas and polars frames with Chinese or English headers and names beside the ids, and
the summary tables Jupyter shows for :class:`~bianzhi.Report` and :class:`~bianzhi.Dataset`.

The functions here take the compiled objects; :class:`bianzhi.Report` and
:class:`bianzhi.Dataset` expose them as methods.
"""

from __future__ import annotations

import html as _html
import os as _os
import tempfile as _tempfile
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union

from . import _bianzhi

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars
    import pyarrow

PathLike = Union[str, "_os.PathLike[str]"]

LANGS = ("zh", "en")
TABLES = ("findings", "occupancy", "leadership", "codes")


def check_lang(lang: object) -> str:
    if not isinstance(lang, str) or lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    return lang


def write_atomic(path: PathLike, data: bytes) -> None:
    """Writes ``data`` to ``path`` through a temporary file in the same directory, renamed
    over ``path`` when complete (as the command line does)."""
    target = _os.fspath(path)
    directory = _os.path.dirname(_os.path.abspath(target))
    fd, tmp = _tempfile.mkstemp(prefix=".bianzhi-", suffix=".tmp", dir=directory)
    try:
        with _os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = _os.umask(0)
        _os.umask(umask)
        _os.chmod(tmp, 0o666 & ~umask)
        _os.replace(tmp, target)
    except BaseException:
        try:
            _os.unlink(tmp)
        except OSError:
            pass
        raise


def xlsx_bytes(r: _bianzhi.Report, ds: Optional[_bianzhi.Dataset], lang: str) -> bytes:
    return _bianzhi.report_xlsx(r, ds, check_lang(lang))


def html_text(r: _bianzhi.Report, ds: Optional[_bianzhi.Dataset], lang: str) -> str:
    return _bianzhi.report_html(r, ds, check_lang(lang))


def csv_bytes(
    r: _bianzhi.Report, ds: Optional[_bianzhi.Dataset], lang: str, encoding: str
) -> bytes:
    return _bianzhi.report_csv(r, ds, check_lang(lang), encoding)


def table(
    r: _bianzhi.Report, which: str, ds: Optional[_bianzhi.Dataset], lang: str
) -> Tuple[List[str], List[List[Any]], List[int]]:
    """A report table with its numeric columns as ``int`` (``None`` when empty)."""
    header, rows, numeric = _bianzhi.report_table(r, which, ds, check_lang(lang))
    if numeric:
        num = set(numeric)
        typed: List[List[Any]] = [
            [(int(c) if c != "" else None) if i in num else c for i, c in enumerate(row)]
            for row in rows
        ]
    else:
        typed = [list(row) for row in rows]
    return header, typed, numeric


def _columns(header: Sequence[str], rows: List[List[Any]]) -> Dict[str, List[Any]]:
    return {h: [row[i] for row in rows] for i, h in enumerate(header)}


def pandas_frame(
    r: _bianzhi.Report, which: str, ds: Optional[_bianzhi.Dataset], lang: str
) -> pandas.DataFrame:
    import pandas as pd

    header, rows, numeric = table(r, which, ds, lang)
    df = pd.DataFrame(_columns(header, rows), columns=header)
    for i in numeric:
        df[header[i]] = df[header[i]].astype("Int64")
    return df


def polars_frame(
    r: _bianzhi.Report, which: str, ds: Optional[_bianzhi.Dataset], lang: str
) -> polars.DataFrame:
    import polars as pl

    header, rows, numeric = table(r, which, ds, lang)
    num = set(numeric)
    schema = {h: (pl.Int64 if i in num else pl.String) for i, h in enumerate(header)}
    return pl.DataFrame(_columns(header, rows), schema=schema)


def has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def arrow_table(t: _bianzhi.ArrowTable) -> pyarrow.Table:
    """A report table built in Rust, imported through the Arrow PyCapsule interface."""
    import pyarrow as pa

    try:
        return pa.table(t)
    except TypeError:
        # pyarrow 14 reads PyCapsule streams only through the reader.
        reader = pa.RecordBatchReader._import_from_c_capsule(t.__arrow_c_stream__())
        return reader.read_all()


def pandas_table(t: pyarrow.Table, nullable_ints: bool) -> pandas.DataFrame:
    """A pandas frame of an Arrow report table: text as ``object`` (None when absent),
    integers as nullable ``Int64`` where a count may be unknown."""
    import pandas as pd
    import pyarrow as pa

    if not nullable_ints:
        return t.to_pandas()
    ints = {pa.int64(): pd.Int64Dtype()}
    return t.to_pandas(types_mapper=ints.get)


def polars_table(t: _bianzhi.ArrowTable) -> polars.DataFrame:
    """A polars frame of an Arrow report table (no pyarrow needed)."""
    import polars as pl

    try:
        return pl.DataFrame(t)
    except TypeError:  # pragma: no cover - polars without the PyCapsule interface
        frame = pl.from_arrow(arrow_table(t))
        assert isinstance(frame, pl.DataFrame)
        return frame


_CSS = (
    "<style>.bz-sum{border-collapse:collapse}.bz-sum th,.bz-sum td{padding:2px 8px;"
    "border:1px solid #ddd;text-align:left}.bz-sum td.n{text-align:right}"
    ".bz-sum caption{text-align:left;font-weight:bold}</style>"
)


def _rows_html(rows: Sequence[Tuple[str, object]]) -> str:
    return "".join(
        f"<tr><th>{_html.escape(k)}</th><td class='n'>{_html.escape(str(v))}</td></tr>"
        for k, v in rows
    )


def report_html_summary(r: _bianzhi.Report) -> str:
    """The summary Jupyter shows for a report: counts, then findings per code (not every
    finding)."""
    _, by_code, _ = table(r, "codes", None, "zh")
    units, posts, staff, errors, warnings, infos = r.summary_counts()
    head = _rows_html(
        [
            ("评估日期", r.as_of),
            ("单位", units),
            ("岗位", posts),
            ("人员", staff),
            ("错误", errors),
            ("警告", warnings),
            ("提示", infos),
        ]
    )
    codes = "".join(
        f"<tr><td>{_html.escape(code)}</td><td>{_html.escape(zh)}</td>"
        f"<td class='n'>{n}</td></tr>"
        for code, zh, n in by_code
    )
    body = (
        f"{_CSS}<table class='bz-sum'><caption>bianzhi.Report</caption>{head}</table>"
    )
    if codes:
        body += (
            "<table class='bz-sum'><caption>按问题类型</caption>"
            f"<tr><th>代码</th><th>问题类型</th><th>数量</th></tr>{codes}</table>"
        )
    return body


def dataset_html_summary(ds: _bianzhi.Dataset, issues: int) -> str:
    """The summary Jupyter shows for a dataset: record counts and load issues."""
    rows = _rows_html(
        [
            ("单位", ds.unit_count),
            ("岗位", ds.post_count),
            ("人员", ds.staff_count),
            ("无法读取的记录", issues),
        ]
    )
    return f"{_CSS}<table class='bz-sum'><caption>bianzhi.Dataset</caption>{rows}</table>"
