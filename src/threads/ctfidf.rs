//! Keywords and labels per thread by class-based TF-IDF (c-TF-IDF, Grootendorst 2022, as in
//! BERTopic) over Dutch-stemmed text.
//!
//! Why class-based: a thread is described by what its complaints say *more than other threads
//! do*. Treating each thread (and the pool of unassigned complaints, BERTopic's topic `-1`) as
//! one big document, the weight of stem `x` in class `c` is
//!
//! `W(x, c) = tf(x, c) / |c| · log(1 + A / f(x))`
//!
//! with `tf(x, c)` the count of `x` in `c`, `|c|` the number of stems in `c`, `A` the average
//! number of stems per class and `f(x)` the count of `x` across all classes. Stems come from
//! [`crate::analysis`] (`nl_stem`: folding, decompounding, stopwords, Snowball), so
//! `kinderopvangtoeslag` counts for `toeslag` too. Labels turn the top stems back into words: each
//! stem is shown as its most frequent surface form among the thread's members.

use std::collections::{BTreeMap, HashMap};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter, TextAnalyzer,
    TokenStream,
};

use crate::analysis;

/// c-TF-IDF weights per class, each sorted by decreasing weight, ties by term. Classes are given
/// as term → count maps; empty classes get no keywords. Deterministic (integer counting,
/// per-term arithmetic).
pub fn class_tfidf(classes: &[BTreeMap<String, u64>]) -> Vec<Vec<(String, f64)>> {
    let mut freq: BTreeMap<&str, u64> = BTreeMap::new();
    let mut total = 0u64;
    for c in classes {
        for (t, &v) in c {
            *freq.entry(t.as_str()).or_default() += v;
            total += v;
        }
    }
    if classes.is_empty() {
        return Vec::new();
    }
    let avg = total as f64 / classes.len() as f64;
    classes
        .iter()
        .map(|c| {
            let size: u64 = c.values().sum();
            if size == 0 {
                return Vec::new();
            }
            let mut w: Vec<(String, f64)> = c
                .iter()
                .filter(|(_, &v)| v > 0)
                .map(|(t, &v)| (t.clone(), v as f64 / size as f64 * (1.0 + avg / freq[t.as_str()] as f64).ln()))
                .collect();
            w.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            w
        })
        .collect()
}

/// Stems and their surface forms for one (redacted) text, aligned: `stems[i]` is the `nl_stem`
/// token of `surfaces[i]` (lower-case, accent-folded; a compound part's surface is the part).
/// Redaction placeholders such as `[NAAM]` are skipped, so they never become keywords.
///
/// Equivalent to `analysis::analyze(STEMMED, text)` on the text without placeholders.
pub fn stems_and_surfaces(text: &str) -> (Vec<String>, Vec<String>) {
    let cleaned = strip_placeholders(text);
    let stems = analysis::analyze(analysis::STEMMED, &cleaned);
    // The same chain without the stemmer (the stemmer maps token to token, so the two streams
    // align); should they ever not, the stems double as surfaces.
    let surfaces = match StopWordFilter::new(Language::Dutch) {
        Some(stop) => {
            let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(48))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(analysis::Decompound::new(analysis::Lexicon::dutch()))
                .filter(stop)
                .build();
            let mut out = Vec::with_capacity(stems.len());
            let mut stream = a.token_stream(&cleaned);
            while let Some(t) = stream.next() {
                out.push(t.text.clone());
            }
            out
        }
        None => Vec::new(),
    };
    if surfaces.len() == stems.len() {
        (stems, surfaces)
    } else {
        (stems.clone(), stems)
    }
}

/// Removes `[UPPERCASE]` placeholders.
fn strip_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if close > 0 && after[..close].chars().all(|c| c.is_ascii_uppercase() || c == '_') => {
                out.push(' ');
                rest = &after[close + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Personal pronouns that Snowball's Dutch stopword list (which the index uses) lacks. In
/// letters written by residents they are frequent, and a thread of letters in the first person
/// plural got "we" as a keyword of its label ("opvang · plek · we"). Kept out of keywords only:
/// the index keeps them, so a phrase search with "we" still matches.
const PRONOUNS: &str = "we wij jij jullie onze hen";

/// The stems of [`PRONOUNS`], as the keyword analysis produces them.
static PRONOUN_STEMS: once_cell::sync::Lazy<Vec<String>> =
    once_cell::sync::Lazy::new(|| analysis::analyze(analysis::STEMMED, PRONOUNS));

/// Whether a stem may be a keyword: at least two characters, not only digits, not a personal
/// pronoun, not excluded.
pub(crate) fn usable(stem: &str, excluded: &[String]) -> bool {
    stem.chars().count() >= 2
        && !stem.chars().all(|c| c.is_ascii_digit())
        && !PRONOUN_STEMS.iter().any(|p| p == stem)
        && !excluded.iter().any(|e| e == stem)
}

/// The most frequent surface form per stem, ties by the lexicographically smallest form.
pub(crate) fn best_surfaces(counts: &HashMap<(String, String), u64>) -> BTreeMap<String, String> {
    let mut best: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for ((stem, surface), &c) in counts {
        let e = best.entry(stem.clone()).or_insert((0, String::new()));
        if c > e.0 || (c == e.0 && surface < &e.1) {
            *e = (c, surface.clone());
        }
    }
    best.into_iter().map(|(s, (_, w))| (s, w)).collect()
}

/// A short label from the top keywords (as words): up to `words` forms joined by " · ", skipping
/// a form that is contained in, or contains, one already chosen (`opvang` after `noodopvang`).
pub(crate) fn label(words_in_order: &[String], words: usize) -> String {
    let mut chosen: Vec<&str> = Vec::new();
    for w in words_in_order {
        if chosen.len() >= words {
            break;
        }
        if chosen.iter().any(|c| c.contains(w.as_str()) || w.contains(c)) {
            continue;
        }
        chosen.push(w);
    }
    chosen.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(v: &[(&str, u64)]) -> BTreeMap<String, u64> {
        v.iter().map(|(t, c)| (t.to_string(), *c)).collect()
    }

    #[test]
    fn pronouns_are_never_keywords_but_other_short_stems_are() {
        for w in ["we", "wij", "jij", "jullie", "onze", "hen"] {
            for stem in analysis::analyze(analysis::STEMMED, w) {
                assert!(!usable(&stem, &[]), "{w} → {stem} is usable");
            }
        }
        assert_eq!(PRONOUN_STEMS.len(), 6, "every pronoun survives the analysis as a stem: {:?}", *PRONOUN_STEMS);
        assert!(usable("wmo", &[]) && usable("ggz", &[]));
        assert!(!usable("wmo", &["wmo".to_owned()]));
    }

    #[test]
    fn hand_computed_weights() {
        // Class 0: opvang×3, gemeent×1 (|c|=4); class 1: toeslag×2, gemeent×2 (|c|=4).
        // A = 8/2 = 4; f(opvang)=3, f(gemeent)=3, f(toeslag)=2.
        let w = class_tfidf(&[class(&[("opvang", 3), ("gemeent", 1)]), class(&[("toeslag", 2), ("gemeent", 2)])]);
        let l = |x: f64| (1.0 + x).ln();
        assert_eq!(w[0][0].0, "opvang");
        assert!((w[0][0].1 - 0.75 * l(4.0 / 3.0)).abs() < 1e-12);
        assert!((w[0][1].1 - 0.25 * l(4.0 / 3.0)).abs() < 1e-12);
        // Class 1: toeslag 0.5·ln 3 beats gemeent 0.5·ln(7/3).
        assert_eq!(w[1][0].0, "toeslag");
        assert!((w[1][0].1 - 0.5 * l(2.0)).abs() < 1e-12);
        assert!((w[1][1].1 - 0.5 * l(4.0 / 3.0)).abs() < 1e-12);
    }

    #[test]
    fn surfaces_align_with_stems_and_placeholders_vanish() {
        let (stems, surfaces) = stems_and_surfaces("Mevrouw [NAAM] moet met de gezinnen steeds verhuizen uit de noodopvang.");
        assert_eq!(stems.len(), surfaces.len());
        assert!(!surfaces.iter().any(|s| s == "naam"), "{surfaces:?}");
        let i = surfaces.iter().position(|s| s == "gezinnen").expect("surface kept");
        assert_eq!(stems[i], analysis::analyze(analysis::STEMMED, "gezinnen")[0]);
        assert!(surfaces.contains(&"noodopvang".to_string()) && surfaces.contains(&"opvang".to_string()));
        // Same stems as the index analyzer on the text without the placeholder.
        assert_eq!(stems, analysis::analyze(analysis::STEMMED, "Mevrouw moet met de gezinnen steeds verhuizen uit de noodopvang."));
    }

    #[test]
    fn labels_skip_contained_words() {
        let words: Vec<String> = ["noodopvang", "opvang", "verhuizen", "gezinnen"].iter().map(|s| s.to_string()).collect();
        assert_eq!(label(&words, 3), "noodopvang · verhuizen · gezinnen");
    }
}
