//! Typed configuration, parsed once.
//!
//! Sources, later wins: built-in defaults → `rodedraad.toml` (or `--config FILE`) → command-line
//! flags. Every stage receives the parts it needs from this one value; no stage reads the
//! environment or flags itself.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::guard::PiiPolicy;
use crate::progress::ProgressMode;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("config file {path}: {source}")]
    Parse { path: String, source: toml::de::Error },
}

/// The file form: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub data_dir: Option<PathBuf>,
    pub models_dir: Option<PathBuf>,
    pub encoder: Option<String>,
    /// `int8` (default) or `f32`: see `embed::Precision`.
    pub precision: Option<crate::embed::Precision>,
    pub threads: Option<usize>,
    pub pii: Option<String>,
    /// Themes config (default `<models_dir>/themes.toml`).
    pub themes: Option<PathBuf>,
    /// Folder with the trained classifiers (default `<models_dir>/classifier`).
    pub classifier_dir: Option<PathBuf>,
    /// Which classifier file in it labels complaints: `transformer.json` (default) or
    /// `baseline.json`.
    pub classifier: Option<String>,
    /// Thread-finding parameters (`[clustering]` table; every key optional, see
    /// `threads::ThreadParams` for names and defaults).
    pub clustering: Option<crate::threads::ThreadParams>,
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let s = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Read { path: path.display().to_string(), source })?;
        toml::from_str(&s).map_err(|source| ConfigError::Parse { path: path.display().to_string(), source })
    }
}

/// Everything a run needs to know.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Config {
    /// Index, vector cache, rejects, run manifests and the lock live here.
    pub data_dir: PathBuf,
    /// Folder holding model folders and their `.sha256` manifests.
    pub models_dir: PathBuf,
    /// Model folder name under `models_dir` used for embeddings.
    pub encoder: String,
    /// Precision of the encoder's projections.
    pub precision: crate::embed::Precision,
    /// Threads for libtorch (intra-op) and rayon.
    pub threads: usize,
    pub pii: PiiPolicy,
    pub progress: ProgressMode,
    /// Themes config file.
    pub themes: PathBuf,
    /// Folder holding `transformer.json` and `baseline.json`.
    pub classifier_dir: PathBuf,
    /// File name in `classifier_dir` of the classifier that labels complaints.
    pub classifier: String,
    /// Thread-finding parameters.
    pub clustering: crate::threads::ThreadParams,
}

impl Config {
    pub const DEFAULT_ENCODER: &'static str = "multilingual-e5-small";
    pub const DEFAULT_CLASSIFIER: &'static str = "transformer.json";

    /// Where models live by default: `./models` if it exists, else next to the source tree the
    /// binary was built from (so `target/release/rodedraad` works from any directory).
    pub fn default_models_dir() -> PathBuf {
        let local = PathBuf::from("models");
        if local.join(format!("{}.sha256", Self::DEFAULT_ENCODER)).is_file() {
            return local;
        }
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models")
    }

    pub fn default_threads() -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    }

    /// sha256 of the effective settings that change results (encoder, PII policy), for the
    /// run manifest: two runs with the same hash were configured alike. Paths, threads and the
    /// progress mode do not change results and are left out.
    pub fn hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let relevant = serde_json::json!({
            "encoder": self.encoder, "precision": self.precision, "pii": self.pii, "classifier": self.classifier, "clustering": self.clustering,
        });
        hex::encode(Sha256::digest(relevant.to_string().as_bytes()))
    }

    pub fn themes_path(&self) -> PathBuf {
        self.themes.clone()
    }
    pub fn classifier_dir(&self) -> PathBuf {
        self.classifier_dir.clone()
    }
    pub fn classifier_path(&self) -> PathBuf {
        self.classifier_dir.join(&self.classifier)
    }
    /// The last `evaluate` result (shown in the report).
    pub fn evaluation_path(&self) -> PathBuf {
        self.data_dir.join("evaluation.json")
    }
    pub fn threads_path(&self) -> PathBuf {
        self.data_dir.join("threads.json")
    }
    pub fn report_dir(&self) -> PathBuf {
        self.data_dir.join("report")
    }

    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }
    pub fn vectors_path(&self) -> PathBuf {
        self.data_dir.join("vectors.redb")
    }
    pub fn rejects_path(&self) -> PathBuf {
        self.data_dir.join("rejects.jsonl")
    }
    pub fn runs_dir(&self) -> PathBuf {
        self.data_dir.join("runs")
    }
    pub fn lock_path(&self) -> PathBuf {
        self.data_dir.join("rodedraad.lock")
    }
}
