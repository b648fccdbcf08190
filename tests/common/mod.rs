//! Shared helpers for integration tests: real files, real index, real model.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use rodedraad::guard::{Guard, GuardOutcome, PiiPolicy, Redacted};
use rodedraad::model::{Complaint, SourceRef};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn models_dir() -> PathBuf {
    repo().join("models")
}

/// Runs the real binary with `--data-dir data` inside `dir`.
pub fn rodedraad(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rodedraad"))
        .current_dir(dir)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn complaint(id: &str, date: &str, municipality: &str, text: &str) -> Complaint {
    Complaint {
        id: id.to_owned(),
        received: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        municipality: municipality.to_owned(),
        text: text.to_owned(),
        channel: None,
        gold_themes: vec![],
        gold_thread: None,
        source: SourceRef::line("test.jsonl", 1),
    }
}

/// Passes a complaint through the real guard (the only way to get a `Redacted`).
pub fn redacted(c: Complaint) -> Redacted {
    match Guard::new().check(c, PiiPolicy::Redact) {
        GuardOutcome::Passed { complaint, .. } => complaint,
        GuardOutcome::Quarantined { .. } => panic!("redact policy never quarantines"),
    }
}
