//! The cells of a worksheet kept as typed values over one text buffer, so that a roster of
//! 10^5 rows is a few allocations, not one `String` (and one JSON value) per cell: the rows
//! go through the row conversion of CSV text and Arrow columns ([`crate::builder`]).

use chrono::NaiveDate;

use crate::builder::{text_view, V};
use crate::cell::{Cell, Raw};
use crate::guard::MAX_SHEET_CELLS;

/// One cell: its text is `text[at..at + len]` of the grid.
#[derive(Debug, Clone, Copy)]
enum Val {
    Empty,
    Text { at: u32, len: u32 },
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
    Error { at: u32, len: u32 },
}

/// The cells of one worksheet: rows from its first non-empty row to its last, each as long
/// as its last non-empty cell, from the sheet's first non-empty column.
#[derive(Debug, Default)]
pub(crate) struct SheetGrid {
    text: String,
    cells: Vec<Val>,
    /// Per row: the index of its first cell; one more entry closes the last row.
    rows: Vec<usize>,
    /// The 1-based sheet row of row 0.
    pub first_row: usize,
    /// The 0-based sheet column of column 0.
    pub first_col: usize,
}

/// Collects the non-empty cells of a sheet in any order (a later cell at the same place wins).
#[derive(Default)]
pub(crate) struct SheetBuilder {
    text: String,
    /// (row, column, value), 0-based sheet positions.
    cells: Vec<(u32, u32, Val)>,
}

/// What a sheet whose text passes 4 GiB gets (the offsets are 32-bit).
const TOO_MUCH_TEXT: &str = "its cells hold more than 4 GiB of text";

/// The value of a cell, its text appended to `text`.
fn val(text: &mut String, raw: Raw<'_>) -> Result<Val, String> {
    let mut put = |s: &str| -> Result<(u32, u32), String> {
        let at = u32::try_from(text.len()).map_err(|_| TOO_MUCH_TEXT.to_string())?;
        let len = u32::try_from(s.len()).map_err(|_| TOO_MUCH_TEXT.to_string())?;
        u32::try_from(text.len() + s.len()).map_err(|_| TOO_MUCH_TEXT.to_string())?;
        text.push_str(s);
        Ok((at, len))
    };
    Ok(match raw {
        Raw::Empty => Val::Empty,
        Raw::Text(s) => {
            let (at, len) = put(s)?;
            Val::Text { at, len }
        }
        Raw::Int(i) => Val::Int(i),
        Raw::Float(f) => Val::Float(f),
        Raw::Bool(b) => Val::Bool(b),
        Raw::Date(d) => Val::Date(d),
        Raw::Error(e) => {
            let (at, len) = put(&e)?;
            Val::Error { at, len }
        }
    })
}

impl SheetBuilder {
    /// Adds the value at 0-based (`row`, `col`); empty values are not kept.
    pub fn push(&mut self, row: u32, col: u32, raw: Raw<'_>) -> Result<(), String> {
        if raw != Raw::Empty {
            let v = val(&mut self.text, raw)?;
            self.cells.push((row, col, v));
        }
        Ok(())
    }

    /// The grid; refused when its rows and cells laid out exceed [`MAX_SHEET_CELLS`] (a
    /// cell at A1 and one at XFD1048576 are two cells, not 17 billion).
    pub fn finish(mut self) -> Result<SheetGrid, String> {
        // Cells come in sheet order; a crafted file may shuffle them (a later cell wins:
        // the sort is stable and the last of equal positions is kept).
        if !self
            .cells
            .windows(2)
            .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1))
        {
            self.cells.sort_by_key(|&(r, c, _)| (r, c));
        }
        let Some(&(r0, _, _)) = self.cells.first() else {
            return Ok(SheetGrid {
                first_row: 1,
                ..SheetGrid::default()
            });
        };
        let r_last = self.cells.last().map_or(r0, |c| c.0);
        let c0 = self.cells.iter().map(|c| c.1).min().unwrap_or(0);
        // Rows from the first to the last, plus each row's cells up to its last one.
        let mut span = u64::from(r_last - r0) + 1;
        for w in self.cells.windows(2) {
            if w[0].0 != w[1].0 {
                span += u64::from(w[0].1 - c0) + 1;
            }
        }
        span += self.cells.last().map_or(0, |c| u64::from(c.1 - c0) + 1);
        if span > MAX_SHEET_CELLS {
            return Err(format!(
                "its {} non-empty cells spread over {span} cells (rows {} to {}); the reader \
                 refuses more than {MAX_SHEET_CELLS}",
                self.cells.len(),
                r0 + 1,
                r_last + 1
            ));
        }
        let mut cells = Vec::with_capacity(self.cells.len());
        let mut rows = Vec::with_capacity((r_last - r0) as usize + 2);
        let mut k = 0;
        for r in r0..=r_last {
            rows.push(cells.len());
            let start = cells.len();
            while let Some(&(row, col, v)) = self.cells.get(k) {
                if row != r {
                    break;
                }
                let at = start + (col - c0) as usize;
                if cells.len() <= at {
                    cells.resize(at + 1, Val::Empty);
                }
                cells[at] = v;
                k += 1;
            }
        }
        rows.push(cells.len());
        Ok(SheetGrid {
            text: self.text,
            cells,
            rows,
            first_row: r0 as usize + 1,
            first_col: c0 as usize,
        })
    }
}

impl SheetGrid {
    /// A grid from the rows of a worksheet range starting at 0-based `start` (row,
    /// column); each row is as long as its last non-empty cell.
    pub fn from_rows<'a>(
        start: (u32, u32),
        rows: impl Iterator<Item = &'a [calamine::Data]>,
    ) -> Result<SheetGrid, String> {
        let mut g = SheetGrid {
            first_row: start.0 as usize + 1,
            first_col: start.1 as usize,
            ..SheetGrid::default()
        };
        for row in rows {
            let first = g.cells.len();
            g.rows.push(first);
            for d in row {
                let v = val(&mut g.text, Raw::of_data(d))?;
                g.cells.push(v);
            }
            while g.cells.len() > first && matches!(g.cells.last(), Some(Val::Empty)) {
                g.cells.pop();
            }
        }
        g.rows.push(g.cells.len());
        Ok(g)
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len().saturating_sub(1)
    }

    /// The number of cells of row `r`.
    pub fn width(&self, r: usize) -> usize {
        self.rows[r + 1] - self.rows[r]
    }

    fn val(&self, r: usize, c: usize) -> Val {
        self.cells[self.rows[r] + c]
    }

    fn str(&self, at: u32, len: u32) -> &str {
        self.text
            .get(at as usize..(at + len) as usize)
            .unwrap_or_default()
    }

    /// Cell `c` of row `r`, borrowed: text trimmed; a number that is not finite, an error
    /// cell: the general path.
    pub fn view(&self, r: usize, c: usize) -> V<'_> {
        match self.val(r, c) {
            Val::Empty => V::Empty,
            Val::Text { at, len } => text_view(self.str(at, len)),
            Val::Int(i) => V::Int(i),
            Val::Float(f) if f.is_finite() => V::Float(f),
            Val::Bool(b) => V::Bool(b),
            Val::Date(d) => V::Date(d),
            Val::Float(_) | Val::Error { .. } => V::Other,
        }
    }

    /// Cell `c` of row `r`.
    pub fn cell(&self, r: usize, c: usize) -> Cell {
        match self.val(r, c) {
            Val::Empty => Cell::Empty,
            Val::Text { at, len } => Cell::Text(self.str(at, len).to_string()),
            Val::Int(i) => Cell::Int(i),
            Val::Float(f) => Cell::Float(f),
            Val::Bool(b) => Cell::Bool(b),
            Val::Date(d) => Cell::Date(d),
            Val::Error { at, len } => Cell::Error(self.str(at, len).to_string()),
        }
    }

    /// Row `r` as cells.
    pub fn cells(&self, r: usize) -> Vec<Cell> {
        (0..self.width(r)).map(|c| self.cell(r, c)).collect()
    }

    /// Whether no cell holds anything.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|v| matches!(v, Val::Empty))
    }
}
