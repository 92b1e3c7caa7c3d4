//! The report writers of the command line, for Python: xlsx, HTML and CSV bytes, and the
//! report tables (Chinese or English headers, names beside ids) that frames are built from.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use bianzhi::Lang;
use bianzhi_tabular::{Encoding, ReportOptions, ReportTable};

use crate::{Dataset, Report};

fn options(lang: &str, encoding: Option<&str>) -> PyResult<ReportOptions> {
    let lang: Lang = lang
        .parse()
        .map_err(pyo3::exceptions::PyValueError::new_err)?;
    let mut o = ReportOptions::new(lang);
    match encoding {
        None | Some("utf-8") | Some("utf8") | Some("utf-8-sig") => {}
        Some("gbk") | Some("GBK") => o = o.with_encoding(Encoding::Gbk),
        Some(other) => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "encoding must be 'utf-8' (with BOM) or 'gbk', got {other:?}"
            )))
        }
    }
    Ok(o)
}

/// Runs `f` with the report's dataset, or an empty one (names are then blank).
fn with_dataset<T>(dataset: Option<&Dataset>, f: impl FnOnce(&bianzhi::Dataset) -> T) -> T {
    match dataset {
        Some(d) => f(&d.inner),
        None => f(&bianzhi::Dataset::new(bianzhi::Document::default())),
    }
}

/// The xlsx report's bytes (the workbook `bianzhi validate --output r.xlsx` writes).
#[pyfunction]
#[pyo3(signature = (report, dataset=None, lang="zh"))]
pub fn report_xlsx<'py>(
    py: Python<'py>,
    report: &Report,
    dataset: Option<&Dataset>,
    lang: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let o = options(lang, None)?;
    let bytes = with_dataset(dataset, |ds| {
        crate::guarded(|| bianzhi_tabular::write_report_xlsx_with(&report.inner, ds, &o))
    })
    .map_err(crate::internal)?
    .map_err(|e| pyo3::exceptions::PyOSError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}

/// The HTML report (one self-contained page).
#[pyfunction]
#[pyo3(signature = (report, dataset=None, lang="zh"))]
pub fn report_html(report: &Report, dataset: Option<&Dataset>, lang: &str) -> PyResult<String> {
    let o = options(lang, None)?;
    with_dataset(dataset, |ds| {
        crate::guarded(|| bianzhi_tabular::write_report_html(&report.inner, ds, &o))
    })
    .map_err(crate::internal)
}

/// The CSV report's bytes (BOM, or GBK; formula-like cells neutralised).
#[pyfunction]
#[pyo3(signature = (report, dataset=None, lang="zh", encoding=None))]
pub fn report_csv<'py>(
    py: Python<'py>,
    report: &Report,
    dataset: Option<&Dataset>,
    lang: &str,
    encoding: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let o = options(lang, encoding)?;
    let bytes = with_dataset(dataset, |ds| {
        crate::guarded(|| bianzhi_tabular::write_report_csv(&report.inner, ds, &o))
    })
    .map_err(crate::internal)?;
    Ok(PyBytes::new(py, &bytes))
}

type TableOut = (Vec<String>, Vec<Vec<String>>, Vec<usize>);

fn table(t: ReportTable) -> TableOut {
    (t.header, t.rows, t.numeric)
}

/// A report table: `(header, rows, numeric column positions)`; `which` is `findings`,
/// `occupancy`, `leadership` or `codes` (findings per code).
#[pyfunction]
#[pyo3(signature = (report, which, dataset=None, lang="zh"))]
pub fn report_table(
    report: &Report,
    which: &str,
    dataset: Option<&Dataset>,
    lang: &str,
) -> PyResult<TableOut> {
    let o = options(lang, None)?;
    if which == "codes" {
        let zh = o.lang == Lang::Zh;
        let rows = report
            .inner
            .counts_by_code()
            .into_iter()
            .map(|(c, n)| {
                let name = if zh { c.zh() } else { c.as_str() };
                vec![c.as_str().to_string(), name.to_string(), n.to_string()]
            })
            .collect();
        let header = if zh {
            ["代码", "问题类型", "数量"]
        } else {
            ["code", "name", "count"]
        };
        return Ok((header.map(String::from).to_vec(), rows, vec![2]));
    }
    let f = match which {
        "findings" => bianzhi_tabular::findings_table,
        "occupancy" => bianzhi_tabular::occupancy_table,
        "leadership" => bianzhi_tabular::leadership_table,
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "unknown table {other:?}"
            )))
        }
    };
    with_dataset(dataset, |ds| {
        crate::guarded(|| table(f(&report.inner, ds, &o)))
    })
    .map_err(crate::internal)
}
