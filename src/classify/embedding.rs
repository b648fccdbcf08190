//! Theme head over sentence embeddings, and nearest labelled examples as its explanation.
//!
//! Why: embeddings capture meaning without the words ("ze zit al een halfjaar thuis, geen
//! school neemt haar aan" is a *thuiszitter* letter without `thuiszitter`), so a linear head
//! over them should beat the lexical baseline. Its weights over 384 anonymous dimensions explain
//! nothing to a researcher; the labelled letters closest to a complaint do ("classified `jeugd`
//! because it resembles L-TR-0006 and L-TR-0120").
//!
//! The embeddings come from the caller (`embed::Encoder`, L2-normalised); this module never
//! touches the encoder, so it stays free of torch. The encoder's `model_id` is stored in the
//! model, and [`ThemeModel::check_encoder`] refuses vectors from another encoder.

use serde::{Deserialize, Serialize};

use super::logreg::{train, FeatureError, FeatureMatrix, Features, TrainError, TrainOptions};
use super::model::{FeatureSpec, ThemeModel, Trained};
use super::themes::ThemeSet;

/// Trains the embedding head: `vectors[i]` (all of one dimension) has themes `labels[i]`.
///
/// `encoder_model_id` is `Encoder::model_id()` of the encoder that made the vectors;
/// `training_data_sha256` identifies the labelled data. Errors as `logreg::train`, plus
/// vectors of different lengths or with non-finite values.
pub fn fit(
    vectors: &[Vec<f32>],
    labels: &[Vec<String>],
    themes: &ThemeSet,
    encoder_model_id: &str,
    options: &TrainOptions,
    training_data_sha256: &str,
) -> Result<Trained, TrainError> {
    let dim = vectors.first().map(Vec::len).ok_or(TrainError::Empty)?;
    let x = FeatureMatrix::new(dim, vectors.iter().cloned().map(Features::Dense).collect())?;
    let trained = train(&x, labels, themes, options)?;
    let spec = FeatureSpec::Embedding { encoder_model_id: encoder_model_id.to_owned(), dim };
    Ok(ThemeModel::from_training(spec, trained, options, training_data_sha256))
}

/// A labelled example with its embedding, for [`nearest_examples`].
#[derive(Debug, Clone, Copy)]
pub struct LabelledVector<'a> {
    pub id: &'a str,
    pub vector: &'a [f32],
    pub themes: &'a [String],
}

/// An example near a query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Neighbour {
    pub id: String,
    /// Cosine similarity in [-1, 1] (0 when either vector is all zeros).
    pub similarity: f32,
    pub themes: Vec<String>,
}

/// The `k` examples most similar to `query` by cosine, most similar first; ties → smaller id.
///
/// Errors if any vector's length differs from the query's or a value is not finite.
pub fn nearest_examples(
    query: &[f32],
    examples: &[LabelledVector<'_>],
    k: usize,
) -> Result<Vec<Neighbour>, FeatureError> {
    Features::Dense(query.to_vec()).check(query.len())?;
    let qn = norm(query);
    let mut scored = Vec::with_capacity(examples.len());
    for e in examples {
        Features::Dense(e.vector.to_vec()).check(query.len())?;
        let en = norm(e.vector);
        let dot: f64 = query.iter().zip(e.vector).map(|(&a, &b)| f64::from(a) * f64::from(b)).sum();
        let sim = if qn > 0.0 && en > 0.0 { (dot / (qn * en)).clamp(-1.0, 1.0) } else { 0.0 };
        scored.push((sim, e));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(b.1.id)));
    Ok(scored
        .into_iter()
        .take(k)
        .map(|(sim, e)| Neighbour { id: e.id.to_owned(), similarity: sim as f32, themes: e.themes.to_vec() })
        .collect())
}

fn norm(v: &[f32]) -> f64 {
    v.iter().map(|&x| f64::from(x) * f64::from(x)).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn themes() -> ThemeSet {
        ThemeSet::from_toml_str(include_str!("../../models/themes.toml")).unwrap()
    }

    /// Unit vectors in `dim` dimensions: each theme adds a fixed direction; plus noise.
    fn synthetic(n: usize, dim: usize, seed: u64) -> (Vec<Vec<f32>>, Vec<Vec<String>>) {
        let names = themes().names();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut vectors = Vec::new();
        let mut labels = Vec::new();
        for _ in 0..n {
            let l: Vec<String> = names.iter().filter(|_| rng.gen_bool(0.3)).cloned().collect();
            let mut v: Vec<f32> = (0..dim).map(|_| rng.gen_range(-0.3..0.3)).collect();
            for (t, name) in names.iter().enumerate() {
                if l.contains(name) {
                    v[t * 7] += 1.0;
                }
            }
            let n = norm(&v) as f32;
            vectors.push(v.into_iter().map(|x| x / n).collect());
            labels.push(l);
        }
        (vectors, labels)
    }

    #[test]
    fn the_dense_path_learns_and_round_trips() {
        let (v, y) = synthetic(200, 64, 1);
        let trained = fit(&v, &y, &themes(), "test-encoder@abc", &TrainOptions::default(), "sha").unwrap();
        let model = trained.model;
        assert!(model.provenance().cv.out_of_fold.macro_f1 > 0.95, "{:?}", model.provenance().cv.out_of_fold);
        let (tv, ty) = synthetic(100, 64, 2);
        let pred: Vec<Vec<String>> = tv.iter().map(|x| model.predict_embedding(x).unwrap().themes).collect();
        let e = super::super::metrics::evaluate(&model.themes(), &ty, &pred).unwrap();
        assert!(e.macro_f1 > 0.95, "{e:?}");
        assert!(model.check_encoder("test-encoder@abc").is_ok());
        assert!(model.check_encoder("other@def").is_err());
        assert!(model.predict_text("tekst").is_err(), "an embedding model cannot score text");
        assert!(model.predict_embedding(&[0.0; 3]).is_err(), "wrong dimension");

        let back = ThemeModel::from_json(&model.to_json(), "<test>").unwrap();
        assert_eq!(back, model);
        for x in &tv {
            let (a, b) = (model.predict_embedding(x).unwrap(), back.predict_embedding(x).unwrap());
            for (sa, sb) in a.scores.values().zip(b.scores.values()) {
                assert_eq!(sa.to_bits(), sb.to_bits());
            }
            assert_eq!(a.themes, b.themes);
        }
        // A 3 × 64 head is small.
        assert!(model.to_json().len() < 20_000, "{}", model.to_json().len());
    }

    #[test]
    fn nearest_examples_ranks_by_cosine() {
        let names = [vec!["wonen".to_owned()], vec![], vec!["jeugd".to_owned()]];
        let vs = [vec![1.0f32, 0.0], vec![0.6, 0.8], vec![-1.0, 0.0]];
        let ex: Vec<LabelledVector> = ["b", "a", "c"]
            .iter()
            .zip(&vs)
            .zip(&names)
            .map(|((id, v), t)| LabelledVector { id, vector: v, themes: t })
            .collect();
        let near = nearest_examples(&[2.0, 0.0], &ex, 2).unwrap();
        assert_eq!(near.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), vec!["b", "a"]);
        assert!((near[0].similarity - 1.0).abs() < 1e-6 && (near[1].similarity - 0.6).abs() < 1e-6);
        assert_eq!(near[0].themes, vec!["wonen"]);
        assert!(nearest_examples(&[1.0, 0.0, 0.0], &ex, 1).is_err());
        assert_eq!(nearest_examples(&[0.0, 0.0], &ex, 3).unwrap()[0].similarity, 0.0);
    }
}
