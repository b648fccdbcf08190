//! Fixture-driven tests over `corpora/bad-input` (checked against its `EXPECTED.md`) and
//! `corpora/formats` (every record valid, decoded and mapped as intended).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::*;
use crate::model::Complaint;

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora")
        .join(name)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Outcome {
    line: Option<u64>,
    outcome: String,
    reason: String,
}

/// File name (relative to `dir`) of a rejection source or record path.
fn rel(dir: &Path, source_path: &str) -> String {
    Path::new(source_path)
        .strip_prefix(dir)
        .unwrap()
        .display()
        .to_string()
}

/// `path:line` → (path, Some(line)); `path` → (path, None).
fn split_source(source: &str) -> (String, Option<u64>) {
    match source.rsplit_once(':') {
        Some((p, l)) if !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()) => {
            (p.to_string(), l.parse().ok())
        }
        _ => (source.to_string(), None),
    }
}

/// Runs the whole ingest path over a folder: file name → outcomes, plus accepted complaints.
fn run(dir: &Path) -> (BTreeMap<String, Vec<Outcome>>, Vec<Complaint>) {
    let mut out: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
    let mut accepted = Vec::new();
    let (files, rejections) = discover(&[dir.to_path_buf()]);
    for r in rejections {
        let (p, line) = split_source(&r.source);
        out.entry(rel(dir, &p)).or_default().push(Outcome {
            line,
            outcome: "file rejected".into(),
            reason: r.reason,
        });
    }
    for f in files {
        let bytes = fs::read(&f.path).unwrap();
        let sidecar = f.sidecar.as_ref().map(|s| fs::read(s).unwrap());
        let display = f.path.display().to_string();
        let name = rel(dir, &display);
        let parsed = parse_file(&bytes, &display, f.format, sidecar.as_deref());
        let entry = out.entry(name.clone()).or_default();
        if let Some(e) = parsed.file_error {
            assert!(parsed.records.is_empty());
            assert_eq!(e.source, display, "file_error source names the file");
            entry.push(Outcome {
                line: None,
                outcome: "file rejected".into(),
                reason: e.reason,
            });
            continue;
        }
        for r in parsed.records {
            let validated = r.and_then(|rec| validate(rec, today()));
            match validated {
                Ok(c) => {
                    assert_eq!(c.source.path, display);
                    entry.push(Outcome {
                        line: c.source.line,
                        outcome: "accepted".into(),
                        reason: String::new(),
                    });
                    accepted.push(c);
                }
                Err(rej) => {
                    // Every rejection names the file (and its line where the format has lines).
                    assert!(rej.source.contains(&name), "{rej:?}");
                    let (p, line) = split_source(&rej.source);
                    assert_eq!(p, display);
                    let is_lined = matches!(f.format, Format::Jsonl | Format::Csv);
                    assert_eq!(line.is_some(), is_lined, "line number in {rej:?}");
                    entry.push(Outcome {
                        line,
                        outcome: "rejected".into(),
                        reason: rej.reason,
                    });
                }
            }
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    (out, accepted)
}

/// Rows of the table in EXPECTED.md: file → outcomes (reason = expected substring).
fn expected_table(path: &Path) -> BTreeMap<String, Vec<Outcome>> {
    let text = fs::read_to_string(path).unwrap();
    let mut out: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() != 6 || cells[1] == "file" || cells[1].starts_with("---") {
            continue;
        }
        let line_no = if cells[2] == "-" {
            None
        } else {
            Some(cells[2].parse().unwrap())
        };
        out.entry(cells[1].to_string()).or_default().push(Outcome {
            line: line_no,
            outcome: cells[3].to_string(),
            reason: cells[4].to_string(),
        });
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

#[test]
fn bad_input_matches_expected_md() {
    let dir = corpus("bad-input");
    let expected = expected_table(&dir.join("EXPECTED.md"));
    let (actual, accepted) = run(&dir);

    let exp_files: Vec<&String> = expected.keys().collect();
    let act_files: Vec<&String> = actual.keys().collect();
    assert_eq!(
        act_files, exp_files,
        "files in the folder vs. files in EXPECTED.md"
    );

    for (file, exp) in &expected {
        let act = &actual[file];
        assert_eq!(act.len(), exp.len(), "{file}: number of outcomes: {act:#?}");
        for (a, e) in act.iter().zip(exp) {
            assert_eq!((a.line, &a.outcome), (e.line, &e.outcome), "{file}: {a:?}");
            assert!(
                a.reason.contains(&e.reason),
                "{file}:{:?}: {:?} lacks {:?}",
                a.line,
                a.reason,
                e.reason
            );
        }
    }

    // Windows-1252 decoded correctly, not rejected and not mojibake.
    let w1 = accepted.iter().find(|c| c.id == "W-1").unwrap();
    assert!(
        w1.text
            .starts_with("Geachte heer, ik heb een brief ontvangen over mijn toeslag – café ë."),
        "{}",
        w1.text
    );
    assert!(w1.text.contains("coördinator was naïef"));
    assert!(accepted
        .iter()
        .any(|c| c.id == "W-2" && c.text.contains("één ruïne")));
    // Numeric id stringified; Marken → Waterland.
    let n = accepted.iter().find(|c| c.id == "4711").unwrap();
    assert_eq!(n.municipality, "Waterland");
    // Duplicates pass through: dedup is accounted elsewhere.
    assert_eq!(accepted.iter().filter(|c| c.id == "DUP-1").count(), 2);
}

#[test]
fn bad_input_reasons_never_contain_text() {
    let dir = corpus("bad-input");
    let (actual, _) = run(&dir);
    for (file, outcomes) in actual {
        for o in outcomes {
            for fragment in ["gemeente", "klacht", "Onaf", "Slecht", "HTML.", "[naam]"] {
                assert!(
                    !o.reason.contains(fragment),
                    "{file}: {:?} contains {fragment:?}",
                    o.reason
                );
            }
        }
    }
}

#[test]
fn formats_all_parse_and_validate() {
    let dir = corpus("formats");
    let (actual, accepted) = run(&dir);
    for (file, outcomes) in &actual {
        for o in outcomes {
            assert_eq!(o.outcome, "accepted", "{file}: {o:?}");
        }
    }
    let count = |f: &str| actual.get(f).map_or(0, Vec::len);
    assert_eq!(count("complaints.jsonl"), 5);
    assert_eq!(count("export-excel.csv"), 3);
    assert_eq!(count("export-comma.csv"), 2);
    for l in [
        "letters/letter-1.txt",
        "letters/letter-2.txt",
        "letters/letter-utf16.txt",
        "letters/mail-1.eml",
    ] {
        assert_eq!(count(l), 1, "{l}");
    }
    assert_eq!(actual.len(), 7, "{:?}", actual.keys().collect::<Vec<_>>()); // sidecar is no input
    let by_id = |id: &str| {
        accepted
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();

    // JSON Lines: numeric id, places, Dutch dates, paragraph breaks kept.
    let c = by_id("20240102");
    assert_eq!(
        (c.municipality.as_str(), c.gold_themes.clone()),
        ("Zaanstad", vec!["afval".into(), "wonen".into()])
    );
    assert_eq!(by_id("OMA-2024-0103").received, d(2024, 3, 7));
    assert_eq!(by_id("OMA-2024-0103").municipality, "Almere");
    assert_eq!(by_id("OMA-2024-0103").gold_thread.as_deref(), Some("T-17"));
    assert_eq!(by_id("OMA-2024-0104").municipality, "Diemen");
    assert_eq!(by_id("OMA-2024-0105").municipality, "Landsmeer");
    assert!(by_id("OMA-2024-0105")
        .text
        .contains("klopt niet.\n\nIk vraag"));

    // Excel export: Windows-1252, ';', CRLF, multi-line quoted text, themes "jeugd;wonen".
    let x = by_id("OMA-2024-0201");
    assert_eq!(x.received, d(2024, 3, 12));
    assert_eq!(
        x.gold_themes,
        vec!["jeugd".to_string(), "wonen".to_string()]
    );
    assert!(
        x.text
            .starts_with("Geachte heer/mevrouw,\n\nHet café naast mijn woning"),
        "{}",
        x.text
    );
    assert!(
        x.text.ends_with("Met vriendelijke groet,\n[naam]"),
        "{}",
        x.text
    );
    assert_eq!(x.source.line, Some(2));
    assert_eq!(by_id("OMA-2024-0202").source.line, Some(8));
    assert!(
        by_id("OMA-2024-0202").text.contains("ruïneuze")
            && by_id("OMA-2024-0202").text.contains("naïeve")
    );
    assert!(by_id("OMA-2024-0203")
        .text
        .contains("De coördinator van de Wmo zegt dat mijn aanvraag \"in behandeling\""));

    // Comma CSV with BOM.
    assert_eq!(
        by_id("OMA-2024-0301").gold_themes,
        vec!["parkeren".to_string(), "vergunningen".to_string()]
    );
    assert_eq!(by_id("OMA-2024-0302").municipality, "Zaanstad");
    assert_eq!(
        by_id("OMA-2024-0302").gold_themes,
        vec!["bejegening".to_string()]
    );

    // Letters.
    let l1 = by_id("OMA-2024-0401");
    assert_eq!(
        (l1.received, l1.municipality.as_str(), l1.channel.as_deref()),
        (d(2024, 4, 22), "Zaanstad", Some("brief"))
    );
    assert_eq!(
        l1.gold_themes,
        vec!["schuldhulp".to_string(), "wonen".to_string()]
    );
    assert!(l1.text.starts_with(
        "Betreft: huurtoeslag en schuldhulpverlening\n\nGeachte ombudsman,\n\nSinds januari"
    ));
    let l2 = by_id("letter-2");
    assert_eq!(
        (l2.received, l2.municipality.as_str()),
        (d(2024, 4, 25), "Waterland")
    );
    assert_eq!(l2.source.line, None);
    let u = by_id("OMA-2024-0402");
    assert_eq!(
        (u.received, u.municipality.as_str()),
        (d(2024, 5, 2), "Almere")
    );
    assert!(u.text.contains("oneerlijk – graag"));
    let m = by_id("mail-1");
    assert_eq!(
        (m.received, m.municipality.as_str(), m.channel.as_deref()),
        (d(2024, 4, 29), "Amstelveen", Some("e-mail"))
    );
    assert!(
        m.text
            .starts_with("Klacht over de afhandeling van mijn bezwaar\n\nGeachte ombudsman,"),
        "{}",
        m.text
    );
    assert!(
        m.text.contains("De termijn is ruim verstreken") && m.text.contains("gemeente – dit is"),
        "{}",
        m.text
    );
    assert!(!m.text.contains("example.invalid"));
}

#[test]
fn formats_encodings_are_reported() {
    let dir = corpus("formats");
    let enc = |p: &str| {
        let bytes = fs::read(dir.join(p)).unwrap();
        parse_file(&bytes, p, Format::Auto, None).encoding
    };
    assert_eq!(enc("export-excel.csv"), Some("windows-1252"));
    assert_eq!(enc("export-comma.csv"), Some("UTF-8"));
    assert_eq!(enc("letters/letter-utf16.txt"), Some("UTF-16LE"));
    assert_eq!(enc("complaints.jsonl"), Some("UTF-8"));
}
