"""Issue 15 through Python: unknown columns of a DataFrame are UNKNOWN_FIELD findings (once
per column), unknown quotas are <NA> in the occupancy frame, roster statuses are accepted,
and an unknown settings key is an InputError."""

from __future__ import annotations

import warnings

import pytest

import bianzhi

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

AS_OF = "2026-11-30"


def _frames_dataset(units: object, staff: object) -> bianzhi.Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the reader also warns about the column
        return bianzhi.Dataset.from_frames(units, staff)


@pytest.mark.parametrize("to_table", [pd.DataFrame, pa.table])
def test_unknown_column_is_one_finding_and_unknown_quota_is_na(to_table: object) -> None:
    # U1 has no quota column at all: its 3 holders give QUOTA_UNKNOWN, approved <NA>.
    # 备注 is not a column of the format: one UNKNOWN_FIELD for three rows.
    units = to_table({"单位编码": ["U1"], "单位名称": ["县科协"], "单位类型": ["機關"]})  # type: ignore[operator]
    staff = to_table(  # type: ignore[operator]
        {
            "人员编码": ["S1", "S2", "S3"],
            "姓名": ["甲", "乙", "丙"],
            "所在单位": ["U1", "U1", "U1"],
            "编制类型": ["行政编制", "行政編制", "行政编制"],
            "人员状态": ["在职", "借调", "病休"],
            "备注": ["a", "b", "c"],
        }
    )
    r = bianzhi.validate(_frames_dataset(units, staff), as_of=AS_OF)
    codes = [v.code for v in r.violations]
    assert codes == ["UNKNOWN_FIELD", "QUOTA_UNKNOWN"], codes
    assert r.violations[0].field == "备注"
    assert r.violations[1].actual == 3
    assert r.occupancy == [
        {"unit": "U1", "category": "administrative", "approved": None, "occupied": 3,
         "vacant": None, "over": None}
    ]  # fmt: skip
    df = r.occupancy_frame()
    assert str(df["approved"].dtype) == "Int64"
    assert df["approved"].isna().tolist() == [True]
    assert df["occupied"].tolist() == [3]


def test_unknown_settings_key_is_an_input_error() -> None:
    doc = {"settings": {"secondment_max_month": 6}, "units": [], "staff": []}
    with pytest.raises(bianzhi.InputError, match="did you mean `secondment_max_months`"):
        bianzhi.Dataset.from_dict(doc)
