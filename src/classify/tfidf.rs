//! Lexical baseline: Dutch stems → TF-IDF → the multi-label logistic head.
//!
//! Why: this is the approach of Amsterdam's *Signalen* complaint router, it needs no model
//! download, trains in about a second, and its explanations are words a researcher can check
//! ("`kinderopvangtoeslag` +1.9 towards toeslagen"). It is the yardstick the embedding head must
//! beat, and the fallback when no encoder is available.
//!
//! Terms: the tokens of the index's Dutch analyzer ([`STEMMED`]: lowercase, accent folding,
//! decompounding with the parts emitted *in addition to* the whole word, stopwords, Snowball
//! stemming) — so `huurtoeslag` yields `huurtoeslag`, `huur` and `toeslag`. With
//! [`Ngrams::UnigramsAndBigrams`] also `"a b"` for consecutive words (whole words only, across
//! removed stopwords). Compounds therefore share evidence with their parts.
//!
//! Weighting (as scikit-learn's `TfidfVectorizer(sublinear_tf=True, smooth_idf=True,
//! norm="l2", min_df=2)`): `tf = 1 + ln(count)`, `idf = ln((1 + n) / (1 + df)) + 1`, rows
//! L2-normalised; the vocabulary is every term in at least `min_df` training texts, sorted
//! (byte order), so its indices do not depend on input order or hashing.
//!
//! Cross-validation refits vocabulary and idf on each fold's training texts ([`FoldFeaturizer`]),
//! so held-out scores (and the thresholds chosen from them) see unseen words as at prediction.
//!
//! Contract: the features of a text depend only on the text and the fitted vectorizer; the
//! analyzer (and its compiled-in lexicon) is part of that — changing `analysis` means retraining.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::logreg::{
    canonical, train, FeatureMatrix, Features, FoldFeaturizer, Prediction, TrainError, TrainOptions,
};
use super::model::{FeatureSpec, ModelError, ThemeExplanation, ThemeModel, Trained};
use super::themes::ThemeSet;
use crate::analysis::{analyzer, STEMMED};

/// Which terms are features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ngrams {
    /// Stems (and compound parts).
    Unigrams,
    /// Stems plus bigrams of consecutive word stems.
    UnigramsAndBigrams,
}

/// Settings of the lexical baseline.
///
/// `Default` (unigrams, `min_df` 2, uniform class weights, C by log-loss) was chosen by nested
/// cross-validation on the 704 training letters only (outer 5 folds × 3 seeds): bigrams,
/// balanced class weights and F1-based C selection all stayed within ±0.005 macro-F1 of it
/// (noise at this size), so the smaller, calibrated model is the default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfidfOptions {
    pub ngrams: Ngrams,
    /// Minimum number of training texts a term must occur in (≥ 1).
    pub min_df: u32,
    pub train: TrainOptions,
}

impl Default for TfidfOptions {
    fn default() -> Self {
        Self { ngrams: Ngrams::Unigrams, min_df: 2, train: TrainOptions::default() }
    }
}

/// A fitted vocabulary with idf weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfidfVectorizer {
    /// Name of the analyzer in `crate::analysis` that produced the terms.
    analyzer: String,
    ngrams: Ngrams,
    min_df: u32,
    /// Texts the vocabulary was fitted on.
    documents: usize,
    /// Sorted, unique terms; bigrams are `"a b"`.
    vocabulary: Vec<String>,
    /// idf per vocabulary term.
    idf: Vec<f64>,
}

/// Terms of `text` (unsorted, with repeats): analyzer tokens, plus word bigrams if asked.
pub fn terms(text: &str, ngrams: Ngrams) -> Vec<String> {
    let Some(mut a) = analyzer(STEMMED) else { return Vec::new() };
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut last_position = None;
    let mut stream = a.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
        // The first token at a position is the whole word; compound parts follow it there.
        if last_position != Some(t.position) {
            words.push(t.text.clone());
            last_position = Some(t.position);
        }
    }
    if ngrams == Ngrams::UnigramsAndBigrams {
        out.extend(words.windows(2).map(|w| format!("{} {}", w[0], w[1])));
    }
    out
}

/// `(term, count)` sorted by term.
fn counts(terms: &[String]) -> Vec<(&str, u32)> {
    let mut sorted: Vec<&str> = terms.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let mut out: Vec<(&str, u32)> = Vec::new();
    for t in sorted {
        match out.last_mut() {
            Some(last) if last.0 == t => last.1 += 1,
            _ => out.push((t, 1)),
        }
    }
    out
}

impl TfidfVectorizer {
    /// Fits vocabulary and idf on term lists (from [`terms`] with the same `ngrams`).
    /// The vocabulary may be empty (then every text maps to an empty row).
    pub fn fit(docs: &[&[String]], ngrams: Ngrams, min_df: u32) -> Self {
        let mut df: BTreeMap<&str, u32> = BTreeMap::new();
        for d in docs {
            for (t, _) in counts(d) {
                *df.entry(t).or_default() += 1;
            }
        }
        let n = docs.len() as f64;
        let (vocabulary, idf) = df
            .into_iter()
            .filter(|&(_, f)| f >= min_df.max(1))
            .map(|(t, f)| (t.to_owned(), canonical(((1.0 + n) / (1.0 + f64::from(f))).ln() + 1.0)))
            .unzip();
        Self { analyzer: STEMMED.to_owned(), ngrams, min_df, documents: docs.len(), vocabulary, idf }
    }

    /// TF-IDF row of pre-computed terms: sparse, sorted, L2-normalised (empty if no term known).
    pub fn transform_terms(&self, terms: &[String]) -> Features {
        let mut row: Vec<(u32, f64)> = Vec::new();
        for (t, c) in counts(terms) {
            if let Ok(j) = self.vocabulary.binary_search_by(|v| v.as_str().cmp(t)) {
                row.push((j as u32, (1.0 + f64::from(c).ln()) * self.idf[j]));
            }
        }
        let norm = row.iter().map(|e| e.1 * e.1).sum::<f64>().sqrt();
        Features::Sparse(
            row.into_iter().filter(|_| norm > 0.0).map(|(j, v)| (j, (v / norm) as f32)).collect(),
        )
    }

    /// TF-IDF row of a text.
    pub fn transform(&self, text: &str) -> Features {
        self.transform_terms(&terms(text, self.ngrams))
    }

    /// The term of feature `j`.
    pub fn term(&self, j: usize) -> Option<&str> {
        self.vocabulary.get(j).map(String::as_str)
    }

    pub fn vocabulary(&self) -> &[String] {
        &self.vocabulary
    }

    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    pub fn ngrams(&self) -> Ngrams {
        self.ngrams
    }

    pub fn dim(&self) -> usize {
        self.vocabulary.len()
    }

    /// Structural check for loaded files: known analyzer, sorted unique vocabulary, one finite
    /// positive idf per term.
    pub fn validate(&self) -> Result<(), String> {
        if self.analyzer != STEMMED {
            return Err(format!("unknown analyzer {:?} (this build has {STEMMED:?})", self.analyzer));
        }
        if self.vocabulary.len() != self.idf.len() {
            return Err(format!("{} terms but {} idf values", self.vocabulary.len(), self.idf.len()));
        }
        if let Some(w) = self.vocabulary.windows(2).find(|w| w[0] >= w[1]) {
            return Err(format!("vocabulary not sorted and unique at {:?}", w[1]));
        }
        if self.idf.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
            return Err("an idf value is not a positive finite number".into());
        }
        Ok(())
    }
}

/// Cross-validation featurizer: refits the vectorizer on each fold's training texts.
struct TfidfFolds<'a> {
    docs: &'a [Vec<String>],
    ngrams: Ngrams,
    min_df: u32,
}

impl FoldFeaturizer for TfidfFolds<'_> {
    fn len(&self) -> usize {
        self.docs.len()
    }

    fn featurize(&self, fit_on: &[usize]) -> Result<Cow<'_, FeatureMatrix>, TrainError> {
        let subset: Vec<&[String]> = fit_on.iter().map(|&i| self.docs[i].as_slice()).collect();
        let v = TfidfVectorizer::fit(&subset, self.ngrams, self.min_df);
        let rows = self.docs.iter().map(|d| v.transform_terms(d)).collect();
        Ok(Cow::Owned(FeatureMatrix::new(v.dim(), rows)?))
    }
}

/// Trains the lexical baseline with default options and the given seed.
///
/// `texts[i]` has themes `labels[i]`; `training_data_sha256` identifies the labelled data for
/// the model's provenance (e.g. sha256 of the training file). Errors as [`train`].
pub fn fit<S: AsRef<str> + Sync>(
    texts: &[S],
    labels: &[Vec<String>],
    themes: &ThemeSet,
    seed: u64,
    training_data_sha256: &str,
) -> Result<ThemeModel, TrainError> {
    let options =
        TfidfOptions { train: TrainOptions { seed, ..TrainOptions::default() }, ..TfidfOptions::default() };
    fit_with(texts, labels, themes, &options, training_data_sha256).map(|t| t.model)
}

/// Trains the lexical baseline with explicit options; also returns out-of-fold scores.
pub fn fit_with<S: AsRef<str> + Sync>(
    texts: &[S],
    labels: &[Vec<String>],
    themes: &ThemeSet,
    options: &TfidfOptions,
    training_data_sha256: &str,
) -> Result<Trained, TrainError> {
    if options.min_df == 0 {
        return Err(TrainError::BadOption("min_df must be at least 1".into()));
    }
    let docs: Vec<Vec<String>> = texts.par_iter().map(|t| terms(t.as_ref(), options.ngrams)).collect();
    let trained = train(
        &TfidfFolds { docs: &docs, ngrams: options.ngrams, min_df: options.min_df },
        labels,
        themes,
        &options.train,
    )?;
    let all: Vec<&[String]> = docs.iter().map(Vec::as_slice).collect();
    let vectorizer = TfidfVectorizer::fit(&all, options.ngrams, options.min_df);
    Ok(ThemeModel::from_training(
        FeatureSpec::Tfidf(vectorizer),
        trained,
        &options.train,
        training_data_sha256,
    ))
}

/// Cross-validation featurizer for TF-IDF ⊕ embedding: the vectorizer is refitted per fold.
struct CombinedFolds<'a> {
    tfidf: TfidfFolds<'a>,
    vectors: &'a [Vec<f32>],
    weight: f32,
}

impl FoldFeaturizer for CombinedFolds<'_> {
    fn len(&self) -> usize {
        self.tfidf.len()
    }

    fn featurize(&self, fit_on: &[usize]) -> Result<Cow<'_, FeatureMatrix>, TrainError> {
        let subset: Vec<&[String]> = fit_on.iter().map(|&i| self.tfidf.docs[i].as_slice()).collect();
        let v = TfidfVectorizer::fit(&subset, self.tfidf.ngrams, self.tfidf.min_df);
        let dim = self.vectors.first().map_or(0, Vec::len);
        let rows = self
            .tfidf
            .docs
            .iter()
            .zip(self.vectors)
            .map(|(d, e)| super::model::combine(&v.transform_terms(d), e, v.dim(), self.weight))
            .collect();
        Ok(Cow::Owned(FeatureMatrix::new(v.dim() + dim, rows)?))
    }
}

/// Trains TF-IDF ⊕ embedding features (see [`FeatureSpec::Combined`]); `vectors[i]` is the
/// embedding of `texts[i]` by `encoder_model_id`.
#[allow(clippy::too_many_arguments)]
pub fn fit_combined<S: AsRef<str> + Sync>(
    texts: &[S],
    vectors: &[Vec<f32>],
    labels: &[Vec<String>],
    themes: &ThemeSet,
    encoder_model_id: &str,
    embedding_weight: f32,
    options: &TfidfOptions,
    training_data_sha256: &str,
) -> Result<Trained, TrainError> {
    if texts.len() != vectors.len() {
        return Err(TrainError::BadOption(format!("{} texts but {} vectors", texts.len(), vectors.len())));
    }
    let docs: Vec<Vec<String>> = texts.par_iter().map(|t| terms(t.as_ref(), options.ngrams)).collect();
    let folds = CombinedFolds {
        tfidf: TfidfFolds { docs: &docs, ngrams: options.ngrams, min_df: options.min_df },
        vectors,
        weight: embedding_weight,
    };
    let trained = train(&folds, labels, themes, &options.train)?;
    let all: Vec<&[String]> = docs.iter().map(Vec::as_slice).collect();
    let tfidf = TfidfVectorizer::fit(&all, options.ngrams, options.min_df);
    let dim = vectors.first().map_or(0, Vec::len);
    let spec = FeatureSpec::Combined {
        tfidf,
        encoder_model_id: encoder_model_id.to_owned(),
        dim,
        embedding_weight,
    };
    Ok(ThemeModel::from_training(spec, trained, &options.train, training_data_sha256))
}

/// Themes of one text under a TF-IDF model; the same as [`ThemeModel::predict_text`].
pub fn predict(model: &ThemeModel, text: &str) -> Result<Prediction, ModelError> {
    model.predict_text(text)
}

/// Per theme the `k` stems pushing most towards and against it; the same as
/// [`ThemeModel::explain_text`].
pub fn explain(model: &ThemeModel, text: &str, k: usize) -> Result<Vec<ThemeExplanation>, ModelError> {
    model.explain_text(text, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn terms_are_stems_with_compound_parts_and_optional_bigrams() {
        let uni = terms("De huurtoeslag werd stopgezet", Ngrams::Unigrams);
        assert!(uni.contains(&"toeslag".to_owned()) && uni.contains(&"huur".to_owned()), "{uni:?}");
        assert!(!uni.iter().any(|t| t.contains(' ')));
        let bi = terms("De huurtoeslag werd stopgezet", Ngrams::UnigramsAndBigrams);
        let bigrams: Vec<&str> = bi.iter().filter(|t| t.contains(' ')).map(String::as_str).collect();
        // Whole words only (`stopgezet` is also split into `stop` + `zet`; `werd` is a stopword).
        assert_eq!(bigrams, vec!["huurtoeslag stopzet"], "{bi:?}");
    }

    #[test]
    fn tfidf_weights_match_the_formula() {
        let docs = [s(&["a", "a", "b"]), s(&["a", "c"]), s(&["b", "d"])];
        let refs: Vec<&[String]> = docs.iter().map(Vec::as_slice).collect();
        let v = TfidfVectorizer::fit(&refs, Ngrams::Unigrams, 2);
        assert_eq!(v.vocabulary(), &s(&["a", "b"])[..], "c and d occur once");
        let idf = |df: f64| (4.0f64 / (1.0 + df)).ln() + 1.0;
        assert!((v.idf()[0] - idf(2.0)).abs() < 1e-7, "idf is rounded to 9 digits");
        let Features::Sparse(row) = v.transform_terms(&docs[0]) else { panic!() };
        let (ta, tb) = ((1.0 + 2f64.ln()) * idf(2.0), idf(2.0));
        let norm = (ta * ta + tb * tb).sqrt();
        assert_eq!(row.iter().map(|e| e.0).collect::<Vec<_>>(), vec![0, 1]);
        assert!(
            (f64::from(row[0].1) - ta / norm).abs() < 1e-6 && (f64::from(row[1].1) - tb / norm).abs() < 1e-6
        );
        assert_eq!(v.transform_terms(&s(&["zzz"])), Features::Sparse(vec![]));
        // Input order does not change the vocabulary.
        let rev: Vec<&[String]> = docs.iter().rev().map(Vec::as_slice).collect();
        assert_eq!(TfidfVectorizer::fit(&rev, Ngrams::Unigrams, 2), v);
    }
}
