//! Inputs and outputs on disk: `-` for standard input, a directory named instead of a
//! file, an output that would overwrite an input, atomic writes.

use std::io::Read;
use std::path::{Path, PathBuf};

use bianzhi::Dataset;

use crate::ui::t;
use crate::Failure;

/// The input file types the readers take, for messages.
pub const INPUT_TYPES: &str = ".json、.xlsx、.xlsm、.xlsb、.xls、.ods、.csv、.tsv、.txt";
const INPUT_TYPES_EN: &str = ".json, .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv, .txt";

/// Reads the dataset named by `files` (JSON, a workbook or a CSV set; `-` alone reads
/// standard input and tells the type from the bytes); reader warnings go to stderr.
pub fn load(files: &[PathBuf]) -> Result<Dataset, Failure> {
    let _p = crate::ui::Progress::start(format!(
        "{} {}",
        t("正在读取", "reading"),
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    ));
    let is_stdin = |f: &PathBuf| f.as_os_str() == "-";
    if files.iter().any(is_stdin) {
        if files.len() > 1 {
            return Err(Failure(
                t(
                    "“-”（标准输入）须单独给出，不能与其他文件同用",
                    "`-` (standard input) must be given alone",
                )
                .into(),
            ));
        }
        return load_stdin();
    }
    for f in files {
        if f.is_dir() {
            return Err(Failure(if crate::ui::lang() == bianzhi::Lang::Zh {
                format!("{}：是目录；请给出文件（{INPUT_TYPES}）", f.display())
            } else {
                format!(
                    "{}: is a directory; give files ({INPUT_TYPES_EN})",
                    f.display()
                )
            }));
        }
    }
    let (ds, warnings) = bianzhi_tabular::read_inputs(files, &Default::default())?;
    for w in warnings {
        eprintln!("bianzhi: {}{w}", t("提示：", "warning: "));
    }
    Ok(ds)
}

fn load_stdin() -> Result<Dataset, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(bianzhi::MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure(format!("-: {e}")))?;
    let first = bytes
        .iter()
        .copied()
        .find(|b| !(b.is_ascii_whitespace() || *b == 0xEF || *b == 0xBB || *b == 0xBF));
    if first == Some(b'{') {
        return Dataset::from_vec(bytes).map_err(|e| Failure(format!("-: {e}")));
    }
    // A zip (xlsx, ods) or an OLE file (xls) is a workbook; anything else is CSV text.
    let workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let out = if workbook {
        bianzhi_tabular::read_workbook_bytes("-", &bytes, &Default::default())?
    } else {
        bianzhi_tabular::read_csv_sources(&[("-", &bytes)], &Default::default())?
    };
    for w in out.warnings {
        eprintln!("bianzhi: {}{w}", t("提示：", "warning: "));
    }
    Ok(out.dataset)
}

/// The same file, compared by canonical path and, where both exist, by device and inode
/// (hard links, bind mounts).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            if x.dev() == y.dev() && x.ino() == y.ino() {
                return true;
            }
        }
    }
    canonical(a).is_some_and(|x| canonical(b).is_some_and(|y| x == y))
}

/// The canonical path of a file that may not exist yet: its directory canonicalised.
fn canonical(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let name = p.file_name()?;
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(name))
}

/// Refuses an output that names one of the inputs (exit 2; the input stays untouched).
pub fn refuse_overwriting_input(output: &Path, inputs: &[PathBuf]) -> Result<(), Failure> {
    for i in inputs {
        if i.as_os_str() != "-" && same_file(output, i) {
            return Err(Failure(if crate::ui::lang() == bianzhi::Lang::Zh {
                format!(
                    "--output {} 是输入文件，不能覆盖；请另取文件名（输入未改动）",
                    output.display()
                )
            } else {
                format!(
                    "--output {} is an input file; refusing to overwrite it (the input is untouched)",
                    output.display()
                )
            }));
        }
    }
    Ok(())
}

/// Writes a file atomically (temporary file in the same directory, then rename).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let _p = crate::ui::Progress::start(format!("{} {}", t("正在写入", "writing"), path.display()));
    bianzhi_tabular::write_atomic(path, bytes)?;
    Ok(())
}
