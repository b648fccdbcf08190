//! Index build time, phase by phase, for bench/search.sh (issue: full-text search).
//!
//! SQLite FTS5's build in `bench/fts5_peer.py` is "parse the JSON lines + insert the texts".
//! rodedraad's `ingest` does more: validation and the privacy guard over every text before
//! anything is stored. This bench times the phases separately on the same corpus so the
//! comparison is like for like: `parse_s + index_s` against FTS5's build, with `guard_s` (the
//! privacy pass FTS5 does not do) reported beside it.
//!
//! usage: cargo bench --bench index_build -- CORPUS.jsonl INDEX_DIR
//! Prints one JSON object with the phase times in seconds and the index size.

use std::time::Instant;

use rayon::prelude::*;
use rodedraad::guard::{Guard, GuardOutcome, PiiPolicy};
use rodedraad::index::ComplaintIndex;
use rodedraad::ingest::{self, Format};

fn dir_size(p: &std::path::Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.metadata().map_or(0, |m| m.len())).sum())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let (corpus, out) = (&args[0], std::path::PathBuf::from(&args[1]));
    let _ = std::fs::remove_dir_all(&out);
    let today = chrono::Utc::now().date_naive();

    let t = Instant::now();
    let bytes = std::fs::read(corpus).expect("corpus");
    let parsed = ingest::parse_file(&bytes, corpus, Format::Jsonl, None);
    let complaints: Vec<_> = parsed
        .records
        .into_par_iter()
        .filter_map(|r| r.ok().and_then(|r| ingest::validate(r, today).ok()))
        .collect();
    let parse_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let guard = Guard::new();
    let redacted: Vec<_> = complaints
        .into_par_iter()
        .map(|c| match guard.check(c, PiiPolicy::Redact) {
            GuardOutcome::Passed { complaint, .. } => complaint,
            GuardOutcome::Quarantined { .. } => unreachable!("redact policy never quarantines"),
        })
        .collect();
    let guard_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let index = ComplaintIndex::open_or_create(&out).expect("index");
    let mut session = index.session().expect("session");
    for c in &redacted {
        session.upsert(c).expect("upsert");
    }
    session.commit("{}").expect("commit");
    let index_s = t.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "docs": index.doc_count(), "parse_s": parse_s, "guard_s": guard_s, "index_s": index_s,
            "parse_plus_index_s": parse_s + index_s, "size_bytes": dir_size(&out),
        })
    );
}
