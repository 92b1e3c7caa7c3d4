//! Checks a zip-based workbook (xlsx, ods) before calamine opens it, so that no declared
//! size, count or repeat in the file can make the reader allocate more than the file
//! warrants. calamine trusts `uniqueCount` in `sharedStrings.xml` (it reserves that many
//! strings) and expands ODS `number-rows-repeated` / `number-columns-repeated` into dense
//! cells; a 2 KB file could ask for 100 GB. The limits are in `docs/limits.md`.

use std::io::{Read, Seek};

use quick_xml::events::Event;

use crate::TabularError;

/// Most bytes the entries of a workbook may unzip to.
pub const MAX_UNZIPPED_BYTES: u64 = 4 << 30;
/// Most a workbook may expand by when it unzips to more than [`UNZIPPED_RATIO_FLOOR`].
/// Sheets of real rosters compress 5–30×; a zip bomb 1 000×.
pub const MAX_UNZIP_RATIO: u64 = 200;
/// Below this many unzipped bytes the ratio is not checked (tiny files compress well).
pub const UNZIPPED_RATIO_FLOOR: u64 = 64 << 20;
/// Most cells one sheet may span once read: for `.ods`, the rectangle from the first to
/// the last non-empty cell after expanding repeats; for `.xlsx`, the rows from the first
/// to the last non-empty row plus, per row, the cells from the first column in use to the
/// row's last non-empty cell. 10 million cells is 100 000 staff × 100 columns.
pub const MAX_SHEET_CELLS: u64 = 10_000_000;
/// Most non-empty cells an `.ods` sheet may create by repetition
/// (`number-rows-repeated`, `number-columns-repeated`) beyond the cells written out. Office
/// suites repeat identical neighbours; rosters, whose rows differ by id, repeat few.
pub const MAX_REPEATED_CELLS: u64 = 100_000;
/// The smallest shared string entry (`<si/>`): a `uniqueCount` larger than the entry's
/// size over this cannot be true.
const MIN_SHARED_STRING_BYTES: u64 = 5;
/// calamine's own caps on ODS expansion (rows, columns per row).
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

fn refuse(file: &str, message: String) -> TabularError {
    TabularError::Workbook {
        file: file.to_string(),
        message,
    }
}

/// Refuses a zip-based workbook whose entries declare more than [`MAX_UNZIPPED_BYTES`] or
/// more than [`MAX_UNZIP_RATIO`] times the file (past [`UNZIPPED_RATIO_FLOOR`]), whose
/// shared-string count is larger than its shared strings could hold, or whose ODS sheets
/// expand past [`MAX_SHEET_CELLS`] or [`MAX_REPEATED_CELLS`].
///
/// The archive is opened as calamine opens it, from the central directory found at the
/// end, so bytes in front of the archive do not hide it. A file that is not a zip archive
/// (xls) passes; a broken archive is left to calamine, whose error names what is wrong.
/// The declared sizes can be trusted because the zip reader fails an entry that inflates
/// past its declared size.
pub(crate) fn check_workbook<R: Read + Seek>(
    file: &str,
    r: R,
    len: u64,
) -> Result<(), TabularError> {
    let Ok(mut zip) = zip::ZipArchive::new(r) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        if let Ok(entry) = zip.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    let ratio = total / len.max(1);
    if total > MAX_UNZIPPED_BYTES || (total > UNZIPPED_RATIO_FLOOR && ratio > MAX_UNZIP_RATIO) {
        return Err(refuse(
            file,
            format!(
                "its entries unzip to {total} bytes, {ratio}× the file's {len} bytes; the \
                 reader refuses more than {MAX_UNZIPPED_BYTES} bytes or {MAX_UNZIP_RATIO}× \
                 (past {UNZIPPED_RATIO_FLOOR} bytes), as a zip bomb would need"
            ),
        ));
    }
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    for name in names {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with("sharedstrings.xml") {
            check_shared_strings(file, &name, &mut zip)?;
        } else if lower == "content.xml" {
            check_ods_content(file, &mut zip)?;
        }
    }
    Ok(())
}

fn xml_entry<'z, R: Read + Seek>(
    zip: &'z mut zip::ZipArchive<R>,
    name: &str,
) -> Option<(
    quick_xml::Reader<std::io::BufReader<zip::read::ZipFile<'z, R>>>,
    u64,
)> {
    let entry = zip.by_name(name).ok()?;
    let size = entry.size();
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(entry));
    xml.config_mut().check_end_names = false;
    Some((xml, size))
}

fn attr_u64(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<u64> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.value.trim().parse::<u64>().ok())
}

fn check_shared_strings<R: Read + Seek>(
    file: &str,
    name: &str,
    zip: &mut zip::ZipArchive<R>,
) -> Result<(), TabularError> {
    let Some((mut xml, size)) = xml_entry(zip, name) else {
        return Ok(());
    };
    let mut buf = Vec::new();
    // Only the root element matters; a broken entry is left to calamine.
    for _ in 0..64 {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if e.local_name().as_ref() != "sst" {
                    return Ok(());
                }
                for key in ["uniqueCount", "count"] {
                    if let Some(n) = attr_u64(&e, key) {
                        let most = size / MIN_SHARED_STRING_BYTES;
                        if key == "uniqueCount" && n > most {
                            return Err(refuse(
                                file,
                                format!(
                                    "{name} declares {n} shared strings, but its {size} bytes \
                                     hold at most {most}; the workbook is damaged or crafted"
                                ),
                            ));
                        }
                    }
                }
                return Ok(());
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
    Ok(())
}

/// Expansion of one ODS table, counted as calamine will expand it.
#[derive(Default)]
struct OdsTable {
    /// Cells calamine materialises per row element before trimming (capped as it caps).
    materialised: u64,
    /// Rows from the first to the last non-empty row, repeats expanded.
    rows_to_last: u64,
    /// Rows seen after the first non-empty row, repeats expanded (pending until a
    /// non-empty row closes the span).
    rows_span: u64,
    started: bool,
    rows_total: u64,
    width: u64,
    repeated: u64,
}

fn check_ods_content<R: Read + Seek>(
    file: &str,
    zip: &mut zip::ZipArchive<R>,
) -> Result<(), TabularError> {
    let Some((mut xml, _)) = xml_entry(zip, "content.xml") else {
        return Ok(());
    };
    let mut buf = Vec::new();
    let mut table: Option<OdsTable> = None;
    let mut sheet = 0usize;
    // The row being read: its repeat, its width up to the last non-empty cell, the width
    // so far, its non-empty cells after column repeats, its non-empty cell elements.
    let mut row: Option<(u64, u64, u64, u64, u64)> = None;
    loop {
        buf.clear();
        let ev = match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(ev) => ev,
        };
        let is_start = matches!(ev, Event::Start(_));
        match ev {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                sheet += 1;
                table = Some(OdsTable::default());
            }
            Event::End(e) if e.name().as_ref() == "table:table" => table = None,
            Event::Start(e) if e.name().as_ref() == "table:table-row" && table.is_some() => {
                let reps = attr_u64(&e, "table:number-rows-repeated")
                    .unwrap_or(1)
                    .max(1);
                row = Some((reps, 0, 0, 0, 0));
            }
            Event::Start(e) | Event::Empty(e)
                if row.is_some()
                    && matches!(
                        e.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
            {
                let reps = attr_u64(&e, "table:number-columns-repeated")
                    .unwrap_or(1)
                    .max(1);
                let filled = is_start
                    || e.attributes()
                        .flatten()
                        .any(|a| a.key.as_ref() == "office:value-type");
                if let Some((_, last, so_far, nonempty, written)) = row.as_mut() {
                    *so_far = so_far.saturating_add(reps).min(ODS_MAX_COLUMNS);
                    if filled {
                        *last = *so_far;
                        *nonempty = nonempty.saturating_add(reps);
                        *written += 1;
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                let (Some((reps, last, _, nonempty, written)), Some(t)) =
                    (row.take(), table.as_mut())
                else {
                    continue;
                };
                let reps = reps.min(ODS_MAX_ROWS.saturating_sub(t.rows_total));
                t.rows_total = t.rows_total.saturating_add(reps);
                t.materialised = t.materialised.saturating_add(last);
                if last > 0 {
                    t.started = true;
                    t.rows_span = t.rows_span.saturating_add(reps);
                    t.rows_to_last = t.rows_span;
                    t.width = t.width.max(last);
                    // Cells the repeats add to the cells written out.
                    t.repeated = t
                        .repeated
                        .saturating_add(nonempty.saturating_mul(reps).saturating_sub(written));
                } else if t.started {
                    t.rows_span = t.rows_span.saturating_add(reps);
                }
                let area = t.rows_to_last.saturating_mul(t.width);
                if t.materialised > MAX_SHEET_CELLS || area > MAX_SHEET_CELLS {
                    return Err(refuse(
                        file,
                        format!(
                            "sheet {sheet} spans {} cells once its repeated rows and columns \
                             are expanded; the reader refuses more than {MAX_SHEET_CELLS}",
                            area.max(t.materialised)
                        ),
                    ));
                }
                if t.repeated > MAX_REPEATED_CELLS {
                    return Err(refuse(
                        file,
                        format!(
                            "sheet {sheet} repeats non-empty cells (number-rows-repeated, \
                             number-columns-repeated) into more than {MAX_REPEATED_CELLS} \
                             cells; the reader refuses more, as a roster has few identical \
                             neighbours"
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
}

/// Runs `read` (calamine opening and reading a workbook) and turns a panic inside it into
/// [`TabularError::Workbook`]: calamine is a dependency whose parsers fuzzing has made
/// panic (a cell reference `r="AAAAAAAAA1"` overflows its column arithmetic when overflow
/// checks are on, as in debug builds). No input may panic through this crate; the panic
/// message still goes to the panic hook (stderr by default).
pub(crate) fn calamine_guarded<T>(
    file: &str,
    read: impl FnOnce() -> Result<T, TabularError>,
) -> Result<T, TabularError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|p| {
        let why = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into());
        Err(TabularError::Workbook {
            file: file.to_string(),
            message: format!("the workbook reader failed on this file ({why})"),
        })
    })
}
