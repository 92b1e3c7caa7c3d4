//! Report tables out to pyarrow, pandas and polars as Arrow C streams: the columns are
//! built in Rust (`bianzhi_tabular::report_arrow`), so no Python object is made per finding.

use std::ffi::CStr;

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::Report;

const STREAM: &CStr = c"arrow_array_stream";

/// One report table, held in Arrow memory until a consumer imports it through the Arrow
/// PyCapsule interface (`pyarrow.table(t)`, `polars.DataFrame(t)`, …); each call of
/// `__arrow_c_stream__` hands out a new stream over the same (shared) buffers.
#[pyclass(frozen, module = "bianzhi._bianzhi")]
pub struct ArrowTable {
    batch: RecordBatch,
}

#[pymethods]
impl ArrowTable {
    /// The table as an Arrow C stream capsule. A requested schema is not honoured: the
    /// columns are the documented ones, and a consumer casts if it wants other types.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let schema = self.batch.schema();
        let reader = RecordBatchIterator::new([Ok(self.batch.clone())], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        // The capsule owns the stream: a consumer moves it out (marking the capsule's copy
        // released); otherwise dropping the capsule releases it.
        PyCapsule::new_with_value(py, stream, STREAM)
    }

    /// The number of rows.
    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    /// The column names, in order.
    #[getter]
    fn columns(&self) -> Vec<String> {
        self.batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }
}

/// `findings`, `occupancy` or `leadership` of a report, as an Arrow table.
#[pyfunction]
pub fn report_arrow(report: &Report, which: &str) -> PyResult<ArrowTable> {
    use bianzhi_tabular::report_arrow as ra;
    let r = &report.inner;
    let built = crate::guarded(|| match which {
        "findings" => Some(ra::findings(r)),
        "occupancy" => Some(ra::occupancy(r)),
        "leadership" => Some(ra::leadership(r)),
        _ => None,
    })
    .map_err(crate::internal)?;
    match built {
        Some(Ok(batch)) => Ok(ArrowTable { batch }),
        Some(Err(e)) => Err(crate::internal(e.to_string())),
        None => Err(PyValueError::new_err(format!(
            "which must be 'findings', 'occupancy' or 'leadership', got {which:?}"
        ))),
    }
}
