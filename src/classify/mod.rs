//! Theme classification of complaint letters (multi-label: a letter has zero or more themes).
//!
//! Why: researchers look for *rode draden* within a policy area (youth care, housing, benefits);
//! a theme label on every letter lets them filter, count and compare without reading all of
//! them, and lets the report say how many letters of a thread fall under each theme.
//!
//! Parts:
//! - [`themes`]: the theme catalogue (`models/themes.toml`). Theme names live only there and in
//!   the labelled data: adding a theme is config + labelled examples + retraining.
//! - [`logreg`]: the multi-label head — one L2 logistic regression per theme, C and per-theme
//!   thresholds chosen by stratified k-fold cross-validation on out-of-fold predictions.
//! - [`tfidf`]: the lexical baseline (Dutch stems → TF-IDF → head).
//! - [`embedding`]: the same head over sentence embeddings, plus nearest labelled examples.
//! - [`model`]: the saved model (JSON, with provenance) and prediction/explanation.
//! - [`metrics`]: per-theme precision/recall/F1, macro/micro F1, a theme confusion table.
//!
//! Pure logic: nothing here touches torch, the clock or the environment; only
//! [`ThemeSet::load`], [`ThemeModel::load`] and [`ThemeModel::save`] touch files.
//! Deterministic: same data, options and seed → the same model file, byte for byte.

pub mod embedding;
pub mod logreg;
pub mod metrics;
pub mod model;
pub mod tfidf;
pub mod themes;

pub use embedding::{nearest_examples, LabelledVector, Neighbour};
pub use logreg::{
    ClassWeight, FeatureError, FeatureMatrix, Features, LinearHead, Prediction, Selection, TrainError,
    TrainOptions,
};
pub use metrics::{evaluate, Evaluation, MetricsError};
pub use model::{FeatureSpec, ModelError, Provenance, ThemeExplanation, ThemeModel, Trained};
pub use tfidf::{Ngrams, TfidfOptions};
pub use themes::{Theme, ThemeError, ThemeSet, NO_THEME};

#[cfg(test)]
mod tests {
    //! End-to-end tests of the lexical path on a small hand-written corpus.
    use super::*;

    /// (text, themes) — short Dutch complaint-like texts, with overlap and a theme-less class.
    fn corpus() -> Vec<(String, Vec<String>)> {
        let patterns: [(&str, &[&str]); 8] = [
            ("Mijn zoon staat al maanden op de wachtlijst voor jeugdhulp en de jeugd-GGZ {}.", &["jeugd"]),
            ("Onze dochter zit thuis, geen school wil haar plaatsen, leerplicht doet niets {}.", &["jeugd"]),
            ("Wij staan al jaren ingeschreven voor een woning, de urgentie is afgewezen {}.", &["wonen"]),
            ("De woningcorporatie dreigt met huisuitzetting en de noodopvang is vol {}.", &["wonen"]),
            ("De Belastingdienst vordert de kinderopvangtoeslag terug, duizenden euro's {}.", &["toeslagen"]),
            (
                "Mijn huurtoeslag is stopgezet en nu dreigt ontruiming van mijn woning {}.",
                &["toeslagen", "wonen"],
            ),
            ("Er ligt al weken afval naast de container in onze straat {}.", &[]),
            ("De parkeerboete klopt niet, ik had gewoon betaald via de app {}.", &[]),
        ];
        let fillers = [
            "in Almere",
            "sinds de zomer",
            "en niemand belt terug",
            "ik ben wanhopig",
            "al twee keer gemeld",
            "volgens de brief",
            "dit is onacceptabel",
            "graag uw hulp",
            "in Zaandam",
            "na de vakantie",
        ];
        let mut out = Vec::new();
        for (i, f) in fillers.iter().enumerate() {
            for (j, (p, t)) in patterns.iter().enumerate() {
                if (i + j) % 7 != 0 {
                    out.push((p.replace("{}", f), t.iter().map(|s| (*s).to_owned()).collect()));
                }
            }
        }
        out
    }

    fn themes() -> ThemeSet {
        ThemeSet::load(concat!(env!("CARGO_MANIFEST_DIR"), "/models/themes.toml")).unwrap()
    }

    fn fit(seed: u64) -> ThemeModel {
        let (texts, labels): (Vec<String>, Vec<Vec<String>>) = corpus().into_iter().unzip();
        tfidf::fit(&texts, &labels, &themes(), seed, "0123abcd").unwrap()
    }

    #[test]
    fn tfidf_learns_explains_and_finds_no_theme_for_unrelated_letters() {
        let model = fit(1);
        let p = model
            .predict_text("Ik moet de kinderopvangtoeslag van 2019 terugbetalen aan de Belastingdienst.")
            .unwrap();
        assert_eq!(p.themes, vec!["toeslagen"], "{p:?}");
        let p = model.predict_text("Er ligt afval naast de container.").unwrap();
        assert!(p.themes.is_empty(), "{p:?}");
        assert_eq!(p.scores.len(), 3);
        let ex = model.explain_text("De kinderopvangtoeslag wordt teruggevorderd.", 3).unwrap();
        let toeslagen = ex.iter().find(|e| e.assigned).unwrap();
        assert!(toeslagen.for_theme.iter().any(|c| c.term.contains("toeslag")), "{toeslagen:?}");
        assert!(model.predict_embedding(&[0.0; 4]).is_err(), "a tfidf model cannot score vectors");
        assert!(model.check_themes(&themes()).is_ok());
    }

    #[test]
    fn save_load_gives_identical_scores_and_same_seed_gives_same_bytes() {
        let model = fit(3);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("themes-tfidf.json");
        model.save(&path).unwrap();
        let back = ThemeModel::load(&path).unwrap();
        assert_eq!(back, model);
        let texts: Vec<String> =
            corpus().into_iter().map(|c| c.0).chain(["iets heel anders".to_owned()]).collect();
        let (a, b) = (model.predict_texts(&texts).unwrap(), back.predict_texts(&texts).unwrap());
        for (pa, pb) in a.iter().zip(&b) {
            let bits = |p: &Prediction| p.scores.values().map(|s| s.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(pa), bits(pb));
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), fit(3).to_json(), "same seed, same bytes");
        assert_eq!(back.to_json(), model.to_json());
        let prov = back.provenance();
        assert_eq!((prov.training_data_sha256.as_str(), prov.options.seed), ("0123abcd", 3));
        assert_eq!(prov.cv.themes.len(), 3);
    }

    #[test]
    fn loading_rejects_broken_files_with_the_file_name() {
        let model = fit(1);
        let json = model.to_json();
        let err =
            ThemeModel::from_json(&json.replacen("rodedraad-theme-model/1", "x/9", 1), "m.json").unwrap_err();
        assert!(matches!(err, ModelError::Format { .. }) && err.to_string().contains("m.json"), "{err}");
        // Drop one weight: dimension mismatch.
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["head"]["themes"][0]["weights"].as_array_mut().unwrap().pop();
        let err = ThemeModel::from_json(&v.to_string(), "m.json").unwrap_err();
        assert!(matches!(err, ModelError::Invalid { .. }), "{err}");
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["features"]["vocabulary"].as_array_mut().unwrap().reverse();
        assert!(matches!(ThemeModel::from_json(&v.to_string(), "m.json"), Err(ModelError::Invalid { .. })));
        assert!(matches!(ThemeModel::from_json("{}", "m.json"), Err(ModelError::Json { .. })));
        assert!(matches!(ThemeModel::load("/nonexistent/m.json"), Err(ModelError::Io { .. })));
    }

    #[test]
    fn a_fourth_theme_is_config_plus_labels_plus_training() {
        let mut toml =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/models/themes.toml")).unwrap();
        toml.push_str(
            "\n[[theme]]\nname = \"schulden\"\ndescription = \"Schuldhulpverlening en beslag.\"\nexamples = [\"de deurwaarder legt beslag op mijn loon\"]\n",
        );
        let set = ThemeSet::from_toml_str(&toml).unwrap();
        let (mut texts, mut labels): (Vec<String>, Vec<Vec<String>>) = corpus().into_iter().unzip();
        for f in [
            "in Almere",
            "sinds mei",
            "al drie maanden",
            "ik ben ten einde raad",
            "in Zaandam",
            "na mijn ontslag",
            "met twee kinderen",
            "zonder reactie",
        ] {
            texts.push(format!(
                "De deurwaarder legt beslag op mijn loon en de schuldhulpverlening reageert niet {f}."
            ));
            labels.push(vec!["schulden".to_owned()]);
        }
        let model = tfidf::fit(&texts, &labels, &set, 1, "x").unwrap();
        assert_eq!(model.themes(), set.names());
        let p = model
            .predict_text("Er is beslag gelegd door de deurwaarder, schuldhulpverlening doet niets.")
            .unwrap();
        assert_eq!(p.themes, vec!["schulden"]);
        assert!(model.check_themes(&themes()).is_err(), "the three-theme file no longer matches");
    }
}
