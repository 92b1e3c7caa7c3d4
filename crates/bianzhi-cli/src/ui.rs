//! What the command shows a person: standard output that survives a closed pipe, progress
//! on a terminal, the summary line after a file is written, the message language, and
//! columns aligned by display width.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use bianzhi::Lang;

static QUIET: AtomicBool = AtomicBool::new(false);
static PIPE_CLOSED: AtomicBool = AtomicBool::new(false);
static WRITE_ERROR: OnceLock<String> = OnceLock::new();
static LANG: Mutex<Option<Lang>> = Mutex::new(None);

/// `--quiet`: no progress and no summary line.
pub fn set_quiet(q: bool) {
    QUIET.store(q, Ordering::Relaxed);
}

/// Whether `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Writes to standard output. A reader that went away (`| head`) is not an error: the
/// rest of the output is dropped and the command ends with its usual status, silently.
/// Any other failure (a full disk behind `>`) is kept and reported once at the end.
pub fn write_out(args: std::fmt::Arguments<'_>) {
    if PIPE_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args) {
        note_write_error(e);
    }
}

/// Writes raw bytes to standard output (a CSV or xlsx report), as [`write_out`].
pub fn write_out_bytes(bytes: &[u8]) {
    if PIPE_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes) {
        note_write_error(e);
    }
}

fn note_write_error(e: std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        PIPE_CLOSED.store(true, Ordering::Relaxed);
    } else {
        let _ = WRITE_ERROR.set(e.to_string());
        PIPE_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// Flushes standard output; the first write failure other than a closed pipe, if any.
pub fn finish_output() -> Option<String> {
    if !PIPE_CLOSED.load(Ordering::Relaxed) {
        if let Err(e) = std::io::stdout().lock().flush() {
            note_write_error(e);
        }
    }
    WRITE_ERROR.get().cloned()
}

/// The message language for text that is not tied to a subcommand's `--lang` (help,
/// usage errors, the summary line): `--lang` anywhere on the command line, else the locale
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`: `zh_*` is Chinese, another named locale English),
/// else Chinese, the default message language.
pub fn lang() -> Lang {
    if let Some(l) = *LANG.lock().unwrap_or_else(|p| p.into_inner()) {
        return l;
    }
    let l = detect_lang(
        std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned()),
    );
    *LANG.lock().unwrap_or_else(|p| p.into_inner()) = Some(l);
    l
}

/// Sets the language once a subcommand's `--lang` is known.
pub fn set_lang(l: Lang) {
    *LANG.lock().unwrap_or_else(|p| p.into_inner()) = Some(l);
}

fn detect_lang(args: impl Iterator<Item = String>) -> Lang {
    let args: Vec<String> = args.collect();
    for (i, a) in args.iter().enumerate() {
        let v = if a == "--lang" {
            args.get(i + 1).map(String::as_str)
        } else {
            a.strip_prefix("--lang=")
        };
        if let Some(Ok(l)) = v.map(str::parse::<Lang>) {
            return l;
        }
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if v.is_empty() {
                continue;
            }
            if v.starts_with("zh") {
                return Lang::Zh;
            }
            if v != "C" && v != "POSIX" && !v.starts_with("C.") {
                return Lang::En;
            }
            break;
        }
    }
    Lang::Zh
}

/// Chinese or English text by [`lang`].
pub fn t<'a>(zh: &'a str, en: &'a str) -> &'a str {
    if lang() == Lang::Zh {
        zh
    } else {
        en
    }
}

/// A spinner on standard error for work that may take a while. It appears only on a
/// terminal, only without `--quiet`, and only once the work has run for a second; it is
/// cleared when the work ends (drop).
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    /// Starts the spinner with a message ("正在读取 花名册.xlsx").
    pub fn start(message: impl Into<String>) -> Progress {
        if quiet() || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message(message.into());
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !shown.is_finished() {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress { bar: Some(bar) }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// The line after a report file is written: 「已写入 核查报告.xlsx：错误 243 条，警告 12 条」.
pub fn wrote(path: &std::path::Path, errors: usize, warnings: usize, lang: Lang) {
    if quiet() {
        return;
    }
    let p = path.display();
    if lang == Lang::Zh {
        eprintln!("已写入 {p}：错误 {errors} 条，警告 {warnings} 条");
    } else {
        eprintln!("wrote {p}: {errors} errors, {warnings} warnings");
    }
}

/// Display width of text in a terminal (CJK characters take two columns).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` padded with spaces to `w` display columns.
pub fn pad(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// `s` right-aligned in `w` display columns.
pub fn pad_left(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

/// A date argument in any form a data cell accepts (`2026-11-30`, `2026/11/30`,
/// `2026.11.30`, `2026年11月30日`, `20261130`).
pub fn date_arg(s: &str) -> Result<chrono::NaiveDate, String> {
    bianzhi_tabular::parse_date(s).ok_or_else(|| {
        t(
            "不是日期；可写作 2026-11-30、2026/11/30、2026.11.30、2026年11月30日 或 20261130",
            "not a date; write 2026-11-30, 2026/11/30, 2026.11.30 or 20261130",
        )
        .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_follows_the_flag_first() {
        let v = |a: &[&str]| detect_lang(a.iter().map(|s| s.to_string()));
        assert_eq!(v(&["validate", "--lang", "en", "x.json"]), Lang::En);
        assert_eq!(v(&["validate", "--lang=zh"]), Lang::Zh);
    }

    #[test]
    fn padding_counts_display_columns() {
        assert_eq!(width("编制ab"), 6);
        assert_eq!(pad("编制", 6), "编制  ");
        assert_eq!(pad_left("1", 3), "  1");
    }

    #[test]
    fn dates_take_the_data_cell_forms() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        for s in [
            "2026-11-30",
            "2026/11/30",
            "2026.11.30",
            "2026年11月30日",
            "20261130",
        ] {
            assert_eq!(date_arg(s), Ok(d), "{s}");
        }
        assert!(date_arg("2026-02-30").is_err());
    }
}
