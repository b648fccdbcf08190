//! Foundation: the real tantivy index with Dutch analysis, and the real transformer model.

mod common;

use common::*;
use rodedraad::embed::{cosine, BertEncoder, Encoder, Forward, ModelDir};
use rodedraad::guard::Guard;
use rodedraad::index::{analyze, ComplaintIndex, UpsertOutcome, EXACT, STEMMED};

#[test]
fn stemming_finds_a_word_form_the_text_does_not_contain_and_only_through_the_stemmed_field() {
    let dir = tempfile::tempdir().unwrap();
    let index = ComplaintIndex::open_or_create(dir.path()).unwrap();
    let mut s = index.session().unwrap();
    let text = "Wij staan al jaren ingeschreven maar de woningen worden steeds aan anderen toegewezen.";
    s.upsert(&redacted(complaint("W1", "2024-05-01", "Diemen", text))).unwrap();
    s.upsert(&redacted(complaint("P1", "2024-05-02", "Amsterdam", "Mijn auto kreeg een naheffing terwijl ik een vergunning heb."))).unwrap();
    s.commit("{}").unwrap();

    // The analyzers really differ: Dutch stemming maps plural and singular together.
    assert_eq!(analyze(STEMMED, "woningen"), analyze(STEMMED, "woning"));
    assert_ne!(analyze(EXACT, "woningen"), analyze(EXACT, "woning"));

    // "woning" does not occur verbatim; the stemmed field finds it, the exact field does not.
    assert!(!text.to_lowercase().contains("woning "));
    let stemmed = index.search("woning", 10).unwrap();
    assert_eq!(stemmed.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), vec!["W1"]);
    assert!(stemmed.hits[0].snippet.contains("«woningen»"), "snippet: {}", stemmed.hits[0].snippet);
    let exact_only = index.search("text_exact:woning", 10).unwrap();
    assert_eq!(exact_only.total, 0);
    // … while the exact field does find the verbatim form.
    assert_eq!(index.search("text_exact:woningen", 10).unwrap().total, 1);
}

#[test]
fn re_ingesting_the_same_complaint_leaves_the_document_count_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let index = ComplaintIndex::open_or_create(dir.path()).unwrap();
    let c = || redacted(complaint("X1", "2023-01-09", "Almere", "De huurtoeslag is stopgezet zonder dat iemand mij belde."));
    let mut s = index.session().unwrap();
    assert_eq!(s.upsert(&c()).unwrap(), UpsertOutcome::Stored);
    s.commit("{}").unwrap();
    assert_eq!(index.doc_count(), 1);

    let mut s = index.session().unwrap();
    assert_eq!(s.upsert(&c()).unwrap(), UpsertOutcome::DuplicateSameId);
    s.commit("{}").unwrap();
    assert_eq!(index.doc_count(), 1);

    // Same id, new text: an update, still one document, new text searchable, old one gone.
    let mut s = index.session().unwrap();
    let changed = redacted(complaint("X1", "2023-01-09", "Almere", "De zorgtoeslag is teruggevorderd zonder uitleg van de Belastingdienst."));
    assert_eq!(s.upsert(&changed).unwrap(), UpsertOutcome::Updated);
    s.commit("{}").unwrap();
    assert_eq!(index.doc_count(), 1);
    assert_eq!(index.search("zorgtoeslag", 5).unwrap().total, 1);
    assert_eq!(index.search("huurtoeslag", 5).unwrap().total, 0);

    // A different id with identical text is a duplicate of the first.
    let mut s = index.session().unwrap();
    let copy = redacted(complaint("X2", "2023-01-10", "Almere", "De zorgtoeslag is teruggevorderd zonder uitleg van de Belastingdienst."));
    assert_eq!(s.upsert(&copy).unwrap(), UpsertOutcome::DuplicateOfOtherId { existing_id: "X1".into() });
    s.commit("{}").unwrap();
    assert_eq!(index.doc_count(), 1);
}

#[test]
fn paraphrased_complaints_are_closer_than_unrelated_ones() {
    let dir = ModelDir::open(&models_dir(), "all-MiniLM-L6-v2").expect("model installed by scripts/setup.sh");
    let enc = BertEncoder::load(&dir, 2, Forward::Fused).unwrap();
    let g = Guard::new();
    let a = g.redact_text("The school bus for my disabled son arrives late every morning, so he misses his first lesson.").0;
    let b = g.redact_text("Every day the taxi that should bring my handicapped boy to school comes too late and he misses class.").0;
    let c = g.redact_text("I received a parking fine although my residents' permit was valid for this street.").0;
    let nl_a = g.redact_text("Het leerlingenvervoer van mijn zoon komt elke ochtend te laat, waardoor hij de eerste les mist.").0;
    // all-MiniLM-L6-v2 is an English model and weak on Dutch: a paraphrase with no shared
    // words ("De taxi die mijn kind naar school moet brengen is iedere dag te laat") scored
    // *below* the unrelated parking letter (0.54 vs 0.59). The multilingual encoder (issue 5)
    // fixes that; here we check the Dutch case the English model can still handle.
    let nl_b = g.redact_text("Iedere ochtend is het leerlingenvervoer weer te laat en mijn zoon mist zo de eerste les.").0;
    let nl_c = g.redact_text("Ik kreeg een parkeerboete terwijl mijn bewonersvergunning gewoon geldig was.").0;
    let v = enc.encode(&[&a, &b, &c, &nl_a, &nl_b, &nl_c]).unwrap();
    assert_eq!(v.len(), 6);
    assert!(v.iter().all(|x| x.len() == enc.dim() && enc.dim() == 384));
    assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]) + 0.1, "en: {} vs {}", cosine(&v[0], &v[1]), cosine(&v[0], &v[2]));
    assert!(cosine(&v[3], &v[4]) > cosine(&v[3], &v[5]), "nl: {} vs {}", cosine(&v[3], &v[4]), cosine(&v[3], &v[5]));
    // Deterministic: the same batch gives the same bits; the same text in another batch (other
    // padding length, other matrix shapes) agrees to float rounding.
    assert_eq!(enc.encode(&[&a, &b, &c, &nl_a, &nl_b, &nl_c]).unwrap(), v);
    let alone = enc.encode(&[&a]).unwrap();
    let diff = alone[0].iter().zip(&v[0]).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max);
    assert!(diff < 1e-5, "max difference {diff}");
}

#[test]
fn a_long_letter_is_chunked_not_truncated() {
    let dir = ModelDir::open(&models_dir(), "all-MiniLM-L6-v2").unwrap();
    let enc = BertEncoder::load(&dir, 2, Forward::Fused).unwrap();
    let g = Guard::new();
    let filler = "Ik heb hierover al vaker gebeld en gemaild maar niemand heeft gereageerd. ".repeat(40);
    // The decisive part of the letter comes after the model's 256-token window.
    let parking = g.redact_text(&format!("{filler} Het gaat om een parkeerboete voor mijn auto in de Pijp.")).0;
    let housing = g.redact_text(&format!("{filler} Het gaat om ons huis: we worden uit onze woning gezet.")).0;
    let v = enc.encode(&[&parking, &housing]).unwrap();
    // Had the tail been truncated, both letters would embed identically.
    assert!(cosine(&v[0], &v[1]) < 0.9999, "tail of the letter was ignored");
}

#[test]
fn a_missing_model_gives_an_error_naming_the_setup_command() {
    let empty = tempfile::tempdir().unwrap();
    let err = ModelDir::open(empty.path(), "all-MiniLM-L6-v2").unwrap_err().to_string();
    assert!(err.contains("scripts/setup.sh"), "{err}");
}

#[test]
fn a_changed_model_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let src = models_dir();
    std::fs::copy(src.join("all-MiniLM-L6-v2.sha256"), tmp.path().join("m.sha256")).unwrap();
    let dst = tmp.path().join("m");
    std::fs::create_dir_all(dst.join("1_Pooling")).unwrap();
    for line in std::fs::read_to_string(src.join("all-MiniLM-L6-v2.sha256")).unwrap().lines() {
        let f = line.split_whitespace().nth(1).unwrap().trim_start_matches("./");
        std::fs::copy(src.join("all-MiniLM-L6-v2").join(f), dst.join(f)).unwrap();
    }
    assert!(ModelDir::open(tmp.path(), "m").is_ok());
    std::fs::write(dst.join("vocab.txt"), "tampered").unwrap();
    let err = ModelDir::open(tmp.path(), "m").unwrap_err().to_string();
    assert!(err.contains("does not match"), "{err}");
}
