//! Index build time, phase by phase, for bench/search.sh (issue: full-text search).
//!
//! SQLite FTS5's build in `bench/fts5_peer.py` is "parse the JSON lines + insert the texts".
//! rodedraad's `ingest` does more: validation (normalisation, dates, municipalities) and the
//! privacy guard over every text before anything is stored. This bench times the phases
//! separately on the same corpus: `read_s` (file + JSON), `validate_s`, `guard_s`, `index_s`
//! (duplicate checks, tantivy indexing, commit), each also in CPU seconds. Like for like with
//! FTS5's build is `read_s + index_s`; `parse_s` = read + validate, as reported before.
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

/// CPU seconds (user + system, all threads) this process has used so far.
fn cpu_s() -> f64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let (corpus, out) = (&args[0], std::path::PathBuf::from(&args[1]));
    let _ = std::fs::remove_dir_all(&out);
    let today = chrono::Utc::now().date_naive();

    let (t, c) = (Instant::now(), cpu_s());
    let bytes = std::fs::read(corpus).expect("corpus");
    let parsed = ingest::parse_file(&bytes, corpus, Format::Jsonl, None);
    let records: Vec<_> = parsed.records.into_iter().filter_map(Result::ok).collect();
    let (read_s, read_cpu) = (t.elapsed().as_secs_f64(), cpu_s() - c);
    let (t, c) = (Instant::now(), cpu_s());
    let complaints: Vec<_> =
        records.into_par_iter().filter_map(|r| ingest::validate(r, today).ok()).collect();
    let (validate_s, validate_cpu) = (t.elapsed().as_secs_f64(), cpu_s() - c);
    let (parse_s, parse_cpu) = (read_s + validate_s, read_cpu + validate_cpu);

    let (t, c) = (Instant::now(), cpu_s());
    let guard = Guard::new();
    let redacted: Vec<_> = complaints
        .into_par_iter()
        .map(|c| match guard.check(c, PiiPolicy::Redact) {
            GuardOutcome::Passed { complaint, .. } => complaint,
            GuardOutcome::Quarantined { .. } => unreachable!("redact policy never quarantines"),
        })
        .collect();
    let (guard_s, guard_cpu) = (t.elapsed().as_secs_f64(), cpu_s() - c);

    let (t, c) = (Instant::now(), cpu_s());
    let index = ComplaintIndex::open_or_create(&out).expect("index");
    let mut session = index.session().expect("session");
    for c in &redacted {
        session.upsert(c).expect("upsert");
    }
    session.commit("{}").expect("commit");
    let (index_s, index_cpu) = (t.elapsed().as_secs_f64(), cpu_s() - c);
    println!(
        "{}",
        serde_json::json!({
            "docs": index.doc_count(), "parse_s": parse_s, "guard_s": guard_s, "index_s": index_s,
            "read_s": read_s, "validate_s": validate_s,
            "parse_plus_index_s": parse_s + index_s, "read_plus_index_s": read_s + index_s,
            "size_bytes": dir_size(&out),
            "cpu_s": { "read": read_cpu, "validate": validate_cpu, "parse": parse_cpu, "guard": guard_cpu, "index": index_cpu },
        })
    );
}
