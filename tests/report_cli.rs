//! The report as the main job writes it, checked against the index itself: the CSVs' totals
//! equal the stored complaints per year and per theme; the run prints the report's path.

mod common;

use std::collections::BTreeMap;

use common::{rodedraad, stdout};

/// Rows of a report CSV (UTF-8 BOM, `;`, CRLF) as maps header → cell.
fn csv_rows(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("CSV starts with a BOM for Excel");
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records().map(|rec| headers.iter().cloned().zip(rec.unwrap().iter().map(str::to_owned)).collect()).collect()
}

#[test]
fn report_csv_totals_equal_the_stored_complaints_per_year_and_per_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let g = rodedraad(dir, &["corpus", "generate", "--out", "in/c.jsonl", "--count", "120", "--seed", "5"]);
    assert!(g.status.success());
    let run = rodedraad(dir, &["--quiet", "run", "--data-dir", "data", "--input", "in"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    // The main job ends by printing where the report is.
    let last = stdout(&run).lines().last().unwrap_or_default().to_owned();
    assert_eq!(last, "report: data/report/index.html");
    assert!(dir.join("data/report/index.html").is_file());

    // What the index holds, per year and per theme.
    let export = rodedraad(dir, &["export", "--data-dir", "data"]);
    let stored: Vec<serde_json::Value> = stdout(&export).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(stored.len(), 120);
    let mut per_year: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_theme: BTreeMap<String, usize> = BTreeMap::new();
    let mut unthemed = 0;
    for c in &stored {
        *per_year.entry(c["year"].to_string()).or_default() += 1;
        let themes = c["themes"].as_array().unwrap();
        if themes.is_empty() {
            unthemed += 1;
        }
        for t in themes {
            *per_theme.entry(t.as_str().unwrap().to_owned()).or_default() += 1;
        }
    }

    // complaints.csv: one row per stored complaint.
    let complaints = csv_rows(&std::fs::read(dir.join("data/report/complaints.csv")).unwrap());
    assert_eq!(complaints.len(), stored.len());

    // themes_per_year.csv: `klachten` per year = stored per year; theme columns summed over the
    // years = stored complaints carrying that theme; `geen thema` = those without.
    let mut rows = csv_rows(&std::fs::read(dir.join("data/report/themes_per_year.csv")).unwrap());
    let total = rows.pop().expect("a total row");
    assert_eq!(total["jaar"], "totaal");
    let num = |s: &str| s.parse::<usize>().unwrap_or_else(|_| panic!("not a count: {s:?}"));
    let csv_per_year: BTreeMap<String, usize> = rows.iter().map(|r| (r["jaar"].clone(), num(&r["klachten"]))).collect();
    assert_eq!(csv_per_year, per_year);
    for (theme, n) in &per_theme {
        let sum: usize = rows.iter().map(|r| num(&r[theme])).sum();
        assert_eq!(sum, *n, "theme {theme}");
    }
    assert_eq!(rows.iter().map(|r| num(&r["geen thema"])).sum::<usize>(), unthemed);
    assert_eq!(num(&total["klachten"]), stored.len());
    for (theme, n) in &per_theme {
        assert_eq!(num(&total[theme]), *n, "total row, theme {theme}");
    }

    // themes_per_municipality_year.csv adds up to the same total.
    let rows = csv_rows(&std::fs::read(dir.join("data/report/themes_per_municipality_year.csv")).unwrap());
    let body = rows.iter().filter(|r| r["gemeente"] != "totaal" && r["jaar"] != "totaal");
    assert_eq!(body.map(|r| num(&r["klachten"])).sum::<usize>(), stored.len());
}
