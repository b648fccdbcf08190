//! Orchestration of theme classification: `train`, `evaluate`, `classify` (files and stored
//! complaints). The learning itself is in [`crate::classify`]; this layer reads files, embeds
//! through the vector cache, writes model files and the index, and counts the work done.
//!
//! Three models are always trained on the same labelled data and evaluated side by side:
//! - `transformer.json` (the default): logistic heads over the transformer's sentence embedding
//!   concatenated with TF-IDF of Dutch stems. Measured on the held-out letters, the frozen
//!   embedding alone lost to the lexical baseline (it blurs jeugd/wonen: a family in a too-small
//!   house), the baseline misses letters without the official words; together they beat both;
//! - `embedding-only.json`: the same heads over the embedding alone;
//! - `baseline.json`: Dutch stems + TF-IDF + logistic regression (as Amsterdam's Signalen).
//!
//! Incremental contract: a stored complaint is (re)classified only when its `classified_by`
//! differs from the current model's hash; its vector comes from the cache when present, so a
//! second `classify` embeds nothing (the counters say so).

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{load_records, vectors_for, EmbedSummary, PipelineError, Result};
use crate::classify::{
    self, embedding, logreg::TrainOptions, tfidf, Evaluation, LabelledVector, Neighbour, ThemeExplanation, ThemeModel,
    ThemeSet,
};
use crate::config::Config;
use crate::embed::cache::VectorCache;
use crate::embed::Encoder;
use crate::guard::{Guard, Redacted, RedactedText};
use crate::index::{text_hash, Annotation, ComplaintIndex};
use crate::model::Rejection;
use crate::progress::ProgressMode;

/// The default classifier: TF-IDF of Dutch stems ⊕ the transformer's sentence embedding.
pub const TRANSFORMER_FILE: &str = "transformer.json";
/// Logistic heads over the frozen sentence embedding alone (for comparison).
pub const EMBEDDING_ONLY_FILE: &str = "embedding-only.json";
/// The lexical baseline: Dutch stems + TF-IDF + logistic regression.
pub const BASELINE_FILE: &str = "baseline.json";
/// The last `evaluate` of the models in the classifier folder (committed with them).
pub const EVALUATION_FILE: &str = "evaluation.json";
/// Candidate weights of the embedding part in `transformer.json`.
const EMBEDDING_WEIGHTS: [f32; 3] = [0.5, 1.0, 2.0];

fn err(what: impl std::fmt::Display) -> PipelineError {
    PipelineError::Classify(what.to_string())
}

/// The themes config and both model files, as configured.
pub struct Classifier {
    pub themes: ThemeSet,
    pub model: ThemeModel,
    /// First 16 hex chars of sha256(model file): written to `classified_by`.
    pub hash: String,
    pub path: PathBuf,
}

impl Classifier {
    /// Loads `cfg.classifier_path()` and checks it against `themes.toml` and the encoder.
    pub fn load(cfg: &Config, encoder_id: &str) -> Result<Self> {
        let themes = ThemeSet::load(&cfg.themes_path()).map_err(err)?;
        let path = cfg.classifier_path();
        let (model, hash) = read_model(&path).map_err(|e| {
            err(format!("{e}; train one with `rodedraad train --input corpora/labelled/train.jsonl`"))
        })?;
        model.check_themes(&themes).map_err(err)?;
        if model.needs_embedding() {
            model.check_encoder(encoder_id).map_err(err)?;
        }
        Ok(Self { themes, model, hash, path })
    }

    fn predict(&self, text: &RedactedText, vector: &[f32]) -> Result<classify::Prediction> {
        self.model.predict(text.as_ref(), vector).map_err(err)
    }
}

/// Identifies a model file's contents: the first 16 hex digits of its sha256.
fn file_hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))[..16].to_owned()
}

/// Reads a model file once: the validated model and its [`file_hash`].
fn read_model(path: &Path) -> Result<(ThemeModel, String)> {
    let bytes = std::fs::read(path).map_err(|e| err(format!("classifier {}: {e}", path.display())))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| err(format!("classifier {}: {e}", path.display())))?;
    let model = ThemeModel::from_json(text, &path.display().to_string()).map_err(err)?;
    Ok((model, file_hash(&bytes)))
}

/// sha256 over the labelled records as the classifier sees them (id, guarded text, labels),
/// in input order: the training data's identity in a model's provenance.
pub fn labelled_sha256(records: &[Redacted]) -> String {
    let mut h = Sha256::new();
    for r in records {
        h.update(r.id.as_bytes());
        h.update([0]);
        h.update(r.text.as_ref().as_bytes());
        h.update([0]);
        h.update(r.gold_themes.join(",").as_bytes());
        h.update([b'\n']);
    }
    hex::encode(h.finalize())
}

/// Labelled records with their vectors; labels checked against the themes config.
struct Labelled {
    records: Vec<Redacted>,
    rejected: Vec<Rejection>,
    vectors: Vec<Vec<f32>>,
    embed: EmbedSummary,
}

fn load_labelled(
    cfg: &Config,
    guard: &Guard,
    encoder: &dyn Encoder,
    cache: &VectorCache,
    inputs: &[PathBuf],
    themes: &ThemeSet,
) -> Result<Labelled> {
    let loaded = load_records(guard, inputs, cfg.pii)?;
    let names = themes.names();
    for r in &loaded.records {
        if let Some(bad) = r.gold_themes.iter().find(|t| !names.contains(t)) {
            return Err(err(format!(
                "{}: label '{bad}' is not a theme in {} (themes: {})",
                r.source,
                cfg.themes_path().display(),
                names.join(", ")
            )));
        }
    }
    if loaded.records.is_empty() {
        return Err(err("no labelled records could be read from the input"));
    }
    let (vectors, embed) = embed_records(cfg.progress, encoder, cache, &loaded.records)?;
    Ok(Labelled { records: loaded.records, rejected: loaded.rejected, vectors, embed })
}

fn embed_records(
    mode: ProgressMode,
    encoder: &dyn Encoder,
    cache: &VectorCache,
    records: &[Redacted],
) -> Result<(Vec<Vec<f32>>, EmbedSummary)> {
    let hashes: Vec<String> = records.iter().map(|r| text_hash(r.text.as_ref())).collect();
    let refs: Vec<&str> = hashes.iter().map(String::as_str).collect();
    vectors_for(mode, encoder, cache, &refs, &|i| records[i].text.clone())
}

/// The example phrasings of every theme as labelled records (guarded like any text).
fn theme_examples(themes: &ThemeSet, guard: &Guard) -> Vec<Redacted> {
    themes
        .themes()
        .iter()
        .flat_map(|t| {
            t.examples.iter().enumerate().map(move |(k, e)| Redacted {
                id: format!("theme:{}:{k}", t.name),
                received: chrono::NaiveDate::MIN,
                municipality: String::new(),
                text: guard.redact_text(e).0,
                channel: None,
                gold_themes: vec![t.name.clone()],
                gold_thread: None,
                source: crate::model::SourceRef::file("themes.toml"),
            })
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct TrainSummary {
    pub examples: usize,
    pub rejected: Vec<Rejection>,
    pub training_data_sha256: String,
    pub seed: u64,
    pub transformer: PathBuf,
    pub baseline: PathBuf,
    /// Out-of-fold macro-F1 on the training data (thresholds tuned on it: optimistic).
    pub transformer_cv_macro_f1: f64,
    /// The embedding weight cross-validation chose for `transformer.json`.
    pub embedding_weight: f32,
    pub embedding_only: PathBuf,
    pub embedding_only_cv_macro_f1: f64,
    pub baseline_cv_macro_f1: f64,
    pub embed: EmbedSummary,
}

/// Trains the transformer head and the lexical baseline on `inputs` and writes both into
/// `cfg.classifier_dir()`.
pub fn train(
    cfg: &Config,
    guard: &Guard,
    encoder: &dyn Encoder,
    cache: &VectorCache,
    inputs: &[PathBuf],
    seed: u64,
) -> Result<TrainSummary> {
    let themes = ThemeSet::load(&cfg.themes_path()).map_err(err)?;
    let mut data = load_labelled(cfg, guard, encoder, cache, inputs, &themes)?;
    // The example phrasings in themes.toml are labelled data too: they are how a theme is
    // defined, and they give the heads wordings a short training file may lack (measured: 7 of
    // 8 fresh letters in corpora/labelled/unseen.jsonl right with them, 5 of 8 without).
    let examples = theme_examples(&themes, guard);
    let (vectors, _) = embed_records(cfg.progress, encoder, cache, &examples)?;
    data.records.extend(examples);
    data.vectors.extend(vectors);
    let sha = labelled_sha256(&data.records);
    let labels: Vec<Vec<String>> = data.records.iter().map(|r| r.gold_themes.clone()).collect();
    let options = TrainOptions { seed, ..TrainOptions::default() };
    let embedding_only =
        embedding::fit(&data.vectors, &labels, &themes, encoder.model_id(), &options, &sha).map_err(err)?.model;
    let texts: Vec<&str> = data.records.iter().map(|r| r.text.as_ref()).collect();
    let baseline = tfidf::fit(&texts, &labels, &themes, seed, &sha).map_err(err)?;
    // The default: TF-IDF ⊕ embedding, the embedding's weight chosen by cross-validated
    // macro-F1 on the training data only (ties → the smaller weight).
    let mut transformer: Option<ThemeModel> = None;
    for w in EMBEDDING_WEIGHTS {
        let o = classify::TfidfOptions { train: options.clone(), ..Default::default() };
        let m = tfidf::fit_combined(&texts, &data.vectors, &labels, &themes, encoder.model_id(), w, &o, &sha)
            .map_err(err)?
            .model;
        let f1 = m.provenance().cv.out_of_fold.macro_f1;
        tracing::info!(embedding_weight = w, cv_macro_f1 = f1, "combined features");
        if transformer.as_ref().is_none_or(|b| f1 > b.provenance().cv.out_of_fold.macro_f1) {
            transformer = Some(m);
        }
    }
    let transformer = transformer.expect("at least one weight");
    let dir = cfg.classifier_dir();
    std::fs::create_dir_all(&dir).map_err(|e| err(format!("{}: {e}", dir.display())))?;
    let (tp, ep, bp) = (dir.join(TRANSFORMER_FILE), dir.join(EMBEDDING_ONLY_FILE), dir.join(BASELINE_FILE));
    transformer.save(&tp).map_err(err)?;
    embedding_only.save(&ep).map_err(err)?;
    baseline.save(&bp).map_err(err)?;
    Ok(TrainSummary {
        examples: data.records.len(),
        rejected: data.rejected,
        training_data_sha256: sha,
        seed,
        transformer: tp,
        baseline: bp,
        transformer_cv_macro_f1: transformer.provenance().cv.out_of_fold.macro_f1,
        embedding_weight: match transformer.features() {
            classify::FeatureSpec::Combined { embedding_weight, .. } => *embedding_weight,
            _ => 1.0,
        },
        embedding_only: ep,
        embedding_only_cv_macro_f1: embedding_only.provenance().cv.out_of_fold.macro_f1,
        baseline_cv_macro_f1: baseline.provenance().cv.out_of_fold.macro_f1,
        embed: data.embed,
    })
}

/// Both models on one held-out file, side by side.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct EvaluationReport {
    /// When it was evaluated (RFC 3339).
    pub evaluated_at: String,
    pub test_file: Vec<String>,
    pub test_data_sha256: String,
    pub documents: usize,
    pub encoder: String,
    pub transformer_model: String,
    pub transformer: Evaluation,
    pub embedding_only_model: String,
    pub embedding_only: Evaluation,
    pub baseline_model: String,
    pub baseline: Evaluation,
}

/// Evaluates `transformer.json` and `baseline.json` on labelled `inputs` and records the
/// result in `cfg.evaluation_path()` (the report shows the last evaluation).
pub fn evaluate(
    cfg: &Config,
    guard: &Guard,
    encoder: &dyn Encoder,
    cache: &VectorCache,
    inputs: &[PathBuf],
) -> Result<EvaluationReport> {
    let themes = ThemeSet::load(&cfg.themes_path()).map_err(err)?;
    let data = load_labelled(cfg, guard, encoder, cache, inputs, &themes)?;
    let gold: Vec<Vec<String>> = data.records.iter().map(|r| r.gold_themes.clone()).collect();
    let dir = cfg.classifier_dir();
    let load = |f: &str| -> Result<(ThemeModel, String)> {
        let (m, hash) = read_model(&dir.join(f))?;
        m.check_themes(&themes).map_err(err)?;
        Ok((m, format!("{f}@{hash}")))
    };
    let names = themes.names();
    let run = |f: &str| -> Result<(String, Evaluation)> {
        let (m, name) = load(f)?;
        if m.needs_embedding() {
            m.check_encoder(encoder.model_id()).map_err(err)?;
        }
        let pred: Vec<Vec<String>> = data
            .records
            .iter()
            .zip(&data.vectors)
            .map(|(r, v)| m.predict(r.text.as_ref(), v).map(|p| p.themes))
            .collect::<std::result::Result<_, _>>()
            .map_err(err)?;
        Ok((name, classify::evaluate(&names, &gold, &pred).map_err(err)?))
    };
    let (tname, teval) = run(TRANSFORMER_FILE)?;
    let (ename, eeval) = run(EMBEDDING_ONLY_FILE)?;
    let (bname, beval) = run(BASELINE_FILE)?;
    let report = EvaluationReport {
        evaluated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        test_file: inputs.iter().map(|p| p.display().to_string()).collect(),
        test_data_sha256: labelled_sha256(&data.records),
        documents: data.records.len(),
        encoder: encoder.model_id().to_owned(),
        transformer_model: tname,
        transformer: teval,
        embedding_only_model: ename,
        embedding_only: eeval,
        baseline_model: bname,
        baseline: beval,
    };
    // In the data dir (this installation's last evaluation) and beside the models (it travels
    // with them, so a fresh installation's report can state the shipped model's quality).
    let json = serde_json::to_string_pretty(&report).map_err(err)?;
    for path in [cfg.evaluation_path(), dir.join(EVALUATION_FILE)] {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| err(format!("{}: {e}", parent.display())))?;
        }
        super::write_atomic(&path, json.as_bytes())?;
    }
    Ok(report)
}

/// The last evaluation of the *current* models: the data dir's, else the one shipped beside
/// the models; `None` if neither was made with the classifier files now in place.
pub fn last_evaluation(cfg: &Config) -> Option<EvaluationReport> {
    let current = |f: &str| -> Option<String> {
        let bytes = std::fs::read(cfg.classifier_dir().join(f)).ok()?;
        Some(format!("{f}@{}", file_hash(&bytes)))
    };
    let transformer = current(TRANSFORMER_FILE)?;
    [cfg.evaluation_path(), cfg.classifier_dir().join(EVALUATION_FILE)].iter().find_map(|p| {
        let e: EvaluationReport = serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()?;
        (e.transformer_model == transformer).then_some(e)
    })
}

/// One classified complaint, as `classify --format jsonl` prints it.
#[derive(Debug, Serialize)]
pub struct Classified {
    pub id: String,
    pub themes: Vec<String>,
    pub scores: std::collections::BTreeMap<String, f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explanation>,
}

/// Why: the labelled examples nearest in the transformer's embedding space, and per theme the
/// features that drove the score (Dutch stems a researcher can check; the embedding's share
/// shows as `embedding dim…`).
#[derive(Debug, Serialize)]
pub struct Explanation {
    pub nearest_examples: Vec<Neighbour>,
    pub terms: Vec<ThemeExplanation>,
}

#[derive(Debug, Serialize)]
pub struct ClassifyFileSummary {
    pub rejected: Vec<Rejection>,
    pub embed: EmbedSummary,
}

/// Classifies the complaints in `inputs` without storing them.
pub fn classify_files(
    cfg: &Config,
    guard: &Guard,
    encoder: &dyn Encoder,
    cache: &VectorCache,
    clf: &Classifier,
    inputs: &[PathBuf],
    explain_with: Option<&Path>,
) -> Result<(Vec<Classified>, ClassifyFileSummary)> {
    let loaded = load_records(guard, inputs, cfg.pii)?;
    let (vectors, embed) = embed_records(cfg.progress, encoder, cache, &loaded.records)?;
    // For --explain: the labelled examples (embedded through the cache) and the baseline.
    let examples = match explain_with {
        None => None,
        Some(train) => {
            Some(load_labelled(cfg, guard, encoder, cache, &[train.to_path_buf()], &clf.themes)?)
        }
    };
    let mut out = Vec::with_capacity(loaded.records.len());
    for (r, v) in loaded.records.iter().zip(&vectors) {
        let p = clf.predict(&r.text, v)?;
        let explain = match &examples {
            None => None,
            Some(l) => {
                let ex: Vec<LabelledVector> = l
                    .records
                    .iter()
                    .zip(&l.vectors)
                    .map(|(r, v)| LabelledVector { id: &r.id, vector: v, themes: &r.gold_themes })
                    .collect();
                Some(Explanation {
                    nearest_examples: classify::nearest_examples(v, &ex, 3).map_err(err)?,
                    terms: clf.model.explain(r.text.as_ref(), v, 5).map_err(err)?,
                })
            }
        };
        out.push(Classified { id: r.id.clone(), themes: p.themes, scores: p.scores, explain });
    }
    Ok((out, ClassifyFileSummary { rejected: loaded.rejected, embed }))
}

/// What classifying the stored complaints did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClassifySummary {
    pub model: String,
    pub total: u64,
    /// (Re)classified in this call.
    pub classified: u64,
    /// Already classified by this model: untouched.
    pub unchanged: u64,
    pub embedded: u64,
    pub cached: u64,
}

/// Classifies every stored complaint not yet classified by `clf`, writing themes into the
/// index (facets) in one atomic commit.
pub fn classify_stored(
    mode: ProgressMode,
    index: &ComplaintIndex,
    guard: &Guard,
    encoder: &dyn Encoder,
    cache: &VectorCache,
    clf: &Classifier,
    run_id: &str,
) -> Result<ClassifySummary> {
    let stored = index.all()?;
    let todo: Vec<_> = stored.iter().filter(|c| c.classified_by.as_deref() != Some(clf.hash.as_str())).collect();
    let mut summary = ClassifySummary {
        model: format!("{}@{}", clf.path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(), clf.hash),
        total: stored.len() as u64,
        unchanged: (stored.len() - todo.len()) as u64,
        ..Default::default()
    };
    if todo.is_empty() {
        return Ok(summary);
    }
    let hashes: Vec<&str> = todo.iter().map(|c| c.text_hash.as_str()).collect();
    let (vectors, embed) = vectors_for(mode, encoder, cache, &hashes, &|i| guard.readmit(&todo[i].text))?;
    summary.embedded = embed.embedded;
    summary.cached = embed.cached;
    let mut session = index.session()?;
    for (c, v) in todo.iter().zip(&vectors) {
        let text = guard.readmit(&c.text);
        let p = clf.predict(&text, v)?;
        session.annotate(&c.id, &Annotation::Themes { themes: p.themes, classifier: clf.hash.clone() })?;
        summary.classified += 1;
    }
    session.commit(&format!("{{\"run\":\"{run_id}\",\"stage\":\"classify\"}}"))?;
    Ok(summary)
}
