//! The command line as a person or cron uses it: the real binary, real files, real index and model.

mod common;

use common::*;
use std::io::Write;

#[test]
fn help_lists_the_subcommands() {
    let tmp = tempfile::tempdir().unwrap();
    let out = rodedraad(tmp.path(), &["--help"]);
    assert!(out.status.success());
    let s = stdout(&out);
    for cmd in ["corpus", "ingest", "search", "run"] {
        assert!(s.contains(cmd), "--help does not list {cmd}:\n{s}");
    }
}

#[test]
fn corpus_generate_is_byte_identical_for_one_seed_and_differs_for_another() {
    let tmp = tempfile::tempdir().unwrap();
    let gen = |name: &str, seed: &str| {
        let out = rodedraad(tmp.path(), &["corpus", "generate", "--out", name, "--count", "400", "--seed", seed]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        std::fs::read(tmp.path().join(name)).unwrap()
    };
    let a = gen("a.jsonl", "7");
    let b = gen("b.jsonl", "7");
    let c = gen("c.jsonl", "8");
    assert_eq!(a.iter().filter(|&&b| b == b'\n').count(), 400);
    assert!(a == b, "same seed gave different bytes");
    assert!(a != c, "different seeds gave the same corpus");
}

fn write_jsonl(dir: &std::path::Path, name: &str, lines: &[&str]) {
    let mut f = std::fs::File::create(dir.join(name)).unwrap();
    for l in lines {
        writeln!(f, "{l}").unwrap();
    }
}

#[test]
fn run_embeds_new_complaints_once_and_reuses_the_cache_after() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("in")).unwrap();
    write_jsonl(&tmp.path().join("in"), "a.jsonl", &[
        r#"{"id":"R1","received":"2024-02-01","municipality":"Zaanstad","text":"De taxi van het leerlingenvervoer komt al weken te laat bij ons huis."}"#,
        r#"{"id":"R2","received":"2024-02-03","municipality":"Amsterdam","text":"Onze huurtoeslag wordt teruggevorderd maar niemand legt uit waarom dat is."}"#,
    ]);
    let models = models_dir();
    let args = ["run", "--input", "in", "--data-dir", "data", "--models-dir", models.to_str().unwrap()];
    let first = rodedraad(tmp.path(), &args);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let s1 = stdout(&first);
    assert!(s1.contains("read 2 = stored 2 + updated 0 + duplicates 0 + rejected 0"), "{s1}");
    assert!(s1.contains("embedded 2 new, 0 from cache"), "{s1}");

    // Nothing new: the unchanged file is not even parsed, nothing embedded (counters, not clocks).
    let second = rodedraad(tmp.path(), &args);
    let s2 = stdout(&second);
    assert!(s2.contains("read 0 = stored 0 + updated 0 + duplicates 0 + rejected 0"), "{s2}");
    assert!(s2.contains("1 input file(s) unchanged"), "{s2}");
    assert!(s2.contains("embedded 0 new, 2 from cache"), "{s2}");

    // One new complaint: exactly one embedding.
    write_jsonl(&tmp.path().join("in"), "b.jsonl", &[
        r#"{"id":"R3","received":"2024-02-05","municipality":"Almere","text":"Wij zitten met drie kinderen in de noodopvang en moeten weer verhuizen."}"#,
    ]);
    let third = rodedraad(tmp.path(), &args);
    let s3 = stdout(&third);
    assert!(s3.contains("read 1 = stored 1 + updated 0 + duplicates 0 + rejected 0"), "{s3}");
    assert!(s3.contains("embedded 1 new, 2 from cache"), "{s3}");

    // A changed file (by content, not time) is read again: one update, one re-embedding.
    write_jsonl(&tmp.path().join("in"), "b.jsonl", &[
        r#"{"id":"R3","received":"2024-02-05","municipality":"Almere","text":"Wij zitten met drie kinderen in de noodopvang en moeten alweer verhuizen."}"#,
    ]);
    let fourth = stdout(&rodedraad(tmp.path(), &args));
    assert!(fourth.contains("read 1 = stored 0 + updated 1 + duplicates 0 + rejected 0"), "{fourth}");
    assert!(fourth.contains("embedded 1 new, 2 from cache"), "{fourth}");

    // The search command finds it, as JSON.
    let found = rodedraad(tmp.path(), &["search", "noodopvang", "--data-dir", "data", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["id"], "R3");
    assert_eq!(v["hits"][0]["municipality"], "Almere");

    // A manifest per run, with the input file's sha256.
    let runs: Vec<_> = std::fs::read_dir(tmp.path().join("data/runs")).unwrap().collect();
    assert_eq!(runs.len(), 4);
}

#[test]
fn a_second_run_while_one_holds_the_lock_exits_with_the_lock_code() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("data")).unwrap();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(tmp.path().join("data/rodedraad.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let out = rodedraad(tmp.path(), &["run", "--input", ".", "--data-dir", "data"]);
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lock"));
    drop(lock);
}

#[test]
fn search_csv_all_and_json_carry_the_same_hits_and_csv_opens_in_dutch_excel() {
    let tmp = tempfile::tempdir().unwrap();
    let out = rodedraad(tmp.path(), &["corpus", "generate", "--out", "c.jsonl", "--count", "300", "--seed", "5"]);
    assert!(out.status.success());
    assert!(rodedraad(tmp.path(), &["ingest", "c.jsonl", "--data-dir", "data", "-q"]).status.success());

    let json = rodedraad(tmp.path(), &["search", "kinderen OR school", "--data-dir", "data", "--format", "json", "--all"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let total = v["total"].as_u64().unwrap() as usize;
    assert!(total > 20, "fixture query should match many complaints, got {total}");
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), total, "--all returns every hit, not one page");

    let csv_out = rodedraad(tmp.path(), &["search", "kinderen OR school", "--data-dir", "data", "--format", "csv", "--all"]);
    let bytes = csv_out.stdout;
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM for Excel");
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ["id", "received", "municipality", "themes", "score", "snippet"]);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), total);
    for (row, hit) in rows.iter().zip(hits) {
        assert_eq!(&row[0], hit["id"].as_str().unwrap());
        assert_eq!(&row[1], hit["received"].as_str().unwrap());
        assert_eq!(&row[2], hit["municipality"].as_str().unwrap());
        assert_eq!(&row[5], hit["snippet"].as_str().unwrap(), "snippet survives quoting (« », ; and quotes)");
        let score: f64 = row[4].parse().unwrap();
        assert!((score - hit["score"].as_f64().unwrap()).abs() < 1e-3);
    }
}
