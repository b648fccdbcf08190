//! A sentence-transformers folder (BERT family, e.g. all-MiniLM-L6-v2) run through rust-bert.
//!
//! rust-bert's `SentenceEmbeddingsModel` does tokenisation, the BERT forward pass, mean
//! pooling and normalisation; we build its config from `LocalResource`s ourselves (the
//! `remote` feature is off, so nothing can be downloaded) and check every file first, because
//! rust-bert's `Config::from_file` panics on a missing file.

use std::sync::Mutex;

use rust_bert::pipelines::common::ModelType;
use rust_bert::pipelines::sentence_embeddings::{SentenceEmbeddingsConfig, SentenceEmbeddingsModel};
use rust_bert::resources::LocalResource;
use rust_tokenizers::Mask;
use tch::Device;

use super::{chunk, pool, EmbedError, Encoder, ModelDir, Result};
use crate::guard::RedactedText;

/// Texts embedded per forward pass. Windows are sorted by length first, so a batch holds
/// windows of similar length and padding waste stays small.
const BATCH: usize = 32;

pub struct SentenceTransformerEncoder {
    model: Mutex<SentenceEmbeddingsModel>,
    model_id: String,
    dim: usize,
    /// Tokens per window, excluding [CLS]/[SEP].
    max_tokens: usize,
}

impl SentenceTransformerEncoder {
    /// Loads a verified model folder. `threads` sets libtorch's intra-op thread count.
    pub fn load(dir: &ModelDir, threads: usize) -> Result<Self> {
        let files = [
            "modules.json",
            "config.json",
            "model.safetensors",
            "1_Pooling/config.json",
            "sentence_bert_config.json",
            "tokenizer_config.json",
            "vocab.txt",
        ];
        for f in files {
            if !dir.file(f).is_file() {
                return Err(EmbedError::ModelMissing {
                    dir: dir.path.display().to_string(),
                    detail: format!("{f} not found"),
                });
            }
        }
        let res = |f: &str| -> Box<LocalResource> { Box::new(LocalResource::from(dir.file(f))) };
        let config = SentenceEmbeddingsConfig {
            modules_config_resource: res("modules.json"),
            transformer_type: ModelType::Bert,
            transformer_config_resource: res("config.json"),
            transformer_weights_resource: res("model.safetensors"),
            pooling_config_resource: res("1_Pooling/config.json"),
            dense_config_resource: None,
            dense_weights_resource: None,
            sentence_bert_config_resource: res("sentence_bert_config.json"),
            tokenizer_config_resource: res("tokenizer_config.json"),
            tokenizer_vocab_resource: res("vocab.txt"),
            tokenizer_merges_resource: None,
            device: Device::Cpu,
            kind: None,
        };
        tch::set_num_threads(threads.max(1) as i32);
        keep_large_allocations();
        let model = SentenceEmbeddingsModel::new(config)
            .map_err(|e| EmbedError::Load(dir.name.clone(), e.to_string()))?;
        let dim = model
            .get_embedding_dim()
            .map_err(|e| EmbedError::Load(dir.name.clone(), e.to_string()))? as usize;
        let max_seq: usize = std::fs::read_to_string(dir.file("sentence_bert_config.json"))
            .ok()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            .and_then(|v| v["max_seq_length"].as_u64())
            .unwrap_or(256) as usize;
        Ok(Self {
            model: Mutex::new(model),
            model_id: format!("{}@{}", dir.name, &dir.hash[..12]),
            dim,
            max_tokens: max_seq.saturating_sub(2).max(8),
        })
    }
}

/// libtorch allocates and frees tens of MB per layer and batch (attention scores are
/// batch × heads × len² floats). glibc serves blocks above its mmap threshold with fresh `mmap`
/// and returns them with `munmap`, so every batch page-faults and zero-fills them again:
/// measured here, 40% of embedding time was kernel time. Raising the mmap and trim thresholds
/// to 1 GiB keeps those blocks in the heap for reuse: 11.9 → 21 texts/s on 2 cores (sample
/// corpus, all-MiniLM-L6-v2). Process-wide and idempotent; memory is still freed to the heap.
fn keep_large_allocations() {
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

impl Encoder for SentenceTransformerEncoder {
    fn model_id(&self) -> &str {
        &self.model_id
    }

    fn dim(&self) -> usize {
        self.dim
    }

    fn encode(&self, texts: &[&RedactedText]) -> Result<Vec<Vec<f32>>> {
        let model = self.model.lock().map_err(|_| EmbedError::Inference("model lock poisoned".into()))?;
        // 1. Split every text into windows that fit the model (word boundaries, see `chunk`).
        let mut windows: Vec<(usize, String, usize)> = Vec::new(); // (text index, window, tokens)
        for (ti, t) in texts.iter().enumerate() {
            let text = t.as_ref();
            let tw = model.get_tokenizer().tokenize_with_offsets(text);
            let toks: Vec<(usize, usize, bool)> = tw
                .offsets
                .iter()
                .zip(&tw.masks)
                .filter_map(|(o, m)| {
                    o.map(|o| (o.begin as usize, o.end as usize, *m != Mask::Continuation))
                })
                .collect();
            for c in chunk(text, &toks, self.max_tokens) {
                windows.push((ti, text[c.start..c.end].to_owned(), c.tokens));
            }
        }
        // 2. Embed windows sorted by length (less padding), in batches.
        let mut order: Vec<usize> = (0..windows.len()).collect();
        order.sort_by_key(|&i| (windows[i].2, i));
        let mut vecs: Vec<Vec<f32>> = vec![Vec::new(); windows.len()];
        for batch in order.chunks(BATCH) {
            let inputs: Vec<&str> = batch.iter().map(|&i| windows[i].1.as_str()).collect();
            let out = model.encode(&inputs).map_err(|e| EmbedError::Inference(e.to_string()))?;
            for (&i, v) in batch.iter().zip(out) {
                vecs[i] = v;
            }
        }
        // 3. Pool windows back per text (token-weighted mean, L2-normalised).
        let mut per_text: Vec<(Vec<Vec<f32>>, Vec<usize>)> = vec![(Vec::new(), Vec::new()); texts.len()];
        for ((ti, _, ntok), v) in windows.into_iter().zip(vecs) {
            per_text[ti].0.push(v);
            per_text[ti].1.push(ntok);
        }
        Ok(per_text.into_iter().map(|(v, w)| pool(&v, &w)).collect())
    }
}
