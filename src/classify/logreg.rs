//! Multi-label theme head: one L2-regularised binary logistic regression per theme.
//!
//! Why logistic regression: with a few hundred labelled letters per theme, a linear model over
//! good features (sentence embeddings, or TF-IDF of Dutch stems) is as accurate as anything
//! bigger, trains in a second, is deterministic, and can be explained (weight × value per
//! feature). One independent binary model per theme (binary relevance) makes the head
//! multi-label: a letter can have several themes or none.
//!
//! Why per-theme thresholds from out-of-fold predictions: the decision "has theme" is
//! `probability ≥ threshold`, and 0.5 is only right for calibrated models on balanced data.
//! The threshold that maximises F1 is chosen on *out-of-fold* probabilities of the k-fold
//! cross-validation (each letter scored by a model that did not see it), never on the
//! probabilities of the model that was fitted on the same letters (those are overconfident).
//! The same cross-validation picks the regularisation strength C from a small grid.
//!
//! Training, exactly:
//! 1. Folds: letters are grouped by their exact label set, each group is shuffled with ChaCha8
//!    seeded by [`TrainOptions::seed`], and the groups are dealt round-robin over k folds
//!    (stratified for every theme at once).
//! 2. For every fold, theme and C (ascending, each fit warm-started from the previous C), fit on
//!    the other folds and score the held-out fold. Features that are themselves fitted (a TF-IDF
//!    vocabulary) are refitted on the training folds only, via [`FoldFeaturizer`].
//! 3. Per theme, C is chosen by [`Selection`] on the out-of-fold scores (ties → smaller C, i.e.
//!    stronger regularisation); the threshold maximising out-of-fold F1 is chosen for that C
//!    (ties → the threshold nearest 0.5; 0.5 itself when it is among the best).
//! 4. The final model per theme is fitted on all letters with the chosen C.
//!
//! The objective per theme is scikit-learn's: `C · Σᵢ sᵢ·logloss(yᵢ, w·xᵢ + b) + ½‖w‖²`, the
//! bias unregularised, sᵢ the class weight ([`ClassWeight`]). It is minimised by L-BFGS in f64
//! (history 10, Armijo backtracking) until the gradient's max-norm of the objective divided by
//! `C·Σsᵢ` is below [`TrainOptions::tolerance`] or [`TrainOptions::max_iterations`] is reached
//! (reported per theme, never silent).
//!
//! Determinism: no hash maps, fixed summation order, per-task sequential optimisation (tasks run
//! in parallel with rayon but are collected in order). Saved parameters are rounded to 9
//! significant digits (see [`canonical`]) so that a JSON round trip reproduces them bit for bit
//! with any correct float parser — reloaded heads give identical scores.

use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::metrics::{evaluate, Evaluation};
use super::themes::ThemeSet;

/// One sample's features: dense (an embedding) or sparse (e.g. TF-IDF).
///
/// Contract (checked by [`FeatureMatrix::new`] and at prediction): `Dense` has exactly `dim`
/// finite values; `Sparse` has finite values at strictly increasing indices `< dim`.
/// [`Features::sparse_from_unsorted`] builds a valid sparse row from arbitrary pairs.
#[derive(Debug, Clone, PartialEq)]
pub enum Features {
    Dense(Vec<f32>),
    Sparse(Vec<(u32, f32)>),
}

impl Features {
    /// A sparse row from pairs in any order; duplicate indices are summed, zeros dropped.
    pub fn sparse_from_unsorted(mut entries: Vec<(u32, f32)>) -> Self {
        entries.sort_by_key(|e| e.0);
        let mut out: Vec<(u32, f32)> = Vec::with_capacity(entries.len());
        for (i, v) in entries {
            match out.last_mut() {
                Some(last) if last.0 == i => last.1 += v,
                _ => out.push((i, v)),
            }
        }
        out.retain(|e| e.1 != 0.0);
        Features::Sparse(out)
    }

    /// Checks the contract against `dim`.
    pub fn check(&self, dim: usize) -> Result<(), FeatureError> {
        match self {
            Features::Dense(v) => {
                if v.len() != dim {
                    return Err(FeatureError::DenseLength { expected: dim, found: v.len() });
                }
                if let Some(j) = v.iter().position(|x| !x.is_finite()) {
                    return Err(FeatureError::NotFinite { index: j });
                }
            }
            Features::Sparse(e) => {
                let mut prev: Option<u32> = None;
                for &(j, x) in e {
                    if j as usize >= dim {
                        return Err(FeatureError::IndexOutOfRange { index: j as usize, dim });
                    }
                    if prev.is_some_and(|p| p >= j) {
                        return Err(FeatureError::Unsorted { index: j as usize });
                    }
                    if !x.is_finite() {
                        return Err(FeatureError::NotFinite { index: j as usize });
                    }
                    prev = Some(j);
                }
            }
        }
        Ok(())
    }

    /// The non-zero entries (dense: all entries) as (index, value), ascending index.
    pub fn entries(&self) -> Box<dyn Iterator<Item = (usize, f32)> + '_> {
        match self {
            Features::Dense(v) => Box::new(v.iter().copied().enumerate()),
            Features::Sparse(e) => Box::new(e.iter().map(|&(j, x)| (j as usize, x))),
        }
    }

    /// `w · x` in f64, ascending index order. Caller guarantees `check(w.len())`.
    fn dot(&self, w: &[f64]) -> f64 {
        match self {
            Features::Dense(v) => v.iter().zip(w).map(|(&x, &wj)| wj * f64::from(x)).sum(),
            Features::Sparse(e) => e.iter().map(|&(j, x)| w[j as usize] * f64::from(x)).sum(),
        }
    }
}

/// A feature row that breaks the [`Features`] contract.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FeatureError {
    #[error("dense features have {found} values, the model expects {expected}")]
    DenseLength { expected: usize, found: usize },
    #[error("sparse feature index {index} is out of range (dimension {dim})")]
    IndexOutOfRange { index: usize, dim: usize },
    #[error("sparse feature indices must be strictly increasing (at index {index})")]
    Unsorted { index: usize },
    #[error("feature value at index {index} is not a finite number")]
    NotFinite { index: usize },
}

/// Rows of [`Features`] of one dimension, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureMatrix {
    dim: usize,
    rows: Vec<Features>,
}

impl FeatureMatrix {
    /// Validates every row against `dim` (> 0).
    pub fn new(dim: usize, rows: Vec<Features>) -> Result<Self, TrainError> {
        if dim == 0 {
            return Err(TrainError::ZeroDimension);
        }
        for (row, f) in rows.iter().enumerate() {
            f.check(dim).map_err(|source| TrainError::BadFeatures { row, source })?;
        }
        Ok(Self { dim, rows })
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    pub fn rows(&self) -> &[Features] {
        &self.rows
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Produces the features of all samples for one cross-validation split.
///
/// Why: a representation that is itself learned from the texts (a TF-IDF vocabulary and idf)
/// must be learned from the training folds only, or the held-out scores — and with them the
/// thresholds — are optimistic. Fixed features (embeddings) ignore `fit_on`.
pub trait FoldFeaturizer: Sync {
    /// Number of samples.
    fn len(&self) -> usize;

    /// True when there are no samples.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Features of **all** samples (same order), with anything fitted fitted on the samples
    /// `fit_on` (sorted indices) only. The dimension may differ between calls.
    fn featurize(&self, fit_on: &[usize]) -> Result<Cow<'_, FeatureMatrix>, TrainError>;
}

impl FoldFeaturizer for FeatureMatrix {
    fn len(&self) -> usize {
        self.rows.len()
    }

    fn featurize(&self, _fit_on: &[usize]) -> Result<Cow<'_, FeatureMatrix>, TrainError> {
        Ok(Cow::Borrowed(self))
    }
}

/// How the two classes of each binary problem are weighted in the loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassWeight {
    /// Every letter weighs 1.
    Uniform,
    /// Positives and negatives each weigh half in total (`n / (2·n_class)`, as scikit-learn's
    /// `balanced`). Helps small themes; thresholds are tuned afterwards either way.
    Balanced,
}

/// How C is chosen from the grid, per theme, on the out-of-fold scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Selection {
    /// Lowest mean (class-weighted) log-loss: a smooth, proper score, less noisy than F1.
    LogLoss,
    /// Highest F1 at the best threshold; ties → lower log-loss.
    BestF1,
}

/// Training settings. `Default` is what the shipped models use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainOptions {
    /// Seeds the fold shuffle (the only randomness).
    pub seed: u64,
    /// Number of cross-validation folds (≥ 2).
    pub folds: usize,
    /// Candidate C values (inverse regularisation strength, scikit-learn convention); > 0.
    pub c_grid: Vec<f64>,
    pub class_weight: ClassWeight,
    pub selection: Selection,
    /// L-BFGS iteration cap per fit.
    pub max_iterations: usize,
    /// Gradient max-norm tolerance of the normalised objective.
    pub tolerance: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            seed: 42,
            folds: 5,
            // Half-decade steps. TF-IDF rows are L2-normalised (small values), so the optimum on
            // the letters lies high (C ≈ 1000–10000 by out-of-fold log-loss): the grid reaches it.
            c_grid: vec![0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 10000.0],
            class_weight: ClassWeight::Uniform,
            selection: Selection::LogLoss,
            max_iterations: 1000,
            tolerance: 1e-6,
        }
    }
}

/// Errors in training input or settings. No training error panics.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("no training examples")]
    Empty,
    #[error("{samples} feature rows/texts but {labels} label lists; they must pair up")]
    LengthMismatch { samples: usize, labels: usize },
    #[error("example #{index} has label {label:?}, which is not a theme in the theme file ({themes:?})")]
    UnknownLabel { index: usize, label: String, themes: Vec<String> },
    #[error("theme {theme:?} has {positives} positive and {negatives} negative examples; {folds}-fold cross-validation needs at least {folds} of each — label more examples")]
    TooFewExamples { theme: String, positives: usize, negatives: usize, folds: usize },
    #[error("features of example #{row}: {source}")]
    BadFeatures { row: usize, source: FeatureError },
    #[error("feature dimension is 0 (e.g. an empty vocabulary: no term occurs in at least the minimum number of texts)")]
    ZeroDimension,
    #[error("the featurizer returned {found} rows for {expected} examples")]
    FeaturizerRows { expected: usize, found: usize },
    #[error("invalid training option: {0}")]
    BadOption(String),
}

/// Parameters of one theme's binary model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeWeights {
    theme: String,
    threshold: f64,
    c: f64,
    bias: f64,
    weights: Vec<f64>,
}

impl ThemeWeights {
    pub fn theme(&self) -> &str {
        &self.theme
    }
    /// Decision threshold on the (f32) probability: theme assigned when `score ≥ threshold`.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }
    /// The C this model was fitted with.
    pub fn c(&self) -> f64 {
        self.c
    }
    pub fn bias(&self) -> f64 {
        self.bias
    }
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }
}

/// The scores of one input and the themes it is assigned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// Probability per theme.
    pub scores: BTreeMap<String, f32>,
    /// Themes with `score ≥ threshold`, in theme-file order; may be empty.
    pub themes: Vec<String>,
}

/// A feature's contribution (weight × value) to one theme's logit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub feature: usize,
    pub contribution: f64,
}

/// The fitted multi-label linear head: per theme weights, bias and threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearHead {
    dim: usize,
    themes: Vec<ThemeWeights>,
}

/// A structurally inconsistent head (e.g. a hand-edited model file).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HeadError {
    #[error("theme {theme:?}: {found} weights for feature dimension {dim}")]
    WeightCount { theme: String, found: usize, dim: usize },
    #[error("theme {theme:?}: a weight, the bias, C or the threshold is not finite")]
    NotFinite { theme: String },
    #[error("theme {theme:?}: threshold {threshold} is outside [0, 2]")]
    Threshold { theme: String, threshold: f64 },
    #[error("the head has no themes, a duplicate theme or dimension 0")]
    Themes,
    #[error(transparent)]
    Features(#[from] FeatureError),
}

impl LinearHead {
    /// Checks the structural invariants (run on load).
    pub fn validate(&self) -> Result<(), HeadError> {
        let mut names: Vec<&str> = self.themes.iter().map(|t| t.theme.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        if self.dim == 0 || self.themes.is_empty() || names.len() != self.themes.len() {
            return Err(HeadError::Themes);
        }
        for t in &self.themes {
            if t.weights.len() != self.dim {
                return Err(HeadError::WeightCount {
                    theme: t.theme.clone(),
                    found: t.weights.len(),
                    dim: self.dim,
                });
            }
            let finite = t.weights.iter().all(|w| w.is_finite())
                && t.bias.is_finite()
                && t.c.is_finite()
                && t.threshold.is_finite();
            if !finite {
                return Err(HeadError::NotFinite { theme: t.theme.clone() });
            }
            if !(0.0..=2.0).contains(&t.threshold) {
                return Err(HeadError::Threshold { theme: t.theme.clone(), threshold: t.threshold });
            }
        }
        Ok(())
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Per-theme parameters, in theme-file order.
    pub fn themes(&self) -> &[ThemeWeights] {
        &self.themes
    }

    /// Theme names, in theme-file order.
    pub fn theme_names(&self) -> Vec<String> {
        self.themes.iter().map(|t| t.theme.clone()).collect()
    }

    /// Probability per theme (file order) for one input, as f32.
    pub fn probabilities(&self, x: &Features) -> Result<Vec<f32>, FeatureError> {
        x.check(self.dim)?;
        Ok(self.themes.iter().map(|t| sigmoid(t.bias + x.dot(&t.weights)) as f32).collect())
    }

    /// Scores and assigned themes for one input.
    pub fn predict(&self, x: &Features) -> Result<Prediction, FeatureError> {
        let p = self.probabilities(x)?;
        let mut scores = BTreeMap::new();
        let mut themes = Vec::new();
        for (t, &pt) in self.themes.iter().zip(&p) {
            scores.insert(t.theme.clone(), pt);
            if f64::from(pt) >= t.threshold {
                themes.push(t.theme.clone());
            }
        }
        Ok(Prediction { scores, themes })
    }

    /// For theme `theme_index`: the `k` features pushing most towards the theme (largest
    /// positive weight × value, descending) and the `k` pushing most against it (most negative,
    /// ascending). Ties → lower feature index. Zero contributions are left out.
    pub fn contributions(
        &self,
        theme_index: usize,
        x: &Features,
        k: usize,
    ) -> Result<(Vec<Contribution>, Vec<Contribution>), FeatureError> {
        x.check(self.dim)?;
        let Some(t) = self.themes.get(theme_index) else { return Ok((Vec::new(), Vec::new())) };
        let all: Vec<Contribution> = x
            .entries()
            .map(|(j, v)| Contribution { feature: j, contribution: t.weights[j] * f64::from(v) })
            .filter(|c| c.contribution != 0.0)
            .collect();
        let mut pos: Vec<Contribution> = all.iter().filter(|c| c.contribution > 0.0).cloned().collect();
        let mut neg: Vec<Contribution> = all.into_iter().filter(|c| c.contribution < 0.0).collect();
        pos.sort_by(|a, b| b.contribution.total_cmp(&a.contribution).then(a.feature.cmp(&b.feature)));
        neg.sort_by(|a, b| a.contribution.total_cmp(&b.contribution).then(a.feature.cmp(&b.feature)));
        pos.truncate(k);
        neg.truncate(k);
        Ok((pos, neg))
    }
}

/// One point of the C grid, measured on out-of-fold scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridPoint {
    pub c: f64,
    /// Mean class-weighted log-loss of the out-of-fold probabilities.
    pub log_loss: f64,
    /// F1 of the out-of-fold predictions at this C's best threshold.
    pub best_f1: f64,
    /// Fits (of k) that hit the iteration cap.
    pub not_converged: usize,
}

/// Cross-validation record of one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeCv {
    pub theme: String,
    pub positives: usize,
    pub negatives: usize,
    pub grid: Vec<GridPoint>,
    pub chosen_c: f64,
    pub threshold: f64,
    /// L-BFGS iterations of the final fit, and whether it met the tolerance.
    pub final_iterations: usize,
    pub final_converged: bool,
}

/// What cross-validation measured; stored in the model's provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvReport {
    pub folds: usize,
    pub themes: Vec<ThemeCv>,
    /// Out-of-fold predictions at the chosen C and thresholds, against the training labels.
    /// Slightly optimistic: the thresholds were tuned on these same predictions.
    pub out_of_fold: Evaluation,
}

/// Result of [`train`].
#[derive(Debug, Clone)]
pub struct TrainedHead {
    pub head: LinearHead,
    pub cv: CvReport,
    /// Out-of-fold probability per example and theme (file order), at the chosen C — for error
    /// analysis; not saved with the model.
    pub out_of_fold: Vec<Vec<f32>>,
}

/// Trains the multi-label head by cross-validated logistic regression (see module docs).
///
/// `labels[i]` are the themes of example `i` (each must be in `themes`; repeats are harmless).
/// Errors: no examples, lists that do not pair up, unknown labels, a theme with fewer than
/// `folds` positive or negative examples, bad features or options.
pub fn train(
    featurizer: &dyn FoldFeaturizer,
    labels: &[Vec<String>],
    themes: &ThemeSet,
    options: &TrainOptions,
) -> Result<TrainedHead, TrainError> {
    check_options(options)?;
    let n = featurizer.len();
    if n == 0 {
        return Err(TrainError::Empty);
    }
    if labels.len() != n {
        return Err(TrainError::LengthMismatch { samples: n, labels: labels.len() });
    }
    let names = themes.names();
    let y = label_matrix(labels, &names)?;
    let k = options.folds;
    for (t, name) in names.iter().enumerate() {
        let positives = y.iter().filter(|r| r[t]).count();
        if positives < k || n - positives < k {
            return Err(TrainError::TooFewExamples {
                theme: name.clone(),
                positives,
                negatives: n - positives,
                folds: k,
            });
        }
    }
    let fold_of = stratified_folds(&y, k, options.seed);
    let mut grid: Vec<f64> = options.c_grid.iter().map(|&c| canonical(c)).collect();
    grid.sort_by(f64::total_cmp);
    grid.dedup();

    // Out-of-fold logits: oof[theme][c][sample].
    let mut oof = vec![vec![vec![0.0f64; n]; grid.len()]; names.len()];
    let mut not_converged = vec![vec![0usize; grid.len()]; names.len()];
    for fold in 0..k {
        let train_rows: Vec<usize> = (0..n).filter(|&i| fold_of[i] != fold).collect();
        let test_rows: Vec<usize> = (0..n).filter(|&i| fold_of[i] == fold).collect();
        let x = Csr::from_matrix(&*checked(featurizer.featurize(&train_rows)?, n)?);
        let per_theme: Vec<Vec<(Vec<f64>, bool)>> = (0..names.len())
            .into_par_iter()
            .map(|t| {
                let yt: Vec<bool> = y.iter().map(|r| r[t]).collect();
                let mut warm: Option<Vec<f64>> = None;
                grid.iter()
                    .map(|&c| {
                        let fit = fit_binary(&x, &train_rows, &yt, c, options, warm.take());
                        let z: Vec<f64> = test_rows.iter().map(|&i| x.dot(i, &fit.theta)).collect();
                        let converged = fit.converged;
                        warm = Some(fit.theta);
                        (z, converged)
                    })
                    .collect()
            })
            .collect();
        for (t, per_c) in per_theme.into_iter().enumerate() {
            for (ci, (z, converged)) in per_c.into_iter().enumerate() {
                for (&i, zi) in test_rows.iter().zip(z) {
                    oof[t][ci][i] = zi;
                }
                not_converged[t][ci] += usize::from(!converged);
            }
        }
    }

    // Choose C and threshold per theme.
    let mut chosen = Vec::with_capacity(names.len());
    for t in 0..names.len() {
        let yt: Vec<bool> = y.iter().map(|r| r[t]).collect();
        let weights = sample_weights(&yt, &(0..n).collect::<Vec<_>>(), options.class_weight);
        let points: Vec<(GridPoint, f64)> = grid
            .iter()
            .enumerate()
            .map(|(ci, &c)| {
                let probs: Vec<f32> = oof[t][ci].iter().map(|&z| sigmoid(z) as f32).collect();
                let (threshold, best_f1) = best_threshold(&probs, &yt);
                let ll = log_loss(&oof[t][ci], &yt, &weights);
                let point = GridPoint {
                    c,
                    log_loss: canonical(ll),
                    best_f1: canonical(best_f1),
                    not_converged: not_converged[t][ci],
                };
                (point, threshold)
            })
            .collect();
        let best = (0..points.len())
            .reduce(|a, b| {
                let (pa, pb) = (&points[a].0, &points[b].0);
                let b_better = match options.selection {
                    Selection::LogLoss => pb.log_loss < pa.log_loss,
                    Selection::BestF1 => {
                        pb.best_f1 > pa.best_f1 || (pb.best_f1 == pa.best_f1 && pb.log_loss < pa.log_loss)
                    }
                };
                // Grid is ascending, so keeping `a` on ties prefers the smaller C.
                if b_better {
                    b
                } else {
                    a
                }
            })
            .unwrap_or(0);
        chosen.push((best, points));
    }

    // Final fits on all data.
    let all_rows: Vec<usize> = (0..n).collect();
    let x = Csr::from_matrix(&*checked(featurizer.featurize(&all_rows)?, n)?);
    let finals: Vec<Fit> = (0..names.len())
        .into_par_iter()
        .map(|t| {
            let yt: Vec<bool> = y.iter().map(|r| r[t]).collect();
            fit_binary(&x, &all_rows, &yt, grid[chosen[t].0], options, None)
        })
        .collect();

    let mut head_themes = Vec::new();
    let mut cv_themes = Vec::new();
    let mut oof_probs = vec![vec![0f32; names.len()]; n];
    for (t, ((ci, points), fit)) in chosen.into_iter().zip(finals).enumerate() {
        let threshold = canonical(points[ci].1);
        for (i, row) in oof_probs.iter_mut().enumerate() {
            row[t] = sigmoid(oof[t][ci][i]) as f32;
        }
        let d = x.dim;
        head_themes.push(ThemeWeights {
            theme: names[t].clone(),
            threshold,
            c: grid[ci],
            bias: canonical(fit.theta[d]),
            weights: fit.theta[..d].iter().map(|&w| canonical(w)).collect(),
        });
        let positives = y.iter().filter(|r| r[t]).count();
        cv_themes.push(ThemeCv {
            theme: names[t].clone(),
            positives,
            negatives: n - positives,
            grid: points.into_iter().map(|p| p.0).collect(),
            chosen_c: grid[ci],
            threshold,
            final_iterations: fit.iterations,
            final_converged: fit.converged,
        });
    }
    let predicted: Vec<Vec<String>> = oof_probs
        .iter()
        .map(|row| {
            (0..names.len())
                .filter(|&t| f64::from(row[t]) >= head_themes[t].threshold)
                .map(|t| names[t].clone())
                .collect()
        })
        .collect();
    // Labels were validated above, so evaluation cannot fail; map the error anyway.
    let out_of_fold =
        evaluate(&names, labels, &predicted).map_err(|e| TrainError::BadOption(e.to_string()))?;
    Ok(TrainedHead {
        head: LinearHead { dim: x.dim, themes: head_themes },
        cv: CvReport { folds: k, themes: cv_themes, out_of_fold },
        out_of_fold: oof_probs,
    })
}

fn check_options(o: &TrainOptions) -> Result<(), TrainError> {
    if o.folds < 2 {
        return Err(TrainError::BadOption(format!("folds must be at least 2, got {}", o.folds)));
    }
    if o.c_grid.is_empty() || o.c_grid.iter().any(|c| !(c.is_finite() && *c > 0.0)) {
        return Err(TrainError::BadOption(format!(
            "c_grid must be non-empty, finite and positive, got {:?}",
            o.c_grid
        )));
    }
    if o.max_iterations == 0 || !(o.tolerance.is_finite() && o.tolerance > 0.0) {
        return Err(TrainError::BadOption("max_iterations and tolerance must be positive".into()));
    }
    Ok(())
}

fn checked(m: Cow<'_, FeatureMatrix>, n: usize) -> Result<Cow<'_, FeatureMatrix>, TrainError> {
    if m.len() != n {
        return Err(TrainError::FeaturizerRows { expected: n, found: m.len() });
    }
    Ok(m)
}

/// `y[i][t]`: does example i have theme t.
fn label_matrix(labels: &[Vec<String>], names: &[String]) -> Result<Vec<Vec<bool>>, TrainError> {
    labels
        .iter()
        .enumerate()
        .map(|(i, ls)| {
            let mut row = vec![false; names.len()];
            for l in ls {
                let t = names.iter().position(|n| n == l).ok_or_else(|| TrainError::UnknownLabel {
                    index: i,
                    label: l.clone(),
                    themes: names.to_vec(),
                })?;
                row[t] = true;
            }
            Ok(row)
        })
        .collect()
}

/// Fold of each example: groups by exact label set (sorted), seeded shuffle within each group,
/// dealt round-robin over `k` folds continuing across groups.
fn stratified_folds(y: &[Vec<bool>], k: usize, seed: u64) -> Vec<usize> {
    let mut groups: BTreeMap<&[bool], Vec<usize>> = BTreeMap::new();
    for (i, row) in y.iter().enumerate() {
        groups.entry(row.as_slice()).or_default().push(i);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut fold_of = vec![0; y.len()];
    let mut next = 0;
    for members in groups.values_mut() {
        members.shuffle(&mut rng);
        for &i in members.iter() {
            fold_of[i] = next % k;
            next += 1;
        }
    }
    fold_of
}

fn sample_weights(y: &[bool], rows: &[usize], cw: ClassWeight) -> Vec<f64> {
    match cw {
        ClassWeight::Uniform => vec![1.0; rows.len()],
        ClassWeight::Balanced => {
            let n = rows.len() as f64;
            let pos = rows.iter().filter(|&&i| y[i]).count() as f64;
            let neg = n - pos;
            rows.iter()
                .map(|&i| if y[i] { n / (2.0 * pos.max(1.0)) } else { n / (2.0 * neg.max(1.0)) })
                .collect()
        }
    }
}

/// Rounds to 9 significant digits (and |x| < 1e-12 to 0), so that the shortest decimal of the
/// result has ≤ 9 digits and a small exponent: every correct parser — including serde_json's
/// fast path — reads it back to the identical f64. This is what makes saved heads reload with
/// bit-identical scores; the rounding (relative 5e-10) is far below any effect on a prediction.
pub fn canonical(x: f64) -> f64 {
    if !x.is_finite() || x.abs() < 1e-12 {
        return if x.is_finite() { 0.0 } else { x };
    }
    format!("{x:.8e}").parse().unwrap_or(x)
}

/// Numerically stable logistic function.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `ln(1 + e^z)`, stable.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

/// Weighted mean log-loss of logits `z`.
fn log_loss(z: &[f64], y: &[bool], w: &[f64]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for ((&zi, &yi), &wi) in z.iter().zip(y).zip(w) {
        num += wi * (softplus(zi) - if yi { zi } else { 0.0 });
        den += wi;
    }
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

/// The threshold maximising F1 of `p ≥ t`, and that F1.
///
/// Candidate cuts lie between consecutive distinct probabilities. Among cuts with the best F1
/// (compared exactly as fractions), the one whose threshold is nearest 0.5 wins; a cut's
/// threshold is 0.5 if 0.5 lies in its interval, otherwise the interval's midpoint (the most
/// margin on both sides). Further ties → the higher threshold.
pub fn best_threshold(probs: &[f32], y: &[bool]) -> (f64, f64) {
    let total_pos = y.iter().filter(|&&b| b).count() as u64;
    let mut order: Vec<usize> = (0..probs.len()).collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
    // Cut 0: nothing predicted positive; threshold above the highest score.
    let top = order.first().map_or(1.0, |&i| f64::from(probs[i]));
    let mut best_tp_fp: (u64, u64) = (0, 0);
    let mut best_t = pick((top, top.max(1.0) + 1.0));
    let (mut tp, mut fp) = (0u64, 0u64);
    let mut j = 0;
    while j < order.len() {
        let v = probs[order[j]];
        while j < order.len() && probs[order[j]] == v {
            if y[order[j]] {
                tp += 1;
            } else {
                fp += 1;
            }
            j += 1;
        }
        let lower = if j < order.len() { f64::from(probs[order[j]]) } else { f64::from(v).min(0.0) - 1e-9 };
        let t = pick((lower, f64::from(v)));
        // Compare F1 = 2tp / (2tp + fp + fn) exactly: a/b vs c/d.
        let fn_ = total_pos - tp;
        let (bfn, btp, bfp) = (total_pos - best_tp_fp.0, best_tp_fp.0, best_tp_fp.1);
        let lhs = u128::from(2 * tp) * u128::from(2 * btp + bfp + bfn);
        let rhs = u128::from(2 * btp) * u128::from(2 * tp + fp + fn_);
        let better = lhs > rhs || (lhs == rhs && (t - 0.5).abs() < (best_t - 0.5).abs());
        if better {
            best_tp_fp = (tp, fp);
            best_t = t;
        }
    }
    let (btp, bfp) = best_tp_fp;
    (best_t, super::metrics::f1_from_counts(btp, bfp, total_pos - btp))
}

/// Threshold for the interval (lo, hi]: 0.5 if inside, else the midpoint.
fn pick((lo, hi): (f64, f64)) -> f64 {
    if lo < 0.5 && 0.5 <= hi {
        0.5
    } else {
        (lo + hi) / 2.0
    }
}

/// Training rows in compressed sparse row form, f64 values (dense rows stored with all indices).
struct Csr {
    dim: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
}

impl Csr {
    fn from_matrix(m: &FeatureMatrix) -> Self {
        let mut indptr = Vec::with_capacity(m.len() + 1);
        let (mut indices, mut values) = (Vec::new(), Vec::new());
        indptr.push(0);
        for row in m.rows() {
            for (j, v) in row.entries() {
                indices.push(j as u32);
                values.push(f64::from(v));
            }
            indptr.push(indices.len());
        }
        Self { dim: m.dim(), indptr, indices, values }
    }

    /// `θ[..dim] · xᵢ + θ[dim]`.
    fn dot(&self, i: usize, theta: &[f64]) -> f64 {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        let mut s = 0.0;
        for (&j, &v) in self.indices[a..b].iter().zip(&self.values[a..b]) {
            s += theta[j as usize] * v;
        }
        s + theta[self.dim]
    }

    /// `g[..dim] += a · xᵢ; g[dim] += a`.
    fn axpy(&self, i: usize, a: f64, g: &mut [f64]) {
        let (s, e) = (self.indptr[i], self.indptr[i + 1]);
        for (&j, &v) in self.indices[s..e].iter().zip(&self.values[s..e]) {
            g[j as usize] += a * v;
        }
        g[self.dim] += a;
    }
}

struct Fit {
    /// Weights then bias.
    theta: Vec<f64>,
    iterations: usize,
    converged: bool,
}

/// One binary problem on `rows` of `x`: objective, normalised by `C·Σs`, is
/// `Σ sᵢ ℓᵢ / Σs + ‖w‖² / (2·C·Σs)`.
struct Problem<'a> {
    x: &'a Csr,
    rows: &'a [usize],
    y: Vec<f64>,
    s: Vec<f64>,
    inv_s: f64,
    l2: f64,
}

impl Problem<'_> {
    /// Objective at logits `z` and weight norm² `ww`.
    fn value(&self, z: &[f64], ww: f64) -> f64 {
        let mut f = 0.0;
        for ((&zi, &yi), &si) in z.iter().zip(&self.y).zip(&self.s) {
            f += si * (softplus(zi) - yi * zi);
        }
        f * self.inv_s + 0.5 * self.l2 * ww
    }

    fn gradient(&self, z: &[f64], theta: &[f64]) -> Vec<f64> {
        let d = self.x.dim;
        let mut g = vec![0.0; d + 1];
        for (k, &i) in self.rows.iter().enumerate() {
            let r = self.s[k] * (sigmoid(z[k]) - self.y[k]) * self.inv_s;
            if r != 0.0 {
                self.x.axpy(i, r, &mut g);
            }
        }
        for j in 0..d {
            g[j] += self.l2 * theta[j];
        }
        g
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_abs(a: &[f64]) -> f64 {
    a.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// L-BFGS with Armijo backtracking; `warm` starts from earlier parameters.
fn fit_binary(
    x: &Csr,
    rows: &[usize],
    y_all: &[bool],
    c: f64,
    o: &TrainOptions,
    warm: Option<Vec<f64>>,
) -> Fit {
    const HISTORY: usize = 10;
    let d = x.dim;
    let y: Vec<f64> = rows.iter().map(|&i| if y_all[i] { 1.0 } else { 0.0 }).collect();
    let s = sample_weights(y_all, rows, o.class_weight);
    let total: f64 = s.iter().sum();
    let p = Problem { x, rows, y, s, inv_s: 1.0 / total, l2: 1.0 / (c * total) };
    let mut theta = match warm {
        Some(t) if t.len() == d + 1 => t,
        _ => {
            let mut t = vec![0.0; d + 1];
            let pos: f64 = p.y.iter().zip(&p.s).map(|(y, s)| y * s).sum::<f64>() * p.inv_s;
            let pos = pos.clamp(1e-6, 1.0 - 1e-6);
            t[d] = (pos / (1.0 - pos)).ln();
            t
        }
    };
    let mut z: Vec<f64> = rows.iter().map(|&i| x.dot(i, &theta)).collect();
    let mut ww = dot(&theta[..d], &theta[..d]);
    let mut f = p.value(&z, ww);
    let mut g = p.gradient(&z, &theta);
    let mut hist: VecDeque<(Vec<f64>, Vec<f64>, f64)> = VecDeque::with_capacity(HISTORY);
    let mut iterations = 0;
    let mut converged = max_abs(&g) <= o.tolerance;
    while !converged && iterations < o.max_iterations {
        iterations += 1;
        // Two-loop recursion: dir = -H·g.
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(hist.len());
        for (sv, yv, rho) in hist.iter().rev() {
            let a = rho * dot(sv, &q);
            for (qj, yj) in q.iter_mut().zip(yv) {
                *qj -= a * yj;
            }
            alphas.push(a);
        }
        let gamma = hist
            .back()
            .map_or(1.0 / max_abs(&g).max(1e-12).max(1.0), |(sv, yv, _)| dot(sv, yv) / dot(yv, yv));
        for qj in q.iter_mut() {
            *qj *= gamma;
        }
        for ((sv, yv, rho), a) in hist.iter().zip(alphas.into_iter().rev()) {
            let b = rho * dot(yv, &q);
            for (qj, sj) in q.iter_mut().zip(sv) {
                *qj += (a - b) * sj;
            }
        }
        let mut dir: Vec<f64> = q.into_iter().map(|v| -v).collect();
        let mut slope = dot(&g, &dir);
        if slope.is_nan() || slope >= 0.0 {
            hist.clear();
            dir = g.iter().map(|v| -v).collect();
            slope = dot(&g, &dir);
        }
        // Line search along dir using z(α) = z + α·dz.
        let dz: Vec<f64> = rows.iter().map(|&i| x.dot(i, &dir)).collect();
        let (wd, dd) = (dot(&theta[..d], &dir[..d]), dot(&dir[..d], &dir[..d]));
        let mut step = 1.0;
        let mut accepted = None;
        for _ in 0..60 {
            let zt: Vec<f64> = z.iter().zip(&dz).map(|(a, b)| a + step * b).collect();
            let wwt = ww + 2.0 * step * wd + step * step * dd;
            let ft = p.value(&zt, wwt);
            if ft <= f + 1e-4 * step * slope {
                accepted = Some((zt, wwt, ft));
                break;
            }
            step *= 0.5;
        }
        let Some((zt, wwt, ft)) = accepted else {
            // No decrease possible at f64 precision: we are at the optimum numerically.
            converged = max_abs(&g) <= o.tolerance * 100.0;
            break;
        };
        let sv: Vec<f64> = dir.iter().map(|v| step * v).collect();
        for (t, sj) in theta.iter_mut().zip(&sv) {
            *t += sj;
        }
        z = zt;
        ww = wwt;
        let f_old = f;
        f = ft;
        let g_new = p.gradient(&z, &theta);
        let yv: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&sv, &yv);
        if sy > 1e-16 * dot(&yv, &yv).max(f64::MIN_POSITIVE) {
            if hist.len() == HISTORY {
                hist.pop_front();
            }
            hist.push_back((sv, yv, 1.0 / sy));
        }
        g = g_new;
        converged = max_abs(&g) <= o.tolerance
            || (f_old - f).abs() <= 1e-15 * f.abs().max(1e-300) && max_abs(&g) <= o.tolerance * 100.0;
    }
    Fit { theta, iterations, converged }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themes(names: &[&str]) -> ThemeSet {
        ThemeSet::new(
            names
                .iter()
                .map(|n| super::super::themes::Theme {
                    name: (*n).into(),
                    description: "d".into(),
                    examples: vec!["e".into()],
                })
                .collect(),
        )
        .unwrap()
    }

    /// Two Gaussian-ish clouds per theme in `dim` dimensions, deterministic.
    fn separable(n: usize, dim: usize, seed: u64) -> (FeatureMatrix, Vec<Vec<String>>) {
        use rand::Rng;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut rows = Vec::new();
        let mut labels = Vec::new();
        for i in 0..n {
            let a = i % 2 == 0;
            let b = (i / 2) % 3 == 0;
            let mut v: Vec<f32> = (0..dim).map(|_| rng.gen_range(-1.0..1.0)).collect();
            v[0] += if a { 3.0 } else { -3.0 };
            v[1] += if b { 3.0 } else { -3.0 };
            rows.push(Features::Dense(v));
            let mut l = Vec::new();
            if a {
                l.push("a".to_owned());
            }
            if b {
                l.push("b".to_owned());
            }
            labels.push(l);
        }
        (FeatureMatrix::new(dim, rows).unwrap(), labels)
    }

    #[test]
    fn learns_a_separable_dense_problem() {
        let (x, y) = separable(120, 8, 1);
        let trained = train(&x, &y, &themes(&["a", "b"]), &TrainOptions::default()).unwrap();
        assert!(trained.cv.out_of_fold.macro_f1 > 0.97, "{:?}", trained.cv.out_of_fold);
        let (test, test_y) = separable(60, 8, 2);
        let pred: Vec<Vec<String>> =
            test.rows().iter().map(|r| trained.head.predict(r).unwrap().themes).collect();
        let e = evaluate(&["a".to_owned(), "b".to_owned()], &test_y, &pred).unwrap();
        assert!(e.macro_f1 > 0.97, "{e:?}");
        // The weight on the informative coordinate dominates.
        for (t, informative) in trained.head.themes().iter().zip([0, 1]) {
            let w = t.weights();
            assert!(w[informative].abs() > 3.0 * w.iter().skip(2).fold(0.0f64, |m, x| m.max(x.abs())));
        }
        for t in &trained.cv.themes {
            assert!(t.final_converged, "{t:?}");
        }
    }

    #[test]
    fn learns_a_sparse_problem_the_same_way() {
        // Feature 0 ⇒ theme a, feature 1 ⇒ theme b, features 2.. noise words.
        let mut rows = Vec::new();
        let mut labels = Vec::new();
        for i in 0..100u32 {
            let a = i % 2 == 0;
            let b = i % 5 < 2;
            let mut e = vec![(2 + i % 7, 1.0), (9 + i % 3, 0.5)];
            if a {
                e.push((0, 1.0));
            }
            if b {
                e.push((1, 1.0));
            }
            rows.push(Features::sparse_from_unsorted(e));
            labels.push([("a", a), ("b", b)].iter().filter(|p| p.1).map(|p| p.0.to_owned()).collect());
        }
        let x = FeatureMatrix::new(12, rows).unwrap();
        let trained = train(&x, &labels, &themes(&["a", "b"]), &TrainOptions::default()).unwrap();
        assert_eq!(trained.cv.out_of_fold.macro_f1, 1.0, "{:?}", trained.cv.out_of_fold);
        let p = trained.head.predict(&Features::Sparse(vec![(0, 1.0), (4, 1.0)])).unwrap();
        assert_eq!(p.themes, vec!["a"]);
        let (pro, con) =
            trained.head.contributions(0, &Features::Sparse(vec![(0, 1.0), (1, 1.0)]), 5).unwrap();
        assert_eq!(pro[0].feature, 0);
        assert!(con.iter().all(|c| c.contribution < 0.0));
    }

    #[test]
    fn the_threshold_is_the_f1_optimum_of_out_of_fold_scores_not_half() {
        // Probabilities where positives score 0.2–0.4 and negatives below 0.15: the F1 optimum
        // lies between 0.15 and 0.2, not at 0.5.
        let probs = [0.40f32, 0.30, 0.20, 0.14, 0.10, 0.05];
        let y = [true, true, true, false, false, false];
        let (t, f1) = best_threshold(&probs, &y);
        assert!((t - 0.17).abs() < 1e-6, "{t}");
        assert_eq!(f1, 1.0);
        // When 0.5 is among the optimal thresholds, 0.5 is chosen.
        let (t, _) = best_threshold(&[0.9, 0.7, 0.2, 0.1], &[true, true, false, false]);
        assert_eq!(t, 0.5);
        // Tied F1 optima (top 1: tp 1, fn 1 → 2/3; top 4: tp 2, fp 2 → 2/3): the threshold
        // nearer 0.5 wins, midpoint of its interval (0.25, 0.3].
        let probs = [0.3f32, 0.25, 0.2, 0.15, 0.05];
        let (t, f1) = best_threshold(&probs, &[true, false, false, true, false]);
        assert!((f1 - 2.0 / 3.0).abs() < 1e-12 && (t - 0.275).abs() < 1e-6, "{t} {f1}");
        let (t, _) = best_threshold(&probs, &[false, false, true, true, false]);
        assert!((t - 0.1).abs() < 1e-6, "{t}");
    }

    #[test]
    fn trained_thresholds_come_from_out_of_fold_scores() {
        // Strong L2 (tiny C) on a rare theme shrinks probabilities towards the prior (~0.2), so
        // every held-out positive scores below 0.5; the chosen threshold must follow.
        let (x, y) = separable(150, 4, 3);
        let opts = TrainOptions { c_grid: vec![0.001], ..TrainOptions::default() };
        let trained = train(&x, &y, &themes(&["a", "b"]), &opts).unwrap();
        let b = &trained.head.themes()[1];
        assert!(b.threshold() < 0.5, "threshold {}", b.threshold());
        // It is exactly the optimum of the out-of-fold probabilities.
        let yb: Vec<bool> = y.iter().map(|l| l.contains(&"b".to_owned())).collect();
        let oof: Vec<f32> = trained.out_of_fold.iter().map(|r| r[1]).collect();
        assert_eq!(canonical(best_threshold(&oof, &yb).0), b.threshold());
        // And with it, the out-of-fold F1 beats the one at 0.5.
        let f1_at = |t: f64| {
            let (tp, fp, fn_) = oof.iter().zip(&yb).fold((0, 0, 0), |(tp, fp, fn_), (&p, &g)| {
                let hit = f64::from(p) >= t;
                (tp + u64::from(hit && g), fp + u64::from(hit && !g), fn_ + u64::from(!hit && g))
            });
            super::super::metrics::f1_from_counts(tp, fp, fn_)
        };
        assert!(f1_at(b.threshold()) > f1_at(0.5));
    }

    #[test]
    fn same_seed_same_head_other_seed_other_folds() {
        let (x, y) = separable(80, 6, 4);
        let set = themes(&["a", "b"]);
        let a = train(&x, &y, &set, &TrainOptions::default()).unwrap();
        let b = train(&x, &y, &set, &TrainOptions::default()).unwrap();
        assert_eq!(serde_json::to_string(&a.head).unwrap(), serde_json::to_string(&b.head).unwrap());
        assert_eq!(a.out_of_fold, b.out_of_fold);
        let c = train(&x, &y, &set, &TrainOptions { seed: 7, ..TrainOptions::default() }).unwrap();
        assert_ne!(a.out_of_fold, c.out_of_fold, "the seed must change the folds");
    }

    #[test]
    fn folds_are_stratified_per_label_set() {
        let y: Vec<Vec<bool>> = (0..100).map(|i| vec![i % 4 == 0, i % 10 == 0]).collect();
        let folds = stratified_folds(&y, 5, 1);
        for f in 0..5 {
            let members: Vec<usize> = (0..100).filter(|&i| folds[i] == f).collect();
            assert_eq!(members.len(), 20);
            let pos = members.iter().filter(|&&i| y[i][0]).count();
            assert!((4..=6).contains(&pos), "fold {f}: {pos} positives");
        }
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let set = themes(&["a", "b"]);
        let empty = FeatureMatrix::new(3, vec![]).unwrap();
        assert!(matches!(train(&empty, &[], &set, &TrainOptions::default()), Err(TrainError::Empty)));
        let (x, mut y) = separable(40, 3, 5);
        for l in y.iter_mut() {
            l.retain(|t| t != "b");
        }
        let err = train(&x, &y, &set, &TrainOptions::default()).unwrap_err();
        assert!(
            matches!(&err, TrainError::TooFewExamples { theme, positives: 0, .. } if theme == "b"),
            "{err}"
        );
        y[0].push("c".into());
        assert!(matches!(
            train(&x, &y, &set, &TrainOptions::default()),
            Err(TrainError::UnknownLabel { .. })
        ));
        assert!(matches!(
            train(&x, &y[1..], &set, &TrainOptions::default()),
            Err(TrainError::LengthMismatch { .. })
        ));
        let bad = TrainOptions { c_grid: vec![-1.0], ..TrainOptions::default() };
        assert!(matches!(train(&x, &y, &set, &bad), Err(TrainError::BadOption(_))));
        assert!(FeatureMatrix::new(2, vec![Features::Dense(vec![1.0])]).is_err());
        assert!(FeatureMatrix::new(2, vec![Features::Sparse(vec![(1, 1.0), (0, 1.0)])]).is_err());
        assert!(FeatureMatrix::new(2, vec![Features::Sparse(vec![(2, 1.0)])]).is_err());
        assert!(FeatureMatrix::new(2, vec![Features::Dense(vec![f32::NAN, 0.0])]).is_err());
        let (x, y) = separable(40, 3, 5);
        let trained = train(&x, &y, &set, &TrainOptions::default()).unwrap();
        assert!(trained.head.predict(&Features::Dense(vec![0.0; 4])).is_err());
    }

    #[test]
    fn canonical_values_survive_a_json_round_trip() {
        use rand::Rng;
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for _ in 0..20_000 {
            let mag = 10f64.powf(rng.gen_range(-14.0..8.0));
            let x = canonical(rng.gen_range(-1.0..1.0) * mag);
            let back: f64 = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
            assert_eq!(back.to_bits(), x.to_bits(), "{x:e}");
        }
    }

    #[test]
    fn the_optimizer_reaches_the_optimum() {
        // At the optimum the gradient of the unnormalised objective vanishes; check it directly.
        let (x, y) = separable(60, 5, 6);
        let csr = Csr::from_matrix(&x);
        let rows: Vec<usize> = (0..60).collect();
        let ya: Vec<bool> = y.iter().map(|l| l.contains(&"a".to_owned())).collect();
        let fit = fit_binary(&csr, &rows, &ya, 1.0, &TrainOptions::default(), None);
        assert!(fit.converged);
        let mut g = vec![0.0; 6];
        for &i in &rows {
            let r = sigmoid(csr.dot(i, &fit.theta)) - if ya[i] { 1.0 } else { 0.0 };
            csr.axpy(i, r, &mut g);
        }
        for (gj, wj) in g.iter_mut().zip(&fit.theta[..5]) {
            *gj += wj; // C = 1: gradient of C·Σℓ + ½‖w‖²
        }
        assert!(max_abs(&g) < 1e-3, "{g:?}");
    }
}
