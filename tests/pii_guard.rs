//! Integration tests for the privacy guard against a labelled Dutch test set and generated
//! identifiers. Uses only `rodedraad::guard` and `rodedraad::model`.
//!
//! Run `cargo test --test pii_guard -- --nocapture` to see the precision/recall table.
//!
//! Matching rule used for the scores (per kind):
//! * a labelled span `(kind, value)` is **recalled** when some finding of the same kind has a
//!   text that contains `value`, or is contained in `value` (so "De Vries" for a labelled
//!   "Jan de Vries" counts; the leak check below is the strict one);
//! * a finding is a **true positive** when it matches some labelled span of its kind by that
//!   same rule; every other finding is a false positive.
//!
//! Strict checks on top of the scores: recall is 100% for BSN, IBAN, e-mail, telephone and
//! postcode; >= 90% for names; every decoy line (no spans) comes out byte-identical; and for all
//! structured kinds (everything but names) the labelled value no longer occurs anywhere in the
//! redacted text.

use std::collections::BTreeMap;

use proptest::prelude::*;
use rodedraad::guard::{Finding, Guard, PiiKind, PiiPolicy};
use rodedraad::model::{Complaint, SourceRef};
use serde::Deserialize;

const TESTSET: &str = include_str!("../corpora/pii/pii_testset.jsonl");

#[derive(Debug, Deserialize)]
struct Line {
    text: String,
    spans: Vec<Span>,
}

#[derive(Debug, Deserialize)]
struct Span {
    kind: String,
    value: String,
}

fn testset() -> Vec<Line> {
    TESTSET
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("line {}: {e}", i + 1)))
        .collect()
}

fn matches(found: &str, value: &str) -> bool {
    let (f, v) = (found.trim(), value.trim());
    !f.is_empty() && (f.contains(v) || v.contains(f))
}

#[derive(Default, Debug, Clone, Copy)]
struct Score {
    labels: usize,
    recalled: usize,
    found: usize,
    tp: usize,
}

impl Score {
    fn recall(&self) -> f64 {
        if self.labels == 0 {
            1.0
        } else {
            self.recalled as f64 / self.labels as f64
        }
    }
    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.tp as f64 / self.found as f64
        }
    }
}

#[test]
fn labelled_testset_precision_recall() {
    let guard = Guard::new();
    let lines = testset();
    assert!(lines.len() >= 150, "test set too small: {}", lines.len());
    let decoys = lines.iter().filter(|l| l.spans.is_empty()).count();
    assert!(decoys >= 30, "too few decoy lines: {decoys}");

    let mut scores: BTreeMap<PiiKind, Score> =
        PiiKind::ALL.iter().map(|k| (*k, Score::default())).collect();
    let mut failures: Vec<String> = Vec::new();
    let mut misses: Vec<String> = Vec::new();
    let mut false_pos: Vec<String> = Vec::new();

    for (n, line) in lines.iter().enumerate() {
        let lineno = n + 1;
        let labels: Vec<(PiiKind, &str)> = line
            .spans
            .iter()
            .map(|s| {
                let k = PiiKind::from_key(&s.kind)
                    .unwrap_or_else(|| panic!("line {lineno}: unknown kind {}", s.kind));
                assert!(
                    line.text.contains(&s.value),
                    "line {lineno}: value {:?} not in text",
                    s.value
                );
                (k, s.value.as_str())
            })
            .collect();
        let findings: Vec<Finding> = guard.find(&line.text);
        let found: Vec<(PiiKind, &str)> =
            findings.iter().map(|f| (f.kind, &line.text[f.start..f.end])).collect();

        for &(k, v) in &labels {
            let sc = scores.get_mut(&k).unwrap();
            sc.labels += 1;
            if found.iter().any(|&(fk, ft)| fk == k && matches(ft, v)) {
                sc.recalled += 1;
            } else {
                misses.push(format!("  line {lineno}: missed {k} {v:?} (found {found:?})"));
            }
        }
        for &(fk, ft) in &found {
            let sc = scores.get_mut(&fk).unwrap();
            sc.found += 1;
            if labels.iter().any(|&(k, v)| k == fk && matches(ft, v)) {
                sc.tp += 1;
            } else {
                false_pos.push(format!("  line {lineno}: false {fk} {ft:?}"));
            }
        }

        let (redacted, counts) = guard.redact_text(&line.text);
        if labels.is_empty() {
            if redacted.as_str() != line.text {
                failures.push(format!(
                    "line {lineno}: decoy changed:\n    in:  {:?}\n    out: {:?}",
                    line.text,
                    redacted.as_str()
                ));
            }
            if counts.total() != 0 {
                failures.push(format!("line {lineno}: decoy counted {counts:?}"));
            }
        }
        for &(k, v) in &labels {
            if k != PiiKind::Naam && redacted.as_str().contains(v) {
                failures.push(format!(
                    "line {lineno}: {k} value {v:?} survived: {:?}",
                    redacted.as_str()
                ));
            }
        }
        // Idempotence on real letters too.
        assert_eq!(
            guard.redact_text(redacted.as_str()).0,
            redacted,
            "line {lineno} not idempotent"
        );
    }

    println!(
        "\nPII guard on corpora/pii/pii_testset.jsonl: {} lines, {} decoys",
        lines.len(),
        decoys
    );
    println!(
        "{:<14} {:>7} {:>7} {:>7} {:>10} {:>8}",
        "kind", "labels", "found", "TP", "precision", "recall"
    );
    let mut tot = Score::default();
    for (k, s) in &scores {
        println!(
            "{:<14} {:>7} {:>7} {:>7} {:>9.1}% {:>7.1}%",
            k.key(),
            s.labels,
            s.found,
            s.tp,
            100.0 * s.precision(),
            100.0 * s.recall()
        );
        tot.labels += s.labels;
        tot.recalled += s.recalled;
        tot.found += s.found;
        tot.tp += s.tp;
    }
    println!(
        "{:<14} {:>7} {:>7} {:>7} {:>9.1}% {:>7.1}%",
        "all",
        tot.labels,
        tot.found,
        tot.tp,
        100.0 * tot.precision(),
        100.0 * tot.recall()
    );
    if !misses.is_empty() {
        println!("missed:\n{}", misses.join("\n"));
    }
    if !false_pos.is_empty() {
        println!("false positives:\n{}", false_pos.join("\n"));
    }

    for k in [PiiKind::Bsn, PiiKind::Iban, PiiKind::Email, PiiKind::Telefoon, PiiKind::Postcode] {
        let s = scores[&k];
        assert!(s.labels > 0, "no {k} labels in the test set");
        if s.recall() < 1.0 {
            failures.push(format!("{k} recall {:.1}% < 100%", 100.0 * s.recall()));
        }
    }
    let names = scores[&PiiKind::Naam];
    if names.recall() < 0.90 {
        failures.push(format!("naam recall {:.1}% < 90%", 100.0 * names.recall()));
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn check_quarantines_under_reject_and_keeps_id() {
    let guard = Guard::new();
    let lines = testset();
    let mut passed = 0;
    let mut quarantined = 0;
    for (i, line) in lines.iter().enumerate() {
        let c = Complaint {
            id: format!("OMA-{i:04}"),
            received: chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
            municipality: "Amsterdam".to_string(),
            text: line.text.clone(),
            channel: None,
            gold_themes: vec![],
            gold_thread: None,
            source: SourceRef::line("corpora/pii/pii_testset.jsonl", i as u64 + 1),
        };
        match guard.check(c, PiiPolicy::Reject) {
            rodedraad::guard::GuardOutcome::Passed { complaint, counts } => {
                // Structured identifiers must never pass under reject; a line whose only PII is
                // a name the detector misses shows up as a recall miss in the table instead.
                assert!(
                    line.spans.iter().all(|s| s.kind == "naam"),
                    "line {}: structured PII passed under reject",
                    i + 1
                );
                assert!(counts.is_empty());
                assert_eq!(complaint.text.as_str(), line.text);
                assert_eq!(complaint.id, format!("OMA-{i:04}"));
                passed += 1;
            }
            rodedraad::guard::GuardOutcome::Quarantined { id, counts, .. } => {
                assert_eq!(id, format!("OMA-{i:04}"));
                assert!(counts.total() > 0);
                quarantined += 1;
            }
        }
    }
    assert!(passed > 0 && quarantined > 0);
}

// ------------------------------------------------------------------------------------------
// Generated identifiers. The checksums are computed here, independently of the guard's own
// helpers, so a bug there cannot hide itself.

const WORDS: &[&str] = &[
    "ik",
    "heb",
    "de",
    "gemeente",
    "gebeld",
    "over",
    "mijn",
    "nummer",
    "brief",
    "is",
    "niet",
    "ontvangen",
    "graag",
    "reactie",
    "het",
    "UWV",
    "zegt",
    "dat",
    "klopt",
    "BSN",
    "rekening",
    "Amsterdam",
    "toeslag",
    "en",
    "maar",
    "wel",
    "zaak",
    "bij",
    "loket",
    "nummer:",
    "(zie",
    "bijlage)",
    "Geachte",
    "ombudsman,",
    "betreft:",
    "IBAN",
    "hierbij",
    "stuur",
    "u",
    "—",
];

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..8).prop_map(|v| v.join(" "))
}

fn bsn_digits() -> impl Strategy<Value = [u8; 9]> {
    prop::array::uniform8(0u8..10).prop_filter_map("check digit 10 or all zeros", |d| {
        let s: i64 = d.iter().enumerate().map(|(i, &x)| i64::from(x) * (9 - i as i64)).sum();
        let check = s.rem_euclid(11);
        if check == 10 || (s == 0) {
            return None;
        }
        let mut out = [0u8; 9];
        out[..8].copy_from_slice(&d);
        out[8] = check as u8;
        Some(out)
    })
}

fn format_bsn(d: &[u8; 9], style: u8) -> String {
    let s: String = d.iter().map(|x| char::from(b'0' + x)).collect();
    match style % 5 {
        0 => s,
        1 => format!("{}.{}.{}", &s[..4], &s[4..6], &s[6..]),
        2 => format!("{} {} {}", &s[..3], &s[3..6], &s[6..]),
        3 => format!("{}.{}.{}", &s[..3], &s[3..6], &s[6..]),
        // 8-digit form when the BSN starts with 0 (the left-pad rule), plain otherwise
        _ => s.strip_prefix('0').map(str::to_string).unwrap_or(s),
    }
}

fn spans_of(text: &str, kind: PiiKind) -> Vec<(usize, usize)> {
    rodedraad::guard::global()
        .find(text)
        .into_iter()
        .filter(|f| f.kind == kind)
        .map(|f| (f.start, f.end))
        .collect()
}

fn mod97(s: &str) -> u32 {
    let b = s.as_bytes();
    let mut r = 0u32;
    for &c in b[4..].iter().chain(&b[..4]) {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c.to_ascii_uppercase() - b'A') + 10
        };
        r = if v > 9 { (r * 100 + v) % 97 } else { (r * 10 + v) % 97 };
    }
    r
}

fn make_iban(country: &str, bban: &str) -> String {
    let check = 98 - mod97(&format!("{country}00{bban}"));
    format!("{country}{check:02}{bban}")
}

/// (country, BBAN pattern) for a handful of countries, NL first and most often.
fn iban_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Z]{4}[0-9]{10}".prop_map(|b| make_iban("NL", &b)),
        1 => "[0-9]{12}".prop_map(|b| make_iban("BE", &b)),
        1 => "[0-9]{18}".prop_map(|b| make_iban("DE", &b)),
        1 => "[0-9]{23}".prop_map(|b| make_iban("FR", &b)),
        1 => "[A-Z]{4}[0-9]{14}".prop_map(|b| make_iban("GB", &b)),
        1 => "[0-9]{22}".prop_map(|b| make_iban("TR", &b)),
        1 => "[0-9]{20}".prop_map(|b| make_iban("ES", &b)),
    ]
}

fn format_iban(iban: &str, grouped: bool, lower: bool) -> String {
    let s = if grouped {
        iban.as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        iban.to_string()
    };
    if lower {
        s.to_lowercase()
    } else {
        s
    }
}

/// Change the digit at the `pick`-th digit position of `s` to a different digit.
fn mutate_digit(s: &str, pick: usize, delta: u8) -> String {
    let positions: Vec<usize> =
        s.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
    let at = positions[pick % positions.len()];
    let mut b = s.as_bytes().to_vec();
    b[at] = b'0' + (b[at] - b'0' + 1 + delta % 9) % 10;
    String::from_utf8(b).unwrap()
}

/// Bounded by default so `cargo test` stays fast; `PROPTEST_CASES=100000 cargo test …` fuzzes
/// harder.
fn fuzz_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(300), ..ProptestConfig::default() })]

    #[test]
    fn every_valid_bsn_is_caught(d in bsn_digits(), style in 0u8..5, pre in words(), post in words()) {
        let bsn = format_bsn(&d, style);
        let text = format!("{pre} {bsn} {post}");
        let s = pre.len() + 1;
        let spans = spans_of(&text, PiiKind::Bsn);
        prop_assert!(spans.contains(&(s, s + bsn.len())), "{text:?} -> {spans:?}");
        let redacted = rodedraad::guard::global().redact_text(&text).0;
        prop_assert!(!redacted.as_str().contains(&bsn));
    }

    #[test]
    fn bsn_with_one_digit_changed_is_not_flagged(d in bsn_digits(), style in 0u8..5, pick in 0usize..9, delta in 0u8..9, pre in words(), post in words()) {
        let bsn = mutate_digit(&format_bsn(&d, style), pick, delta);
        let text = format!("{pre} {bsn} {post}");
        let (s, e) = (pre.len() + 1, pre.len() + 1 + bsn.len());
        let spans = spans_of(&text, PiiKind::Bsn);
        prop_assert!(spans.iter().all(|&(a, b)| b <= s || a >= e), "{text:?} -> {spans:?}");
    }

    #[test]
    fn every_valid_iban_is_caught(iban in iban_strategy(), grouped: bool, lower: bool, pre in words(), post in words()) {
        let shown = format_iban(&iban, grouped, lower);
        let text = format!("{pre} {shown} {post}");
        let s = pre.len() + 1;
        let spans = spans_of(&text, PiiKind::Iban);
        prop_assert!(spans.contains(&(s, s + shown.len())), "{text:?} -> {spans:?}");
        prop_assert!(!rodedraad::guard::global().redact_text(&text).0.as_str().contains(&shown));
    }

    #[test]
    fn iban_with_one_digit_changed_is_not_flagged(iban in iban_strategy(), grouped: bool, lower: bool, pick in 0usize..40, delta in 0u8..9, pre in words(), post in words()) {
        let shown = mutate_digit(&format_iban(&iban, grouped, lower), pick, delta);
        let text = format!("{pre} {shown} {post}");
        let (s, e) = (pre.len() + 1, pre.len() + 1 + shown.len());
        let spans = spans_of(&text, PiiKind::Iban);
        prop_assert!(spans.iter().all(|&(a, b)| b <= s || a >= e), "{text:?} -> {spans:?}");
    }
}
