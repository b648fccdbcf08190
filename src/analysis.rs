//! Dutch text analysis for the index: tokenising, folding, stopwords, stemming and
//! decompounding.
//!
//! Why decompounding: Dutch writes compounds as one word. A researcher searching `toeslag`
//! must find `kinderopvangtoeslag`, `huurtoeslag` and `zorgtoeslag`; `vervoer` must find
//! `leerlingenvervoer`. Stemming alone cannot do that.
//!
//! How (dictionary-based, after Koehn & Knight 2003): a word of 9+ letters is split into two or
//! three parts that are each in a Dutch lexicon (`models/nl-lexicon.txt`, word frequencies from
//! PyPI pyspellchecker, see `scripts/build-lexicon.py`), optionally joined by the linking
//! morphemes `s`, `e` or `en` (`leerling|en|vervoer`, `gemeente|s|…`). Among all splits the one
//! with the highest geometric mean of part frequencies wins, and only if that mean is higher than
//! the frequency of the whole word — so frequent words that merely *contain* other words
//! (`verklaring` = `ver`+`klaring`) stay whole. Parts are at least 4 letters and never a function
//! word (`over`, `door`, …), which keeps `overlast` whole.
//!
//! The parts are emitted **in addition to** the whole word, at the same position and with the
//! same offsets: phrase queries over the original words keep working, and a snippet highlights
//! the whole compound when a part matched.
//!
//! Contract: analysis is deterministic and the lexicon is compiled into the binary; changing the
//! lexicon or the chain changes the index's terms, so re-index after such a change.

use std::collections::HashMap;
use std::sync::Arc;

use once_cell::sync::Lazy;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name of the Dutch search analyzer: tokenize, lowercase, fold accents, decompound,
/// stopwords, stem.
pub const STEMMED: &str = "nl_stem";
/// Name of the exact analyzer: tokenize, lowercase, fold accents; no stopwords, no stemming,
/// no decompounding.
pub const EXACT: &str = "nl_exact";

const MIN_WORD: usize = 9;
const MIN_PART: usize = 4;

/// Heads and tails that are function words or prefixes, never compound parts.
const NOT_A_PART: &[&str] = &[
    "over", "door", "voor", "onder", "tegen", "achter", "naar", "mede", "niet", "boven", "binnen",
    "buiten", "tussen", "zonder", "sinds", "vanaf", "langs", "rond", "weer", "toch", "ooit",
    "heel", "hele", "zeer", "veel", "meer", "mijn", "jouw", "zijn", "haar", "onze", "hun", "deze",
    "dit", "die", "dat", "wat", "wie", "waar", "hier", "daar", "elke", "alle", "eens", "eigen",
    "ver", "ont", "her", "ge", "be", "aan", "uit", "mee", "toe", "terug", "samen",
];

/// The lexicon: word → corpus frequency.
pub struct Lexicon {
    freq: HashMap<&'static str, u32>,
}

static LEXICON: Lazy<Arc<Lexicon>> = Lazy::new(|| {
    let text: &'static str = include_str!("../models/nl-lexicon.txt");
    let mut freq = HashMap::with_capacity(32_000);
    for line in text.lines() {
        if let Some((w, f)) = line.split_once('\t') {
            if let Ok(f) = f.parse::<u32>() {
                if !NOT_A_PART.contains(&w) {
                    freq.insert(w, f);
                }
            }
        }
    }
    Arc::new(Lexicon { freq })
});

impl Lexicon {
    /// The compiled-in Dutch lexicon.
    pub fn dutch() -> Arc<Lexicon> {
        LEXICON.clone()
    }

    fn freq(&self, w: &str) -> Option<u32> {
        self.freq.get(w).copied()
    }

    /// The parts of a compound (lowercase, folded input), or empty if it is not one.
    pub fn split(&self, word: &str) -> Vec<String> {
        if word.len() < MIN_WORD || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return Vec::new();
        }
        match self.best_split(word, 0) {
            Some((parts, log_mean)) => {
                let whole = self.freq(word).map_or(0.0, |f| (f as f64).ln());
                if log_mean > whole {
                    parts.into_iter().map(str::to_owned).collect()
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        }
    }

    /// Best split of `w` into ≥2 known parts: (parts, mean log-frequency).
    fn best_split<'w>(&self, w: &'w str, depth: u8) -> Option<(Vec<&'w str>, f64)> {
        let mut best: Option<(Vec<&'w str>, f64)> = None;
        let mut consider = |parts: Vec<&'w str>, score: f64| {
            // Ties broken by fewer parts, then lexicographically, for determinism.
            let better = match &best {
                None => true,
                Some((bp, bs)) => score > *bs + 1e-12 || ((score - bs).abs() <= 1e-12 && (parts.len(), &parts) < (bp.len(), bp)),
            };
            if better {
                best = Some((parts, score));
            }
        };
        for i in MIN_PART..=w.len().saturating_sub(MIN_PART) {
            let head = &w[..i];
            let Some(fh) = self.freq(head) else { continue };
            let lh = (fh as f64).ln();
            for linker in ["", "s", "e", "en"] {
                let Some(rest) = w[i..].strip_prefix(linker) else { continue };
                if rest.len() < MIN_PART {
                    continue;
                }
                if let Some(fr) = self.freq(rest) {
                    consider(vec![head, rest], (lh + (fr as f64).ln()) / 2.0);
                }
                if depth == 0 {
                    if let Some((mut parts, s)) = self.best_split(rest, 1) {
                        let n = parts.len() as f64;
                        parts.insert(0, head);
                        consider(parts, (lh + s * n) / (n + 1.0));
                    }
                }
            }
        }
        best
    }
}

/// Token filter adding compound parts after each compound token (same position and offsets).
#[derive(Clone)]
pub struct Decompound {
    lexicon: Arc<Lexicon>,
}

impl Decompound {
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        Self { lexicon }
    }
}

impl TokenFilter for Decompound {
    type Tokenizer<T: Tokenizer> = DecompoundFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DecompoundFilter<T> {
        DecompoundFilter { lexicon: self.lexicon, inner: tokenizer, pending: Vec::new() }
    }
}

#[derive(Clone)]
pub struct DecompoundFilter<T> {
    lexicon: Arc<Lexicon>,
    inner: T,
    pending: Vec<Token>,
}

impl<T: Tokenizer> Tokenizer for DecompoundFilter<T> {
    type TokenStream<'a> = DecompoundStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.pending.clear();
        DecompoundStream {
            lexicon: &self.lexicon,
            tail: self.inner.token_stream(text),
            pending: &mut self.pending,
            current: None,
        }
    }
}

pub struct DecompoundStream<'a, T> {
    lexicon: &'a Lexicon,
    tail: T,
    /// Parts still to emit, in reverse order.
    pending: &'a mut Vec<Token>,
    current: Option<Token>,
}

impl<T: TokenStream> TokenStream for DecompoundStream<'_, T> {
    fn advance(&mut self) -> bool {
        if let Some(t) = self.pending.pop() {
            self.current = Some(t);
            return true;
        }
        self.current = None;
        if !self.tail.advance() {
            return false;
        }
        let tok = self.tail.token();
        for part in self.lexicon.split(&tok.text).into_iter().rev() {
            self.pending.push(Token { text: part, ..*tok });
        }
        true
    }

    fn token(&self) -> &Token {
        self.current.as_ref().unwrap_or_else(|| self.tail.token())
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.current.as_mut() {
            Some(t) => t,
            None => self.tail.token_mut(),
        }
    }
}

/// The named analyzers. Public so tests and `--explain` can show what a word becomes.
pub fn analyzer(name: &str) -> Option<TextAnalyzer> {
    let base = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(48))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
    };
    match name {
        STEMMED => Some(
            base()
                .filter(Decompound::new(Lexicon::dutch()))
                .filter(StopWordFilter::new(Language::Dutch)?)
                .filter(Stemmer::new(Language::Dutch))
                .build(),
        ),
        EXACT => Some(base().build()),
        _ => None,
    }
}

/// Tokens produced by an analyzer for `text`, in order.
pub fn analyze(name: &str, text: &str) -> Vec<String> {
    let Some(mut a) = analyzer(name) else { return Vec::new() };
    let mut out = Vec::new();
    let mut stream = a.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(w: &str) -> Vec<String> {
        Lexicon::dutch().split(w)
    }

    #[test]
    fn splits_the_compounds_researchers_search_for() {
        assert_eq!(split("kinderopvangtoeslag"), vec!["kinderopvang", "toeslag"]);
        assert_eq!(split("huurtoeslag"), vec!["huur", "toeslag"]);
        assert_eq!(split("zorgtoeslag"), vec!["zorg", "toeslag"]);
        assert_eq!(split("leerlingenvervoer"), vec!["leerlingen", "vervoer"]);
        assert_eq!(split("noodopvang"), vec!["nood", "opvang"]);
        assert!(split("urgentieverklaring").contains(&"verklaring".to_owned()));
        assert!(split("woningcorporatie").contains(&"corporatie".to_owned()));
    }

    #[test]
    fn leaves_ordinary_words_whole() {
        for w in ["verklaring", "overlast", "gemeente", "belasting", "verhuizen", "aanvraag", "ombudsman"] {
            assert!(split(w).is_empty(), "{w} was split into {:?}", split(w));
        }
    }

    #[test]
    fn the_analyzer_emits_parts_at_the_same_position() {
        let mut a = analyzer(STEMMED).unwrap();
        let mut s = a.token_stream("De kinderopvangtoeslag stopte");
        let mut toks = Vec::new();
        while let Some(t) = s.next() {
            toks.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        let at_compound: Vec<_> = toks.iter().filter(|t| t.2 == 3).collect();
        assert!(at_compound.len() >= 3, "{toks:?}");
        assert!(at_compound.iter().all(|t| t.1 == at_compound[0].1 && t.3 == 22));
        assert!(toks.iter().any(|t| t.0 == "toeslag"), "{toks:?}");
    }

    #[test]
    fn folding_and_stemming() {
        assert_eq!(analyze(EXACT, "Ideeën"), vec!["ideeen"]);
        assert_eq!(analyze(STEMMED, "woningen"), analyze(STEMMED, "woning"));
        assert!(analyze(STEMMED, "de en van").is_empty(), "stopwords removed");
    }
}
