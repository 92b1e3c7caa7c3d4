//! Report writers (CSV, `.xlsx`) and the empty template workbook.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::Path;

use bianzhi::{Dataset, Lang, OccupancyRow, Report, Violation};
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFont, ChartFormat, ChartLegendPosition, ChartSolidFill, Color,
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use crate::schema::RecordKind;
use crate::TabularError;

/// Text encoding of CSV output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 with a byte-order mark, so that Excel opens it with the right characters.
    #[default]
    Utf8Bom,
    /// GBK for Chinese Windows tools: written with the GB18030 encoder, whose bytes equal
    /// GBK's for every GBK character (and which cannot lose any other character).
    Gbk,
}

pub(crate) fn encode(text: &str, enc: Encoding) -> Vec<u8> {
    match enc {
        Encoding::Utf8Bom => {
            let mut v = Vec::with_capacity(text.len() + 3);
            v.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            v.extend_from_slice(text.as_bytes());
            v
        }
        Encoding::Gbk => encoding_rs::GB18030.encode(text).0.into_owned(),
    }
}

pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
}

/// How a report is written: language of headers and labels, CSV encoding, title.
///
/// ```
/// use bianzhi_tabular::{Encoding, ReportOptions};
/// let opts = ReportOptions::new(bianzhi::Lang::En).with_encoding(Encoding::Gbk);
/// assert_eq!(opts.lang, bianzhi::Lang::En);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReportOptions {
    /// Language of headers, sheet labels and titles (the messages carry the language the
    /// report was validated in).
    pub lang: Lang,
    /// Encoding of CSV output.
    pub encoding: Encoding,
    /// Title of the xlsx and HTML reports; by default the name of the dataset's top unit
    /// followed by 机构编制核查报告.
    pub title: Option<String>,
}

impl ReportOptions {
    /// Options in `lang`, UTF-8 with BOM, default title.
    pub fn new(lang: Lang) -> ReportOptions {
        ReportOptions {
            lang,
            ..ReportOptions::default()
        }
    }

    /// The same options with another CSV encoding.
    pub fn with_encoding(mut self, encoding: Encoding) -> ReportOptions {
        self.encoding = encoding;
        self
    }

    /// The same options with a title.
    pub fn with_title(mut self, title: impl Into<String>) -> ReportOptions {
        self.title = Some(title.into());
        self
    }

    pub(crate) fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// Chinese or English text by the report language.
    pub(crate) fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.zh() {
            zh
        } else {
            en
        }
    }

    /// The report title: the option, else the top unit's name and the report's name.
    pub(crate) fn title_for(&self, dataset: &Dataset) -> String {
        if let Some(t) = &self.title {
            return t.clone();
        }
        let units = dataset.units();
        let top = units
            .iter()
            .find(|u| u.parent.is_none())
            .or_else(|| units.first());
        match (top, self.zh()) {
            (Some(u), true) => format!("{} 机构编制核查报告", u.name),
            (Some(u), false) => format!("{}: establishment report", u.name),
            (None, true) => "机构编制核查报告".into(),
            (None, false) => "Establishment report".into(),
        }
    }
}

/// Neutralises a CSV cell that a spreadsheet would run as a formula (formula injection):
/// text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
/// as OWASP recommends. Numbers (`-3`, `+1.5`) are left as they are: they are not formulas.
///
/// ```
/// use bianzhi_tabular::csv_safe;
/// assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(csv_safe("-3"), "-3");
/// assert_eq!(csv_safe("张三"), "张三");
/// ```
pub fn csv_safe(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let mut parts = body.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed,
/// then renamed over `path`. A reader never sees half a report, and a failed write leaves
/// any earlier file in place.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("bz-atomic-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let p = dir.join("报告.csv");
/// bianzhi_tabular::write_atomic(&p, b"x").unwrap();
/// assert_eq!(std::fs::read(&p).unwrap(), b"x");
/// ```
///
/// # Errors
/// [`TabularError::Write`] naming the file when the directory is not writable or the
/// disk is full.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), TabularError> {
    let err = |e: std::io::Error| TabularError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut b = tempfile::Builder::new();
    b.prefix(".bianzhi-").suffix(".tmp");
    // The usual mode of a new file (0666 less the umask), not the temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = b.tempfile_in(dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// Unit and person names by id, for the columns beside the ids.
pub(crate) struct Names<'a> {
    units: HashMap<&'a str, &'a str>,
    staff: HashMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    pub(crate) fn of(dataset: &'a Dataset) -> Names<'a> {
        Names {
            units: dataset
                .units()
                .iter()
                .map(|u| (u.id.as_str(), u.name.as_str()))
                .collect(),
            staff: dataset.staff().iter().map(|s| (s.id(), s.name())).collect(),
        }
    }

    pub(crate) fn unit(&self, id: &str) -> &'a str {
        self.units.get(id).copied().unwrap_or("")
    }

    pub(crate) fn person(&self, id: &str) -> &'a str {
        self.staff.get(id).copied().unwrap_or("")
    }
}

/// The approved count of an occupancy row for totals and ranking: an unknown quota
/// (`QUOTA_UNKNOWN`) approves nothing.
pub(crate) fn approved(o: &OccupancyRow) -> u64 {
    o.approved.unwrap_or(0)
}

/// An approved / vacant / over cell: the number, or 「未核定」 / `unknown` when the pool's
/// quotas are unknown (never a made-up 0).
pub(crate) fn known_cell(v: Option<u64>, opts: &ReportOptions) -> String {
    v.map_or_else(
        || opts.t("未核定", "unknown").to_string(),
        |n| n.to_string(),
    )
}

/// A category name in the report language.
pub(crate) fn category_name(code: &str, opts: &ReportOptions) -> String {
    let c: bianzhi::Category = code.parse().unwrap_or_else(|n| match n {});
    if opts.zh() {
        c.zh().to_string()
    } else {
        c.as_str().to_string()
    }
}

/// One unit's load, summed over its categories, for the "worst units" chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnitLoad {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) approved: u64,
    pub(crate) occupied: u64,
    pub(crate) over: u64,
}

/// The `n` units most over establishment: most 超编 first, then the highest occupied /
/// approved ratio, then by id (deterministic).
pub(crate) fn worst_units(report: &Report, names: &Names<'_>, n: usize) -> Vec<UnitLoad> {
    let mut by_unit: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
    for o in &report.occupancy {
        let e = by_unit.entry(o.unit.as_str()).or_default();
        e.0 = e.0.saturating_add(approved(o));
        e.1 = e.1.saturating_add(o.occupied);
        e.2 = e.2.saturating_add(o.over.unwrap_or(0));
    }
    let mut loads: Vec<UnitLoad> = by_unit
        .into_iter()
        .filter(|(_, (a, o, _))| *a > 0 || *o > 0)
        .map(|(id, (a, o, x))| UnitLoad {
            id: id.to_string(),
            name: match names.unit(id) {
                "" => id.to_string(),
                n => n.to_string(),
            },
            approved: a,
            occupied: o,
            over: x,
        })
        .collect();
    loads.sort_by(|a, b| {
        b.over
            .cmp(&a.over)
            .then_with(|| {
                // occupied/approved, compared without division (approved may be 0).
                let l = b.occupied as u128 * a.approved.max(1) as u128;
                let r = a.occupied as u128 * b.approved.max(1) as u128;
                l.cmp(&r)
            })
            .then_with(|| a.id.cmp(&b.id))
    });
    loads.truncate(n);
    loads
}

/// Totals of the occupancy rows per category (in report order) and overall:
/// `(category code, approved, occupied, vacant, over)`.
pub(crate) fn occupancy_totals(report: &Report) -> (Vec<(String, [u64; 4])>, [u64; 4]) {
    let mut per: Vec<(String, [u64; 4])> = Vec::new();
    let mut all = [0u64; 4];
    for o in &report.occupancy {
        let v = [
            approved(o),
            o.occupied,
            o.vacant.unwrap_or(0),
            o.over.unwrap_or(0),
        ];
        let i = match per.iter().position(|(c, _)| *c == o.category) {
            Some(i) => i,
            None => {
                per.push((o.category.clone(), [0; 4]));
                per.len() - 1
            }
        };
        for k in 0..4 {
            per[i].1[k] = per[i].1[k].saturating_add(v[k]);
            all[k] = all[k].saturating_add(v[k]);
        }
    }
    (per, all)
}

/// A column of the findings list: Chinese header, English header (`None`: Chinese only).
struct Column {
    zh: &'static str,
    en: Option<&'static str>,
    numeric: bool,
}

const fn col(zh: &'static str, en: Option<&'static str>, numeric: bool) -> Column {
    Column { zh, en, numeric }
}

const FINDING_COLUMNS: [Column; 17] = [
    col("代码", Some("code"), false),
    col("问题类型", None, false),
    col("严重程度", Some("severity"), false),
    col("单位编码", Some("unit"), false),
    col("单位名称", Some("unit_name"), false),
    col("人员编码", Some("staff"), false),
    col("姓名", Some("staff_name"), false),
    col("岗位", Some("post"), false),
    col("职责", Some("duty"), false),
    col("编制类型", Some("category"), false),
    col("领导职务", Some("level"), false),
    col("核定/应为", Some("expected"), true),
    col("实际", Some("actual"), true),
    col("表", Some("table"), false),
    col("序号", Some("row"), true),
    col("字段", Some("field"), false),
    col("说明", Some("message"), false),
];

/// The headers of the findings list in `opts.lang`, and which of them hold numbers.
fn finding_header(opts: &ReportOptions) -> (Vec<String>, Vec<usize>) {
    let cols: Vec<&Column> = FINDING_COLUMNS
        .iter()
        .filter(|c| opts.zh() || c.en.is_some())
        .collect();
    let numeric = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| c.numeric)
        .map(|(i, _)| i)
        .collect();
    let names = cols
        .iter()
        .map(|c| {
            if opts.zh() {
                c.zh.to_string()
            } else {
                c.en.unwrap_or(c.zh).to_string()
            }
        })
        .collect();
    (names, numeric)
}

/// The table and field of a finding by their Chinese names (the template's sheet and
/// column names); a field outside the mapping table keeps its path.
fn table_and_field(v: &Violation, opts: &ReportOptions) -> (String, String) {
    let array = v.array.clone().unwrap_or_default();
    let field = v.field.clone().unwrap_or_default();
    if !opts.zh() {
        return (array, field);
    }
    // A finding about a record names its table; others name the record by its id.
    let inferred = if v.staff.is_some() {
        Some(RecordKind::Staff)
    } else if v.post.is_some() {
        Some(RecordKind::Posts)
    } else if v.duty.is_some() {
        Some(RecordKind::Duties)
    } else if v.unit.is_some() {
        Some(RecordKind::Units)
    } else {
        None
    };
    let named = RecordKind::ALL.into_iter().find(|k| k.array() == array);
    let Some(kind) = named.or(inferred) else {
        return (array, field);
    };
    let table = if named.is_some() {
        kind.zh().to_string()
    } else {
        String::new()
    };
    let zh_field = kind
        .fields()
        .iter()
        .find(|f| f.path == field)
        .map_or(field.clone(), |f| f.zh.to_string());
    (table, zh_field)
}

fn finding_cells(v: &Violation, names: &Names<'_>, opts: &ReportOptions) -> Vec<String> {
    let zh = opts.zh();
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    let (table, field) = table_and_field(v, opts);
    let mut cells = vec![
        v.code.as_str().to_string(),
        v.code.zh().to_string(),
        if zh {
            v.severity.zh()
        } else {
            v.severity.as_str()
        }
        .to_string(),
        o(&v.unit),
        v.unit
            .as_deref()
            .map(|u| names.unit(u))
            .unwrap_or("")
            .into(),
        o(&v.staff),
        v.staff
            .as_deref()
            .map(|s| names.person(s))
            .unwrap_or("")
            .into(),
        o(&v.post),
        o(&v.duty),
        v.category
            .as_deref()
            .map(|c| category_name(c, opts))
            .unwrap_or_default(),
        v.level
            .map(|l| if zh { l.zh() } else { l.as_str() }.to_string())
            .unwrap_or_default(),
        v.expected.map(|n| n.to_string()).unwrap_or_default(),
        v.actual.map(|n| n.to_string()).unwrap_or_default(),
        table,
        v.index.map(|i| (i + 1).to_string()).unwrap_or_default(),
        field,
        v.message.clone(),
    ];
    if !zh {
        cells.remove(1);
    }
    cells
}

/// The findings of a report as CSV, one row per finding, headers in `opts.lang`:
/// 代码, 问题类型, 严重程度, 单位编码, 单位名称, 人员编码, 姓名, 岗位, 职责, 编制类型,
/// 领导职务, 核定/应为, 实际, 表, 序号, 字段, 说明 (English: the same without 问题类型).
/// 序号 is the record's 1-based position in its table; 表 and 字段 are the template's sheet
/// and column names. Cells that a spreadsheet would run as formulas are neutralised
/// ([`csv_safe`]). The bytes are the same whether they go to a file or a pipe.
///
/// ```
/// use bianzhi_tabular::{write_report_csv, ReportOptions};
/// let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": []}"#).unwrap();
/// let report = bianzhi::validate(&ds, &Default::default());
/// let bytes = write_report_csv(&report, &ds, &ReportOptions::default());
/// assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
/// assert!(String::from_utf8_lossy(&bytes).contains("问题类型"));
/// ```
pub fn write_report_csv(report: &Report, dataset: &Dataset, opts: &ReportOptions) -> Vec<u8> {
    let names = Names::of(dataset);
    let mut w = csv::Writer::from_writer(Vec::new());
    let (header, _) = finding_header(opts);
    let _ = w.write_record(header.iter().map(|h| csv_safe(h).into_owned()));
    for v in &report.violations {
        let cells = finding_cells(v, &names, opts);
        let _ = w.write_record(cells.iter().map(|c| csv_safe(c).into_owned()));
    }
    let text = w
        .into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    encode(&text, opts.encoding)
}

/// A report table as the writers lay it out: headers in the report language, text cells,
/// and which columns hold whole numbers (empty cell: no value). For data frames.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReportTable {
    /// Column headers.
    pub header: Vec<String>,
    /// One row per record, as many cells as headers.
    pub rows: Vec<Vec<String>>,
    /// Positions of the numeric columns.
    pub numeric: Vec<usize>,
}

/// The findings as the CSV report has them ([`write_report_csv`]), without the CSV's
/// formula neutralisation (the cells are data, not a file a spreadsheet opens).
///
/// ```
/// use bianzhi_tabular::{findings_table, ReportOptions};
/// let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": []}"#).unwrap();
/// let t = findings_table(&bianzhi::validate(&ds, &Default::default()), &ds, &ReportOptions::default());
/// assert_eq!(t.header[4], "单位名称");
/// ```
pub fn findings_table(report: &Report, dataset: &Dataset, opts: &ReportOptions) -> ReportTable {
    let names = Names::of(dataset);
    let (header, numeric) = finding_header(opts);
    let rows = report
        .violations
        .iter()
        .map(|v| finding_cells(v, &names, opts))
        .collect();
    ReportTable {
        header,
        rows,
        numeric,
    }
}

/// Occupancy per pool and category with the unit name: 单位编码, 单位名称, 编制类型, 核定,
/// 实有, 空编, 超编 (English: unit, unit_name, category, approved, occupied, vacant, over).
///
/// ```
/// use bianzhi_tabular::{occupancy_table, ReportOptions};
/// let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": []}"#).unwrap();
/// let t = occupancy_table(&bianzhi::validate(&ds, &Default::default()), &ds, &ReportOptions::default());
/// assert_eq!(t.header[1], "单位名称");
/// ```
pub fn occupancy_table(report: &Report, dataset: &Dataset, opts: &ReportOptions) -> ReportTable {
    let names = Names::of(dataset);
    let t = |zh: &str, en: &str| opts.t(zh, en).to_string();
    ReportTable {
        header: vec![
            t("单位编码", "unit"),
            t("单位名称", "unit_name"),
            t("编制类型", "category"),
            t("核定", "approved"),
            t("实有", "occupied"),
            t("空编", "vacant"),
            t("超编", "over"),
        ],
        rows: report
            .occupancy
            .iter()
            .map(|o| {
                vec![
                    o.unit.clone(),
                    names.unit(&o.unit).to_string(),
                    category_name(&o.category, opts),
                    known_cell(o.approved, opts),
                    o.occupied.to_string(),
                    known_cell(o.vacant, opts),
                    known_cell(o.over, opts),
                ]
            })
            .collect(),
        numeric: vec![3, 4, 5, 6],
    }
}

/// Leadership positions per pool and level with the unit name: 单位编码, 单位名称, 领导职务,
/// 核定职数, 实配 (English: unit, unit_name, level, approved, actual).
///
/// ```
/// use bianzhi_tabular::{leadership_table, ReportOptions};
/// let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": []}"#).unwrap();
/// let t = leadership_table(&bianzhi::validate(&ds, &Default::default()), &ds, &ReportOptions::default());
/// assert_eq!(t.header[4], "实配");
/// ```
pub fn leadership_table(report: &Report, dataset: &Dataset, opts: &ReportOptions) -> ReportTable {
    let names = Names::of(dataset);
    let t = |zh: &str, en: &str| opts.t(zh, en).to_string();
    ReportTable {
        header: vec![
            t("单位编码", "unit"),
            t("单位名称", "unit_name"),
            t("领导职务", "level"),
            t("核定职数", "approved"),
            t("实配", "actual"),
        ],
        rows: report
            .leadership
            .iter()
            .map(|l| {
                vec![
                    l.unit.clone(),
                    names.unit(&l.unit).to_string(),
                    if opts.zh() {
                        l.level.zh()
                    } else {
                        l.level.as_str()
                    }
                    .to_string(),
                    l.approved.to_string(),
                    l.actual.to_string(),
                ]
            })
            .collect(),
        numeric: vec![3, 4],
    }
}

fn xe(e: XlsxError) -> TabularError {
    TabularError::Xlsx(e.to_string())
}

/// Writes a row from column 0; the columns in `numeric` are written as numbers when they
/// parse (so that Excel sums them), everything else as text (ids stay text). Text is
/// always a string cell, never a formula, whatever it begins with.
fn write_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[String],
    fmt: Option<&Format>,
    numeric: &[usize],
) -> Result<(), TabularError> {
    write_row_at(ws, row, 0, cells, fmt, numeric)
}

/// [`write_row`] from column `first`; `numeric` counts from `first`.
fn write_row_at(
    ws: &mut Worksheet,
    row: u32,
    first: u16,
    cells: &[String],
    fmt: Option<&Format>,
    numeric: &[usize],
) -> Result<(), TabularError> {
    for (c, t) in cells.iter().enumerate() {
        let as_num = if numeric.contains(&c) {
            t.parse::<f64>().ok().filter(|f| f.is_finite())
        } else {
            None
        };
        let c = first + c as u16;
        match (as_num, fmt) {
            (Some(n), Some(f)) => ws.write_number_with_format(row, c, n, f),
            (Some(n), None) => ws.write_number(row, c, n),
            (None, Some(f)) => ws.write_string_with_format(row, c, t, f),
            (None, None) => ws.write_string(row, c, t),
        }
        .map_err(xe)?;
    }
    Ok(())
}

fn strings<const N: usize>(a: [&str; N]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

/// Width of the message column of 问题清单, in character units (a CJK character is two).
const MESSAGE_WIDTH: usize = 60;

/// Rows above each sheet's header: title and subtitle.
const HEAD_ROW: u32 = 2;

/// The title rows, print setup (A4 landscape, fit to one page wide, header row repeated
/// on every page, page numbers in the footer) of a report sheet whose header is
/// [`HEAD_ROW`] and which is `cols` columns wide.
fn print_setup(
    ws: &mut Worksheet,
    title: &str,
    subtitle: &str,
    cols: u16,
    opts: &ReportOptions,
) -> Result<(), TabularError> {
    let big = Format::new().set_bold().set_font_size(15);
    let small = Format::new().set_font_color(Color::RGB(0x595959));
    let last = cols.saturating_sub(1);
    if last > 0 {
        ws.merge_range(0, 0, 0, last, title, &big).map_err(xe)?;
        ws.merge_range(1, 0, 1, last, subtitle, &small)
            .map_err(xe)?;
    } else {
        ws.write_string_with_format(0, 0, title, &big).map_err(xe)?;
        ws.write_string_with_format(1, 0, subtitle, &small)
            .map_err(xe)?;
    }
    ws.set_row_height(0, 24).map_err(xe)?;
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(HEAD_ROW, HEAD_ROW).map_err(xe)?;
    ws.set_footer(opts.t("&C第 &P 页，共 &N 页", "&CPage &P of &N"));
    ws.set_freeze_panes(HEAD_ROW + 1, 0).map_err(xe)?;
    Ok(())
}

/// Column width in Excel's character units for text shown in the column (CJK counts two).
/// Widths of the unit id (A) and unit name (B) columns of a per-unit sheet.
fn unit_columns<'u>(
    ws: &mut Worksheet,
    names: &Names,
    units: impl Iterator<Item = &'u str>,
) -> Result<(), TabularError> {
    ws.set_column_width(0, 16).map_err(xe)?;
    let w = width_of(units.map(|u| display_len(names.unit(u))), 16.0, 40.0);
    ws.set_column_width(1, w).map_err(xe)?;
    Ok(())
}

fn width_of(texts: impl Iterator<Item = usize>, min: f64, max: f64) -> f64 {
    let w = texts.max().unwrap_or(0) as f64 + 2.0;
    w.clamp(min, max)
}

fn display_len(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// The report as an `.xlsx` workbook in Chinese ([`write_report_xlsx_with`] for options).
///
/// ```
/// let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": []}"#).unwrap();
/// let report = bianzhi::validate(&ds, &Default::default());
/// let bytes = bianzhi_tabular::write_report_xlsx(&report, &ds).unwrap();
/// assert!(bytes.starts_with(b"PK"));
/// ```
///
/// # Errors
/// [`TabularError::Xlsx`] if the workbook cannot be assembled.
pub fn write_report_xlsx(report: &Report, dataset: &Dataset) -> Result<Vec<u8>, TabularError> {
    write_report_xlsx_with(report, dataset, &ReportOptions::default())
}

/// The report as an `.xlsx` workbook that prints: every sheet has a title row (report
/// title, evaluation date), A4 landscape fit to one page wide, the header row repeated on
/// each page and page numbers in the footer.
/// - 汇总: counts, findings per code, the units most over establishment;
/// - 图表: two charts on one page (approved vs occupied for those units; findings by code);
/// - 编制使用情况: occupancy per pool and category with unit names, 超编 rows highlighted,
///   totals per category and overall;
/// - 领导职数: leadership positions per pool and level, over-quota rows highlighted, totals;
/// - 问题清单: every finding (the CSV columns), autofilter, frozen header.
///
/// Header rows are row 3 (after the title rows). Text is written as strings, never as
/// formulas.
///
/// ```
/// use bianzhi_tabular::{write_report_xlsx_with, ReportOptions};
/// let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": []}"#).unwrap();
/// let report = bianzhi::validate(&ds, &Default::default());
/// let bytes = write_report_xlsx_with(&report, &ds, &ReportOptions::new(bianzhi::Lang::En)).unwrap();
/// assert!(bytes.starts_with(b"PK"));
/// ```
///
/// # Errors
/// [`TabularError::Xlsx`] if the workbook cannot be assembled.
pub fn write_report_xlsx_with(
    report: &Report,
    dataset: &Dataset,
    opts: &ReportOptions,
) -> Result<Vec<u8>, TabularError> {
    let t = |zh: &'static str, en: &'static str| opts.t(zh, en).to_string();
    let zh = opts.zh();
    let names = Names::of(dataset);
    let head = header_format();
    let red = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));
    let total_fmt = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_border_top(FormatBorder::Thin);
    let title = opts.title_for(dataset);
    let s = &report.summary;
    let subtitle = if zh {
        format!(
            "评估日期：{}　单位 {} 个　岗位 {} 个　人员 {} 名　错误 {} 条　警告 {} 条　提示 {} 条",
            report.as_of, s.units, s.posts, s.staff, s.errors, s.warnings, s.infos
        )
    } else {
        format!(
            "As of {}: {} units, {} posts, {} staff; {} errors, {} warnings, {} infos",
            report.as_of, s.units, s.posts, s.staff, s.errors, s.warnings, s.infos
        )
    };
    let sheet_title = |name: &str| format!("{title} · {name}");

    let mut wb = Workbook::new();

    // 汇总
    let summary_name = t("汇总", "summary");
    let ws = wb.add_worksheet();
    ws.set_name(&summary_name).map_err(xe)?;
    print_setup(ws, &sheet_title(&summary_name), &subtitle, 9, opts)?;
    let facts = [
        (t("评估日期", "as of"), report.as_of.to_string()),
        (t("单位数", "units"), s.units.to_string()),
        (t("岗位数", "posts"), s.posts.to_string()),
        (t("人员数", "staff"), s.staff.to_string()),
        (t("错误", "errors"), s.errors.to_string()),
        (t("警告", "warnings"), s.warnings.to_string()),
        (t("提示", "infos"), s.infos.to_string()),
    ];
    write_row(
        ws,
        HEAD_ROW,
        &[t("项目", "item"), t("数值", "value")],
        Some(&head),
        &[],
    )?;
    for (r, (k, v)) in facts.iter().enumerate() {
        write_row(
            ws,
            HEAD_ROW + 1 + r as u32,
            &[k.clone(), v.clone()],
            None,
            &[1],
        )?;
    }
    // Findings per code.
    let codes_top = HEAD_ROW + facts.len() as u32 + 2;
    write_row(
        ws,
        codes_top,
        &[
            t("代码", "code"),
            t("问题类型", "code"),
            t("严重程度", "severity"),
            t("数量", "count"),
        ],
        Some(&head),
        &[],
    )?;
    let counts = report.counts_by_code();
    for (i, (code, n)) in counts.iter().enumerate() {
        let sev = code.severity();
        write_row(
            ws,
            codes_top + 1 + i as u32,
            &[
                code.as_str().to_string(),
                if zh { code.zh() } else { code.as_str() }.to_string(),
                if zh { sev.zh() } else { sev.as_str() }.to_string(),
                n.to_string(),
            ],
            None,
            &[3],
        )?;
    }
    let codes_end = codes_top + counts.len() as u32; // last data row
    write_row(
        ws,
        codes_end + 1,
        &[
            t("合计", "total"),
            String::new(),
            String::new(),
            report.violations.len().to_string(),
        ],
        Some(&total_fmt),
        &[3],
    )?;
    // Units most over establishment, beside the counts (so that 汇总 fits one page).
    let worst = worst_units(report, &names, 10);
    let worst_top = HEAD_ROW;
    const WC: u16 = 5;
    write_row_at(
        ws,
        worst_top,
        WC,
        &[
            t("单位（超编最多）", "unit (most over)"),
            t("核定", "approved"),
            t("实有", "occupied"),
            t("超编", "over"),
        ],
        Some(&head),
        &[],
    )?;
    for (i, u) in worst.iter().enumerate() {
        write_row_at(
            ws,
            worst_top + 1 + i as u32,
            WC,
            &[
                u.name.clone(),
                u.approved.to_string(),
                u.occupied.to_string(),
                u.over.to_string(),
            ],
            (u.over > 0).then_some(&red),
            &[1, 2, 3],
        )?;
    }
    let worst_end = worst_top + worst.len() as u32;
    for (c, w) in [
        (0, 30.0),
        (1, 26.0),
        (2, 9.0),
        (3, 7.0),
        (4, 3.0),
        (5, 26.0),
    ] {
        ws.set_column_width(c, w).map_err(xe)?;
    }
    for c in 6..9 {
        ws.set_column_width(c, 7).map_err(xe)?;
    }
    // One page: counts and the worst units side by side.
    ws.set_print_fit_to_pages(1, 1);
    let sheet = summary_name.as_str();

    // 图表: both charts side by side on one landscape page; data from 汇总.
    let charts_name = t("图表", "charts");
    let ws = wb.add_worksheet();
    ws.set_name(&charts_name).map_err(xe)?;
    print_setup(ws, &sheet_title(&charts_name), &subtitle, 14, opts)?;
    let chart_row = HEAD_ROW;
    if !worst.is_empty() {
        let mut ch = Chart::new_bar();
        ch.title().set_name(opts.t(
            "核定与实有编制（超编最多的单位）",
            "Approved vs occupied (units most over)",
        ));
        for (col, name, color) in [
            (1u16, t("核定", "approved"), 0x5B9BD5),
            (2u16, t("实有", "occupied"), 0xED7D31),
        ] {
            ch.add_series()
                .set_name(name.as_str())
                .set_categories((sheet, worst_top + 1, WC, worst_end, WC))
                .set_values((sheet, worst_top + 1, WC + col, worst_end, WC + col))
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(color))),
                )
                .set_data_label(ChartDataLabel::new().show_value());
        }
        // In a bar chart the y axis holds the categories: reversed, the first unit is on top.
        ch.y_axis()
            .set_reverse()
            .set_font(ChartFont::new().set_size(9));
        ch.x_axis().set_name(opts.t("编制数", "positions"));
        ch.legend().set_position(ChartLegendPosition::Bottom);
        ch.set_width(520).set_height(110 + 44 * worst.len() as u32);
        ws.insert_chart_with_offset(chart_row, 0, &ch, 0, 0)
            .map_err(xe)?;
    }
    if !counts.is_empty() {
        let mut ch = Chart::new_bar();
        ch.title()
            .set_name(opts.t("问题数量（按问题类型）", "Findings by code"));
        ch.add_series()
            .set_name(opts.t("数量", "count"))
            .set_categories((sheet, codes_top + 1, 1, codes_end, 1))
            .set_values((sheet, codes_top + 1, 3, codes_end, 3))
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(0xC00000))),
            )
            .set_data_label(ChartDataLabel::new().show_value());
        ch.legend().set_hidden();
        ch.y_axis()
            .set_reverse()
            .set_font(ChartFont::new().set_size(8));
        ch.x_axis().set_name(opts.t("条数", "findings"));
        ch.set_width(560).set_height(90 + 22 * counts.len() as u32);
        ws.insert_chart_with_offset(chart_row, 8, &ch, 10, 0)
            .map_err(xe)?;
    }

    // 编制使用情况
    let occ_name = t("编制使用情况", "occupancy");
    let ws = wb.add_worksheet();
    ws.set_name(&occ_name).map_err(xe)?;
    print_setup(ws, &sheet_title(&occ_name), &subtitle, 7, opts)?;
    write_row(
        ws,
        HEAD_ROW,
        &[
            t("单位编码", "unit"),
            t("单位名称", "unit_name"),
            t("编制类型", "category"),
            t("核定", "approved"),
            t("实有", "occupied"),
            t("空编", "vacant"),
            t("超编", "over"),
        ],
        Some(&head),
        &[],
    )?;
    let mut r = HEAD_ROW + 1;
    for o in &report.occupancy {
        let cells = [
            o.unit.clone(),
            names.unit(&o.unit).to_string(),
            category_name(&o.category, opts),
            // Unknown quotas (QUOTA_UNKNOWN) are not zero: said, not computed.
            known_cell(o.approved, opts),
            o.occupied.to_string(),
            o.vacant.map(|n| n.to_string()).unwrap_or_default(),
            o.over.map(|n| n.to_string()).unwrap_or_default(),
        ];
        write_row(
            ws,
            r,
            &cells,
            o.over.is_some_and(|n| n > 0).then_some(&red),
            &[3, 4, 5, 6],
        )?;
        r += 1;
    }
    let (per, all) = occupancy_totals(report);
    for (cat, v) in &per {
        let label = if zh {
            format!("小计（{}）", category_name(cat, opts))
        } else {
            format!("subtotal ({})", category_name(cat, opts))
        };
        let mut cells = vec![label, String::new(), category_name(cat, opts)];
        cells.extend(v.iter().map(u64::to_string));
        write_row(ws, r, &cells, Some(&total_fmt), &[3, 4, 5, 6])?;
        r += 1;
    }
    let mut cells = vec![t("合计", "total"), String::new(), String::new()];
    cells.extend(all.iter().map(u64::to_string));
    write_row(ws, r, &cells, Some(&total_fmt), &[3, 4, 5, 6])?;
    unit_columns(ws, &names, report.occupancy.iter().map(|o| o.unit.as_str()))?;
    ws.set_column_width(2, 16).map_err(xe)?;

    // 领导职数
    let lead_name = t("领导职数", "leadership");
    let ws = wb.add_worksheet();
    ws.set_name(&lead_name).map_err(xe)?;
    print_setup(ws, &sheet_title(&lead_name), &subtitle, 5, opts)?;
    write_row(
        ws,
        HEAD_ROW,
        &[
            t("单位编码", "unit"),
            t("单位名称", "unit_name"),
            t("领导职务", "level"),
            t("核定职数", "approved"),
            t("实配", "actual"),
        ],
        Some(&head),
        &[],
    )?;
    let mut r = HEAD_ROW + 1;
    let (mut ta, mut tx) = (0u64, 0u64);
    for l in &report.leadership {
        let cells = [
            l.unit.clone(),
            names.unit(&l.unit).to_string(),
            if zh { l.level.zh() } else { l.level.as_str() }.to_string(),
            l.approved.to_string(),
            l.actual.to_string(),
        ];
        ta = ta.saturating_add(l.approved);
        tx = tx.saturating_add(l.actual);
        write_row(
            ws,
            r,
            &cells,
            (l.actual > l.approved).then_some(&red),
            &[3, 4],
        )?;
        r += 1;
    }
    write_row(
        ws,
        r,
        &[
            t("合计", "total"),
            String::new(),
            String::new(),
            ta.to_string(),
            tx.to_string(),
        ],
        Some(&total_fmt),
        &[3, 4],
    )?;
    unit_columns(
        ws,
        &names,
        report.leadership.iter().map(|l| l.unit.as_str()),
    )?;
    ws.set_column_width(2, 12).map_err(xe)?;
    ws.set_column_width(3, 10).map_err(xe)?;

    // 问题清单
    let list_name = t("问题清单", "findings");
    let ws = wb.add_worksheet();
    ws.set_name(&list_name).map_err(xe)?;
    let (header, numeric) = finding_header(opts);
    let ncols = header.len() as u16;
    print_setup(ws, &sheet_title(&list_name), &subtitle, ncols, opts)?;
    write_row(ws, HEAD_ROW, &header, Some(&head), &[])?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let mut widths: Vec<usize> = header.iter().map(|h| display_len(h)).collect();
    let mut used = vec![false; header.len()];
    for (i, v) in report.violations.iter().enumerate() {
        let cells = finding_cells(v, &names, opts);
        for ((w, u), c) in widths.iter_mut().zip(used.iter_mut()).zip(&cells) {
            *w = (*w).max(display_len(c));
            *u |= !c.is_empty();
        }
        let row = HEAD_ROW + 1 + i as u32;
        write_row(ws, row, &cells, Some(&top), &numeric)?;
        ws.write_string_with_format(row, ncols - 1, &v.message, &wrap)
            .map_err(xe)?;
        // Spreadsheets do not grow a row for wrapped text on opening: give it its lines.
        let lines = display_len(&v.message).div_ceil(MESSAGE_WIDTH - 2).max(1);
        if lines > 1 {
            ws.set_row_height(row, 15.0 * lines.min(8) as f64)
                .map_err(xe)?;
        }
    }
    let last = HEAD_ROW + report.violations.len() as u32;
    ws.autofilter(HEAD_ROW, 0, last, ncols - 1).map_err(xe)?;
    // Narrow columns so that 17 of them fit a landscape page legibly; the message wraps.
    for (c, w) in widths.iter().enumerate() {
        // 代码, 问题类型 and 单位名称 are read first: wide enough for the longest.
        let cap = if c <= 1 || c == 4 { 26.0 } else { 16.0 };
        let w = (*w as f64 + 1.0).clamp(5.0, cap);
        ws.set_column_width(c as u16, w).map_err(xe)?;
    }
    ws.set_column_width(ncols - 1, MESSAGE_WIDTH as f64)
        .map_err(xe)?;
    // Columns empty in every finding (often 岗位, 职责, 领导职务) are hidden, so that the
    // printed page keeps a legible size; unhiding them shows the header.
    for (c, u) in used.iter().enumerate() {
        if !u && !report.violations.is_empty() {
            ws.set_column_hidden(c as u16).map_err(xe)?;
        }
    }

    wb.save_to_buffer().map_err(xe)
}

/// Writes a report to `path`, by extension: `.xlsx` → [`write_report_xlsx`], `.csv` →
/// [`write_report_csv`] (UTF-8 with BOM), `.json` → the report JSON of `docs/formats.md#validation-report`.
/// `.html` → [`crate::write_report_html`]. The file is replaced atomically
/// ([`write_atomic`]).
///
/// ```no_run
/// # let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": []}"#).unwrap();
/// # let report = bianzhi::validate(&ds, &Default::default());
/// bianzhi_tabular::write_report("报告.xlsx".as_ref(), &report, &ds)?;
/// # Ok::<(), bianzhi_tabular::TabularError>(())
/// ```
///
/// # Errors
/// [`TabularError::Write`] when the file cannot be written or the extension is unknown.
pub fn write_report(path: &Path, report: &Report, dataset: &Dataset) -> Result<(), TabularError> {
    write_report_with(path, report, dataset, &ReportOptions::default())
}

/// The kind of report a file name asks for, by its extension (`xlsx`, `csv`, `json`,
/// `html`/`htm`), lower-cased; `None` for any other name.
///
/// ```
/// assert_eq!(bianzhi_tabular::report_kind("报告.XLSX".as_ref()), Some("xlsx"));
/// assert_eq!(bianzhi_tabular::report_kind("报告.txt".as_ref()), None);
/// ```
pub fn report_kind(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    ["xlsx", "csv", "json", "html"]
        .into_iter()
        .find(|k| *k == ext || (*k == "html" && ext == "htm"))
}

/// The bytes of a report of `kind` (`xlsx`, `csv`, `json`, `html`).
///
/// # Errors
/// [`TabularError::Xlsx`] if a workbook cannot be assembled; [`TabularError::Internal`]
/// for an unknown kind.
pub fn report_bytes(
    kind: &str,
    report: &Report,
    dataset: &Dataset,
    opts: &ReportOptions,
) -> Result<Vec<u8>, TabularError> {
    Ok(match kind {
        "xlsx" => write_report_xlsx_with(report, dataset, opts)?,
        "csv" => write_report_csv(report, dataset, opts),
        "html" => crate::html::write_report_html(report, dataset, opts).into_bytes(),
        "json" => {
            let mut s = serde_json::to_string_pretty(report)
                .map_err(|e| TabularError::Internal(e.to_string()))?;
            s.push('\n');
            s.into_bytes()
        }
        other => {
            return Err(TabularError::Internal(format!(
                "unknown report kind {other}"
            )))
        }
    })
}

/// [`write_report`] with options (language, CSV encoding, title).
///
/// # Errors
/// As [`write_report`].
pub fn write_report_with(
    path: &Path,
    report: &Report,
    dataset: &Dataset,
    opts: &ReportOptions,
) -> Result<(), TabularError> {
    let Some(kind) = report_kind(path) else {
        return Err(TabularError::Write {
            path: path.to_path_buf(),
            message: "unknown report type (expected .xlsx, .csv, .json or .html)".into(),
        });
    };
    write_atomic(path, &report_bytes(kind, report, dataset, opts)?)
}

/// The empty template workbook: sheets 单位, 岗位, 人员, 职责 with the Chinese headers
/// (required ones marked in the 说明 sheet), a 设置 sheet (项目/值), and a 说明 sheet
/// listing every column with its English field, type, and allowed values.
///
/// ```
/// let bytes = bianzhi_tabular::template_bytes().unwrap();
/// assert!(bytes.starts_with(b"PK"));
/// ```
///
/// # Errors
/// [`TabularError::Xlsx`] if the workbook cannot be assembled.
pub fn template_bytes() -> Result<Vec<u8>, TabularError> {
    let head = header_format();
    let req = header_format().set_font_color(Color::RGB(0xC00000));
    let text = Format::new().set_num_format("@");
    let mut wb = Workbook::new();
    let kinds = [
        RecordKind::Units,
        RecordKind::Posts,
        RecordKind::Staff,
        RecordKind::Duties,
    ];
    for kind in kinds {
        let ws = wb.add_worksheet();
        ws.set_name(kind.zh()).map_err(xe)?;
        for (c, f) in kind
            .fields()
            .iter()
            .filter(|f| f.path != "secondment")
            .enumerate()
        {
            let c = c as u16;
            let fmt = if f.required { &req } else { &head };
            ws.write_string_with_format(0, c, f.zh, fmt).map_err(xe)?;
            ws.set_column_width(c, template_width(f)).map_err(xe)?;
            if let Some(list) = dropdown(kind, f.path) {
                // Declared custom categories are valid too: a warning, not a refusal.
                let style = if f.path == "establishment" {
                    DataValidationErrorStyle::Warning
                } else {
                    DataValidationErrorStyle::Stop
                };
                let dv = DataValidation::new()
                    .allow_list_strings(&list)
                    .map_err(xe)?
                    .set_error_style(style)
                    .set_error_title("取值不在列表中")
                    .map_err(xe)?
                    .set_error_message(format!("“{}”请从下拉列表中选择。", f.zh))
                    .map_err(xe)?;
                ws.add_data_validation(1, c, TEMPLATE_ROWS, c, &dv)
                    .map_err(xe)?;
            }
            // Text columns stay text when users type digits (身份证号, 编码).
            if matches!(
                f.kind,
                crate::schema::Kind::Id | crate::schema::Kind::IdNumber | crate::schema::Kind::Text
            ) {
                ws.set_column_format(c, &text).map_err(xe)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xe)?;
    }
    crate::events::add_events_sheet(&mut wb).map_err(xe)?;
    let ws = wb.add_worksheet();
    ws.set_name("设置").map_err(xe)?;
    write_row(ws, 0, &strings(["项目", "值"]), Some(&head), &[])?;
    ws.set_column_width(0, 20).map_err(xe)?;

    let ws = wb.add_worksheet();
    ws.set_name("说明").map_err(xe)?;
    write_row(
        ws,
        0,
        &strings(["工作表", "列名", "英文字段", "必填", "类型", "允许值/说明"]),
        Some(&head),
        &[],
    )?;
    let mut r = 1;
    for kind in kinds.into_iter().chain([RecordKind::Settings]) {
        for f in kind.fields() {
            let cells = [
                kind.zh().to_string(),
                f.zh.to_string(),
                f.path.to_string(),
                if f.required { "是" } else { "" }.to_string(),
                f.kind.describe_zh().to_string(),
                f.note.to_string(),
            ];
            write_row(ws, r, &cells, None, &[])?;
            r += 1;
        }
    }
    for (w, col) in [
        (8.0, 0),
        (18.0, 1),
        (30.0, 2),
        (6.0, 3),
        (40.0, 4),
        (60.0, 5),
    ] {
        ws.set_column_width(col, w).map_err(xe)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xe)?;
    wb.save_to_buffer().map_err(xe)
}

/// Writes [`template_bytes`] to `path`.
///
/// ```no_run
/// bianzhi_tabular::write_template("模板.xlsx".as_ref())?;
/// # Ok::<(), bianzhi_tabular::TabularError>(())
/// ```
///
/// # Errors
/// [`TabularError::Write`] when the file cannot be written.
pub fn write_template(path: &Path) -> Result<(), TabularError> {
    write_atomic(path, &template_bytes()?)
}

/// Rows of the template that carry the dropdown lists.
const TEMPLATE_ROWS: u32 = 10_000;

/// Width of a template column: its header, and 18 digits (plus margin) for 身份证号.
fn template_width(f: &crate::schema::Field) -> f64 {
    let header = (display_len(f.zh) as f64 + 2.0).max(10.0);
    match f.kind {
        crate::schema::Kind::IdNumber => header.max(22.0),
        crate::schema::Kind::Date => header.max(12.0),
        _ => header,
    }
}

/// The allowed values of a vocabulary column, in Chinese, from the core's name tables (so
/// that a value added to the core appears in the template without a change here).
fn dropdown(kind: RecordKind, path: &str) -> Option<Vec<String>> {
    fn zh<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<String> {
        all.iter().map(|v| name(*v).to_string()).collect()
    }
    let list = match (kind, path) {
        (RecordKind::Units, "kind") => zh(bianzhi::UnitKind::ALL, bianzhi::UnitKind::zh),
        (RecordKind::Units, "funding") => zh(bianzhi::Funding::ALL, bianzhi::Funding::zh),
        (RecordKind::Posts | RecordKind::Staff, "establishment") => bianzhi::Category::BUILTIN
            .iter()
            .map(|c| c.zh().to_string())
            .collect(),
        (RecordKind::Posts, "category") => {
            zh(bianzhi::PostCategory::ALL, bianzhi::PostCategory::zh)
        }
        (RecordKind::Staff, "status") => zh(bianzhi::Status::ALL, bianzhi::Status::zh),
        (RecordKind::Staff, "gender") => zh(bianzhi::Gender::ALL, bianzhi::Gender::zh),
        (RecordKind::Staff, "leadership") => {
            zh(bianzhi::LeaderLevel::ALL, bianzhi::LeaderLevel::zh)
        }
        _ => return None,
    };
    Some(list)
}
