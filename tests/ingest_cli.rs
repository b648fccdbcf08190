//! `rodedraad ingest` end to end on the committed fixtures: every record accounted for, every
//! rejection names its file (and line), bad files never stop the good ones.

mod common;

use common::*;
use serde_json::Value;

fn ingest_json(dir: &std::path::Path, paths: &[&str]) -> (Value, std::process::Output) {
    let mut args = vec!["ingest", "--data-dir", "data", "--json", "-q"];
    args.extend_from_slice(paths);
    let out = rodedraad(dir, &args);
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON summary ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (v, out)
}

fn n(v: &Value, k: &str) -> u64 {
    v[k].as_u64().unwrap_or_else(|| panic!("{k} missing in {v}"))
}

#[test]
fn bad_input_folder_is_fully_accounted_for_and_every_rejection_names_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = repo().join("corpora/bad-input");
    let (v, out) = ingest_json(tmp.path(), &[bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "a run with rejections still completes with 0");
    let rejected = v["rejected"].as_array().unwrap();
    assert_eq!(
        n(&v, "read"),
        n(&v, "stored") + n(&v, "updated") + n(&v, "duplicates") + rejected.len() as u64,
        "summary does not add up: {v}"
    );
    // Parsed from EXPECTED.md: every row that is not 'accepted' is one rejection.
    let expected = std::fs::read_to_string(bad.join("EXPECTED.md")).unwrap();
    let rows: Vec<Vec<String>> = expected
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| file") && !l.starts_with("| ---"))
        .map(|l| l.trim_matches('|').split('|').map(|c| c.trim().to_owned()).collect())
        .collect();
    let expected_rejections = rows.iter().filter(|r| r[2] != "accepted").count();
    assert_eq!(rejected.len(), expected_rejections, "{v}");
    for row in rows.iter().filter(|r| r[2] != "accepted") {
        let (file, line, reason) = (&row[0], &row[1], &row[3]);
        let wanted = if line == "-" { format!("{file}") } else { format!("{file}:{line}") };
        let hit = rejected.iter().find(|r| {
            let src = r["source"].as_str().unwrap();
            (src.ends_with(&format!("/{wanted}")) || src == wanted) && r["reason"].as_str().unwrap().contains(reason.as_str())
        });
        assert!(hit.is_some(), "no rejection for {wanted} containing {reason:?}: {rejected:?}");
    }
    // The duplicates fixture: DUP-1 twice (same id, same text), DUP-2 with DUP-1's text.
    let notes = v["duplicate_notes"].as_array().unwrap();
    assert!(notes.iter().any(|d| d["id"] == "DUP-1" && d["kind"] == "same id, identical text"));
    assert!(notes.iter().any(|d| d["id"] == "DUP-2" && d["kind"] == "identical text as id DUP-1"));
    // Rejections are also in the rejects file, with the same sources, never with text.
    let rejects = std::fs::read_to_string(tmp.path().join("data/rejects.jsonl")).unwrap();
    assert_eq!(rejects.lines().count(), rejected.len());
}

#[test]
fn every_format_and_encoding_is_stored_and_decoded_correctly() {
    let tmp = tempfile::tempdir().unwrap();
    let formats = repo().join("corpora/formats");
    let (v, out) = ingest_json(tmp.path(), &[formats.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(v["rejected"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(n(&v, "read"), n(&v, "stored") + n(&v, "duplicates"));
    assert!(n(&v, "stored") >= 10, "{v}");
    // Windows-1252 text decoded: search finds an accented word from the Excel export.
    let found = rodedraad(tmp.path(), &["search", "*", "--all", "--format", "json", "--data-dir", "data"]);
    let res: Value = serde_json::from_slice(&found.stdout).unwrap();
    let text = res["hits"].to_string();
    assert!(!text.contains('\u{fffd}'), "replacement characters: decoding went wrong");

    // Re-ingesting everything changes nothing: all duplicates.
    let (again, _) = ingest_json(tmp.path(), &[formats.to_str().unwrap()]);
    assert_eq!(n(&again, "stored"), 0);
    assert_eq!(n(&again, "duplicates"), n(&again, "read"));
}

#[test]
fn a_missing_path_is_a_rejection_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let (v, out) = ingest_json(tmp.path(), &["does-not-exist.jsonl"]);
    assert!(out.status.success());
    assert_eq!(n(&v, "read"), 1);
    assert!(v["rejected"][0]["source"].as_str().unwrap().contains("does-not-exist.jsonl"));
}

#[test]
fn a_200_mb_record_is_rejected_with_its_line_and_the_next_record_still_stored() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("huge.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    write!(f, r#"{{"id":"HUGE-1","received":"2024-01-01","municipality":"Amsterdam","text":""#).unwrap();
    let chunk = "lange brief zonder einde ".repeat(4000); // 100 kB
    for _ in 0..2000 {
        f.write_all(chunk.as_bytes()).unwrap();
    }
    writeln!(f, "\"}}").unwrap();
    writeln!(f, r#"{{"id":"OK-2","received":"2024-01-02","municipality":"Diemen","text":"Na de grote brief komt deze gewone klacht over afval."}}"#).unwrap();
    drop(f);
    assert!(std::fs::metadata(&path).unwrap().len() > 200_000_000);
    let (v, out) = ingest_json(tmp.path(), &["huge.jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!((n(&v, "read"), n(&v, "stored")), (2, 1), "{v}");
    let r = &v["rejected"][0];
    assert!(r["source"].as_str().unwrap().ends_with("huge.jsonl:1"), "{r}");
    assert!(r["reason"].as_str().unwrap().contains("too long"), "{r}");
}
