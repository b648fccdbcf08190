//! The nightly run as cron sees it: crash safety under kill -9, one run at a time, idempotence.
//! Real binary, real index, real model, a generated corpus.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use rodedraad::embed::cache::VectorCache;
use rodedraad::index::ComplaintIndex;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rodedraad"));
    c.env("RUST_LOG", "warn");
    c
}

fn generate(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let out = bin()
        .current_dir(dir)
        .args(["corpus", "generate", "--out", "in/corpus.jsonl", "--count", &count.to_string(), "--seed", "11"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

fn run_args(data: &str) -> Vec<String> {
    let models = models_dir();
    ["run", "--input", "in", "--data-dir", data, "--models-dir", models.to_str().unwrap(), "--threads", "2"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// The stored complaints as NDJSON (sorted by id) — what "the index" means to a user.
fn export(dir: &Path, data: &str) -> String {
    let out = bin().current_dir(dir).args(["export", "--data-dir", data]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Vectors of every stored complaint, in id order.
fn vectors(data: &Path) -> Vec<Vec<f32>> {
    let index = ComplaintIndex::open_or_create(&data.join("index")).unwrap();
    let all = index.all().unwrap();
    let cache = VectorCache::open(&data.join("vectors.redb")).unwrap();
    let model = rodedraad::embed::ModelDir::open(&models_dir(), "all-MiniLM-L6-v2").unwrap();
    let model_id = format!("all-MiniLM-L6-v2@{}", &model.hash[..12]);
    let hashes: Vec<&str> = all.iter().map(|c| c.text_hash.as_str()).collect();
    cache.get_many(&model_id, &hashes).unwrap().into_iter().map(|v| v.expect("every stored complaint has a vector")).collect()
}

fn checksums_ok(data: &Path) {
    let index = tantivy::Index::open_in_dir(data.join("index")).unwrap();
    let corrupted = index.validate_checksum().unwrap();
    assert!(corrupted.is_empty(), "corrupted index files: {corrupted:?}");
}

#[test]
fn kill_9_at_random_moments_then_rerun_equals_an_uninterrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    generate(dir, 300);

    let t0 = Instant::now();
    let reference = bin().current_dir(dir).args(run_args("ref")).output().unwrap();
    assert!(reference.status.success(), "{}", String::from_utf8_lossy(&reference.stderr));
    let full = t0.elapsed();

    // 20 kills spread over the whole run (model load, ingest, commit, embedding batches),
    // at pseudo-random but reproducible moments.
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut killed = 0;
    for _ in 0..20 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let at = Duration::from_millis(seed % (full.as_millis() as u64 + 1));
        let mut child = bin().current_dir(dir).args(run_args("crash")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
    }
    assert!(killed >= 10, "only {killed} of 20 runs were actually killed");
    let last = bin().current_dir(dir).args(run_args("crash")).output().unwrap();
    assert!(last.status.success(), "{}", String::from_utf8_lossy(&last.stderr));

    checksums_ok(&dir.join("crash"));
    assert_eq!(export(dir, "crash"), export(dir, "ref"), "stored complaints differ after crashes");
    // Vectors: the same texts embedded in other batch compositions; equal up to float noise.
    let (a, b) = (vectors(&dir.join("crash")), vectors(&dir.join("ref")));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert!(rodedraad::embed::cosine(x, y) > 0.9999);
    }
}

#[test]
fn two_runs_started_together_one_works_the_other_exits_with_the_lock_code() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    generate(dir, 150);
    let spawn = || bin().current_dir(dir).args(run_args("data")).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let mut codes = vec![a.status.code(), b.status.code()];
    codes.sort();
    assert_eq!(codes, vec![Some(0), Some(4)], "a: {} b: {}", String::from_utf8_lossy(&a.stderr), String::from_utf8_lossy(&b.stderr));
    let loser = if a.status.code() == Some(4) { &a } else { &b };
    assert!(String::from_utf8_lossy(&loser.stderr).contains("lock"));
    // Then a normal run succeeds (no stale lock), with nothing new to do.
    let after = bin().current_dir(dir).args(run_args("data")).output().unwrap();
    assert_eq!(after.status.code(), Some(0));
    assert!(stdout(&after).contains("read 0 = stored 0"));
}

#[test]
fn a_second_run_in_a_row_does_no_work_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    generate(dir, 150);
    let first = bin().current_dir(dir).args(run_args("data")).output().unwrap();
    assert!(first.status.success());
    let before = export(dir, "data");
    let second = bin().current_dir(dir).args(run_args("data")).output().unwrap();
    let s = stdout(&second);
    assert!(s.contains("read 0 = stored 0 + updated 0 + duplicates 0 + rejected 0"), "{s}");
    assert!(s.contains("embedded 0 new, 150 from cache") || s.contains("embedded 0 new"), "{s}");
    assert_eq!(export(dir, "data"), before);
}
