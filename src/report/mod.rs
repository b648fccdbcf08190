//! The morning report: one self-contained Dutch HTML page plus CSV and JSON files, from a
//! [`ReportInput`] the orchestration assembles from the index, the classifier and the threads.
//!
//! Why this shape:
//! - **Pure core.** [`build_view`] turns the input into a [`ReportView`] (all counting and
//!   wording); [`render`] turns that into bytes. Neither touches the clock or the file system, so
//!   the report is unit-testable and the same input gives the same bytes (between runs only
//!   `generated_at` and its Dutch display form differ).
//! - **One source of numbers.** `report.json` is the serialized view; the HTML and CSV files are
//!   rendered from it. Every number on the page is a `data-figure` span whose text equals
//!   `report.json`'s `figures[key].display`; every chart is a `data-chart` figure.
//! - **Atomic folder.** [`write_report`] is the only function with I/O: it writes a sibling temp
//!   folder, then swaps it in, so researchers never see half a report and a failed run leaves the
//!   previous report in place.
//! - **Privacy.** The report prints only what it is given, HTML-escaped. Excerpt texts must
//!   already be redacted by the guard; the report never reads complaint text.
//!
//! Files: `index.html` (see [`html`]), `report.json`, `themes_per_year.csv`,
//! `themes_per_municipality_year.csv`, `threads.csv`, `complaints.csv` (see [`csv`] for the
//! Excel-friendly format and the counting rules).

pub mod charts;
pub mod csv;
pub mod format;
pub mod html;
pub mod model;
pub mod view;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub use model::{
    ComplaintRow, CorpusInfo, EvalSummary, Excerpt, ModelInfo, ReportInput, ThemeInfo, ThemeScore,
    ThreadRow, Trend,
};
pub use view::{build_view, ChartData, ChartKind, Figure, FigureValue, ReportView, NO_THEME};

/// `index.html`
pub const INDEX_HTML: &str = "index.html";
/// `report.json`
pub const REPORT_JSON: &str = "report.json";
/// `themes_per_year.csv`
pub const THEMES_PER_YEAR_CSV: &str = "themes_per_year.csv";
/// `themes_per_municipality_year.csv`
pub const THEMES_PER_MUNICIPALITY_YEAR_CSV: &str = "themes_per_municipality_year.csv";
/// `threads.csv`
pub const THREADS_CSV: &str = "threads.csv";
/// `complaints.csv`
pub const COMPLAINTS_CSV: &str = "complaints.csv";

/// What can go wrong while making a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The input contradicts itself (duplicate ids, `from_year > to_year`, …).
    #[error("invalid report input: {0}")]
    InvalidInput(String),
    /// plotters could not draw a chart.
    #[error("chart {chart}: {message}")]
    Chart { chart: String, message: String },
    #[error("writing CSV: {0}")]
    Csv(String),
    #[error("writing report.json: {0}")]
    Json(#[from] serde_json::Error),
    /// A file-system operation in [`write_report`] failed.
    #[error("report folder {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `out_dir` has no final component (`/`, `..`) or exists and is not a folder.
    #[error("cannot use {0} as report folder: {1}")]
    OutDir(PathBuf, &'static str),
    /// A bug: the view lacks a figure or chart the page refers to.
    #[error("internal report error: {0}")]
    Internal(String),
}

/// All files of one report, in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedReport {
    pub view: ReportView,
    /// `(file name, bytes)` in a fixed order: index.html, report.json, then the CSV files.
    pub files: Vec<(&'static str, Vec<u8>)>,
}

impl RenderedReport {
    /// Bytes of the file called `name`, if the report has one.
    pub fn file(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| b.as_slice())
    }
}

/// Where [`write_report`] put the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPaths {
    pub dir: PathBuf,
    pub index_html: PathBuf,
    pub report_json: PathBuf,
    pub themes_per_year_csv: PathBuf,
    pub themes_per_municipality_year_csv: PathBuf,
    pub threads_csv: PathBuf,
    pub complaints_csv: PathBuf,
}

impl ReportPaths {
    fn in_dir(dir: &Path) -> ReportPaths {
        ReportPaths {
            dir: dir.to_path_buf(),
            index_html: dir.join(INDEX_HTML),
            report_json: dir.join(REPORT_JSON),
            themes_per_year_csv: dir.join(THEMES_PER_YEAR_CSV),
            themes_per_municipality_year_csv: dir.join(THEMES_PER_MUNICIPALITY_YEAR_CSV),
            threads_csv: dir.join(THREADS_CSV),
            complaints_csv: dir.join(COMPLAINTS_CSV),
        }
    }
}

/// `report.json`: the view, pretty-printed, with a final newline. Deterministic: maps are
/// `BTreeMap`s and lists are sorted by [`build_view`].
pub fn render_json(view: &ReportView) -> Result<Vec<u8>, ReportError> {
    let mut out = serde_json::to_vec_pretty(view)?;
    out.push(b'\n');
    Ok(out)
}

/// Renders every report file in memory. Pure: no clock, no file system; the same input gives
/// the same bytes.
///
/// Errors: [`ReportError::InvalidInput`] from [`build_view`]; chart and CSV errors.
pub fn render(input: &ReportInput) -> Result<RenderedReport, ReportError> {
    let view = build_view(input)?;
    let files = vec![
        (INDEX_HTML, html::render_html(&view)?.into_bytes()),
        (REPORT_JSON, render_json(&view)?),
        (THEMES_PER_YEAR_CSV, csv::themes_per_year(&view)?),
        (
            THEMES_PER_MUNICIPALITY_YEAR_CSV,
            csv::themes_per_municipality_year(&view)?,
        ),
        (THREADS_CSV, csv::threads(&view)?),
        (COMPLAINTS_CSV, csv::complaints(&view, &input.complaints)?),
    ];
    Ok(RenderedReport { view, files })
}

/// Renders the report and puts it in `out_dir`, atomically.
///
/// Contract:
/// - Everything is rendered in memory first; nothing is written if rendering fails.
/// - The files are written (and fsynced) into a hidden sibling `.<name>.tmp-…` folder, which is
///   then renamed to `out_dir`. An existing `out_dir` is first renamed to `.<name>.old-…`,
///   and removed after the new folder is in place; if the second rename fails the old folder
///   is renamed back. So at any moment `out_dir` is the complete old or the complete new
///   report, except for the instant between the two renames.
/// - A crash in that instant leaves the old report as `.<name>.old-…`; the next call restores
///   it before doing anything else, and removes stale `.<name>.tmp-…` folders.
/// - The parent folder is created if missing. Callers must not run two `write_report` calls on
///   the same `out_dir` at once (the pipeline's data lock guarantees this).
///
/// Errors: rendering errors; [`ReportError::OutDir`] if `out_dir` has no name or is a file;
/// [`ReportError::Io`] (with the path) for file-system failures — the previous report is then
/// still in `out_dir`.
pub fn write_report(out_dir: &Path, input: &ReportInput) -> Result<ReportPaths, ReportError> {
    let rendered = render(input)?;
    let files: Vec<(&str, &[u8])> = rendered
        .files
        .iter()
        .map(|(n, b)| (*n, b.as_slice()))
        .collect();
    replace_dir_atomically(out_dir, &files)?;
    Ok(ReportPaths::in_dir(out_dir))
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ReportError + '_ {
    move |source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

static SIBLING_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A path `.<name>.<kind>-<pid>-<n>` in `parent` that does not exist yet.
fn fresh_sibling(parent: &Path, name: &str, kind: &str) -> PathBuf {
    loop {
        let n = SIBLING_COUNTER.fetch_add(1, Ordering::Relaxed);
        let p = parent.join(format!(".{name}.{kind}-{}-{n}", std::process::id()));
        if fs::symlink_metadata(&p).is_err() {
            return p;
        }
    }
}

fn sync_dir(dir: &Path) {
    // Durability of the renames; not supported everywhere (e.g. Windows), so best effort.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Restores a report left behind by a crash between the two renames, and removes stale temp
/// folders of an earlier failed run.
fn recover_interrupted(parent: &Path, name: &str, out_dir: &Path) -> Result<(), ReportError> {
    let tmp_prefix = format!(".{name}.tmp-");
    let old_prefix = format!(".{name}.old-");
    let mut olds: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(parent).map_err(io_err(parent))? {
        let entry = entry.map_err(io_err(parent))?;
        let file_name = entry.file_name();
        let Some(f) = file_name.to_str() else {
            continue;
        };
        if f.starts_with(&tmp_prefix) {
            fs::remove_dir_all(entry.path()).map_err(io_err(&entry.path()))?;
        } else if f.starts_with(&old_prefix) {
            olds.push(entry.path());
        }
    }
    olds.sort();
    if fs::symlink_metadata(out_dir).is_err() {
        if let Some(last) = olds.pop() {
            fs::rename(&last, out_dir).map_err(io_err(&last))?;
        }
    }
    for old in olds {
        fs::remove_dir_all(&old).map_err(io_err(&old))?;
    }
    Ok(())
}

/// Writes `files` into a fresh sibling folder of `out_dir` and swaps it in (see
/// [`write_report`] for the contract). File names may not contain folders that do not exist.
fn replace_dir_atomically(out_dir: &Path, files: &[(&str, &[u8])]) -> Result<(), ReportError> {
    let name = out_dir
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or(ReportError::OutDir(
            out_dir.to_path_buf(),
            "it has no (UTF-8) folder name",
        ))?;
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let Ok(meta) = fs::symlink_metadata(out_dir) {
        if !meta.is_dir() {
            return Err(ReportError::OutDir(
                out_dir.to_path_buf(),
                "it exists and is not a folder",
            ));
        }
    }
    fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    recover_interrupted(&parent, name, out_dir)?;

    let tmp = fresh_sibling(&parent, name, "tmp");
    fs::create_dir(&tmp).map_err(io_err(&tmp))?;
    let written = files.iter().try_for_each(|(file, bytes)| {
        let path = tmp.join(file);
        let mut f = fs::File::create(&path).map_err(io_err(&path))?;
        f.write_all(bytes).map_err(io_err(&path))?;
        f.sync_all().map_err(io_err(&path))
    });
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    sync_dir(&tmp);

    if fs::symlink_metadata(out_dir).is_ok() {
        let old = fresh_sibling(&parent, name, "old");
        if let Err(e) = fs::rename(out_dir, &old) {
            let _ = fs::remove_dir_all(&tmp);
            return Err(io_err(out_dir)(e));
        }
        if let Err(e) = fs::rename(&tmp, out_dir) {
            let _ = fs::rename(&old, out_dir);
            let _ = fs::remove_dir_all(&tmp);
            return Err(io_err(out_dir)(e));
        }
        sync_dir(&parent);
        // A leftover old folder is harmless (hidden) and removed by the next run.
        let _ = fs::remove_dir_all(&old);
    } else {
        if let Err(e) = fs::rename(&tmp, out_dir) {
            let _ = fs::remove_dir_all(&tmp);
            return Err(io_err(out_dir)(e));
        }
        sync_dir(&parent);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
