//! The saved theme model: feature description + linear head + provenance, as one JSON file.
//!
//! Why one self-describing file: a classification in a report must be traceable to exactly
//! which model made it — trained on which labelled data (sha256), with which seed, which
//! features (encoder id, or the TF-IDF vocabulary itself), which C and thresholds, and how well
//! it did in cross-validation. No timestamps or host names are stored, so the same inputs and
//! seed give the same bytes (the file can be checked into git and diffed).
//!
//! Contract: [`ThemeModel::load`] validates structure (format tag, dimensions, finite numbers,
//! sorted vocabulary) and refuses anything else with an error naming the file; a loaded model
//! gives bit-identical scores to the model that was saved (see `logreg::canonical`).

use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::logreg::{
    canonical, CvReport, FeatureError, Features, HeadError, LinearHead, Prediction, TrainOptions, TrainedHead,
};
use super::tfidf::TfidfVectorizer;
use super::themes::ThemeSet;

/// Format tag written into every model file; bumped on incompatible changes.
pub const FORMAT: &str = "rodedraad-theme-model/1";

/// What the head's features are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeatureSpec {
    /// Sentence embeddings from an encoder (`embed::Encoder::model_id`, which includes the
    /// weights' hash) of dimension `dim`.
    Embedding { encoder_model_id: String, dim: usize },
    /// TF-IDF of Dutch stems; the vectorizer (vocabulary + idf) is stored in the file.
    Tfidf(TfidfVectorizer),
    /// Both: the L2-normalised TF-IDF row, then the (L2-normalised) sentence embedding times
    /// `embedding_weight`, as one feature vector. Words the classifier has seen keep their
    /// exact weight; the embedding carries letters that say it in other words.
    Combined { tfidf: TfidfVectorizer, encoder_model_id: String, dim: usize, embedding_weight: f32 },
}

impl FeatureSpec {
    pub fn dim(&self) -> usize {
        match self {
            FeatureSpec::Embedding { dim, .. } => *dim,
            FeatureSpec::Tfidf(v) => v.dim(),
            FeatureSpec::Combined { tfidf, dim, .. } => tfidf.dim() + dim,
        }
    }

    /// Features of one complaint: its guarded text and its embedding (each used as needed).
    pub fn features_of(&self, text: &str, vector: &[f32]) -> Features {
        match self {
            FeatureSpec::Embedding { .. } => Features::Dense(vector.to_vec()),
            FeatureSpec::Tfidf(v) => v.transform(text),
            FeatureSpec::Combined { tfidf, embedding_weight, .. } => {
                combine(&tfidf.transform(text), vector, tfidf.dim(), *embedding_weight)
            }
        }
    }

    /// Name of feature `j` for explanations.
    fn feature_name(&self, j: usize) -> String {
        match self {
            FeatureSpec::Embedding { .. } => format!("dim{j}"),
            FeatureSpec::Tfidf(v) => v.term(j).unwrap_or("?").to_owned(),
            FeatureSpec::Combined { tfidf, .. } => match tfidf.term(j) {
                Some(t) => t.to_owned(),
                None => format!("embedding dim{}", j - tfidf.dim()),
            },
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            FeatureSpec::Embedding { .. } => "embedding",
            FeatureSpec::Tfidf(_) => "tfidf",
            FeatureSpec::Combined { .. } => "combined",
        }
    }
}

/// A TF-IDF row followed by `weight × vector` at offset `offset`, as one sparse row.
pub(crate) fn combine(tfidf_row: &Features, vector: &[f32], offset: usize, weight: f32) -> Features {
    let mut entries: Vec<(u32, f32)> = match tfidf_row {
        Features::Sparse(e) => e.clone(),
        Features::Dense(d) => d.iter().enumerate().filter(|(_, v)| **v != 0.0).map(|(j, v)| (j as u32, *v)).collect(),
    };
    entries.extend(vector.iter().enumerate().map(|(j, v)| ((offset + j) as u32, weight * v)));
    Features::Sparse(entries)
}

/// Where a model comes from and how well it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// `CARGO_PKG_VERSION` of the crate that trained it.
    pub crate_version: String,
    /// sha256 of the labelled training data, as passed by the caller.
    pub training_data_sha256: String,
    pub examples: usize,
    /// All training settings, including the seed, folds and C grid.
    pub options: TrainOptions,
    /// Cross-validation: per theme the grid, chosen C, threshold; out-of-fold metrics.
    pub cv: CvReport,
}

/// Errors loading, saving or applying a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("theme model {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("theme model {origin}: not a valid model file: {source}")]
    Json { origin: String, source: serde_json::Error },
    #[error("theme model {origin}: format {found:?} is not {FORMAT:?}; retrain with this version")]
    Format { origin: String, found: String },
    #[error("theme model {origin}: inconsistent: {detail}")]
    Invalid { origin: String, detail: String },
    #[error("this is a {model} model; it cannot score {given} input")]
    WrongInput { model: &'static str, given: &'static str },
    #[error("the model was trained on embeddings of {trained}, not {given}; retrain or use that encoder")]
    EncoderMismatch { trained: String, given: String },
    #[error("the model was trained for themes {model:?} but the theme file lists {config:?}; retrain after changing themes")]
    ThemeMismatch { model: Vec<String>, config: Vec<String> },
    #[error(transparent)]
    Features(#[from] FeatureError),
}

/// A term's (or embedding dimension's) contribution to a theme's logit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermContribution {
    pub term: String,
    pub contribution: f64,
}

/// Why one input got (or did not get) one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeExplanation {
    pub theme: String,
    pub score: f32,
    pub threshold: f64,
    pub assigned: bool,
    /// Logit = bias + Σ contributions.
    pub bias: f64,
    /// Largest positive contributions, descending.
    pub for_theme: Vec<TermContribution>,
    /// Most negative contributions, ascending.
    pub against: Vec<TermContribution>,
}

/// A trained theme classifier as saved on disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeModel {
    format: String,
    provenance: Provenance,
    features: FeatureSpec,
    head: LinearHead,
}

/// A freshly trained model plus its out-of-fold scores (per example, per theme in file order)
/// for error analysis; the scores are not part of the model file.
#[derive(Debug, Clone)]
pub struct Trained {
    pub model: ThemeModel,
    pub out_of_fold: Vec<Vec<f32>>,
}

impl ThemeModel {
    pub(crate) fn from_training(
        features: FeatureSpec,
        trained: TrainedHead,
        options: &TrainOptions,
        training_data_sha256: &str,
    ) -> Trained {
        // Every float in the file is canonical, so a loaded model equals the saved one.
        let mut options = options.clone();
        options.c_grid.iter_mut().for_each(|c| *c = canonical(*c));
        options.tolerance = canonical(options.tolerance);
        let mut cv = trained.cv;
        let e = &mut cv.out_of_fold;
        for m in &mut e.per_theme {
            for v in [&mut m.precision, &mut m.recall, &mut m.f1] {
                *v = canonical(*v);
            }
        }
        for v in [
            &mut e.macro_f1,
            &mut e.micro_precision,
            &mut e.micro_recall,
            &mut e.micro_f1,
            &mut e.exact_match,
        ] {
            *v = canonical(*v);
        }
        let model = ThemeModel {
            format: FORMAT.to_owned(),
            provenance: Provenance {
                crate_version: env!("CARGO_PKG_VERSION").to_owned(),
                training_data_sha256: training_data_sha256.to_owned(),
                examples: trained.out_of_fold.len(),
                options,
                cv,
            },
            features,
            head: trained.head,
        };
        Trained { model, out_of_fold: trained.out_of_fold }
    }

    /// Theme names, in the order of the theme file it was trained with.
    pub fn themes(&self) -> Vec<String> {
        self.head.theme_names()
    }

    pub fn head(&self) -> &LinearHead {
        &self.head
    }

    pub fn features(&self) -> &FeatureSpec {
        &self.features
    }

    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// Errors unless the model's themes are exactly `themes` (same names, same order).
    pub fn check_themes(&self, themes: &ThemeSet) -> Result<(), ModelError> {
        if self.themes() != themes.names() {
            return Err(ModelError::ThemeMismatch { model: self.themes(), config: themes.names() });
        }
        Ok(())
    }

    /// Errors unless this is an embedding model trained with the encoder `model_id`.
    pub fn check_encoder(&self, model_id: &str) -> Result<(), ModelError> {
        match &self.features {
            FeatureSpec::Embedding { encoder_model_id, .. } if encoder_model_id == model_id => Ok(()),
            FeatureSpec::Embedding { encoder_model_id, .. } => Err(ModelError::EncoderMismatch {
                trained: encoder_model_id.clone(),
                given: model_id.to_owned(),
            }),
            FeatureSpec::Combined { encoder_model_id, .. } if encoder_model_id == model_id => Ok(()),
            FeatureSpec::Combined { encoder_model_id, .. } => Err(ModelError::EncoderMismatch {
                trained: encoder_model_id.clone(),
                given: model_id.to_owned(),
            }),
            FeatureSpec::Tfidf(_) => Err(ModelError::WrongInput { model: "tfidf", given: "embedding" }),
        }
    }

    /// Whether scoring needs the complaint's embedding.
    pub fn needs_embedding(&self) -> bool {
        !matches!(self.features, FeatureSpec::Tfidf(_))
    }

    /// Scores a complaint from whatever the model's features need: its guarded text and/or its
    /// embedding (pass an empty slice for a TF-IDF model).
    pub fn predict(&self, text: &str, vector: &[f32]) -> Result<Prediction, ModelError> {
        Ok(self.head.predict(&self.features.features_of(text, vector))?)
    }

    /// Per theme the `k` features (stems; embedding dimensions are named as such) pushing most
    /// towards and against it, for any kind of model.
    pub fn explain(&self, text: &str, vector: &[f32], k: usize) -> Result<Vec<ThemeExplanation>, ModelError> {
        let x = self.features.features_of(text, vector);
        self.explain_features(&x, k, |j| self.features.feature_name(j))
    }

    /// Scores a text (TF-IDF models).
    pub fn predict_text(&self, text: &str) -> Result<Prediction, ModelError> {
        Ok(self.head.predict(&self.tfidf()?.transform(text))?)
    }

    /// Scores many texts in parallel; results in input order.
    pub fn predict_texts<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Vec<Prediction>, ModelError> {
        let v = self.tfidf()?;
        texts.par_iter().map(|t| Ok(self.head.predict(&v.transform(t.as_ref()))?)).collect()
    }

    /// Scores an embedding (embedding models); its length must be the model's dimension.
    pub fn predict_embedding(&self, vector: &[f32]) -> Result<Prediction, ModelError> {
        if let FeatureSpec::Tfidf(_) = self.features {
            return Err(ModelError::WrongInput { model: "tfidf", given: "embedding" });
        }
        Ok(self.head.predict(&Features::Dense(vector.to_vec()))?)
    }

    /// Per theme, the `k` terms pushing most towards and against it in `text` (TF-IDF models).
    pub fn explain_text(&self, text: &str, k: usize) -> Result<Vec<ThemeExplanation>, ModelError> {
        let v = self.tfidf()?;
        let x = v.transform(text);
        self.explain_features(&x, k, |j| v.term(j).unwrap_or("?").to_owned())
    }

    /// As [`Self::explain_text`] for an embedding; features are named `dim<j>`. Dimensions are
    /// not meaningful words — for embeddings prefer `embedding::nearest_examples`.
    pub fn explain_embedding(&self, vector: &[f32], k: usize) -> Result<Vec<ThemeExplanation>, ModelError> {
        if let FeatureSpec::Tfidf(_) = self.features {
            return Err(ModelError::WrongInput { model: "tfidf", given: "embedding" });
        }
        self.explain_features(&Features::Dense(vector.to_vec()), k, |j| format!("dim{j}"))
    }

    fn explain_features(
        &self,
        x: &Features,
        k: usize,
        name: impl Fn(usize) -> String,
    ) -> Result<Vec<ThemeExplanation>, ModelError> {
        let prediction = self.head.predict(x)?;
        let named = |cs: Vec<super::logreg::Contribution>| {
            cs.into_iter()
                .map(|c| TermContribution { term: name(c.feature), contribution: c.contribution })
                .collect()
        };
        self.head
            .themes()
            .iter()
            .enumerate()
            .map(|(t, w)| {
                let (pro, con) = self.head.contributions(t, x, k)?;
                Ok(ThemeExplanation {
                    theme: w.theme().to_owned(),
                    score: prediction.scores.get(w.theme()).copied().unwrap_or(0.0),
                    threshold: w.threshold(),
                    assigned: prediction.themes.iter().any(|p| p == w.theme()),
                    bias: w.bias(),
                    for_theme: named(pro),
                    against: named(con),
                })
            })
            .collect()
    }

    fn tfidf(&self) -> Result<&TfidfVectorizer, ModelError> {
        match &self.features {
            FeatureSpec::Tfidf(v) => Ok(v),
            FeatureSpec::Embedding { .. } | FeatureSpec::Combined { .. } => {
                Err(ModelError::WrongInput { model: self.features.kind(), given: "text" })
            }
        }
    }

    /// The model as JSON (compact, one line, newline-terminated). Deterministic.
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and finite numbers cannot fail.
        let mut s = serde_json::to_string(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Parses and validates a model; `origin` names the source in errors.
    pub fn from_json(text: &str, origin: &str) -> Result<Self, ModelError> {
        let model: ThemeModel = serde_json::from_str(text)
            .map_err(|source| ModelError::Json { origin: origin.to_owned(), source })?;
        if model.format != FORMAT {
            return Err(ModelError::Format { origin: origin.to_owned(), found: model.format });
        }
        let invalid = |detail: String| ModelError::Invalid { origin: origin.to_owned(), detail };
        model.head.validate().map_err(|e: HeadError| invalid(e.to_string()))?;
        if let FeatureSpec::Tfidf(v) | FeatureSpec::Combined { tfidf: v, .. } = &model.features {
            v.validate().map_err(invalid)?;
        }
        if model.features.dim() != model.head.dim() {
            return Err(invalid(format!(
                "{} features of dimension {} but a head of dimension {}",
                model.features.kind(),
                model.features.dim(),
                model.head.dim()
            )));
        }
        if model.provenance.cv.themes.iter().map(|t| &t.theme).ne(model
            .head
            .themes()
            .iter()
            .map(|t| t.theme()))
        {
            return Err(invalid("provenance and head list different themes".into()));
        }
        Ok(model)
    }

    /// Writes the model atomically (temporary file in the same folder, then rename).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), ModelError> {
        let path = path.as_ref();
        let io = |source| ModelError::Io { path: path.display().to_string(), source };
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = path.with_file_name(format!(".{file_name}.tmp"));
        std::fs::write(&tmp, self.to_json()).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e)
        })
    }

    /// Reads and validates a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ModelError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|source| ModelError::Io { path: path.display().to_string(), source })?;
        Self::from_json(&text, &path.display().to_string())
    }
}
