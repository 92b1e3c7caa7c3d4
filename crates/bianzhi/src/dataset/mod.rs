//! A dataset: the document plus its dense index, built once and validated many times.

mod cause;
pub(crate) mod index;
mod load;
pub(crate) mod pairs;
mod staff;
pub(crate) mod subtree;

pub use cause::{Cause, Expected, Found, Place, RecordArray};
pub use load::{IssueKind, NotRead};
pub use load::{LoadError, RecordIssue, MAX_DOCUMENT_BYTES};
pub use staff::{Rows as StaffRows, StaffBuilder, StaffFields, StaffRow, StaffTable};

use crate::model::{Document, Duty, Norm, Pool, Post, Settings, Staff, Unit};
use index::Index;

/// A dataset ready for validation: the records and their resolved index.
///
/// The staff are held as columns ([`StaffTable`]); the other arrays, which are small, as
/// records. [`Dataset::to_document`] rebuilds the whole document.
///
/// A `Dataset` is immutable and `Send + Sync`: validate it from as many threads as you like.
///
/// ```
/// let ds = bianzhi::Dataset::from_json(r#"{
///   "units": [{"id": "U1", "name": "某县农业农村局", "kind": "organ", "quotas": {"行政": 1}}],
///   "staff": [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "行政编制"},
///             {"id": "S2", "name": "李四", "unit": "U1", "establishment": "administrative",
///              "birth_date": "1990-02-30"}]
/// }"#).unwrap();
/// assert_eq!(ds.staff().len(), 1);          // S2 has an impossible date: skipped …
/// assert_eq!(ds.issues()[0].id.as_deref(), Some("S2")); // … and reported
/// assert_eq!(ds.issues()[0].field.as_deref(), Some("birth_date"));
/// ```
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Every array but the staff (`doc.staff` is always empty).
    doc: Document,
    staff: StaffTable,
    issues: Vec<RecordIssue>,
    pub(crate) ix: Index,
}

impl Dataset {
    /// Indexes a document built in code (no load issues).
    pub fn new(doc: Document) -> Dataset {
        Dataset::with_issues(doc, Vec::new())
    }

    /// Indexes a document together with the issues found while reading it (e.g. by a
    /// tabular reader); skipped records' ids are not reported again as unknown references.
    pub fn with_issues(mut doc: Document, issues: Vec<RecordIssue>) -> Dataset {
        let staff = StaffTable::from_vec(std::mem::take(&mut doc.staff));
        Dataset::from_parts(doc, staff, issues)
    }

    /// [`Dataset::with_issues`] with the staff already in columns (as a reader that
    /// pushes records into a [`StaffBuilder`] has them). Records left in `doc.staff` come
    /// after those of `staff`.
    ///
    /// ```
    /// use bianzhi::{Dataset, Document, Staff, StaffBuilder, Unit, UnitKind};
    /// let mut doc = Document::default();
    /// doc.units.push(Unit::new("U1", "县委办", UnitKind::Organ));
    /// let mut b = StaffBuilder::default();
    /// b.push(Staff::new("S1", "张三", "U1"));
    /// let ds = Dataset::from_parts(doc, b.finish(), Vec::new());
    /// assert_eq!(ds.staff().row(0).id(), "S1");
    /// ```
    pub fn from_parts(mut doc: Document, staff: StaffTable, issues: Vec<RecordIssue>) -> Dataset {
        let staff = if doc.staff.is_empty() {
            staff
        } else {
            let mut b = StaffBuilder::default();
            b.append(staff);
            for s in std::mem::take(&mut doc.staff) {
                b.push(s);
            }
            b.finish()
        };
        let skipped: Vec<(&'static str, String)> = issues
            .iter()
            .filter(|i| i.skipped)
            .filter_map(|i| i.id.clone().map(|id| (i.array, id)))
            .collect();
        let ix = Index::build(&doc, &staff, &skipped);
        Dataset {
            doc,
            staff,
            issues,
            ix,
        }
    }

    /// Reads the JSON document of `docs/formats.md#dataset-document`, leniently per record.
    ///
    /// # Errors
    /// [`LoadError`] when the text is not JSON, not an object, or lacks `units`/`staff`.
    pub fn from_json(text: &str) -> Result<Dataset, LoadError> {
        let (doc, staff, issues) = load::parse(text)?;
        Ok(Dataset::from_parts(doc, staff, issues))
    }

    /// [`Dataset::from_json`] on a document already held as a JSON value (records built in
    /// code or from table cells; each is freed once read): the same lenient per-record reading and the same
    /// `INVALID_RECORD` details, without writing the document out as text and parsing it.
    ///
    /// # Errors
    /// As `from_json` on the value's text (not an object, or lacking `units`/`staff`).
    pub fn from_value(doc: serde_json::Value) -> Result<Dataset, LoadError> {
        let (doc, issues) = load::parse_value(doc)?;
        Ok(Dataset::with_issues(doc, issues))
    }

    /// [`Dataset::from_value`] without the index: the records and the load issues, for a
    /// reader that assembles a dataset from parts and then calls [`Dataset::with_issues`].
    ///
    /// # Errors
    /// As [`Dataset::from_value`].
    pub fn read_value(doc: serde_json::Value) -> Result<(Document, Vec<RecordIssue>), LoadError> {
        load::parse_value(doc)
    }

    /// The loader's check of a unit that read (empty name, undeclared category):
    /// `Some((field, reason))` when the loader would skip it, the reason in English (as
    /// [`RecordIssue::reason`]; [`Cause::classify`] types it). `declared` is
    /// `settings.categories`.
    pub fn unit_problem(u: &Unit, declared: &[String]) -> Option<(String, String)> {
        load::check_unit(u, declared).map(|(field, cause)| (field, cause.message(crate::Lang::En)))
    }

    /// [`Dataset::unit_problem`] for a post (level out of range, undeclared category).
    pub fn post_problem(p: &Post, declared: &[String]) -> Option<(String, String)> {
        load::check_post(p, declared).map(|(field, cause)| (field, cause.message(crate::Lang::En)))
    }

    /// [`Dataset::unit_problem`] for a staff record (empty name, undeclared category,
    /// dates out of order).
    pub fn staff_problem(s: &Staff, declared: &[String]) -> Option<(String, String)> {
        load::check_staff(s, declared).map(|(field, cause)| (field, cause.message(crate::Lang::En)))
    }

    /// [`Dataset::staff_problem`] for borrowed fields (what a reader pushes into a
    /// [`StaffBuilder`]).
    pub fn staff_fields_problem(
        s: &StaffFields<'_>,
        declared: &[String],
    ) -> Option<(String, String)> {
        load::check_staff_parts(load::StaffCheck::of_fields(s), declared)
            .map(|(field, cause)| (field, cause.message(crate::Lang::En)))
    }

    /// Like [`Dataset::from_json`] on bytes, rejecting input that is not UTF-8.
    ///
    /// # Errors
    /// [`LoadError::Encoding`] with the offset of the first invalid byte, or as `from_json`.
    pub fn from_slice(bytes: &[u8]) -> Result<Dataset, LoadError> {
        let text = std::str::from_utf8(bytes).map_err(|e| LoadError::Encoding(e.valid_up_to()))?;
        Dataset::from_json(text)
    }

    /// [`Dataset::from_slice`] taking the bytes, which are freed once the records are read
    /// and before the index is built: the peak is then the larger of text + records and
    /// records + index, not all three (for a file read whole, as the CLI does).
    ///
    /// ```
    /// let text = r#"{"units": [{"id": "U1", "name": "县委办", "kind": "organ"}], "staff": []}"#;
    /// let ds = bianzhi::Dataset::from_vec(text.as_bytes().to_vec()).unwrap();
    /// assert_eq!(ds.units().len(), 1);
    /// ```
    ///
    /// # Errors
    /// As [`Dataset::from_slice`].
    pub fn from_vec(bytes: Vec<u8>) -> Result<Dataset, LoadError> {
        let (doc, staff, issues) = {
            let text =
                std::str::from_utf8(&bytes).map_err(|e| LoadError::Encoding(e.valid_up_to()))?;
            load::parse(text)?
        };
        drop(bytes);
        Ok(Dataset::from_parts(doc, staff, issues))
    }

    /// The document rebuilt from the records (the staff from their columns), for export.
    pub fn to_document(&self) -> Document {
        let mut doc = self.doc.clone();
        doc.staff = self.staff.to_vec();
        doc
    }

    /// Every array but the staff, as records (`staff` is empty): what the rules over
    /// units, posts and pools read.
    pub(crate) fn rows(&self) -> &Document {
        &self.doc
    }

    /// The evaluation date stored with the data.
    pub fn as_of(&self) -> Option<crate::NaiveDate> {
        self.doc.as_of
    }

    /// The parameters.
    pub fn settings(&self) -> &Settings {
        &self.doc.settings
    }

    /// Records that could not be read while loading, in input order.
    pub fn issues(&self) -> &[RecordIssue] {
        &self.issues
    }

    /// Units read.
    pub fn units(&self) -> &[Unit] {
        &self.doc.units
    }

    /// Posts read.
    pub fn posts(&self) -> &[Post] {
        &self.doc.posts
    }

    /// Staff read, as columns.
    pub fn staff(&self) -> &StaffTable {
        &self.staff
    }

    /// Duties read.
    pub fn duties(&self) -> &[Duty] {
        &self.doc.duties
    }

    /// 三不超 pools read.
    pub fn pools(&self) -> &[Pool] {
        &self.doc.pools
    }

    /// Staffing norms read.
    pub fn norms(&self) -> &[Norm] {
        &self.doc.norms
    }

    /// The document as JSON (skipped records are not in it).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.to_document())
            .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// Consumes the dataset, returning its document (the staff rebuilt as records).
    pub fn into_document(self) -> Document {
        let mut doc = self.doc;
        doc.staff = self.staff.to_vec();
        doc
    }
}
