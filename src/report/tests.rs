//! Unit tests of the report: counting, determinism, escaping, atomic replace, offline page.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn complaint(id: &str, date: &str, m: &str, themes: &[&str], thread: Option<&str>) -> ComplaintRow {
    ComplaintRow {
        id: id.into(),
        date: d(date),
        municipality: m.into(),
        themes: themes.iter().map(|t| t.to_string()).collect(),
        thread: thread.map(Into::into),
    }
}

fn fixture() -> ReportInput {
    let mut complaints = vec![
        complaint("K-001", "2023-02-01", "Amsterdam", &["jeugd"], None),
        complaint(
            "K-002",
            "2023-05-11",
            "Zaanstad",
            &["wonen", "toeslagen"],
            Some("T-1"),
        ),
        complaint("K-003", "2024-01-15", "Amsterdam", &[], None),
        complaint("K-004", "2024-03-03", "Almere", &["toeslagen"], Some("T-1")),
        complaint(
            "K-005",
            "2024-09-30",
            "Zaanstad",
            &["jeugd", "jeugd"],
            Some("T-2"),
        ),
        complaint(
            "K-006",
            "2025-01-02",
            "Zaanstad",
            &["toeslagen", "wonen"],
            Some("T-1"),
        ),
        complaint("K-007", "2025-02-20", "Diemen", &["onderwijs"], None),
        complaint("K-008", "2025-03-12", "Amsterdam", &["wonen"], Some("T-1")),
        complaint("K-009", "2018-12-31", "Amsterdam", &["wonen"], None),
    ];
    for i in 0..30 {
        complaints.push(complaint(
            &format!("K-1{i:02}"),
            &format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 27),
            if i % 3 == 0 { "Amsterdam" } else { "Almere" },
            if i % 4 == 0 {
                &["jeugd", "wonen"]
            } else {
                &["wonen"]
            },
            None,
        ));
    }
    let excerpt = |id: &str, text: &str| Excerpt {
        id: id.into(),
        date: d("2025-01-02"),
        municipality: "Zaanstad".into(),
        text: crate::guard::Guard::new().redact_text(text).0,
    };
    ReportInput {
        generated_at: "2025-03-13T03:14:00+01:00".into(),
        as_of_year: 2025,
        from_year: Some(2019),
        to_year: None,
        municipalities: vec![
            "Amsterdam".into(),
            "Almere".into(),
            "Zaanstad".into(),
            "Landsmeer".into(),
        ],
        corpus: CorpusInfo {
            total_complaints: 39,
            rejected_total: 2,
            first_date: Some(d("2018-12-31")),
            last_date: Some(d("2025-03-12")),
        },
        model: ModelInfo {
            encoder: "multilingual-e5-small".into(),
            encoder_hash: "ab12cd34".into(),
            classifier: "themes-logreg-v3".into(),
            classifier_hash: "ef56".into(),
            evaluation: Some(EvalSummary {
                macro_f1: 0.8125,
                micro_f1: 0.85,
                per_theme: vec![ThemeScore {
                    theme: "jeugd".into(),
                    precision: 0.9,
                    recall: 0.8,
                    f1: 0.847,
                    support: 40,
                }],
                baseline_macro_f1: Some(0.61),
                test_set: "corpora/labelled/test.jsonl".into(),
                evaluated_at: "2025-03-01T02:00:00+01:00".into(),
            }),
        },
        themes: vec![
            ThemeInfo {
                name: "jeugd".into(),
                description: "Jeugdzorg en onderwijs".into(),
            },
            ThemeInfo {
                name: "wonen".into(),
                description: "Huisvesting".into(),
            },
            ThemeInfo {
                name: "toeslagen".into(),
                description: "Toeslagen & herstel".into(),
            },
        ],
        complaints,
        threads: vec![
            ThreadRow {
                id: "T-1".into(),
                label: "Terugvordering <toeslag> & \"herstel\"".into(),
                keywords: vec!["=HYPERLINK(1)".into(), "terugvordering".into()],
                size: 4,
                trend: Trend::Growing,
                trend_statistic: 2.345,
                trend_explanation: "Meer klachten in 2025 dan verwacht.".into(),
                per_year: BTreeMap::from([(2023, 1), (2024, 1), (2025, 2)]),
                per_municipality: BTreeMap::from([
                    ("Zaanstad".into(), 2),
                    ("Almere".into(), 1),
                    ("Amsterdam".into(), 1),
                ]),
                concentrated_in: Some("Zaanstad".into()),
                themes: BTreeMap::from([("toeslagen".into(), 3), ("wonen".into(), 3)]),
                cohesion: 0.71,
                representatives: vec![
                    excerpt(
                        "K-006",
                        "Mevrouw [NAAM] schrijft: <script>alert('x')</script> & meer.",
                    ),
                    excerpt("K-002", "Regel 1\nRegel 2 met [BSN]."),
                    excerpt("K-004", "Derde."),
                    excerpt("K-008", "Vierde, niet getoond."),
                ],
            },
            ThreadRow {
                id: "T-2".into(),
                label: "Wachtlijst jeugdzorg".into(),
                keywords: vec!["wachtlijst".into()],
                size: 1,
                trend: Trend::Fading,
                trend_statistic: -1.0,
                trend_explanation: "Minder klachten.".into(),
                per_year: BTreeMap::from([(2024, 1)]),
                per_municipality: BTreeMap::from([("Zaanstad".into(), 1)]),
                concentrated_in: None,
                themes: BTreeMap::from([("jeugd".into(), 1)]),
                cohesion: 0.5,
                representatives: vec![],
            },
        ],
    }
}

fn empty_input() -> ReportInput {
    ReportInput {
        generated_at: "2025-03-13T03:14:00Z".into(),
        as_of_year: 2025,
        from_year: None,
        to_year: None,
        municipalities: vec![],
        corpus: CorpusInfo {
            total_complaints: 0,
            rejected_total: 0,
            first_date: None,
            last_date: None,
        },
        model: ModelInfo {
            encoder: "e".into(),
            encoder_hash: "h".into(),
            classifier: "c".into(),
            classifier_hash: "h".into(),
            evaluation: None,
        },
        themes: vec![],
        complaints: vec![],
        threads: vec![],
    }
}

fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "CSV must start with a UTF-8 BOM"
    );
    let mut r = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[3..]);
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn html_of(r: &RenderedReport) -> String {
    String::from_utf8(r.file(INDEX_HTML).unwrap().to_vec()).unwrap()
}

#[test]
fn csv_year_and_theme_totals_equal_complaint_counts() {
    let input = fixture();
    let r = render(&input).unwrap();
    let rows = read_csv(r.file(THEMES_PER_YEAR_CSV).unwrap());
    let header = &rows[0];
    assert_eq!(header.first().unwrap(), "jaar");
    assert_eq!(header.last().unwrap(), "klachten");
    assert!(header.contains(&NO_THEME.to_string()));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let in_period: Vec<&ComplaintRow> = input
        .complaints
        .iter()
        .filter(|c| chrono::Datelike::year(&c.date) >= 2019)
        .collect();
    for row in &rows[1..rows.len() - 1] {
        let year: i32 = row[0].parse().unwrap();
        let of_year: Vec<&&ComplaintRow> = in_period
            .iter()
            .filter(|c| chrono::Datelike::year(&c.date) == year)
            .collect();
        assert_eq!(
            row[col("klachten")].parse::<usize>().unwrap(),
            of_year.len(),
            "year {year}"
        );
        for theme in ["jeugd", "wonen", "toeslagen", "onderwijs"] {
            let n = of_year
                .iter()
                .filter(|c| c.themes.iter().any(|t| t == theme))
                .count();
            assert_eq!(
                row[col(theme)].parse::<usize>().unwrap(),
                n,
                "{theme} {year}"
            );
        }
        let none = of_year.iter().filter(|c| c.themes.is_empty()).count();
        assert_eq!(row[col(NO_THEME)].parse::<usize>().unwrap(), none);
        // Every complaint is in at least one theme column.
        let theme_sum: usize = (1..header.len() - 1)
            .map(|i| row[i].parse::<usize>().unwrap())
            .sum();
        assert!(theme_sum >= of_year.len());
    }
    let total = rows.last().unwrap();
    assert_eq!(total[0], "totaal");
    assert_eq!(
        total[col("klachten")].parse::<usize>().unwrap(),
        in_period.len()
    );
    assert_eq!(
        total[col("jeugd")].parse::<usize>().unwrap(),
        in_period
            .iter()
            .filter(|c| c.themes.contains(&"jeugd".to_string()))
            .count()
    );
    // The 2018 complaint is outside the period; years 2019..=2025 are all present.
    assert_eq!(rows.len(), 1 + 7 + 1);

    // Per municipality and year: klachten adds up to the year totals.
    let mrows = read_csv(r.file(THEMES_PER_MUNICIPALITY_YEAR_CSV).unwrap());
    let mh = &mrows[0];
    let kl = mh.iter().position(|h| h == "klachten").unwrap();
    let mut per_year: BTreeMap<String, usize> = BTreeMap::new();
    for row in &mrows[1..] {
        *per_year.entry(row[1].clone()).or_default() += row[kl].parse::<usize>().unwrap();
    }
    for row in &rows[1..rows.len() - 1] {
        assert_eq!(
            per_year[&row[0]],
            row[col("klachten")].parse::<usize>().unwrap()
        );
    }
    // Landsmeer has no complaints but gets its rows.
    assert!(mrows.iter().any(|r| r[0] == "Landsmeer"));

    // complaints.csv: one row per complaint in the period.
    let crows = read_csv(r.file(COMPLAINTS_CSV).unwrap());
    assert_eq!(crows[0], ["id", "datum", "gemeente", "thema's", "draad"]);
    assert_eq!(crows.len() - 1, in_period.len());
}

#[test]
fn threads_csv_has_year_columns_and_defuses_formulas() {
    let r = render(&fixture()).unwrap();
    let rows = read_csv(r.file(THREADS_CSV).unwrap());
    let h = &rows[0];
    let y2025 = h.iter().position(|c| c == "2025").unwrap();
    let t1 = rows.iter().find(|r| r[0] == "T-1").unwrap();
    assert_eq!(t1[y2025], "2");
    assert_eq!(t1[3], "2,35", "decimal comma");
    let kw = h.iter().position(|c| c == "trefwoorden").unwrap();
    assert_eq!(t1[kw], "'=HYPERLINK(1), terugvordering", "formula defused");
    // Emerging/growing first.
    assert_eq!(rows[1][0], "T-1");
    let raw = String::from_utf8(r.file(THREADS_CSV).unwrap().to_vec()).unwrap();
    assert!(raw.contains("\r\n"));
}

#[test]
fn same_input_same_bytes_and_only_generated_at_varies() {
    let input = fixture();
    let a = render(&input).unwrap();
    let b = render(&input).unwrap();
    assert_eq!(a.files, b.files);
    let mut later = input.clone();
    later.generated_at = "2025-03-14T03:15:00+01:00".into();
    let c = render(&later).unwrap();
    for ((name, x), (_, y)) in a.files.iter().zip(&c.files) {
        if name.ends_with(".csv") {
            assert_eq!(x, y, "{name} must not depend on the run time");
        }
    }
    let mut ja: serde_json::Value = serde_json::from_slice(a.file(REPORT_JSON).unwrap()).unwrap();
    let mut jc: serde_json::Value = serde_json::from_slice(c.file(REPORT_JSON).unwrap()).unwrap();
    for j in [&mut ja, &mut jc] {
        let o = j.as_object_mut().unwrap();
        o.remove("generated_at").unwrap();
        o.remove("generated_at_display").unwrap();
    }
    assert_eq!(ja, jc);
}

#[test]
fn excerpts_and_labels_are_escaped() {
    let r = render(&fixture()).unwrap();
    let html = html_of(&r);
    assert!(
        !html.contains("<script"),
        "no script element may reach the page"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; meer."));
    assert!(html.contains("Terugvordering &lt;toeslag&gt; &amp; &quot;herstel&quot;"));
    assert!(!html.contains("<toeslag>"));
    // Only the first three excerpts are shown.
    assert!(!html.contains("Vierde, niet getoond."));
    assert!(html.contains("Regel 1\nRegel 2 met [BSN]."));
}

#[test]
fn page_is_offline_and_dutch() {
    let r = render(&fixture()).unwrap();
    let html = html_of(&r);
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no URLs in index.html"
    );
    assert!(!html.contains("<link") && !html.contains("@import") && !html.contains("src="));
    assert!(html.contains("<html lang=\"nl\">"));
    for heading in [
        "Kerncijfers",
        "Signalen",
        "Per gemeente",
        "Hoe dit rapport is gemaakt",
        "Groeiend",
        "Afnemend",
    ] {
        assert!(html.contains(heading), "{heading}");
    }
    assert!(html.contains("@media print"));
}

#[test]
fn every_figure_on_the_page_matches_report_json() {
    let r = render(&fixture()).unwrap();
    let html = html_of(&r);
    let json: serde_json::Value = serde_json::from_slice(r.file(REPORT_JSON).unwrap()).unwrap();
    let re = regex::Regex::new(r#"<span data-figure="([^"]+)">([^<]*)</span>"#).unwrap();
    let mut n = 0;
    for cap in re.captures_iter(&html) {
        let display = &json["figures"][&cap[1]]["display"];
        assert_eq!(display.as_str(), Some(&cap[2]), "figure {}", &cap[1]);
        n += 1;
    }
    assert!(n > 100, "only {n} figures");
    // Spot checks, Dutch formatting: 2025 has 3 complaints, 2024 has 33.
    assert_eq!(json["figures"]["complaints_2025"]["display"], "3");
    assert_eq!(json["figures"]["complaints_2024"]["display"], "33");
    assert_eq!(json["figures"]["complaints_change_abs"]["display"], "-30");
    assert_eq!(
        json["figures"]["complaints_change_pct"]["display"],
        "-90,9%"
    );
    assert_eq!(json["figures"]["complaints_change_pct"]["value"], -90.9);
    assert_eq!(json["figures"]["eval_macro_f1"]["display"], "0,81");
    assert_eq!(
        json["figures"]["thread_t-1_trend_statistic"]["display"],
        "2,35"
    );
    // As-of year incomplete (last complaint 12 March): same-period comparison present.
    assert_eq!(json["figures"]["ytd_current"]["value"], 3);
    assert!(html.contains("data-figure=\"ytd_previous\""));
}

#[test]
fn every_chart_has_an_svg_with_marks() {
    let r = render(&fixture()).unwrap();
    let html = html_of(&r);
    for chart in &r.view.charts {
        let start = html
            .find(&format!("data-chart=\"{}\"", chart.id))
            .unwrap_or_else(|| panic!("{}", chart.id));
        let end = start + html[start..].find("</figure>").unwrap();
        let fig = &html[start..end];
        assert!(fig.contains("<svg"), "{}", chart.id);
        let nonzero: usize = chart
            .series
            .iter()
            .flat_map(|s| &s.values)
            .filter(|v| **v > 0)
            .count();
        let marks = fig.matches("<rect").count() + fig.matches("<circle").count();
        assert!(
            marks >= nonzero,
            "{}: {marks} marks for {nonzero} values",
            chart.id
        );
    }
    let ids: Vec<&str> = r.view.charts.iter().map(|c| c.id.as_str()).collect();
    for id in [
        "themes_per_year",
        "municipality_theme",
        "complaints_per_month",
        "thread_timelines",
        "municipality_zaanstad_themes_per_year",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
    // Landsmeer has no complaints, hence no chart.
    assert!(!ids.contains(&"municipality_landsmeer_themes_per_year"));
}

#[test]
fn signals_come_first_and_municipalities_list_their_threads() {
    let v = build_view(&fixture()).unwrap();
    assert_eq!(v.signals[0].id, "T-1");
    assert_eq!(v.signals[0].representatives.len(), 3);
    let zaanstad = v
        .per_municipality
        .iter()
        .find(|m| m.name == "Zaanstad")
        .unwrap();
    assert_eq!(zaanstad.threads.len(), 2);
    assert!(zaanstad.threads[0].concentrated_here);
    let names: Vec<&str> = v.municipalities.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        ["Amsterdam", "Almere", "Zaanstad", "Landsmeer", "Diemen"]
    );
    let themes: Vec<&str> = v.themes.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        themes,
        ["jeugd", "wonen", "toeslagen", "onderwijs", NO_THEME]
    );
    // The per-month chart ends at the last complaint's month.
    assert_eq!(
        v.counts.complaints_per_month.last().unwrap().month,
        "2025-03"
    );
    assert_eq!(v.counts.complaints_per_month.len(), 24);
}

#[test]
fn zero_complaints_still_renders() {
    let r = render(&empty_input()).unwrap();
    let html = html_of(&r);
    assert!(html.contains("Er zijn geen klachten"));
    assert!(html.contains("geen evaluatie"));
    assert!(r.view.charts.is_empty());
    let rows = read_csv(r.file(THEMES_PER_YEAR_CSV).unwrap());
    assert_eq!(rows.last().unwrap().last().unwrap(), "0");
}

#[test]
fn invalid_input_is_refused() {
    let mut input = fixture();
    input.complaints.push(input.complaints[0].clone());
    assert!(matches!(render(&input), Err(ReportError::InvalidInput(_))));
    let mut input = fixture();
    input.from_year = Some(2026);
    input.to_year = Some(2020);
    assert!(matches!(render(&input), Err(ReportError::InvalidInput(_))));
}

fn hidden_leftovers(parent: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn write_report_replaces_an_existing_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("rapport");
    let paths = write_report(&out, &empty_input()).unwrap();
    assert!(std::fs::read_to_string(&paths.index_html)
        .unwrap()
        .contains("geen klachten"));
    let paths = write_report(&out, &fixture()).unwrap();
    let html = std::fs::read_to_string(&paths.index_html).unwrap();
    assert!(html.contains("Wachtlijst jeugdzorg"));
    for p in [
        &paths.report_json,
        &paths.themes_per_year_csv,
        &paths.themes_per_municipality_year_csv,
        &paths.threads_csv,
        &paths.complaints_csv,
    ] {
        assert!(p.is_file(), "{}", p.display());
    }
    assert!(hidden_leftovers(tmp.path()).is_empty());
}

#[test]
fn failed_write_leaves_the_old_report_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("rapport");
    write_report(&out, &fixture()).unwrap();
    let before = std::fs::read(out.join(INDEX_HTML)).unwrap();
    // The second file's folder cannot be created inside the temp folder: writing fails midway.
    let files: Vec<(&str, &[u8])> =
        vec![(INDEX_HTML, b"new"), ("no-such-folder/threads.csv", b"x")];
    let err = replace_dir_atomically(&out, &files).unwrap_err();
    assert!(matches!(err, ReportError::Io { .. }), "{err}");
    assert_eq!(std::fs::read(out.join(INDEX_HTML)).unwrap(), before);
    assert!(
        hidden_leftovers(tmp.path()).is_empty(),
        "temp folder must be cleaned up"
    );

    // An out_dir that is a file is refused; an out_dir below a file cannot be created.
    let file = tmp.path().join("bestand");
    std::fs::write(&file, b"x").unwrap();
    assert!(matches!(
        write_report(&file, &fixture()),
        Err(ReportError::OutDir(..))
    ));
    assert!(matches!(
        write_report(&file.join("rapport"), &fixture()),
        Err(ReportError::Io { .. })
    ));
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

#[test]
fn interrupted_swap_is_recovered() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("rapport");
    write_report(&out, &fixture()).unwrap();
    let before = std::fs::read(out.join(INDEX_HTML)).unwrap();
    // Simulate a crash between the two renames, with a stale temp folder next to it.
    std::fs::rename(&out, tmp.path().join(".rapport.old-1-0")).unwrap();
    std::fs::create_dir(tmp.path().join(".rapport.tmp-1-1")).unwrap();
    recover_interrupted(tmp.path(), "rapport", &out).unwrap();
    assert_eq!(std::fs::read(out.join(INDEX_HTML)).unwrap(), before);
    assert!(hidden_leftovers(tmp.path()).is_empty());
}
