//! The typed values that flow between pipeline stages.
//!
//! ```text
//! RawRecord ──ingest──▶ Complaint ──guard──▶ Redacted ──index/embed/classify──▶ …
//! ```
//!
//! `Complaint` still holds the text as it arrived (possibly with personal data the manual
//! anonymisation missed); it never leaves the process. Only [`crate::guard`] can turn it into a
//! [`crate::guard::Redacted`], and storage, embeddings and reports accept only that type.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a record came from: a file and, where it has lines, the 1-based line number.
///
/// Displayed as `path:line` (or `path` for whole-file records), the form every rejection and
/// warning uses so an operator can open the file at the right place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourceRef {
    pub path: String,
    pub line: Option<u64>,
}

impl SourceRef {
    pub fn file(path: impl Into<String>) -> Self {
        Self { path: path.into(), line: None }
    }
    pub fn line(path: impl Into<String>, line: u64) -> Self {
        Self { path: path.into(), line: Some(line) }
    }
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}", self.path, l),
            None => write!(f, "{}", self.path),
        }
    }
}

/// The fields of one input record exactly as a parser found them: nothing validated yet.
/// Every format (JSON Lines, CSV, letter folders) produces this; validation is shared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawFields {
    pub id: Option<String>,
    pub received: Option<String>,
    pub municipality: Option<String>,
    pub text: Option<String>,
    pub channel: Option<String>,
    /// Gold theme labels, if the input carries them (evaluation data).
    pub themes: Option<Vec<String>>,
    /// Gold thread id, if the input carries it (generated or hand-labelled evaluation data).
    pub thread: Option<String>,
}

/// One record as read from an input, with its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRecord {
    pub source: SourceRef,
    pub fields: RawFields,
}

/// A validated complaint. `text` is NFC-normalised with `\n` line endings and paragraph breaks
/// kept, but **not yet redacted**: this type must never be stored, logged or reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub id: String,
    pub received: NaiveDate,
    pub municipality: String,
    pub text: String,
    pub channel: Option<String>,
    pub gold_themes: Vec<String>,
    pub gold_thread: Option<String>,
    pub source: SourceRef,
}

/// Why a record was not stored, in words an operator can act on. Never contains the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub source: String,
    pub reason: String,
}

impl Rejection {
    pub fn new(source: &SourceRef, reason: impl Into<String>) -> Self {
        Self { source: source.to_string(), reason: reason.into() }
    }
}

/// The seven municipalities of the Ombudsman Metropool Amsterdam's area.
pub const MUNICIPALITIES: [&str; 7] =
    ["Amsterdam", "Almere", "Amstelveen", "Diemen", "Landsmeer", "Waterland", "Zaanstad"];
