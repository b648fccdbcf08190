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

/// The model id a default run caches its vectors under.
fn default_model_id() -> String {
    let name = rodedraad::config::Config::DEFAULT_ENCODER;
    rodedraad::embed::model_id(&models_dir(), name, rodedraad::embed::Precision::default()).unwrap()
}

/// Vectors of every stored complaint, in id order.
fn vectors(data: &Path) -> Vec<Vec<f32>> {
    let index = ComplaintIndex::open_or_create(&data.join("index")).unwrap();
    let all = index.all().unwrap();
    let cache = VectorCache::open(&data.join("vectors.redb")).unwrap();
    let hashes: Vec<&str> = all.iter().map(|c| c.text_hash.as_str()).collect();
    cache.get_many(&default_model_id(), &hashes).unwrap().into_iter().map(|v| v.expect("every stored complaint has a vector")).collect()
}

/// Whether the data dir's cache holds a default-model vector of the text with this hash.
fn cached(data: &Path, text_hash: &str) -> bool {
    VectorCache::open(&data.join("vectors.redb")).unwrap().get_many(&default_model_id(), &[text_hash]).unwrap()[0].is_some()
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

/// Run arguments with its own input folder per data dir.
fn night_args(data: &str) -> Vec<String> {
    let mut a = run_args(data);
    a[2] = format!("in-{data}");
    a
}

/// The report's CSVs (everything but the run timestamp and float noise lives in them).
fn report_csvs(data: &Path) -> Vec<(String, Vec<u8>)> {
    ["complaints.csv", "themes_per_year.csv", "themes_per_municipality_year.csv"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(data.join("report").join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))))
        .collect()
}

#[test]
fn kill_9_during_nightly_runs_then_rerun_equals_an_uninterrupted_run() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // 30 nightly deliveries of 8 complaints each, split from one generated corpus.
    generate(dir, 240);
    let all = std::fs::read_to_string(dir.join("in/corpus.jsonl")).unwrap();
    let lines: Vec<&str> = all.lines().collect();
    let deliveries: Vec<String> = lines.chunks(8).map(|c| c.join("\n") + "\n").collect();
    let deliver = |data: &str, i: usize| {
        let folder = dir.join(format!("in-{data}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("night-{i:02}.jsonl")), &deliveries[i]).unwrap();
    };
    let run = |data: &str| {
        let out = bin().current_dir(dir).args(night_args(data)).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    // The reference: every night uninterrupted; the shortest night tells when to kill.
    let mut one_night = Duration::MAX;
    for night in 0..deliveries.len() {
        deliver("ref", night);
        let t0 = Instant::now();
        run("ref");
        one_night = one_night.min(t0.elapsed());
    }
    // The same nights, each killed at a random moment (every stage: ingest, embed, classify,
    // threads, report) and rerun at once, as an operator would.
    let mut moments = Moments(0x2545f4914f6cdd1d);
    let mut killed = 0;
    for night in 0..deliveries.len() {
        deliver("crash", night);
        killed += kill_at(dir, &night_args("crash"), moments.next_within(one_night)) as usize;
        run("crash");
    }
    assert!(killed >= 20, "only {killed} kills landed");

    checksums_ok(&dir.join("crash"));
    // Index: stored complaints with their themes and threads.
    assert_eq!(export(dir, "crash"), export(dir, "ref"), "stored complaints, themes or threads differ after crashes");
    // Threads: the same threads with the same ids and members.
    let threads = |data: &str| -> Vec<(String, Vec<String>)> {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join(data).join("threads.json")).unwrap()).unwrap();
        v["threads"].as_array().unwrap().iter().map(|t| {
            (t["id"].as_str().unwrap().to_owned(), t["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_owned()).collect())
        }).collect()
    };
    assert_eq!(threads("crash"), threads("ref"));
    // Report: complete (no half-written folder) and with the same numbers.
    assert_eq!(report_csvs(&dir.join("crash")), report_csvs(&dir.join("ref")));
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
    let threads_before = std::fs::read(dir.join("data/threads.json")).unwrap();
    let csvs_before = report_csvs(&dir.join("data"));
    let report_before = report_json_without_run_time(&dir.join("data"));
    let second = bin().current_dir(dir).args(run_args("data")).output().unwrap();
    let s = stdout(&second);
    assert!(s.contains("read 0 = stored 0 + updated 0 + duplicates 0 + rejected 0"), "{s}");
    assert!(s.contains("embedded 0 new, 40 from cache"), "{s}");
    assert!(s.contains("classified 0 (40 unchanged)"), "{s}");
    assert!(s.contains("0 new complaints considered, 0 assigned"), "{s}");
    assert_eq!(export(dir, "data"), before);
    assert!(std::fs::read(dir.join("data/threads.json")).unwrap() == threads_before, "threads.json changed");
    assert_eq!(report_csvs(&dir.join("data")), csvs_before);
    assert_eq!(report_json_without_run_time(&dir.join("data")), report_before);
}

/// report.json without the two fields that carry the run's clock: `generated_at` and its Dutch
/// form `generated_at_display` (minute resolution). Regression: this test once removed only
/// `generated_at`, so it failed whenever the two runs straddled a minute boundary (seen in CI,
/// where the runs are slower).
fn report_json_without_run_time(data: &Path) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(data.join("report/report.json")).unwrap()).unwrap();
    let o = v.as_object_mut().unwrap();
    assert!(o.remove("generated_at").is_some(), "report.json has generated_at");
    assert!(o.remove("generated_at_display").is_some(), "report.json has generated_at_display");
    v
}

/// Every file under `dir`, as (path, bytes).
fn files_under(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn a_delete_removes_the_complaint_from_vectors_threads_and_report_too() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    generate(dir, 150);
    assert!(bin().current_dir(dir).args(run_args("data")).output().unwrap().status.success());
    // The complaint to delete: a thread's first representative (its excerpt is in the report),
    // else the first stored complaint (150 letters make about ten threads).
    let threads: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("data/threads.json")).unwrap()).unwrap();
    let exported: Vec<serde_json::Value> = export(dir, "data").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let victim_id = threads["threads"][0]["representatives"][0]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| exported[0]["id"].as_str().unwrap().to_owned());
    let victim = exported.iter().find(|c| c["id"] == victim_id.as_str()).unwrap();
    let text = victim["text"].as_str().unwrap();
    let hash = rodedraad::index::text_hash(text);
    assert!(cached(&dir.join("data"), &hash));
    // A stretch of the text that is in the report (an excerpt) — or at least in the index.
    let stretch: String = text.split_whitespace().skip(3).take(8).collect::<Vec<_>>().join(" ");
    let in_report = |data: &Path| files_under(&data.join("report")).into_iter().any(|(_, b)| {
        let s = String::from_utf8_lossy(&b);
        s.contains(victim_id.as_str()) || s.contains(stretch.as_str())
    });
    assert!(in_report(&dir.join("data")), "the victim is in the report before the delete");

    let out = bin()
        .current_dir(dir)
        .args(["delete", "--data-dir", "data", "--models-dir", models_dir().to_str().unwrap(), &victim_id])
        .output()
        .unwrap();
    let s = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{s}{}", String::from_utf8_lossy(&out.stderr));
    assert!(s.contains("deleted 1 complaint(s)") && s.contains("1 vector(s) removed"), "{s}");
    assert!(!export(dir, "data").contains(victim_id.as_str()));
    assert!(!cached(&dir.join("data"), &hash), "the vector is still in the cache");
    let threads_after = std::fs::read_to_string(dir.join("data/threads.json")).unwrap();
    assert!(!threads_after.contains(victim_id.as_str()), "threads.json still names the deleted complaint");
    assert!(!in_report(&dir.join("data")), "the report still shows the deleted complaint");
    let others = export(dir, "data").lines().count();
    assert_eq!(others, exported.len() - 1);
}

#[test]
fn an_updated_complaint_leaves_no_vector_of_its_old_text() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    generate(dir, 40);
    assert!(bin().current_dir(dir).args(run_args("data")).output().unwrap().status.success());
    let before: Vec<serde_json::Value> = export(dir, "data").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let data = dir.join("data");
    let cached = |hash: &str| cached(&data, hash);
    // The sender corrects a letter: same id, new text, in a new file.
    let old = &before[3];
    let id = old["id"].as_str().unwrap();
    let old_hash = rodedraad::index::text_hash(old["text"].as_str().unwrap());
    assert!(cached(&old_hash));
    let line = std::fs::read_to_string(dir.join("in/corpus.jsonl")).unwrap().lines().find(|l| l.contains(id)).unwrap().to_owned();
    let mut record: serde_json::Value = serde_json::from_str(&line).unwrap();
    let corrected = format!("{} Aanvulling: inmiddels is er een tweede brief gekomen.", record["text"].as_str().unwrap());
    record["text"] = serde_json::Value::String(corrected);
    std::fs::write(dir.join("in/correction.jsonl"), format!("{record}\n")).unwrap();
    let out = bin().current_dir(dir).args(run_args("data")).output().unwrap();
    let s = stdout(&out);
    assert!(out.status.success(), "{s}");
    assert!(s.contains("stored 0 + updated 1"), "{s}");
    assert!(s.contains("vectors of replaced texts removed from the cache: 1"), "{s}");
    assert!(!cached(&old_hash), "the old text's vector is still cached");
    let after: Vec<serde_json::Value> = export(dir, "data").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let new = after.iter().find(|c| c["id"] == id).unwrap();
    assert!(cached(&rodedraad::index::text_hash(new["text"].as_str().unwrap())));
    // Every other complaint keeps its vector.
    for c in after.iter().filter(|c| c["id"] != id) {
        assert!(cached(&rodedraad::index::text_hash(c["text"].as_str().unwrap())));
    }
}
