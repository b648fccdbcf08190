//! The report's input: plain data that the orchestration fills from the index, the classifier
//! and the thread finder.
//!
//! Why a separate, serde-able input type: the report module must be testable without torch,
//! tantivy or a data directory, and a run can dump its `ReportInput` as JSON to reproduce a report
//! byte for byte. Nothing in here is computed; [`super::view`] does all counting.
//!
//! **Privacy contract:** every string in here is printed as given (HTML-escaped) and nothing
//! else is. In particular [`Excerpt::text`] must already have passed the pipeline's guard
//! (placeholders such as `[NAAM]`, `[BSN]`); the report never reads complaint text itself.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::guard::RedactedText;

/// Everything one report shows. Dates are `YYYY-MM-DD` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportInput {
    /// Run timestamp (RFC 3339), passed in by the orchestration; the module has no clock. It is
    /// the only value that differs between two runs on the same data.
    pub generated_at: String,
    /// "This year" for the change-versus-last-year figures (`as_of_year` vs `as_of_year - 1`).
    pub as_of_year: i32,
    /// First year of the report period; `None`: the year of the earliest complaint.
    pub from_year: Option<i32>,
    /// Last year of the report period; `None`: the later of the latest complaint's year and
    /// `as_of_year`. Complaints outside the period are left out of every count.
    pub to_year: Option<i32>,
    /// Municipalities the ombudsman serves, in display order. Each gets a section, also with
    /// zero complaints; municipalities that occur only in `complaints` follow alphabetically.
    /// May be empty (then only the municipalities found in `complaints`, alphabetically).
    #[serde(default)]
    pub municipalities: Vec<String>,
    /// The whole store, not just the report period.
    pub corpus: CorpusInfo,
    /// Which models produced themes and threads, and how good the classifier was last measured.
    pub model: ModelInfo,
    /// The configured themes, in display order. Themes that occur only in `complaints` follow
    /// alphabetically.
    pub themes: Vec<ThemeInfo>,
    /// One row per stored complaint (ids unique). Metadata only: no text.
    pub complaints: Vec<ComplaintRow>,
    /// The threads ("rode draden") the thread finder proposed, ids unique.
    pub threads: Vec<ThreadRow>,
}

/// Size of the complaint store behind the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusInfo {
    /// Complaints in the store (all years).
    pub total_complaints: usize,
    /// Records refused at ingest over all runs (they are in no figure).
    pub rejected_total: usize,
    /// Date of the earliest stored complaint; `None` for an empty store.
    pub first_date: Option<NaiveDate>,
    /// Date of the latest stored complaint; `None` for an empty store.
    pub last_date: Option<NaiveDate>,
}

/// Model and classifier versions (names plus content hashes) and the last evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    pub encoder: String,
    pub encoder_hash: String,
    pub classifier: String,
    pub classifier_hash: String,
    /// `None` when the classifier was never evaluated; the report then says so.
    pub evaluation: Option<EvalSummary>,
}

/// The classifier's scores on a held-out test set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalSummary {
    pub macro_f1: f64,
    pub micro_f1: f64,
    pub per_theme: Vec<ThemeScore>,
    /// Macro-F1 of the simple baseline (e.g. keyword rules) on the same test set.
    pub baseline_macro_f1: Option<f64>,
    /// Name or path of the test set, shown as given.
    pub test_set: String,
    /// When the evaluation ran (RFC 3339 or a date), shown as given.
    pub evaluated_at: String,
}

/// Precision, recall and F1 (0–1) of one theme, with its number of test examples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeScore {
    pub theme: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// A configured theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeInfo {
    /// Short name as the classifier emits it (`jeugd`).
    pub name: String,
    /// One line for researchers, shown in the report.
    pub description: String,
}

/// One complaint's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintRow {
    pub id: String,
    /// Date of the complaint (received), `YYYY-MM-DD` in JSON.
    pub date: NaiveDate,
    /// Canonical municipality name (`Amsterdam`).
    pub municipality: String,
    /// Themes the classifier assigned; empty: none ("geen thema"). A theme listed twice counts
    /// once.
    pub themes: Vec<String>,
    /// Id of the thread this complaint belongs to, if any.
    pub thread: Option<String>,
}

/// The trend of a thread: the thread finder's own type (`emerging`, `growing`, …).
pub use crate::threads::Trend;

/// One proposed thread: complaints that seem to share one systemic cause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThreadRow {
    pub id: String,
    /// Short human-readable label (from keywords), shown as given.
    pub label: String,
    pub keywords: Vec<String>,
    /// Number of complaints in the thread.
    pub size: usize,
    pub trend: Trend,
    /// The statistic behind `trend` (e.g. a Poisson z-score or slope), shown with 2 decimals.
    pub trend_statistic: f64,
    /// One sentence (Dutch) on why the trend was assigned, shown as given.
    pub trend_explanation: String,
    pub per_year: BTreeMap<i32, usize>,
    pub per_municipality: BTreeMap<String, usize>,
    /// Municipality where the thread is concentrated, if the thread finder found one.
    pub concentrated_in: Option<String>,
    /// Theme → number of complaints in the thread with that theme.
    pub themes: BTreeMap<String, usize>,
    /// Mean similarity within the thread (0–1).
    pub cohesion: f32,
    /// Representative, already redacted excerpts; the report shows the first three.
    pub representatives: Vec<Excerpt>,
}

/// A redacted excerpt of one complaint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excerpt {
    /// Complaint id.
    pub id: String,
    pub date: NaiveDate,
    pub municipality: String,
    /// Redacted text (it passed the guard); printed HTML-escaped, never altered.
    /// Redacted by the guard: the report accepts no other text (architecture invariant 1).
    pub text: RedactedText,
}
