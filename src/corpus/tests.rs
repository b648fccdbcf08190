use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

use super::*;

fn gen(count: usize, seed: u64) -> (Vec<u8>, GenerateSummary) {
    let mut buf = Vec::new();
    let s = generate(&mut buf, &GenerateOptions { count, seed }).expect("generate");
    (buf, s)
}

struct Rec {
    id: String,
    received: NaiveDate,
    municipality: String,
    channel: String,
    text: String,
    themes: Vec<String>,
    thread: Option<String>,
}

fn parse(buf: &[u8]) -> Vec<Rec> {
    let text = std::str::from_utf8(buf).expect("utf-8");
    assert!(text.ends_with('\n'), "JSON Lines end with a newline");
    text.lines()
        .map(|line| {
            // Fixed key order, `thread` never null.
            let keys = [
                "\"id\":",
                "\"received\":",
                "\"municipality\":",
                "\"channel\":",
                "\"text\":",
                "\"themes\":",
            ];
            let mut last = 0;
            for k in keys {
                let p = line
                    .find(k)
                    .unwrap_or_else(|| panic!("missing {k} in {line}"));
                assert!(p >= last, "key order wrong in {line}");
                last = p;
            }
            assert!(line.starts_with("{\"id\":"));
            assert!(!line.contains("\"thread\":null"));
            let v: Value = serde_json::from_str(line).expect("valid JSON");
            let o = v.as_object().expect("object");
            assert!(o.len() == 6 || o.len() == 7, "unexpected keys in {line}");
            if o.len() == 7 {
                assert!(line.rfind("\"thread\":").unwrap() > line.find("\"themes\":").unwrap());
            }
            let s = |k: &str| {
                o[k].as_str()
                    .unwrap_or_else(|| panic!("{k} not a string"))
                    .to_string()
            };
            Rec {
                id: s("id"),
                received: NaiveDate::parse_from_str(&s("received"), "%Y-%m-%d")
                    .expect("valid date"),
                municipality: s("municipality"),
                channel: s("channel"),
                text: s("text"),
                themes: o["themes"]
                    .as_array()
                    .expect("themes array")
                    .iter()
                    .map(|t| t.as_str().unwrap().to_string())
                    .collect(),
                thread: o
                    .get("thread")
                    .map(|t| t.as_str().expect("thread string").to_string()),
            }
        })
        .collect()
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

#[test]
fn same_seed_same_bytes_different_seed_different_bytes() {
    let (a, sa) = gen(1500, 42);
    let (b, sb) = gen(1500, 42);
    assert_eq!(a, b);
    assert_eq!(sa, sb);
    let (c, _) = gen(1500, 43);
    assert_ne!(a, c);
    // Different seeds differ record by record, not just somewhere.
    let la: Vec<&[u8]> = a.split(|&x| x == b'\n').collect();
    let lc: Vec<&[u8]> = c.split(|&x| x == b'\n').collect();
    let same = la.iter().zip(&lc).filter(|(x, y)| x == y).count();
    assert!(same < 5, "{same} identical lines between seeds");
}

#[test]
fn records_are_well_formed() {
    let (buf, summary) = gen(3000, 7);
    let recs = parse(&buf);
    assert_eq!(recs.len(), 3000);
    assert_eq!(summary.written, 3000);
    let planted: BTreeSet<String> = planted_threads(&GenerateOptions {
        count: 3000,
        seed: 7,
    })
    .into_iter()
    .map(|t| t.id)
    .collect();
    let mut ids = BTreeSet::new();
    let mut texts = BTreeSet::new();
    for r in &recs {
        assert!(ids.insert(r.id.clone()), "duplicate id {}", r.id);
        assert!(texts.insert(r.text.clone()), "duplicate text in {}", r.id);
        let y = r.received.year();
        assert!(
            (FIRST_YEAR..=LAST_YEAR).contains(&y),
            "{}: {}",
            r.id,
            r.received
        );
        assert_eq!(
            &r.id[..9],
            &format!("OMA-{y}-"),
            "id year matches received year"
        );
        assert_eq!(r.id.len(), 15);
        assert!(r.id[9..].chars().all(|c| c.is_ascii_digit()));
        assert!(
            MUNICIPALITIES.contains(&r.municipality.as_str()),
            "{}",
            r.municipality
        );
        assert!(CHANNELS.contains(&r.channel.as_str()), "{}", r.channel);
        let mut th = r.themes.clone();
        th.sort();
        th.dedup();
        assert_eq!(
            th, r.themes,
            "themes sorted and unique, as ingest normalises them"
        );
        assert!(r.themes.iter().all(|t| THEMES.contains(&t.as_str())));
        if let Some(t) = &r.thread {
            assert!(planted.contains(t), "unknown thread {t}");
        }
        let n = words(&r.text);
        assert!((15..=400).contains(&n), "{}: {} words", r.id, n);
        assert!(
            !r.text.contains('{') && !r.text.contains('}'),
            "unrendered placeholder in {}: {}",
            r.id,
            r.text
        );
        assert!(
            !r.text.contains("  "),
            "double space in {}: {:?}",
            r.id,
            r.text
        );
    }
    // Within a year, ids increase with the date.
    for w in recs.windows(2) {
        if w[0].received.year() == w[1].received.year() {
            assert!(w[0].received <= w[1].received);
            assert!(w[0].id < w[1].id);
        }
    }
}

#[test]
fn proportions_are_realistic() {
    let (buf, s) = gen(5000, 11);
    let recs = parse(&buf);
    let mut per_muni: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &recs {
        *per_muni.entry(r.municipality.as_str()).or_default() += 1;
    }
    let (largest, &n_largest) = per_muni.iter().max_by_key(|(_, n)| **n).unwrap();
    assert_eq!(*largest, "Amsterdam");
    assert!(
        n_largest as f64 / 5000.0 > 0.6,
        "Amsterdam share {n_largest}"
    );
    assert!(per_muni["Zaanstad"] > per_muni["Almere"]);
    assert!(per_muni["Almere"] > per_muni["Amstelveen"]);
    assert!(per_muni["Amstelveen"] > per_muni["Diemen"]);
    assert!(per_muni["Diemen"] > per_muni["Waterland"]);

    let unthemed = recs.iter().filter(|r| r.themes.is_empty()).count();
    assert!(unthemed as f64 / 5000.0 >= 0.30, "unthemed {unthemed}");
    assert!(unthemed as f64 / 5000.0 <= 0.55, "unthemed {unthemed}");
    assert_eq!(unthemed, s.unthemed);
    for t in THEMES {
        let n = recs
            .iter()
            .filter(|r| r.themes.iter().any(|x| x == t))
            .count();
        assert!(n > 400, "theme {t}: {n}");
        assert_eq!(s.per_theme[t], n);
    }
    let multi = recs.iter().filter(|r| r.themes.len() >= 2).count();
    assert!(
        multi as f64 / 5000.0 > 0.05 && (multi as f64 / 5000.0) < 0.16,
        "multi-label {multi}"
    );

    let threaded = recs.iter().filter(|r| r.thread.is_some()).count();
    assert_eq!(threaded, s.threaded_complaints);
    assert!(
        (0.15..=0.25).contains(&(threaded as f64 / 5000.0)),
        "threaded {threaded}"
    );

    let per_year: BTreeMap<i32, usize> = recs.iter().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(r.received.year()).or_default() += 1;
        m
    });
    assert_eq!(per_year, s.per_year);
    assert!(per_year[&2025] > per_year[&2019], "volume grows");
    assert!(per_year.len() == 7);

    let lens: Vec<usize> = recs.iter().map(|r| words(&r.text)).collect();
    assert!(lens.iter().all(|n| (15..=400).contains(n)));
    let short = lens.iter().filter(|&&n| n <= 60).count();
    let long = lens.iter().filter(|&&n| n >= 200).count();
    assert!(short > 1000, "many short texts ({short})");
    assert!(long > 200, "some long texts ({long})");
    // Several paragraphs in long letters.
    assert!(
        recs.iter()
            .filter(|r| r.text.matches("\n\n").count() >= 3)
            .count()
            > 300
    );

    // Residual personal data: about 2%, and the BSNs pass the 11-proef.
    assert!(
        s.residual_pii >= 40 && s.residual_pii <= 200,
        "residual_pii {}",
        s.residual_pii
    );
    let with_bsn: Vec<&Rec> = recs
        .iter()
        .filter(|r| find_bsn(&r.text).is_some())
        .collect();
    assert!(!with_bsn.is_empty());
    for r in with_bsn {
        assert!(bsn_is_valid(&find_bsn(&r.text).unwrap()), "{}", r.text);
    }
    assert!(recs.iter().any(|r| r.text.contains("06-")));
    assert!(recs.iter().any(|r| r.text.contains("@example.")));
    assert!(recs.iter().any(|r| r.text.contains("[naam]")));
}

/// A 9-digit run (optionally dotted 4.2.3) in the text.
fn find_bsn(text: &str) -> Option<String> {
    for tok in text.split(|c: char| c.is_whitespace() || c == ',' || c == ':') {
        let t = tok.trim_end_matches('.');
        let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() == 9
            && t.chars().all(|c| c.is_ascii_digit() || c == '.')
            && !t.starts_with("06")
        {
            return Some(t.to_string());
        }
    }
    None
}

#[test]
fn planted_threads_have_their_shape() {
    let opts = GenerateOptions {
        count: 20_000,
        seed: 3,
    };
    let (buf, s) = gen(opts.count, opts.seed);
    let recs = parse(&buf);
    let planted = planted_threads(&opts);
    assert!(planted.len() >= 20 && planted.len() <= 30);
    assert_eq!(s.threads, planted.len());
    let trends: BTreeSet<Trend> = planted.iter().map(|t| t.trend).collect();
    assert_eq!(trends.len(), 4, "all four trend kinds are planted");
    assert!(planted.iter().filter(|t| t.municipality.is_some()).count() >= 2);

    for t in &planted {
        let members: Vec<&Rec> = recs
            .iter()
            .filter(|r| r.thread.as_deref() == Some(t.id.as_str()))
            .collect();
        assert!(members.len() >= 15, "{}: {} members", t.id, members.len());
        let channels: BTreeSet<&str> = members.iter().map(|r| r.channel.as_str()).collect();
        assert!(channels.len() >= 2, "{}: channels {channels:?}", t.id);
        let voices: BTreeSet<bool> = members
            .iter()
            .map(|r| r.text.contains("elefoon") || r.text.contains("amens"))
            .collect();
        let _ = voices;
        let munis: BTreeSet<&str> = members.iter().map(|r| r.municipality.as_str()).collect();
        assert!(munis.len() >= 2 || t.municipality.is_some(), "{}", t.id);
        for r in &members {
            let y = r.received.year();
            assert!(
                y >= t.start_year && y <= t.end_year,
                "{} member {} in {y}",
                t.id,
                r.id
            );
            let themes: Vec<String> = r.themes.clone();
            assert_eq!(themes, t.themes);
        }
        let per_year = |y: i32| members.iter().filter(|r| r.received.year() == y).count();
        let first = per_year(t.start_year);
        let last = per_year(t.end_year);
        match t.trend {
            Trend::Emerging => {
                assert_eq!(
                    members
                        .iter()
                        .filter(|r| r.received.year() < t.start_year)
                        .count(),
                    0
                );
                if t.end_year > t.start_year {
                    assert!(last > 2 * first, "{}: emerging {first} → {last}", t.id);
                }
            }
            Trend::Fading => assert!(first > last, "{}: fading {first} → {last}", t.id),
            Trend::Growing => assert!(last > first, "{}: growing {first} → {last}", t.id),
            Trend::Stable => {}
        }
        if let Some(m) = &t.municipality {
            let local = members.iter().filter(|r| &r.municipality == m).count();
            assert!(
                local * 10 >= members.len() * 8,
                "{}: {local}/{} in {m}",
                t.id,
                members.len()
            );
        }
        // Members are not one template: many distinct opening sentences.
        let openings: BTreeSet<String> = members
            .iter()
            .map(|r| {
                r.text
                    .split_whitespace()
                    .take(6)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert!(
            openings.len() * 2 > members.len(),
            "{}: {} openings for {}",
            t.id,
            openings.len(),
            members.len()
        );
    }
}

#[test]
fn larger_corpus_generates() {
    let (buf, s) = gen(30_000, 2025);
    assert_eq!(s.written, 30_000);
    assert_eq!(buf.iter().filter(|&&b| b == b'\n').count(), 30_000);
}

#[test]
fn bsn_eleven_test() {
    assert!(bsn_is_valid("111222333"));
    assert!(bsn_is_valid("1112.22.333"));
    assert!(!bsn_is_valid("123456789"));
    assert!(!bsn_is_valid("12345678"));
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for _ in 0..2000 {
        let b = compose::synthetic_bsn(&mut rng);
        assert_eq!(b.len(), 9);
        assert!(bsn_is_valid(&b), "{b}");
    }
}

#[test]
fn verbs_conjugate() {
    use render::verb_3sg;
    for (a, b) in [
        ("heb", "heeft"),
        ("ben", "is"),
        ("kan", "kan"),
        ("werk", "werkt"),
        ("wacht", "wacht"),
        ("word", "wordt"),
        ("sta", "staat"),
        ("vind", "vindt"),
    ] {
        assert_eq!(verb_3sg(a), b);
    }
}

// ─────────────── lint of the phrase banks (placeholder contract) ───────────────

fn all_bank_sentences() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    let topics = bank::ONE_OFFS
        .iter()
        .map(|o| &o.topic)
        .chain(threads::THREADS.iter().map(|t| &t.topic));
    for t in topics {
        for pool in [
            t.about,
            t.situation,
            t.details,
            t.effects,
            t.tried,
            t.demands,
        ] {
            v.extend_from_slice(pool);
        }
        assert!(
            t.situation.len() >= 5,
            "{}: too few situation variants",
            t.key
        );
        assert!(
            !t.about.is_empty()
                && !t.effects.is_empty()
                && !t.tried.is_empty()
                && !t.demands.is_empty(),
            "{}",
            t.key
        );
    }
    v.extend_from_slice(bank::GENERIC_EFFECTS);
    v.extend_from_slice(bank::GENERIC_TRIED);
    v.extend_from_slice(bank::GENERIC_DEMANDS);
    v.extend_from_slice(bank::VARIATION);
    v.extend_from_slice(bank::GENERIC_STORY);
    for th in THEMES {
        v.extend_from_slice(bank::theme_effects(th));
    }
    for p in bank::PERSONAS {
        v.extend_from_slice(p.lines);
    }
    v
}

fn strip_quotes(s: &str) -> String {
    // Drop '...' quotations (reported speech may legitimately say "wij").
    let mut out = String::new();
    let mut inside = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev_alpha = i > 0 && chars[i - 1].is_alphabetic();
        let next_alpha = i + 1 < chars.len() && chars[i + 1].is_alphabetic();
        if c == '\''
            && !(prev_alpha && next_alpha)
            && !(prev_alpha && i + 1 < chars.len() && chars[i + 1] == 's')
        {
            inside = !inside;
            continue;
        }
        if !inside {
            out.push(c);
        }
    }
    out
}

fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphabetic())
        .filter(|t| !t.is_empty())
        .map(|t| t.to_lowercase())
        .collect()
}

#[test]
fn bank_sentences_follow_the_placeholder_contract() {
    let received = NaiveDate::from_ymd_opt(2023, 5, 10).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let first_bad = [
        "heeft", "is", "krijgt", "woont", "werkt", "slaapt", "betaalt", "vindt", "staat", "gaat",
        "komt", "voelt", "vraagt", "hoopt", "wordt", "ziet", "leeft",
    ];
    let third_bad_stems = [
        "heb", "ben", "krijg", "woon", "werk", "slaap", "betaal", "vind", "sta", "ga", "kom",
        "voel", "denk", "vraag", "hoop", "word", "zie", "leef", "probeer", "bel", "lever", "mis",
        "schaam", "zorg", "spreek", "volg", "reageer", "overweeg", "durf",
    ];
    let first_person = [
        "ik", "mijn", "mij", "me", "heb", "ben", "we", "wij", "ons", "onze",
    ];
    let mut problems = Vec::new();
    for tpl in all_bank_sentences() {
        for person in [
            Person::First,
            Person::Third { female: true },
            Person::Third { female: false },
        ] {
            let mut ctx = Ctx::new(&mut rng, person, true, "Zaanstad", received);
            let s = render::render(tpl, &mut ctx);
            if s.contains('{') || s.contains('}') {
                problems.push(format!("unrendered: {s}"));
            }
            let toks = tokens(&strip_quotes(&s));
            match person {
                Person::First => {
                    for w in toks.windows(2) {
                        if w[0] == "ik" && first_bad.contains(&w[1].as_str()) {
                            problems.push(format!("1st person '{} {}': {tpl}", w[0], w[1]));
                        }
                    }
                }
                Person::Third { .. } => {
                    for t in &toks {
                        if first_person.contains(&t.as_str()) {
                            problems.push(format!("first-person word '{t}' in 3rd person: {tpl}"));
                        }
                    }
                    // The complainant's pronoun next to an unconjugated stem.
                    let pron = if matches!(person, Person::Third { female: true }) {
                        "zij"
                    } else {
                        "hij"
                    };
                    for w in toks.windows(2) {
                        if (w[0] == pron && third_bad_stems.contains(&w[1].as_str()))
                            || (w[1] == pron && third_bad_stems.contains(&w[0].as_str()))
                        {
                            problems.push(format!("unconjugated '{} {}': {tpl}", w[0], w[1]));
                        }
                    }
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn euro_amounts_are_dutch() {
    let received = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    for _ in 0..200 {
        let mut ctx = Ctx::new(&mut rng, Person::First, true, "Diemen", received);
        for tpl in ["{bedrag}", "{bedrag_klein}", "{bedrag_groot}"] {
            let s = render::render(tpl, &mut ctx);
            let num = s.strip_prefix("€ ").expect("euro sign");
            let (whole, cents) = num.split_once(',').unwrap_or((num, "00"));
            assert_eq!(cents.len(), 2, "{s}");
            let groups: Vec<&str> = whole.split('.').collect();
            assert!(
                (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3),
                "{s}"
            );
        }
    }
}
