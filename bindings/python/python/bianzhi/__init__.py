"""bianzhi (编制): establishment management and performance assessment for Chinese
public-sector bodies.

>>> import bianzhi
>>> ds = bianzhi.Dataset.from_dict({
...     "units": [{"id": "U1", "name": "某县农业农村局", "kind": "organ",
...                "quotas": {"administrative": 1}}],
...     "staff": [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "行政编制"},
...               {"id": "S2", "name": "李四", "unit": "U1", "establishment": "行政编制"}]})
>>> report = bianzhi.validate(ds, as_of="2026-11-30")
>>> report.ok, report.violations[0].code
(False, 'OVER_ESTABLISHMENT')

Findings in the data are never exceptions: they are the report. Exceptions are raised only
for input that cannot be read at all (:class:`InputError`), invalid assessment schemes
(:class:`SchemeError`) and wrong argument types (:class:`TypeError`).
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import json as _json
from operator import attrgetter as _attrgetter
import os as _os
from dataclasses import astuple, dataclass
from functools import cached_property
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from . import _bianzhi
from . import _inputs
from . import _report_io
from ._exceptions import BianzhiError, IdentifierError, InputError, SchemeError


def _export_error(what: str, e: Exception) -> None:
    """Raises an InputError for `e` met while reading a frame when it is the producer's own
    Arrow export failing (pyarrow.ArrowInvalid on a mixed object column …): that is the
    user's input. Returns for anything else (bianzhi's errors included), to be re-raised."""
    if not isinstance(e, BianzhiError) and type(e).__module__.startswith(
            ("pyarrow", "polars", "pandas")):
        raise InputError(f"{what} could not be exported to Arrow: {e}") from e

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars
    import pyarrow

__all__ = [
    "__version__",
    "BianzhiError",
    "InputError",
    "SchemeError",
    "IdentifierError",
    "Dataset",
    "Report",
    "Violation",
    "IdNumber",
    "CreditCode",
    "Retirement",
    "validate",
    "assess",
    "assess_document",
    "plan",
    "evaluate",
    "rectification",
    "is_workday",
    "workdays_between",
    "add_workdays",
    "check_id_number",
    "check_credit_code",
    "id_check_char",
    "retirement",
    "Ledger",
    "LedgerResult",
    "diff",
    "reconcile",
    "request",
]

__version__: str = _bianzhi.__version__

PathLike = Union[str, "_os.PathLike[str]"]


def _type_name(x: object) -> str:
    t = type(x)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def _json_default(o: object) -> Any:
    """JSON conversion of the Python values a document built in code usually holds."""
    if isinstance(o, _dt.datetime):
        if o.time() == _dt.time(0):
            return o.date().isoformat()
        return o.isoformat()  # not a date: the core reports the field as INVALID_RECORD
    if isinstance(o, _dt.date):
        return o.isoformat()
    if isinstance(o, _decimal.Decimal):
        return int(o) if o == o.to_integral_value() else float(o)
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    item = getattr(o, "item", None)  # numpy scalars
    if callable(item):
        return item()
    raise TypeError(f"a value of type {_type_name(o)} cannot be written to a dataset document")


def _dumps(obj: Any, arg: str) -> str:
    try:
        return _json.dumps(obj, ensure_ascii=False, default=_json_default)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{arg}: {e}") from None


def _require(module: str, what: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ImportError(
            f"{what} needs {module}, which is not installed: pip install 'bianzhi[{extra}]'"
        ) from e


# --------------------------------------------------------------------------- dataset


class Dataset:
    """A dataset (units, posts, staff, duties …) ready to validate.

    Immutable and thread-safe; validate it from as many threads as you like. Records that
    could not be read are kept out and become ``INVALID_RECORD`` findings of the report.
    Construct it with :meth:`from_json`, :meth:`from_dict`, :meth:`from_frames` or
    :meth:`read`. Datasets pickle (for Dask, Spark, multiprocessing).
    """

    __slots__ = ("_ds",)
    _ds: _bianzhi.Dataset

    def __init__(self, document: Mapping[str, Any]) -> None:
        """Same as :meth:`from_dict`."""
        self._ds = Dataset.from_dict(document)._ds

    @classmethod
    def _wrap(cls, inner: _bianzhi.Dataset) -> Dataset:
        ds = cls.__new__(cls)
        ds._ds = inner
        return ds

    @classmethod
    def from_json(cls, text_or_path: Union[str, bytes, "_os.PathLike[str]"]) -> Dataset:
        """Reads the JSON dataset document from text, bytes or a file path.

        A ``str`` is JSON text when it starts with ``{`` (after white space), a path otherwise.
        Raises :class:`InputError` (naming the file, line and column) when it cannot be read.
        """
        if isinstance(text_or_path, (bytes, bytearray, memoryview)):
            return cls._wrap(_bianzhi.Dataset.from_bytes(bytes(text_or_path)))
        if isinstance(text_or_path, str) and text_or_path.lstrip().startswith(("{", "[")):
            return cls._wrap(_bianzhi.Dataset.from_json(text_or_path))
        if isinstance(text_or_path, (str, _os.PathLike)):
            path = _os.fspath(text_or_path)
            if isinstance(path, bytes):
                path = _os.fsdecode(path)
            if "\n" in path or (not _os.path.exists(path) and not _looks_like_path(path)):
                return cls._wrap(_bianzhi.Dataset.from_json(path))  # text that is not JSON
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError as e:
                raise InputError(f"{path}: {e.strerror or e}") from None
            return cls._wrap(_bianzhi.Dataset.from_bytes(data, path))
        raise TypeError(
            f"text_or_path must be str, bytes or os.PathLike, got {_type_name(text_or_path)}"
        )

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> Dataset:
        """Reads a dataset document held as Python objects (``datetime.date`` values allowed).

        A NaN or infinite float (which JSON cannot hold) makes its record an
        ``INVALID_RECORD`` naming the field; the rest of the document is read."""
        if not isinstance(document, Mapping):
            raise TypeError(f"document must be a dict, got {_type_name(document)}")
        return cls._wrap(
            _bianzhi.Dataset.from_json(_dumps(_inputs.nan_marked(document), "document"))
        )

    @classmethod
    def from_frames(
        cls,
        units: Any,
        staff: Any,
        posts: Any = None,
        duties: Any = None,
        *,
        as_of: Union[str, _dt.date, None] = None,
        settings: Optional[Mapping[str, Any]] = None,
        pools: Optional[List[Mapping[str, Any]]] = None,
        norms: Optional[List[Mapping[str, Any]]] = None,
    ) -> Dataset:
        """Builds a dataset from tables: pandas (≥ 2.2) or polars DataFrames, pyarrow Tables,
        anything with ``__arrow_c_stream__``, or lists of dicts.

        Columns carry the English field names of the JSON document (nested maps flattened:
        ``quotas.administrative``, ``leadership.deputy``, ``secondment.start``) or the Chinese
        headers of the roster forms (单位编码, 行政编制数, 姓名, 身份证号, 编制类型 …).

        Tables are read exactly as :meth:`read` reads CSV and XLSX files (the same header
        aliases and the same cell conversion: ``12名``, ``2020年1月5日``, ``是``/``否``, list
        cells such as ``U1、U2``), so a table gives the same findings whichever way it
        arrives. Empty cells (None, NaN) are "not given" and rows with only empty cells are
        skipped; unknown columns are ignored with a :class:`UserWarning`. A cell that cannot
        be read makes its row an ``INVALID_RECORD`` finding; a 身份证号 held as a number is
        one (it cannot hold a final ``X``), as in a JSON document or an Excel number cell.
        """
        rest: Dict[str, Any] = {}
        if as_of is not None:
            rest["as_of"] = _date_text(as_of, "as_of")
        for key, value in (("settings", settings), ("pools", pools), ("norms", norms)):
            if value is not None:
                rest[key] = value
        tables = {}
        for name, table in (("units", units), ("staff", staff), ("posts", posts), ("duties", duties)):
            if table is None and name in ("units", "staff"):
                raise TypeError(f"{name} is required (a DataFrame, Table or list of dicts)")
            if isinstance(table, (list, tuple)):
                bad = next((r for r in table if not isinstance(r, Mapping)), None)
                if bad is not None:
                    raise TypeError(f"{name} rows must be dicts, got {_type_name(bad)}")
                tables[name] = _dumps(_inputs.nan_empty(list(table)), name)
            else:
                tables[name] = _arrow_ready(table)
        try:
            inner, messages = _bianzhi.Dataset.from_tables(
                tables["units"],
                tables["staff"],
                tables["posts"],
                tables["duties"],
                _dumps(rest, "settings/pools/norms") if rest else None,
            )
        except Exception as e:
            _export_error("a table", e)
            raise
        _warn_all(messages)
        return cls._wrap(inner)

    @classmethod
    def generate(cls, staff: int, seed: int = 1) -> Dataset:
        """A seeded synthetic roster (the benchmarks' data, as ``bianzhi generate``): one
        unit per 50 staff, one post per 5, and a few percent of records breaking a rule.
        The same ``staff`` and ``seed`` give the same dataset on every platform."""
        for name, v in (("staff", staff), ("seed", seed)):
            if isinstance(v, bool) or not isinstance(v, int):
                raise TypeError(f"{name} must be an int, got {_type_name(v)}")
            if v < 0:
                raise ValueError(f"{name} must not be negative, got {v}")
        return cls._wrap(_bianzhi.Dataset.generate(staff, seed))

    @classmethod
    def read(cls, path: PathLike, *more: PathLike) -> Dataset:
        """Reads dataset files: one JSON document, or CSV files / XLSX workbooks (one table
        per record kind, English or Chinese headers), combined.

        Row problems are ``INVALID_RECORD`` findings; ignored columns and sheets are reported
        as :class:`UserWarning`. Raises :class:`InputError` naming the file (and sheet, row,
        column) when a file cannot be read.
        """
        paths = []
        for p in (path, *more):
            if not isinstance(p, (str, _os.PathLike)):
                raise TypeError(f"path must be str or os.PathLike, got {_type_name(p)}")
            fs = _os.fspath(p)
            paths.append(fs if isinstance(fs, str) else _os.fsdecode(fs))
        inner, messages = _bianzhi.Dataset.read_paths(paths)
        _warn_all(messages)
        return cls._wrap(inner)

    def to_json(self) -> str:
        """The document as JSON (records that could not be read are left out)."""
        return self._ds.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The document as Python objects (records that could not be read are left out)."""
        result: Dict[str, Any] = _json.loads(self._ds.to_json())
        return result

    @property
    def issues(self) -> List[Dict[str, Any]]:
        """Records that could not be read: ``array, index, id, field, reason, skipped``;
        for a record that could not be read, ``reason_zh`` (the cause in Chinese), and for
        one read from a file, ``place`` (``{"source": "staff.csv", "row": 5}``)."""
        result: List[Dict[str, Any]] = _json.loads(self._ds.issues_json())
        return result

    @property
    def unit_count(self) -> int:
        return self._ds.unit_count

    @property
    def staff_count(self) -> int:
        return self._ds.staff_count

    @property
    def post_count(self) -> int:
        return self._ds.post_count

    def __repr__(self) -> str:
        return (
            f"<bianzhi.Dataset units={self.unit_count} posts={self.post_count} "
            f"staff={self.staff_count} issues={len(self.issues)}>"
        )

    def _repr_html_(self) -> str:
        """Jupyter: record counts and load issues (not the records)."""
        return _report_io.dataset_html_summary(self._ds, len(self.issues))

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        return (_dataset_from_state, (self._ds.state(),))


def _arrow_ready(table: Any) -> Any:
    """Works around producers whose Arrow export the Rust importer rejects.

    polars exports an all-null column (dtype Null) with a data buffer, which arrow-rs refuses
    ("The datatype Null doesn't expect buffer"); such a column holds no value, so it is
    exported as an all-null text column instead.
    """
    table = _inputs.table_ready(table)
    module = type(table).__module__ or ""
    if module.startswith("polars"):
        import polars as pl

        nulls = [n for n, dt in table.schema.items() if dt == pl.Null]
        if nulls:
            return table.with_columns([pl.col(n).cast(pl.String) for n in nulls])
    return table


def _warn_all(messages: List[str]) -> None:
    """Reports the readers' warnings (unused columns and sheets) to the caller of the
    public method as :class:`UserWarning`."""
    if messages:
        import warnings

        for m in messages:
            warnings.warn(m, UserWarning, stacklevel=3)


def _dataset_from_state(state: str) -> Dataset:
    return Dataset._wrap(_bianzhi.Dataset.from_state(state))


def _looks_like_path(s: str) -> bool:
    return s.lower().endswith((".json", ".csv", ".xlsx")) or _os.sep in s or "/" in s


def _date_text(value: object, arg: str) -> str:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"{arg} must be a date or a 'YYYY-MM-DD' string, got {_type_name(value)}")


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Violation:
    """One finding (the keys of a violation in the JSON report)."""

    code: str
    severity: str
    unit: Optional[str]
    staff: Optional[str]
    post: Optional[str]
    duty: Optional[str]
    category: Optional[str]
    level: Optional[str]
    expected: Optional[int]
    actual: Optional[int]
    array: Optional[str]
    index: Optional[int]
    field: Optional[str]
    message: str
    #: Staff ids of the people in excess (超编, 超职数, 借调超限), in the order they came in
    #: beyond the quota; empty when not applicable (the JSON then omits ``excess_staff``).
    excess_staff: Tuple[str, ...] = ()
    #: A sum of money in yuan as exact decimal text with two places (the pay to recover of
    #: a ghost payroll), e.g. ``"86505.00"``; ``decimal.Decimal(v.amount)`` to compute.
    amount: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        return dict(zip(VIOLATION_FIELDS, astuple(self)))


VIOLATION_FIELDS: Tuple[str, ...] = (
    "code", "severity", "unit", "staff", "post", "duty", "category", "level",
    "expected", "actual", "array", "index", "field", "message", "excess_staff", "amount",
)  # fmt: skip
_INT_FIELDS = ("expected", "actual", "index")
OCCUPANCY_FIELDS: Tuple[str, ...] = ("unit", "category", "approved", "occupied", "vacant", "over")
LEADERSHIP_FIELDS: Tuple[str, ...] = ("unit", "level", "approved", "actual")
_SUMMARY_FIELDS = ("units", "posts", "staff", "errors", "warnings", "infos")


class Report:
    """The result of :func:`validate`: findings, occupancy and leadership summaries."""

    def __init__(self, inner: _bianzhi.Report) -> None:
        if not isinstance(inner, _bianzhi.Report):
            raise TypeError("Report objects are made by bianzhi.validate()")
        self._r = inner
        # The dataset validated (set by validate()): unit and person names for the writers.
        self._dataset: Optional[Dataset] = None

    @property
    def ok(self) -> bool:
        """True when no finding has error severity."""
        return self._r.ok

    @property
    def error_count(self) -> int:
        return self._r.error_count

    @property
    def warning_count(self) -> int:
        return self._r.warning_count

    @property
    def info_count(self) -> int:
        return self._r.info_count

    @property
    def as_of(self) -> _dt.date:
        """The evaluation date used."""
        return _dt.date.fromisoformat(self._r.as_of)

    @cached_property
    def violations(self) -> List[Violation]:
        """The findings in the report's deterministic order."""
        # The values come typed from the compiled module, so the frozen dataclass's
        # `__init__` (14 guarded `object.__setattr__` calls) is skipped: the instance gets
        # its `__dict__` whole, which takes a third of the time for big reports. Equality,
        # hashing, repr and pickling are the dataclass's own.
        new, set_attr, fields = object.__new__, object.__setattr__, VIOLATION_FIELDS
        out = []
        for head, tail, (excess, amount) in self._r.violation_rows():
            v = new(Violation)
            set_attr(v, "__dict__", dict(zip(fields, head + tail + (tuple(excess), amount))))
            out.append(v)
        return out

    @property
    def summary(self) -> Dict[str, int]:
        """``units, posts, staff, errors, warnings, infos``."""
        return dict(zip(_SUMMARY_FIELDS, self._r.summary_counts()))

    @property
    def occupancy(self) -> List[Dict[str, Any]]:
        """Occupancy rows: ``unit, category, approved, occupied, vacant, over``.

        ``approved``, ``vacant`` and ``over`` are ``None`` for a pool without any quotas
        (``QUOTA_UNKNOWN``): unknown, not zero.
        """
        return [dict(zip(OCCUPANCY_FIELDS, r)) for r in self._r.occupancy_rows()]

    @property
    def leadership(self) -> List[Dict[str, Any]]:
        """Leadership rows: ``unit, level, approved, actual``."""
        return [dict(zip(LEADERSHIP_FIELDS, r)) for r in self._r.leadership_rows()]

    def to_json(self) -> str:
        """The report as the JSON of docs/formats.md#validation-report."""
        return self._r.to_json()

    def to_dict(self) -> Dict[str, Any]:
        result: Dict[str, Any] = _json.loads(self._r.to_json())
        return result

    def _columns(self) -> Dict[str, List[Any]]:
        # attrgetter per column, not `astuple` per row: astuple deep-copies every value and
        # took a second for 23 000 findings.
        vs = self.violations
        return {name: list(map(_attrgetter(name), vs)) for name in VIOLATION_FIELDS}

    def _ds_inner(self) -> Optional[_bianzhi.Dataset]:
        return None if self._dataset is None else self._dataset._ds

    def to_excel(self, path: PathLike, lang: str = "zh") -> None:
        """Writes the xlsx report (汇总, 图表, 编制使用情况, 领导职数, 问题清单: the workbook of
        ``bianzhi validate --output r.xlsx``), replacing ``path`` atomically."""
        _report_io.write_atomic(path, _report_io.xlsx_bytes(self._r, self._ds_inner(), lang))

    def to_html(self, lang: str = "zh") -> str:
        """The self-contained HTML report (inline SVG charts, print CSS)."""
        return _report_io.html_text(self._r, self._ds_inner(), lang)

    def to_csv(
        self, path: Optional[PathLike] = None, lang: str = "zh", encoding: str = "utf-8"
    ) -> bytes:
        """The CSV report's bytes (UTF-8 with BOM, or ``encoding="gbk"``; formula-like cells
        neutralised); written atomically to ``path`` when given."""
        data = _report_io.csv_bytes(self._r, self._ds_inner(), lang, encoding)
        if path is not None:
            _report_io.write_atomic(path, data)
        return data

    def _arrow(self, which: str) -> pyarrow.Table:
        # The columns are built in Rust and handed over as one Arrow C stream: no Python
        # object per finding on the way.
        return _report_io.arrow_table(_bianzhi.report_arrow(self._r, which))

    def to_polars(self, lang: Optional[str] = None) -> polars.DataFrame:
        """The findings as a polars DataFrame: the columns of :meth:`to_pandas`, or with
        ``lang`` the CSV report's columns (Chinese or English, names beside ids)."""
        _require("polars", "Report.to_polars()", "polars")
        if lang is not None:
            return _report_io.polars_frame(self._r, "findings", self._ds_inner(), lang)
        return _report_io.polars_table(_bianzhi.report_arrow(self._r, "findings"))

    def occupancy_polars(self, lang: Optional[str] = None) -> polars.DataFrame:
        """Occupancy as a polars DataFrame (see :meth:`occupancy_frame`)."""
        _require("polars", "Report.occupancy_polars()", "polars")
        if lang is not None:
            return _report_io.polars_frame(self._r, "occupancy", self._ds_inner(), lang)
        return _report_io.polars_table(_bianzhi.report_arrow(self._r, "occupancy"))

    def leadership_polars(self, lang: Optional[str] = None) -> polars.DataFrame:
        """Leadership positions as a polars DataFrame (see :meth:`leadership_frame`)."""
        _require("polars", "Report.leadership_polars()", "polars")
        if lang is not None:
            return _report_io.polars_frame(self._r, "leadership", self._ds_inner(), lang)
        return _report_io.polars_table(_bianzhi.report_arrow(self._r, "leadership"))

    def _repr_html_(self) -> str:
        """Jupyter: counts and findings per code (not every finding)."""
        return _report_io.report_html_summary(self._r)

    def to_pandas(self, lang: Optional[str] = None) -> pandas.DataFrame:
        """The findings as a pandas DataFrame, one row per violation. With ``lang`` (``"zh"``
        or ``"en"``): the CSV report's columns, headers in that language, unit and person
        names beside the ids.

        ``expected``, ``actual`` and ``index`` are nullable ``Int64``; ``excess_staff``
        holds tuples of staff ids, as :attr:`Violation.excess_staff` does."""
        pd = _require("pandas", "Report.to_pandas()", "pandas")
        if lang is not None:
            return _report_io.pandas_frame(self._r, "findings", self._ds_inner(), lang)
        if not _report_io.has_pyarrow():
            df = pd.DataFrame(self._columns(), columns=list(VIOLATION_FIELDS))
            for c in _INT_FIELDS:
                df[c] = df[c].astype("Int64")
            return df
        df = _report_io.pandas_table(self._arrow("findings"), nullable_ints=True)
        df["excess_staff"] = [tuple(x) for x in df["excess_staff"]]
        return df

    def to_arrow(self) -> pyarrow.Table:
        """The findings as a pyarrow Table, one row per violation (built in Rust: see
        docs/tabular.md#writing for the schema)."""
        _require("pyarrow", "Report.to_arrow()", "pyarrow")
        return self._arrow("findings")

    def occupancy_arrow(self) -> pyarrow.Table:
        """Occupancy as a pyarrow Table (``approved``, ``vacant``, ``over`` null when the
        quota is unknown)."""
        _require("pyarrow", "Report.occupancy_arrow()", "pyarrow")
        return self._arrow("occupancy")

    def leadership_arrow(self) -> pyarrow.Table:
        """Leadership positions as a pyarrow Table."""
        _require("pyarrow", "Report.leadership_arrow()", "pyarrow")
        return self._arrow("leadership")

    def occupancy_frame(self, lang: Optional[str] = None) -> pandas.DataFrame:
        """Occupancy per pool and category as a pandas DataFrame; with ``lang``, headers in
        that language and 单位名称 beside 单位编码."""
        pd = _require("pandas", "Report.occupancy_frame()", "pandas")
        if lang is not None:
            return _report_io.pandas_frame(self._r, "occupancy", self._ds_inner(), lang)
        if _report_io.has_pyarrow():
            # Nullable integers: an unknown quota (QUOTA_UNKNOWN) is <NA>, not NaN or 0.
            return _report_io.pandas_table(self._arrow("occupancy"), nullable_ints=True)
        df = pd.DataFrame(self.occupancy, columns=list(OCCUPANCY_FIELDS))
        for c in ("approved", "occupied", "vacant", "over"):
            df[c] = df[c].astype("Int64")
        return df

    def leadership_frame(self, lang: Optional[str] = None) -> pandas.DataFrame:
        """Leadership positions per pool and level as a pandas DataFrame; with ``lang``,
        headers in that language and unit names."""
        pd = _require("pandas", "Report.leadership_frame()", "pandas")
        if lang is not None:
            return _report_io.pandas_frame(self._r, "leadership", self._ds_inner(), lang)
        if _report_io.has_pyarrow():
            return _report_io.pandas_table(self._arrow("leadership"), nullable_ints=False)
        return pd.DataFrame(self.leadership, columns=list(LEADERSHIP_FIELDS))

    def __len__(self) -> int:
        return len(self.violations)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Report) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<bianzhi.Report as_of={self._r.as_of} ok={self.ok} errors={self.error_count} "
            f"warnings={self.warning_count} infos={self.info_count}>"
        )

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        return (_report_from_json, (self._r.to_json(),))


def _report_from_json(text: str) -> Report:
    return Report(_bianzhi.Report.from_json(text))


def validate(
    dataset: Dataset,
    as_of: Union[str, _dt.date, None] = None,
    lang: str = "zh",
    threads: int = 0,
) -> Report:
    """Validates a whole dataset (the GIL is released while it runs).

    ``as_of`` defaults to the document's ``as_of``, then today; ``lang`` is ``"zh"`` or
    ``"en"`` (language of the messages). ``threads``: 0 uses one thread per core for
    datasets of 50 000 staff or more, 1 only the calling thread; the report is the same
    whatever the count.
    """
    if not isinstance(dataset, Dataset):
        raise TypeError(f"dataset must be a bianzhi.Dataset, got {_type_name(dataset)}")
    date = None if as_of is None else _date_text(as_of, "as_of")
    if not isinstance(lang, str):
        raise TypeError(f"lang must be 'zh' or 'en', got {_type_name(lang)}")
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError(f"threads must be an int, got {_type_name(threads)}")
    if threads < 0:
        raise ValueError(f"threads must be 0 (one per core) or more, got {threads}")
    report = Report(_bianzhi.validate(dataset._ds, date, lang, threads))
    report._dataset = dataset
    return report


# --------------------------------------------------------------------------- assessment


def assess(
    scheme: Union[str, Mapping[str, Any]],
    people: Any,
    units: Optional[Mapping[str, Any]] = None,
    as_of: Union[str, _dt.date, None] = None,
) -> List[Dict[str, Any]]:
    """Scores an assessment (docs/formats.md#assessment-input): one result dict per person, in input order.

    ``scheme`` is a preset name (``"civil_servant_annual"`` …) or a scheme dict; ``people``
    a list of dicts or a DataFrame/Table (one row per person, columns named as the keys of a
    person); ``units`` the per-unit options (``{"U1": {"adjustment": "raised"}}``); ``as_of``
    the run's date (years of organ service for 竞争上岗 eligibility are counted up to it).

    A person whose record cannot be assessed (a missing or out-of-range score, too few
    judges' marks, a duplicate id …) gets an outcome with ``error`` set and no grade; the
    others are scored (no exception). Raises :class:`SchemeError` for an invalid scheme and
    :class:`InputError` for a document that cannot be read (``people`` not a list …).
    """
    doc = _assess_input(scheme, people, units)
    if as_of is not None:
        doc["as_of"] = _date_text(as_of, "as_of")
    outcomes: List[Dict[str, Any]] = assess_document(doc)["outcomes"]
    return outcomes


def assess_document(document: Mapping[str, Any]) -> Dict[str, Any]:
    """Scores the whole assessment document of docs/formats.md#assessment-input and returns the whole output:
    ``scheme, kind, outcomes, distribution`` (per-pool grade counts), ``errors`` (people
    whose record could not be assessed; each such outcome has ``error``) and ``findings``
    (about the scheme, e.g. more posts offered than free 职数)."""
    if not isinstance(document, Mapping):
        raise TypeError(f"document must be a dict, got {_type_name(document)}")
    result: Dict[str, Any] = _json.loads(_bianzhi.assess_json(_dumps(document, "document")))
    return result


def _assess_input(
    scheme: Union[str, Mapping[str, Any]], people: Any, units: Optional[Mapping[str, Any]]
) -> Dict[str, Any]:
    if not isinstance(scheme, (str, Mapping)):
        raise TypeError(f"scheme must be a preset name or a dict, got {_type_name(scheme)}")
    if isinstance(people, (list, tuple)):
        bad = next((p for p in people if not isinstance(p, Mapping)), None)
        if bad is not None:
            raise TypeError(f"people must be dicts, got an item of type {_type_name(bad)}")
        rows: List[Any] = list(people)
    elif hasattr(people, "__arrow_c_stream__"):
        try:
            rows = _json.loads(_bianzhi.frame_rows_json(_arrow_ready(people), "people"))
        except Exception as e:
            _export_error("people", e)
            raise
        rows = [{k: v for k, v in r.items() if v is not None} for r in rows]
    else:
        raise TypeError(
            f"people must be a list of dicts or a DataFrame/Table, got {_type_name(people)}"
        )
    if units is not None and not isinstance(units, Mapping):
        raise TypeError(f"units must be a dict, got {_type_name(units)}")
    doc: Dict[str, Any] = {"scheme": scheme, "people": rows}
    if units is not None:
        doc["units"] = units
    return doc


# --------------------------------------------------------------------------- planning


def plan(document: Union[Mapping[str, Any], Sequence[Mapping[str, Any]]]) -> Dict[str, Any]:
    """Computes a staffing plan (定员, the document of ``bianzhi plan``): one item
    (``{"method": "efficiency", "workload": …}``), a list of items, or
    ``{"items": [...], "rounding": "ceil"}``. Returns ``items`` (each with its inputs,
    formula, steps, exact value and ``headcount``), ``total_headcount`` and ``total_exact``.
    Numbers are exact decimals, given as strings in the result.

    Raises :class:`InputError` for an unreadable document or an invalid parameter (the
    message names the item and parameter).
    """
    if isinstance(document, (str, bytes)) or not isinstance(document, (Mapping, Sequence)):
        raise TypeError(f"document must be a dict or a list of dicts, got {_type_name(document)}")
    result: Dict[str, Any] = _json.loads(_bianzhi.plan_json(_dumps(document, "document")))
    return result


def evaluate(document: Mapping[str, Any]) -> Dict[str, Any]:
    """Evaluates organisations (机构编制评估, the document of ``bianzhi evaluate``):
    ``{"scheme": "default" | {...}, "units": [{"unit": ..., "facts": {...}}], "report": ...}``;
    with a validation report (``Report.to_dict()``) the facts its findings give are derived.
    Returns ``scheme, description, units`` (per unit: aspects, indicator scores, ``total``,
    ``grade``).

    Raises :class:`SchemeError` for an invalid scheme and :class:`InputError` for an
    unreadable document or facts.
    """
    if not isinstance(document, Mapping):
        raise TypeError(f"document must be a dict, got {_type_name(document)}")
    result: Dict[str, Any] = _json.loads(_bianzhi.evaluate_json(_dumps(document, "document")))
    return result


def rectification(
    document: Mapping[str, Any], as_of: Union[str, _dt.date, None] = None
) -> Dict[str, Any]:
    """Summarises a rectification ledger (整改台账, the document of ``bianzhi
    rectification``): ``{"as_of": ..., "tasks": [...]}``, or ``{"report": ..., "deadline":
    ..., "tasks": [...]}`` to build the tasks from a validation report's findings. ``as_of``
    overrides the document's date. Returns totals, rectification and on-time rates, the
    overdue tasks and per-unit figures.

    Raises :class:`InputError` for an unreadable document or when no date is given.
    """
    if not isinstance(document, Mapping):
        raise TypeError(f"document must be a dict, got {_type_name(document)}")
    date = None if as_of is None else _date_text(as_of, "as_of")
    text = _bianzhi.rectification_json(_dumps(document, "document"), date)
    result: Dict[str, Any] = _json.loads(text)
    return result


# --------------------------------------------------------------------------- working days


_Calendar = Union[Mapping[str, Any], str, "_os.PathLike[str]", None]


def _workdays(request: Dict[str, Any], calendar: _Calendar) -> Dict[str, Any]:
    if calendar is not None:
        if isinstance(calendar, Mapping):
            request["calendar"] = dict(calendar)
        elif isinstance(calendar, (str, _os.PathLike)):
            with open(calendar, encoding="utf-8") as f:
                request["calendar"] = _json.load(f)
        else:
            raise TypeError(
                f"calendar must be a dict or a path to a JSON file, got {_type_name(calendar)}"
            )
    result: Dict[str, Any] = _json.loads(_bianzhi.workdays_json(_dumps(request, "request")))
    return result


def is_workday(
    date: Union[str, _dt.date],
    calendar: _Calendar = None,
) -> bool:
    """Whether ``date`` is a working day (工作日) under the State Council holiday calendar
    (docs/workdays.md): a 调休 weekend day is one, a holiday weekday is not.

    ``calendar`` adds or replaces years of the shipped 2020–2026 tables: a dict
    ``{"years": {"2027": {"holidays": [["2027-01-01", "2027-01-03"]], "workdays": [...]}}}``
    or the path of a JSON file holding it. Raises :class:`InputError` for a year the
    calendar does not hold (never a plain weekday guess) or an invalid calendar.

    >>> is_workday("2026-10-10")  # a Saturday worked (国庆调休)
    True
    """
    d = _date_text(date, "date")
    result = _workdays({"dates": [d]}, calendar)
    return bool(result["is_workday"][d])


def workdays_between(
    start: Union[str, _dt.date],
    end: Union[str, _dt.date],
    calendar: _Calendar = None,
) -> int:
    """The working days d with ``start < d <= end`` (the start day excluded, the end day
    included; negative when ``end`` is before ``start``). ``calendar`` as in
    :func:`is_workday`.

    >>> workdays_between("2026-09-30", "2026-10-10")
    3
    """
    req = {"from": _date_text(start, "start"), "to": _date_text(end, "end")}
    return int(_workdays(req, calendar)["workdays"])


def add_workdays(
    date: Union[str, _dt.date],
    n: int,
    calendar: _Calendar = None,
) -> _dt.date:
    """The ``n``-th working day after ``date`` (before it when ``n < 0``; ``date`` itself
    when 0). ``calendar`` as in :func:`is_workday`.

    >>> add_workdays("2026-09-30", 3)  # 10-01..07 off, 10-08, 10-09, 10-10 (调休)
    datetime.date(2026, 10, 10)
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {_type_name(n)}")
    req = {"from": _date_text(date, "date"), "add": n}
    return _dt.date.fromisoformat(_workdays(req, calendar)["date"])


# --------------------------------------------------------------------------- identifiers


class IdNumber(NamedTuple):
    """A valid 身份证号 and what it encodes."""

    birth_date: _dt.date
    gender: str
    region: str
    normalized: str
    legacy: bool


class CreditCode(NamedTuple):
    """A valid 统一社会信用代码 and its parts."""

    code: str
    authority: str
    category: str
    kind: str
    region: str
    organisation_code: str


class Retirement(NamedTuple):
    """Statutory retirement age and month."""

    age_years: int
    age_months: int
    month: str


def check_id_number(s: str) -> IdNumber:
    """Validates a 身份证号 (18 characters, or the legacy 15 digits; a final ``x`` is read as
    ``X``). Raises :class:`IdentifierError` naming what is wrong."""
    if not isinstance(s, str):
        raise TypeError(f"s must be a str (身份证号 are text), got {_type_name(s)}")
    birth, gender, region, normalized, legacy = _bianzhi.check_id_number(s)
    return IdNumber(_dt.date.fromisoformat(birth), gender, region, normalized, legacy)


def check_credit_code(s: str) -> CreditCode:
    """Validates a 统一社会信用代码. Raises :class:`IdentifierError` naming what is wrong."""
    if not isinstance(s, str):
        raise TypeError(f"s must be a str, got {_type_name(s)}")
    return CreditCode(*_bianzhi.check_credit_code(s))


def id_check_char(body: str) -> str:
    """The check character (ISO 7064 MOD 11-2) of the first 17 digits of a 身份证号."""
    if not isinstance(body, str):
        raise TypeError(f"body must be a str of 17 digits, got {_type_name(body)}")
    return _bianzhi.id_check_char(body)


def retirement(birth: Union[str, _dt.date], group: str) -> Retirement:
    """Statutory retirement of a person born in ``birth`` (``"YYYY-MM"``, ``"YYYY-MM-DD"`` or
    a date) in ``group`` (``male``, ``female_55``, ``female_50`` or the Chinese names):
    ``(age_years, age_months, "YYYY-MM")``."""
    if isinstance(birth, _dt.date):
        year, month = birth.year, birth.month
    elif isinstance(birth, str):
        parts = birth.strip().split("-")
        try:
            if len(parts) not in (2, 3):
                raise ValueError
            year, month = int(parts[0]), int(parts[1])
        except ValueError:
            raise ValueError(f"birth must be 'YYYY-MM' or 'YYYY-MM-DD', got {birth!r}") from None
    else:
        raise TypeError(f"birth must be a 'YYYY-MM' string or a date, got {_type_name(birth)}")
    if not isinstance(group, str):
        raise TypeError(f"group must be a str, got {_type_name(group)}")
    return Retirement(*_bianzhi.retirement(year, month, group))


from ._ledger import Ledger, LedgerResult, diff, reconcile, request  # noqa: E402
