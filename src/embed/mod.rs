//! Transformer embeddings of redacted complaint texts.
//!
//! Why: themes and threads are about meaning ("my daughter has been home for half a year, no
//! school will take her" is a *thuiszitter* complaint without the word). A sentence-embedding
//! model maps each letter to a vector where similar situations lie close together.
//!
//! Design:
//! - Every model sits behind the [`Encoder`] trait, so models can be swapped and compared
//!   (the English all-MiniLM-L6-v2 first; multilingual models later) without touching callers.
//! - Models load **only** from a folder under `models/` whose files are verified against a
//!   committed sha256 manifest ([`ModelDir::open`]); nothing is fetched from a hub.
//! - The encoder accepts only [`RedactedText`]: personal data never reaches the model or the
//!   vector cache (architecture invariant 1).
//! - Long letters are not silently truncated: see [`chunk`] — texts are split at word
//!   boundaries into windows that fit the model's maximum sequence length, each window is
//!   embedded, and the window vectors are averaged weighted by their token counts, then
//!   L2-normalised. A letter of 3 windows thus counts every part of the letter.

pub mod cache;
pub mod e5convert;
mod minilm;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::guard::RedactedText;

pub use minilm::SentenceTransformerEncoder;

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error(
        "model folder {dir} is missing or incomplete ({detail}); run `scripts/setup.sh` to install it"
    )]
    ModelMissing { dir: String, detail: String },
    #[error("model file {file} does not match the committed manifest {manifest} (expected sha256 {expected}, found {found}); re-run `scripts/setup.sh`")]
    ModelChanged { file: String, manifest: String, expected: String, found: String },
    #[error("model {0}: {1}")]
    Load(String, String),
    #[error("inference failed: {0}")]
    Inference(String),
    #[error("embedding cache {path}: {detail}")]
    Cache { path: String, detail: String },
}

pub type Result<T, E = EmbedError> = std::result::Result<T, E>;

/// A sentence encoder: text in, one L2-normalised vector per text out.
///
/// Contract: deterministic for a given model (same text → same vector, bit for bit, on the same
/// machine and thread count); `encode` returns exactly `texts.len()` vectors of `dim()`.
pub trait Encoder {
    /// Stable identifier of model + weights, e.g. `all-MiniLM-L6-v2@3f2a…`; part of cache keys.
    fn model_id(&self) -> &str;
    fn dim(&self) -> usize;
    fn encode(&self, texts: &[&RedactedText]) -> Result<Vec<Vec<f32>>>;
}

/// A verified model folder: every file listed in `models/<name>.sha256` exists with that hash.
#[derive(Debug, Clone)]
pub struct ModelDir {
    pub name: String,
    pub path: PathBuf,
    /// sha256 of the manifest itself = a hash over all model files; identifies the weights.
    pub hash: String,
}

impl ModelDir {
    /// Verifies `models_root/<name>/` against `models_root/<name>.sha256` (sha256sum format).
    pub fn open(models_root: &Path, name: &str) -> Result<Self> {
        let path = models_root.join(name);
        let manifest_path = models_root.join(format!("{name}.sha256"));
        let missing = |detail: String| EmbedError::ModelMissing {
            dir: path.display().to_string(),
            detail,
        };
        let manifest = std::fs::read_to_string(&manifest_path)
            .map_err(|e| missing(format!("manifest {}: {e}", manifest_path.display())))?;
        if !path.is_dir() {
            return Err(missing("folder not found".into()));
        }
        for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
            let (expected, file) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| missing(format!("bad manifest line '{line}'")))?;
            let file = file.trim().trim_start_matches('*').trim_start_matches("./");
            let full = path.join(file);
            let bytes =
                std::fs::read(&full).map_err(|e| missing(format!("{file}: {e}")))?;
            let found = hex::encode(Sha256::digest(&bytes));
            if found != expected {
                return Err(EmbedError::ModelChanged {
                    file: full.display().to_string(),
                    manifest: manifest_path.display().to_string(),
                    expected: expected.to_owned(),
                    found,
                });
            }
        }
        Ok(Self { name: name.to_owned(), path, hash: hex::encode(Sha256::digest(manifest.as_bytes())) })
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.path.join(rel)
    }
}

/// Cosine similarity of two vectors (both assumed L2-normalised → dot product).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// A window of a text: byte range and the number of model tokens in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub tokens: usize,
}

/// Splits a text into windows of at most `max_tokens` tokens, cutting only where a new word
/// starts (never inside a word's sub-tokens). `token_starts` gives, per token, its start offset
/// in **chars**, its end offset in chars, and whether it begins a word.
///
/// Contract: windows cover every token exactly once, in order; a window is never empty; a
/// single word longer than `max_tokens` is cut hard (no infinite loop).
pub fn chunk(text: &str, tokens: &[(usize, usize, bool)], max_tokens: usize) -> Vec<Chunk> {
    assert!(max_tokens > 0);
    if tokens.is_empty() {
        return vec![Chunk { start: 0, end: text.len(), tokens: 0 }];
    }
    // char offset → byte offset
    let char_to_byte: Vec<usize> =
        text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
    let byte = |c: usize| char_to_byte[c.min(char_to_byte.len() - 1)];
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut j = (i + max_tokens).min(tokens.len());
        if j < tokens.len() {
            // back off to the last word start after i
            let mut k = j;
            while k > i + 1 && !tokens[k].2 {
                k -= 1;
            }
            if k > i + 1 || tokens[k].2 {
                j = k;
            }
        }
        let start = if out.is_empty() { 0 } else { byte(tokens[i].0) };
        let end = if j == tokens.len() { text.len() } else { byte(tokens[j].0) };
        out.push(Chunk { start, end, tokens: j - i });
        i = j;
    }
    out
}

/// Token-weighted mean of window vectors, L2-normalised.
pub fn pool(vectors: &[Vec<f32>], weights: &[usize]) -> Vec<f32> {
    let dim = vectors.first().map_or(0, Vec::len);
    let mut acc = vec![0f32; dim];
    let total: f32 = weights.iter().map(|&w| w.max(1) as f32).sum();
    for (v, &w) in vectors.iter().zip(weights) {
        let w = w.max(1) as f32 / total;
        for (a, x) in acc.iter_mut().zip(v) {
            *a += w * x;
        }
    }
    let norm = acc.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    acc.iter_mut().for_each(|x| *x /= norm);
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(usize, usize, bool)> {
        // one token per char of each word, first char begins the word (fake tokenizer)
        let mut out = Vec::new();
        let mut in_word = false;
        for (ci, ch) in text.chars().enumerate() {
            if ch.is_whitespace() {
                in_word = false;
            } else {
                out.push((ci, ci + 1, !in_word));
                in_word = true;
            }
        }
        out
    }

    #[test]
    fn chunk_covers_all_tokens_and_cuts_at_word_starts() {
        let text = "aaa bbbb cc dddddd e ffff";
        let t = toks(text);
        let chunks = chunk(text, &t, 6);
        assert_eq!(chunks.iter().map(|c| c.tokens).sum::<usize>(), t.len());
        assert!(chunks.iter().all(|c| c.tokens <= 6 && c.tokens > 0));
        let joined: String = chunks.iter().map(|c| &text[c.start..c.end]).collect();
        assert_eq!(joined, text);
        for c in &chunks[1..] {
            // every later window starts at a word start
            let before = &text[..c.start];
            assert!(before.ends_with(' '), "cut inside a word at {}", c.start);
        }
    }

    #[test]
    fn chunk_cuts_a_giant_word_hard() {
        let text = "x".repeat(20);
        let t: Vec<_> = (0..20).map(|i| (i, i + 1, i == 0)).collect();
        let chunks = chunk(&text, &t, 8);
        assert_eq!(chunks.iter().map(|c| c.tokens).collect::<Vec<_>>(), vec![8, 8, 4]);
    }

    #[test]
    fn pool_weights_by_tokens_and_normalises() {
        let v = pool(&[vec![1.0, 0.0], vec![0.0, 1.0]], &[3, 1]);
        assert!((v[0] / v[1] - 3.0).abs() < 1e-5);
        assert!(((v[0] * v[0] + v[1] * v[1]).sqrt() - 1.0).abs() < 1e-5);
    }
}
