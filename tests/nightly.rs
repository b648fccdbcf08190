//! The nightly run as cron sees it: crash safety under kill -9, one run at a time, idempotence.
//! Real binary, real index, real model, a generated corpus.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use rodedraad::embed::cache::VectorCache;
use rodedraad::index::ComplaintIndex;

/// The tests here time and kill whole runs; run them one at a time so timings mean something.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

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
    let name = rodedraad::config::Config::DEFAULT_ENCODER;
    let model = rodedraad::embed::ModelDir::open(&models_dir(), name).unwrap();
    let model_id = format!("{name}@{}", &model.hash[..12]);
    let hashes: Vec<&str> = all.iter().map(|c| c.text_hash.as_str()).collect();
    cache.get_many(&model_id, &hashes).unwrap().into_iter().map(|v| v.expect("every stored complaint has a vector")).collect()
}

fn checksums_ok(data: &Path) {
    let index = tantivy::Index::open_in_dir(data.join("index")).unwrap();
    let corrupted = index.validate_checksum().unwrap();
    assert!(corrupted.is_empty(), "corrupted index files: {corrupted:?}");
}

/// Reproducible pseudo-random moments (xorshift), so a failure can be replayed.
struct Moments(u64);
impl Moments {
    fn next_within(&mut self, max: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Duration::from_micros(self.0 % (max.as_micros() as u64 + 1))
    }
}

/// Starts `args` and kills it with SIGKILL after `at`; true if it was still running.
fn kill_at(dir: &Path, args: &[String], at: Duration) -> bool {
    let mut child = bin().current_dir(dir).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(at);
    let running = child.try_wait().unwrap().is_none();
    if running {
        child.kill().unwrap();
    }
    child.wait().unwrap();
    running
}

#[test]
fn kill_9_during_ingest_and_commit_then_rerun_equals_an_uninterrupted_ingest() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    generate(dir, 3000);
    let args = |data: &str| -> Vec<String> {
        ["ingest", "--quiet", "--data-dir", data, "in"].iter().map(|s| s.to_string()).collect()
    };
    let t0 = Instant::now();
    assert!(bin().current_dir(dir).args(args("ref")).output().unwrap().status.success());
    let full = t0.elapsed();
    let mut moments = Moments(0x9e3779b97f4a7c15);
    let mut killed = 0;
    for _ in 0..30 {
        if killed == 10 {
            break;
        }
        killed += kill_at(dir, &args("crash"), moments.next_within(full)) as usize;
    }
    assert_eq!(killed, 10, "kills did not land");
    assert!(bin().current_dir(dir).args(args("crash")).output().unwrap().status.success());
    checksums_ok(&dir.join("crash"));
    assert_eq!(export(dir, "crash"), export(dir, "ref"), "stored complaints differ after crashes");
}

#[test]
fn kill_9_during_nightly_runs_then_rerun_equals_an_uninterrupted_run() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // 30 nightly deliveries of 8 complaints each, split from one generated corpus.
    generate(dir, 240);
    let all = std::fs::read_to_string(dir.join("in/corpus.jsonl")).unwrap();
    std::fs::remove_file(dir.join("in/corpus.jsonl")).unwrap();
    let lines: Vec<&str> = all.lines().collect();
    let deliveries: Vec<String> = lines.chunks(8).map(|c| c.join("\n") + "\n").collect();
    std::fs::create_dir_all(dir.join("stage")).unwrap();
    for (i, d) in deliveries.iter().enumerate() {
        std::fs::write(dir.join(format!("stage/night-{i:02}.jsonl")), d).unwrap();
    }
    let deliver = |i: usize| {
        let name = format!("night-{i:02}.jsonl");
        std::fs::copy(dir.join("stage").join(&name), dir.join("in").join(&name)).unwrap();
    };
    // How long a night with one delivery takes (model load included).
    deliver(0);
    let t0 = Instant::now();
    assert!(bin().current_dir(dir).args(run_args("probe")).output().unwrap().status.success());
    let one_night = t0.elapsed();
    // Every night a delivery arrives and the run is killed at a random moment; the next night
    // resumes whatever the killed run left. Work piles up, so later kills land mid-embedding.
    let mut moments = Moments(0x2545f4914f6cdd1d);
    let mut killed = 0;
    for night in 1..deliveries.len() {
        deliver(night);
        killed += kill_at(dir, &run_args("crash"), moments.next_within(one_night)) as usize;
    }
    assert!(killed >= 20, "only {killed} kills landed");
    let last = bin().current_dir(dir).args(run_args("crash")).output().unwrap();
    assert!(last.status.success(), "{}", String::from_utf8_lossy(&last.stderr));
    // The reference: one uninterrupted run over everything delivered.
    let reference = bin().current_dir(dir).args(run_args("ref")).output().unwrap();
    assert!(reference.status.success());

    checksums_ok(&dir.join("crash"));
    assert_eq!(export(dir, "crash"), export(dir, "ref"), "stored complaints differ after crashes");
    // Vectors: the same texts, embedded in other batch compositions; equal up to float noise.
    let (a, b) = (vectors(&dir.join("crash")), vectors(&dir.join("ref")));
    assert_eq!(a.len(), lines.len());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert!(rodedraad::embed::cosine(x, y) > 0.9999);
    }
}

#[test]
fn two_runs_started_together_one_works_the_other_exits_with_the_lock_code() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    generate(dir, 40);
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
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    generate(dir, 40);
    let first = bin().current_dir(dir).args(run_args("data")).output().unwrap();
    assert!(first.status.success());
    let before = export(dir, "data");
    let second = bin().current_dir(dir).args(run_args("data")).output().unwrap();
    let s = stdout(&second);
    assert!(s.contains("read 0 = stored 0 + updated 0 + duplicates 0 + rejected 0"), "{s}");
    assert!(s.contains("embedded 0 new, 40 from cache"), "{s}");
    assert_eq!(export(dir, "data"), before);
}
