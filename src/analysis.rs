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
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer,
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

/// Longest token (bytes, before lowercasing) that is indexed; longer ones are dropped.
const MAX_TOKEN: usize = 48;

/// The per-token chains: everything after splitting the text into words. Each takes one raw
/// word and yields its terms (none for a stopword or an over-long word).
fn word_chain(name: &str) -> Option<TextAnalyzer> {
    let base = || {
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN))
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

/// Splits text into words exactly as tantivy's `SimpleTokenizer` does (maximal runs of
/// `char::is_alphanumeric` characters; positions 0, 1, 2, …; byte offsets), but tests ASCII
/// bytes without decoding them: both text fields are split, for every complaint indexed.
#[derive(Clone, Default)]
pub struct Words {
    token: Token,
}

pub struct WordStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for Words {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream { text, at: 0, token: &mut self.token }
    }
}

impl WordStream<'_> {
    /// Byte index of the first char at or after `self.at` whose alphanumeric-ness is `alnum`
    /// (or the end of the text).
    fn skip_while(&self, alnum: bool) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        while i < bytes.len() {
            let (is, len) = if bytes[i] < 0x80 {
                (bytes[i].is_ascii_alphanumeric(), 1)
            } else {
                let c = self.text[i..].chars().next().expect("i is on a char boundary");
                (c.is_alphanumeric(), c.len_utf8())
            };
            if is != alnum {
                break;
            }
            i += len;
        }
        i
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        self.at = self.skip_while(false);
        if self.at >= self.text.len() {
            return false;
        }
        let from = self.at;
        self.at = self.skip_while(true);
        self.token.offset_from = from;
        self.token.offset_to = self.at;
        self.token.text.push_str(&self.text[from..self.at]);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The named analyzers. Public so tests and `--explain` can show what a word becomes.
///
/// Both split the text into [`Words`] and run each word through its [`word_chain`]. `EXACT` is the plain tantivy
/// chain. `STEMMED` is [`Memoized`]: the chain's result per distinct word is remembered, because
/// decompounding and Snowball stemming cost far more than a hash lookup and a letter's words
/// repeat (Zipf) — indexing spent 40% of its time in this chain before.
pub fn analyzer(name: &str) -> Option<TextAnalyzer> {
    match name {
        STEMMED => Some(TextAnalyzer::from(Memoized::new(word_chain(STEMMED)?))),
        EXACT => Some(TextAnalyzer::from(Lowered::new(word_chain(EXACT)?))),
        _ => None,
    }
}

/// The exact analyzer in one pass: splits into [`Words`]; an ASCII word is lowercased in place
/// (all that the chain would do to it), any other word goes through the [`word_chain`].
///
/// Contract: the same tokens as `Words` followed by the chain's filters (a test checks it).
#[derive(Clone)]
pub struct Lowered {
    words: Words,
    chain: TextAnalyzer,
}

impl Lowered {
    pub fn new(chain: TextAnalyzer) -> Self {
        Self { words: Words::default(), chain }
    }
}

impl Tokenizer for Lowered {
    type TokenStream<'a> = LoweredStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LoweredStream<'a> {
        LoweredStream { words: self.words.token_stream(text), chain: &mut self.chain }
    }
}

pub struct LoweredStream<'a> {
    words: WordStream<'a>,
    chain: &'a mut TextAnalyzer,
}

impl TokenStream for LoweredStream<'_> {
    fn advance(&mut self) -> bool {
        while self.words.advance() {
            let word = self.words.token_mut();
            if word.text.is_ascii() {
                if word.text.len() >= MAX_TOKEN {
                    continue;
                }
                word.text.make_ascii_lowercase();
                return true;
            }
            // One word in, at most one term out (no filter of the exact chain splits words).
            let mut stream = self.chain.token_stream(&word.text);
            let term = stream.next().map(|t| t.text.clone());
            drop(stream);
            if let Some(term) = term {
                let word = self.words.token_mut();
                word.text = term;
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.words.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.words.token_mut()
    }
}

/// Words remembered per analyzer instance before the memo starts over (bounds memory at a few
/// tens of MB however varied the input; tantivy keeps one instance per field per segment).
const MEMO_WORDS: usize = 1 << 18;

/// Words an instance analyses before it starts remembering. A query, a snippet or one
/// `analyze` call sees a few hundred words once, where remembering would only add allocations;
/// an indexing instance passes this within a few dozen letters.
const MEMO_AFTER: usize = 4096;

/// A tokenizer that splits into [`Words`] and maps each word through a per-word chain,
/// remembering the chain's output per distinct word.
///
/// Contract: the tokens are exactly those of `SimpleTokenizer` followed by the chain's filters
/// (same texts, positions and offsets), because every filter in the chain looks at one token at
/// a time: a word's terms all take the word's position and offsets, and a word with no terms
/// leaves a gap in the positions as a removed token would. A test checks the equivalence.
#[derive(Clone)]
pub struct Memoized {
    words: Words,
    chain: TextAnalyzer,
    memo: FxHashMap<Box<str>, Box<[Box<str>]>>,
    /// Words this instance has analysed (see [`MEMO_AFTER`]).
    analysed: usize,
    token: Token,
    /// The current word's terms; the buffers are reused from word to word.
    terms: Vec<String>,
}

impl Memoized {
    pub fn new(chain: TextAnalyzer) -> Self {
        Self {
            words: Words::default(),
            chain,
            memo: FxHashMap::default(),
            analysed: 0,
            token: Token::default(),
            terms: Vec::new(),
        }
    }
}

impl Tokenizer for Memoized {
    type TokenStream<'a> = MemoizedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MemoizedStream<'a> {
        MemoizedStream {
            words: self.words.token_stream(text),
            chain: &mut self.chain,
            memo: &mut self.memo,
            analysed: &mut self.analysed,
            token: &mut self.token,
            terms: &mut self.terms,
            len: 0,
            next: 0,
        }
    }
}

pub struct MemoizedStream<'a> {
    words: WordStream<'a>,
    chain: &'a mut TextAnalyzer,
    memo: &'a mut FxHashMap<Box<str>, Box<[Box<str>]>>,
    analysed: &'a mut usize,
    token: &'a mut Token,
    terms: &'a mut Vec<String>,
    /// `terms[..len]` are the current word's terms; `terms[next..len]` are still to emit.
    len: usize,
    next: usize,
}

/// Sets `terms[*len]` to `t` (reusing its buffer) and counts it.
fn put(terms: &mut Vec<String>, len: &mut usize, t: &str) {
    if terms.len() <= *len {
        terms.push(String::new());
    }
    terms[*len].clear();
    terms[*len].push_str(t);
    *len += 1;
}

impl TokenStream for MemoizedStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.len {
            self.token.text.clear();
            self.token.text.push_str(&self.terms[self.next]);
            self.next += 1;
            return true;
        }
        while self.words.advance() {
            let word = self.words.token();
            *self.analysed += 1;
            let mut len = 0;
            if let Some(terms) = self.memo.get(word.text.as_str()) {
                for t in terms.iter() {
                    put(self.terms, &mut len, t);
                }
            } else {
                let mut stream = self.chain.token_stream(&word.text);
                while let Some(t) = stream.next() {
                    put(self.terms, &mut len, &t.text);
                }
                drop(stream);
                if *self.analysed > MEMO_AFTER {
                    if self.memo.len() >= MEMO_WORDS {
                        self.memo.clear();
                    }
                    let terms = self.terms[..len].iter().map(|t| Box::from(t.as_str())).collect();
                    self.memo.insert(Box::from(word.text.as_str()), terms);
                }
            }
            if len == 0 {
                continue;
            }
            self.token.text.clear();
            self.token.text.push_str(&self.terms[0]);
            self.token.position = word.position;
            self.token.offset_from = word.offset_from;
            self.token.offset_to = word.offset_to;
            self.token.position_length = 1;
            (self.len, self.next) = (len, 1);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
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

    /// Every token of `text`: (text, position, from, to, position length).
    fn tokens(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while let Some(t) = s.next() {
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to, t.position_length));
        }
        out
    }

    /// The analyzers as plain tantivy chains (what the index used before they were made
    /// faster): `SimpleTokenizer`, then every filter on every token.
    fn plain_chain(name: &str) -> TextAnalyzer {
        let base = TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter);
        match name {
            STEMMED => base
                .filter(Decompound::new(Lexicon::dutch()))
                .filter(StopWordFilter::new(Language::Dutch).unwrap())
                .filter(Stemmer::new(Language::Dutch))
                .build(),
            _ => base.build(),
        }
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

    /// Memoization must not change a single token: compare with the same chain unmemoized
    /// (SimpleTokenizer + the filters) on text with compounds, stopwords, accents, digits,
    /// an over-long word and repeated words (memo hits).
    #[test]
    fn the_memoized_analyzer_gives_the_tokens_of_the_plain_chain() {
        let mut plain = plain_chain(STEMMED);
        let mut memo = analyzer(STEMMED).unwrap();
        let long = "a".repeat(60);
        let texts = [
            "De kinderopvangtoeslag van mevrouw stopte; de Kinderopvangtoeslag en de huurtoeslag ook.".to_owned(),
            format!("Ideeën over leerlingenvervoer {long} in 2023, ÉÉN urgentieverklaring — of niet? de de de"),
            "".to_owned(),
            "...!!".to_owned(),
            "woningen woning Woningcorporatie WONINGCORPORATIE zorgtoeslag".to_owned(),
        ];
        // Enough rounds to pass MEMO_AFTER: both the cold and the remembering path are checked.
        let rounds = 2 + MEMO_AFTER / 20;
        for round in 0..rounds {
            for text in &texts {
                assert_eq!(tokens(&mut memo, text), tokens(&mut plain, text), "round {round}: {text}");
            }
        }
    }

    /// `Words` must split exactly like tantivy's `SimpleTokenizer` (which the index used before):
    /// same texts, positions and offsets, on ASCII, accents, other scripts, digits, marks.
    #[test]
    fn words_split_like_the_simple_tokenizer() {
        let texts = [
            "Hello, happy tax payer!",
            "  Ideeën:café—naïef 2023-01-05 a_b e-mail ÉÉN straße Łódź Ωμέγα 日本語 x\u{0301}y",
            "",
            "!!!",
            "word",
            "tab\tnew\nline\u{a0}nbsp\u{200b}zwsp",
        ];
        let mut ours = TextAnalyzer::from(Words::default());
        let mut theirs = TextAnalyzer::from(tantivy::tokenizer::SimpleTokenizer::default());
        for text in texts {
            assert_eq!(tokens(&mut ours, text), tokens(&mut theirs, text), "{text:?}");
        }
    }

    /// The one-pass exact analyzer must equal the plain chain (SimpleTokenizer + filters).
    #[test]
    fn the_one_pass_exact_analyzer_gives_the_tokens_of_the_plain_chain() {
        let mut plain = plain_chain(EXACT);
        let mut ours = analyzer(EXACT).unwrap();
        let long = "B".repeat(48);
        let long_accented = format!("{}é", "a".repeat(46));
        let texts = [
            format!("Ideeën over LEERLINGENVERVOER {long} {long_accented} in 2023, ÉÉN straße Ωμέγα İstanbul — x"),
            "".to_owned(),
            "De gemeente Zaanstad; te laat!".to_owned(),
        ];
        for text in &texts {
            assert_eq!(tokens(&mut ours, text), tokens(&mut plain, text), "{text}");
        }
    }

    #[test]
    fn folding_and_stemming() {
        assert_eq!(analyze(EXACT, "Ideeën"), vec!["ideeen"]);
        assert_eq!(analyze(STEMMED, "woningen"), analyze(STEMMED, "woning"));
        assert!(analyze(STEMMED, "de en van").is_empty(), "stopwords removed");
    }
}
