//! Renders the morning report in headless Chromium and checks what a researcher would see.
//!
//! Why a real browser: the page must work offline from a single file, and only a browser can
//! say that the inline SVG charts parse and that the numbers on the page are the ones in
//! `report.json`. The test builds a realistic `ReportInput` by hand (no torch, no index): a few
//! hundred synthetic complaints over 2019–2025 in the seven municipalities, with six threads.
//!
//! Needs `chromium` (Debian: `apt-get install -y chromium`; `scripts/setup.sh` installs it) or
//! the path in `$RODEDRAAD_CHROMIUM`. **Fails, never skips, when Chromium cannot run.**
//!
//! Leaves the report, the DOM dump, a 1280×4000 screenshot and a print PDF in
//! `$CARGO_TARGET_TMPDIR/report-test/` for a person to look at (paths are printed; run with
//! `--nocapture` to see them).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use regex::Regex;
use rodedraad::report::{
    write_report, ComplaintRow, CorpusInfo, EvalSummary, Excerpt, ModelInfo, ReportInput,
    ThemeInfo, ThemeScore, ThreadRow, Trend,
};

const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(120);

/// Small deterministic generator (xorshift64*), so the test needs no `rand`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn weighted<'a, T>(&mut self, items: &'a [(T, f64)]) -> &'a T {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for (item, w) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }
}

const MUNICIPALITIES: [(&str, f64); 7] = [
    ("Amsterdam", 0.55),
    ("Almere", 0.14),
    ("Zaanstad", 0.12),
    ("Amstelveen", 0.08),
    ("Diemen", 0.05),
    ("Waterland", 0.03),
    ("Landsmeer", 0.03),
];

const THEMES: [(&str, &str, f64); 5] = [
    (
        "jeugd",
        "Jeugdhulp, thuiszitters en passend onderwijs",
        0.25,
    ),
    ("wonen", "Woningnood, noodopvang en urgentie", 0.25),
    (
        "toeslagen",
        "Toeslagen, terugvorderingen en de hersteloperatie",
        0.15,
    ),
    ("zorg", "Wmo-voorzieningen en zorg thuis", 0.2),
    ("handhaving", "Parkeren, boetes en handhaving", 0.15),
];

struct ThreadSpec {
    id: &'static str,
    label: &'static str,
    keywords: &'static [&'static str],
    trend: Trend,
    statistic: f64,
    explanation: &'static str,
    per_year: &'static [(i32, usize)],
    municipalities: &'static [(&'static str, f64)],
    concentrated_in: Option<&'static str>,
    themes: &'static [&'static str],
    cohesion: f32,
    excerpts: &'static [&'static str],
}

const THREADS: [ThreadSpec; 6] = [
    ThreadSpec {
        id: "RD-2025-014",
        label: "Terugvordering energietoeslag na verhuizing",
        keywords: &["energietoeslag", "terugvordering", "verhuizing", "inkomensgrens"],
        trend: Trend::Emerging,
        statistic: 4.12,
        explanation: "19 klachten in 2025 tegen 2 in 2024; Poisson-toets p < 0,001.",
        per_year: &[(2024, 2), (2025, 19)],
        municipalities: &[("Zaanstad", 0.7), ("Amsterdam", 0.2), ("Landsmeer", 0.1)],
        concentrated_in: Some("Zaanstad"),
        themes: &["toeslagen"],
        cohesion: 0.78,
        excerpts: &[
            "Ik ben [NAAM] en ik ben in maart verhuisd naar [ADRES]. Nu moet ik de hele energietoeslag \
             terugbetalen omdat mijn inkomen over twee adressen is opgeteld. Niemand bij de gemeente kan mij \
             uitleggen waarom.",
            "Mijn moeder (BSN [BSN]) kreeg een brief dat zij € 1.300 moet terugbetalen. Zij woont sinds januari \
             in het verpleeghuis. Bellen naar [TELEFOON] levert niets op.",
            "Wij kregen de toeslag in 2023 en nu een terugvordering zonder bezwaarmogelijkheid. Testtekst met \
             <script>alert('xss')</script> moet als tekst verschijnen.",
        ],
    },
    ThreadSpec {
        id: "RD-2024-007",
        label: "Thuiszitters: geen passende plek, geen regie",
        keywords: &["thuiszitter", "passend onderwijs", "zorgaanbieder", "wachtlijst"],
        trend: Trend::Growing,
        statistic: 2.6,
        explanation: "Stijgend sinds 2022 (helling +4,1 klachten per jaar, p = 0,01).",
        per_year: &[(2021, 2), (2022, 4), (2023, 7), (2024, 11), (2025, 13)],
        municipalities: &[("Amsterdam", 0.5), ("Almere", 0.3), ("Amstelveen", 0.1), ("Diemen", 0.1)],
        concentrated_in: None,
        themes: &["jeugd", "zorg"],
        cohesion: 0.69,
        excerpts: &[
            "Onze zoon [NAAM] (12) zit al sinds de herfstvakantie thuis. School, samenwerkingsverband en \
             wijkteam verwijzen naar elkaar. Niemand neemt de regie.",
            "Na de verhuizing naar [WOONPLAATS] is de indicatie vervallen en staan we weer onderaan de \
             wachtlijst van [ORGANISATIE].",
            "Mijn dochter heeft een diagnose maar geen plek. Ik ben mijn baan kwijtgeraakt omdat ik thuis \
             moet blijven.",
        ],
    },
    ThreadSpec {
        id: "RD-2023-003",
        label: "Gezinnen lang in noodopvang zonder perspectief",
        keywords: &["noodopvang", "urgentie", "gezin", "doorstroom"],
        trend: Trend::Growing,
        statistic: 1.9,
        explanation: "Meer klachten in 2024 en 2025 dan het gemiddelde van de jaren daarvoor.",
        per_year: &[(2022, 3), (2023, 5), (2024, 8), (2025, 9)],
        municipalities: &[("Amsterdam", 0.8), ("Almere", 0.1), ("Diemen", 0.1)],
        concentrated_in: Some("Amsterdam"),
        themes: &["wonen", "jeugd"],
        cohesion: 0.74,
        excerpts: &[
            "Wij wonen met drie kinderen al veertien maanden in één kamer in de noodopvang. De urgentie is \
             afgewezen omdat wij 'niet dakloos' zijn.",
            "[NAAM] vraagt al een jaar om een gesprek met de woonconsulent. Mail naar [E-MAIL] wordt niet \
             beantwoord.",
            "De kinderen moeten elke dag anderhalf uur reizen naar school omdat de opvang ver weg is.",
        ],
    },
    ThreadSpec {
        id: "RD-2021-002",
        label: "Parkeervergunning: digitaal loket weigert bewijsstukken",
        keywords: &["parkeervergunning", "digitaal loket", "upload", "mantelzorg"],
        trend: Trend::Stable,
        statistic: 0.3,
        explanation: "Ongeveer even veel klachten per jaar sinds 2021.",
        per_year: &[(2021, 4), (2022, 5), (2023, 4), (2024, 5), (2025, 3)],
        municipalities: &[("Amsterdam", 0.6), ("Amstelveen", 0.4)],
        concentrated_in: None,
        themes: &["handhaving"],
        cohesion: 0.66,
        excerpts: &[
            "Het loket accepteert mijn mantelzorgverklaring niet als pdf. Ondertussen krijg ik boetes op \
             kenteken [KENTEKEN].",
            "Ik heb geen DigiD-machtiging voor mijn vader en kan daarom de vergunning niet verlengen.",
            "Drie keer geüpload, drie keer 'bestand ongeldig'. Bellen kan alleen tijdens werktijd.",
        ],
    },
    ThreadSpec {
        id: "RD-2019-001",
        label: "Hersteloperatie toeslagen: trage compensatie",
        keywords: &["hersteloperatie", "compensatie", "schulden", "brede ondersteuning"],
        trend: Trend::Fading,
        statistic: -2.2,
        explanation: "Minder klachten sinds 2022 (helling -3,0 per jaar).",
        per_year: &[(2019, 3), (2020, 9), (2021, 12), (2022, 8), (2023, 5), (2024, 3), (2025, 1)],
        municipalities: &[("Amsterdam", 0.5), ("Zaanstad", 0.2), ("Almere", 0.2), ("Waterland", 0.1)],
        concentrated_in: None,
        themes: &["toeslagen"],
        cohesion: 0.72,
        excerpts: &[
            "Ik ben erkend als gedupeerde maar de gemeente houdt nog steeds beslag op mijn uitkering \
             (dossier [DOSSIERNUMMER]).",
            "De brede ondersteuning belooft hulp maar na acht maanden heb ik nog geen vaste contactpersoon.",
            "Mijn schulden zouden worden kwijtgescholden; de deurwaarder staat nog steeds voor de deur.",
        ],
    },
    ThreadSpec {
        id: "RD-2022-005",
        label: "Wmo-huishoudelijke hulp: indicatie zonder keukentafelgesprek",
        keywords: &["huishoudelijke hulp", "Wmo", "indicatie", "keukentafelgesprek"],
        trend: Trend::Stable,
        statistic: -0.4,
        explanation: "Schommelt rond vijf klachten per jaar.",
        per_year: &[(2022, 6), (2023, 5), (2024, 6), (2025, 4)],
        municipalities: &[("Almere", 0.4), ("Amsterdam", 0.3), ("Diemen", 0.2), ("Landsmeer", 0.1)],
        concentrated_in: None,
        themes: &["zorg"],
        cohesion: 0.63,
        excerpts: &[
            "Mijn uren huishoudelijke hulp zijn gehalveerd zonder dat er iemand is langsgekomen.",
            "Het besluit noemt [NAAM] als aanvrager, maar ik heb nooit iets aangevraagd.",
            "Telefonisch 'gesprek' van tien minuten en daarna een afwijzing.",
        ],
    },
];

fn date_in(rng: &mut Rng, year: i32, last: NaiveDate) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap().min(last);
    let days = (end - start).num_days().max(0) as usize + 1;
    start + chrono::Duration::days(rng.below(days) as i64)
}

/// A realistic report input: ~470 complaints 2019 – 30 Sept 2025, six threads.
fn synthetic_input() -> ReportInput {
    let mut rng = Rng(0x5EED_2025_0E1D);
    let last = NaiveDate::from_ymd_opt(2025, 9, 30).unwrap();
    let municipalities: Vec<(&str, f64)> = MUNICIPALITIES.to_vec();
    let themes: Vec<(&str, f64)> = THEMES.iter().map(|(n, _, w)| (*n, *w)).collect();
    let mut complaints: Vec<ComplaintRow> = Vec::new();
    let mut serial = 0usize;
    let mut next_id = |year: i32| {
        serial += 1;
        format!("OMA-{year}-{serial:05}")
    };
    // Background complaints: growing volume, partial 2025.
    for (year, n) in [
        (2019, 38),
        (2020, 44),
        (2021, 47),
        (2022, 52),
        (2023, 58),
        (2024, 66),
        (2025, 51),
    ] {
        for _ in 0..n {
            let date = date_in(&mut rng, year, last);
            let municipality = rng.weighted(&municipalities).to_string();
            let mut ts: Vec<String> = Vec::new();
            if rng.unit() > 0.1 {
                ts.push(rng.weighted(&themes).to_string());
                if rng.unit() < 0.15 {
                    let second = rng.weighted(&themes).to_string();
                    if second != ts[0] {
                        ts.push(second);
                    }
                }
            }
            complaints.push(ComplaintRow {
                id: next_id(year),
                date,
                municipality,
                themes: ts,
                thread: None,
            });
        }
    }
    let mut threads = Vec::new();
    for spec in &THREADS {
        let mut mine: Vec<ComplaintRow> = Vec::new();
        for (year, n) in spec.per_year {
            for _ in 0..*n {
                let date = date_in(&mut rng, *year, last);
                let municipality = rng.weighted(spec.municipalities).to_string();
                mine.push(ComplaintRow {
                    id: next_id(*year),
                    date,
                    municipality,
                    themes: spec.themes.iter().map(|t| t.to_string()).collect(),
                    thread: Some(spec.id.to_string()),
                });
            }
        }
        mine.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
        let mut per_year = BTreeMap::new();
        let mut per_municipality = BTreeMap::new();
        let mut theme_counts = BTreeMap::new();
        for c in &mine {
            *per_year.entry(chrono::Datelike::year(&c.date)).or_insert(0) += 1;
            *per_municipality.entry(c.municipality.clone()).or_insert(0) += 1;
            for t in &c.themes {
                *theme_counts.entry(t.clone()).or_insert(0) += 1;
            }
        }
        let representatives = mine
            .iter()
            .zip(spec.excerpts)
            .map(|(c, text)| Excerpt {
                id: c.id.clone(),
                date: c.date,
                municipality: c.municipality.clone(),
                // Through the real guard: the report accepts only redacted text.
                text: rodedraad::guard::Guard::new().redact_text(text).0,
            })
            .collect();
        threads.push(ThreadRow {
            id: spec.id.into(),
            label: spec.label.into(),
            keywords: spec.keywords.iter().map(|k| k.to_string()).collect(),
            size: mine.len(),
            trend: spec.trend,
            trend_statistic: spec.statistic,
            trend_explanation: spec.explanation.into(),
            per_year,
            per_municipality,
            concentrated_in: spec.concentrated_in.map(Into::into),
            themes: theme_counts,
            cohesion: spec.cohesion,
            representatives,
        });
        complaints.extend(mine);
    }
    complaints.sort_by(|a, b| a.id.cmp(&b.id));
    let first_date = complaints.iter().map(|c| c.date).min();
    let last_date = complaints.iter().map(|c| c.date).max();
    ReportInput {
        generated_at: "2025-10-01T04:12:37+02:00".into(),
        as_of_year: 2025,
        from_year: Some(2019),
        to_year: Some(2025),
        municipalities: MUNICIPALITIES.iter().map(|(m, _)| m.to_string()).collect(),
        corpus: CorpusInfo {
            total_complaints: complaints.len(),
            rejected_total: 7,
            first_date,
            last_date,
        },
        model: ModelInfo {
            encoder: "multilingual-e5-small (4-bit, geconverteerd)".into(),
            encoder_hash: "9f2c41d7a0b35e8c61f4d2a97b0e3c55d18a6f40e2b7c9d3a1f5e8b4c6d2a0f7".into(),
            classifier: "thema-classificatie logistische regressie v3".into(),
            classifier_hash: "4be1a7c09d2f6e83b5a1c7d9e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7"
                .into(),
            evaluation: Some(EvalSummary {
                macro_f1: 0.784,
                micro_f1: 0.812,
                per_theme: THEMES
                    .iter()
                    .enumerate()
                    .map(|(i, (t, _, _))| ThemeScore {
                        theme: t.to_string(),
                        precision: 0.74 + 0.03 * i as f64,
                        recall: 0.81 - 0.04 * i as f64,
                        f1: 0.77 - 0.01 * i as f64,
                        support: 60 - 7 * i,
                    })
                    .collect(),
                baseline_macro_f1: Some(0.612),
                test_set: "corpora/labelled/test.jsonl (300 brieven)".into(),
                evaluated_at: "2025-09-28T02:00:00+02:00".into(),
            }),
        },
        themes: THEMES
            .iter()
            .map(|(n, d, _)| ThemeInfo {
                name: n.to_string(),
                description: d.to_string(),
            })
            .collect(),
        complaints,
        threads,
    }
}

fn find_chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("RODEDRAAD_CHROMIUM") {
        return PathBuf::from(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "Chromium not found: this test needs a headless browser and does not skip. Install it with \
         `apt-get install -y chromium` (scripts/setup.sh does this) or set RODEDRAAD_CHROMIUM to its path."
    );
}

/// Runs Chromium headless with `args` on `url`; returns stdout. Panics (with stderr) on failure
/// or after [`CHROMIUM_TIMEOUT`].
fn chromium(bin: &Path, work: &Path, args: &[String], url: &str) -> (String, String) {
    let profile = tempfile::tempdir().expect("temp profile dir");
    let stdout_path = work.join("chromium.stdout");
    let stderr_path = work.join("chromium.stderr");
    let mut child = Command::new(bin)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
        ])
        .arg("--disable-extensions")
        .arg("--hide-scrollbars")
        .arg("--enable-logging=stderr")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path).unwrap())
        .stderr(fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start Chromium at {}: {e}", bin.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for Chromium") {
            break status;
        }
        if started.elapsed() > CHROMIUM_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "Chromium did not finish within {CHROMIUM_TIMEOUT:?} ({args:?}); stderr:\n{}",
                fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stdout = fs::read_to_string(&stdout_path).unwrap_or_default();
    let stderr = fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(
        status.success(),
        "Chromium failed ({status}) for {args:?}; stderr:\n{stderr}"
    );
    (stdout, stderr)
}

fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for c in path.to_str().expect("UTF-8 path").chars() {
        match c {
            ' ' => url.push_str("%20"),
            '#' => url.push_str("%23"),
            '%' => url.push_str("%25"),
            '?' => url.push_str("%3F"),
            other => url.push(other),
        }
    }
    url
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `1.234` → 1234, `+12,5%` → 12.5, `n.v.t.` → None.
fn parse_dutch(s: &str) -> Option<f64> {
    if s == "n.v.t." {
        return None;
    }
    let t = s
        .trim_start_matches('+')
        .trim_end_matches('%')
        .replace('.', "")
        .replace(',', ".");
    Some(
        t.parse()
            .unwrap_or_else(|_| panic!("not a Dutch number: {s:?}")),
    )
}

#[test]
fn report_renders_in_headless_chromium() {
    let bin = find_chromium();
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-test");
    fs::create_dir_all(&work).unwrap();
    let out = work.join("rapport");
    let input = synthetic_input();
    assert!(
        input.complaints.len() > 300,
        "{} complaints",
        input.complaints.len()
    );
    let paths = write_report(&out, &input).expect("write_report");
    let index = fs::canonicalize(&paths.index_html).unwrap();
    let url = file_url(&index);
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(&paths.report_json).unwrap()).unwrap();

    // 1. The DOM as Chromium parsed it.
    let (dom, stderr) = chromium(&bin, &work, &["--dump-dom".to_string()], &url);
    fs::write(work.join("dom.html"), &dom).unwrap();
    assert!(
        dom.contains("<html lang=\"nl\">"),
        "no Dutch page in the DOM dump:\n{}",
        &dom[..dom.len().min(500)]
    );
    // With --enable-logging=stderr Chromium logs console messages, among them every request or
    // script the page's Content-Security-Policy blocked. The page has no scripts: expect none.
    assert!(
        !stderr.contains("Content Security Policy") && !stderr.contains(":CONSOLE"),
        "the page logged console messages (a blocked load or script?):\n{stderr}"
    );
    assert!(!dom.contains("<script"), "a script element reached the DOM");
    assert!(
        dom.contains("&lt;script&gt;alert('xss')&lt;/script&gt;"),
        "the excerpt's markup must show as text"
    );
    for text in [
        "Kerncijfers",
        "Signalen",
        "Per gemeente",
        "Hoe dit rapport is gemaakt",
        "Opkomend",
        "Groeiend",
    ] {
        assert!(dom.contains(text), "{text} missing");
    }

    // 2. Every chart drew: an <svg> with at least one mark per non-zero value.
    let charts = json["charts"].as_array().unwrap();
    let figure_re =
        Regex::new(r#"(?s)<figure class="chart" data-chart="([^"]+)"[^>]*>(.*?)</figure>"#)
            .unwrap();
    let mut seen = BTreeSet::new();
    for cap in figure_re.captures_iter(&dom) {
        let id = cap[1].to_string();
        let body = &cap[2];
        let chart = charts
            .iter()
            .find(|c| c["id"] == id.as_str())
            .unwrap_or_else(|| panic!("chart {id} not in report.json"));
        let nonzero = chart["series"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["values"].as_array().unwrap().iter())
            .filter(|v| v.as_u64().unwrap() > 0)
            .count();
        assert!(body.contains("<svg"), "chart {id} has no <svg>");
        let marks: usize = ["<rect", "<circle", "<path", "<polyline"]
            .iter()
            .map(|m| body.matches(m).count())
            .sum();
        assert!(
            marks >= nonzero.max(3),
            "chart {id}: {marks} marks for {nonzero} non-zero values"
        );
        assert!(
            body.contains("<text"),
            "chart {id} has no tick labels or titles"
        );
        seen.insert(id);
    }
    let expected: BTreeSet<String> = charts
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(seen, expected, "charts on the page vs report.json");
    for id in [
        "themes_per_year",
        "municipality_theme",
        "complaints_per_month",
        "thread_timelines",
    ] {
        assert!(seen.contains(id), "chart {id} missing");
    }
    assert_eq!(seen.len(), 4 + 7, "one chart per municipality");

    // 3. Every number on the page is the one in report.json.
    let figure_span = Regex::new(r#"<span data-figure="([^"]+)">([^<]*)</span>"#).unwrap();
    let mut checked = 0;
    for cap in figure_span.captures_iter(&dom) {
        let key = &cap[1];
        let shown = unescape(&cap[2]);
        let fig = &json["figures"][key];
        assert!(
            fig.is_object(),
            "figure {key} on the page but not in report.json"
        );
        assert_eq!(
            fig["display"].as_str(),
            Some(shown.as_str()),
            "figure {key}"
        );
        match (parse_dutch(&shown), fig["value"].as_f64()) {
            (Some(a), Some(b)) => {
                assert!((a - b).abs() < 1e-9, "figure {key}: page {a} vs json {b}")
            }
            (None, None) => {}
            other => panic!("figure {key}: page/json disagree on presence: {other:?}"),
        }
        checked += 1;
    }
    assert!(checked > 200, "only {checked} figures on the page");
    let total = input.complaints.len() as f64;
    assert_eq!(
        json["figures"]["complaints_total"]["value"].as_f64(),
        Some(total)
    );

    // 4. Pictures for a person: a screenshot and the print layout.
    let shot = work.join("index-1280x4000.png");
    let _ = fs::remove_file(&shot);
    chromium(
        &bin,
        &work,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,4000".into(),
        ],
        &url,
    );
    let size = fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 20_000,
        "screenshot {} is missing or blank ({size} bytes)",
        shot.display()
    );
    let pdf = work.join("index-print.pdf");
    let _ = fs::remove_file(&pdf);
    chromium(
        &bin,
        &work,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
        &url,
    );
    let pdf_size = fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
    assert!(
        pdf_size > 20_000,
        "print PDF {} is missing or too small ({pdf_size} bytes)",
        pdf.display()
    );

    println!("report:     {}", index.display());
    println!("screenshot: {}", shot.display());
    println!("print PDF:  {}", pdf.display());
    println!("DOM dump:   {}", work.join("dom.html").display());
}
