//! Rode draden: threads of complaints from different people that share one concrete systemic
//! cause, followed across the years.
//!
//! # Why this design
//! * **One model over all years.** Complaints of all years are clustered together and each
//!   thread carries per-year counts; clustering each year separately would cut a thread into
//!   yearly pieces that then have to be chained again, and would miss a thread that is small in
//!   every single year.
//! * **Neighbour graph, not global density.** Most complaints are one-offs, and a thread is a
//!   group of complaints that are each other's nearest neighbours. The complaints' k nearest
//!   neighbours (NN-descent in the full embedding space, seconds at 100,000) form a graph; its
//!   modularity communities (Louvain at `resolution`) are the candidate threads; a complaint
//!   stays in its community only if at least `min_attachment` of its graph edges stay there,
//!   and outliers far from the thread's centroid (`outlier_z`) are dropped — so scattered
//!   one-offs end up unassigned. On real sentence embeddings this beats HDBSCAN, whose single
//!   density threshold keeps the dense clusters of common one-off subjects and drops the
//!   looser threads (measurements in [`cluster`]); HDBSCAN on the same graph remains available
//!   as [`Method::Hdbscan`].
//! * **Incremental.** [`update`] lets each new complaint vote with its nearest neighbours (the
//!   same attachment rule), clusters only the unassigned pool for new threads, and keeps ids.
//! * **Stable ids.** Threads are named `D0001`, `D0002`, … in order of creation; a rebuild with
//!   the previous model matches threads by member overlap and keeps their ids (the returned
//!   [`IdMapping`] says what happened to every old id). Ids are never reused.
//! * **Explainable.** Keywords by class-based TF-IDF over Dutch stems ([`ctfidf`]), a short
//!   Dutch label, representative complaints, theme mix, counts per year and municipality, a
//!   municipality flag with its odds ratio, and a trend with the statistic behind it
//!   ([`trend`]).
//!
//! # Contracts
//! * Pure: no file system, no clock, no global state. The caller reads vectors and texts,
//!   passes them in, and persists the [`ThreadModel`] (serde JSON).
//! * Deterministic: same inputs (in any order) and parameters → identical model JSON. Inputs
//!   are sorted by id, every random choice is seeded, parallel loops only compute values whose
//!   reduction order is fixed, maps are `BTreeMap`s, ties are broken by id.
//! * Robust: 0 or 1 complaints give an empty model; malformed input is a [`ThreadError`], never
//!   a panic.

pub mod cluster;
pub(crate) mod community;
pub mod ctfidf;
pub(crate) mod hdbscan;
pub(crate) mod knn;
pub(crate) mod lexical;
pub mod metrics;
pub(crate) mod reduce;
pub mod trend;
mod eval;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use eval::{evaluate, EmergingCheck, Evaluation, GoldLabel, GoldMatch, PlantedInfo};
pub use hdbscan::Selection;
pub use trend::{Trend, TrendInfo, TrendParams};

pub use cluster::Method;
pub use community::Detach;
use cluster::{cluster, ClusterSettings};
use reduce::dot32;

/// Version of the persisted [`ThreadModel`] layout.
pub const MODEL_FORMAT: u32 = 1;

/// One complaint as the thread finder sees it. Borrowed from the caller's own records.
#[derive(Debug, Clone, Copy)]
pub struct ThreadInput<'a> {
    /// Unique complaint id.
    pub id: &'a str,
    pub year: i32,
    /// 1–12.
    pub month: u32,
    /// Canonical municipality name.
    pub municipality: &'a str,
    /// Theme labels (may be empty).
    pub themes: &'a [String],
    /// The embedding of the redacted text, L2-normalised (it is normalised again defensively).
    pub vector: &'a [f32],
    /// `nl_stem` tokens of the redacted text, e.g. from [`ctfidf::stems_and_surfaces`].
    pub stems: &'a [String],
    /// Optional surface forms aligned with `stems` (same length), used to turn keywords back
    /// into readable words; without them labels show stems.
    pub surfaces: Option<&'a [String]>,
}

/// Parameters of the thread finder. Every field has a default that works from a few hundred to
/// a few hundred thousand complaints; `None` means "derive from the number of complaints".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThreadParams {
    /// Seed of every random choice (neighbour search, PCA start).
    pub seed: u64,
    /// Clustering method (default: communities of the neighbour graph).
    pub method: Method,
    /// Smallest thread. Default: `clamp(round(√n / 8), 5, 60)` for `n` complaints (13 at
    /// 10,000: planted emerging threads there have 18–23 letters).
    pub min_cluster_size: Option<usize>,
    /// Neighbours per complaint in the graph (also the votes an incoming complaint gets).
    pub neighbours: usize,
    /// Principal components kept for the neighbour search; 0 = none (the default: PCA loses
    /// neighbourhood structure of sentence embeddings, see [`cluster`]).
    pub reduce_dims: usize,
    /// Modularity resolution of the communities (higher = finer; high enough to tell a thread
    /// from the general topic around it).
    pub resolution: f64,
    /// A community that keeps less than this share of its edge weight inside, and sends at
    /// least a quarter of the rest to one other community, is merged into that one
    /// (modularity at high resolution also splits homogeneous groups). 0.75: with the words in
    /// the graph, halves of one homogeneous group keep up to ~0.7 inside (unit-test blobs);
    /// on the generated letters any value from 0.6 to 0.75 gives the same threads.
    pub merge_share: f64,
    /// A complaint stays in (or is assigned to) a thread when at least this share of its
    /// neighbour-graph edges lead into that thread.
    pub min_attachment: f64,
    /// Threads whose mean cosine to their centroid is below this are dissolved.
    pub min_cohesion: f32,
    /// A member whose cosine to its thread's centroid lies more than this many robust standard
    /// deviations (1.4826·MAD) below the members' median is an outlier and is removed; the same
    /// bound (stored as [`Thread::min_cosine`]) applies to complaints joining in [`update`].
    pub outlier_z: f64,
    /// HDBSCAN only: neighbours defining the core distance. Default `min(min_cluster_size, 10)`.
    pub min_samples: Option<usize>,
    /// HDBSCAN only: cluster selection.
    pub selection: Selection,
    /// HDBSCAN only: no cluster may hold more than this share of all complaints.
    pub max_thread_share: f64,
    /// Keywords kept per thread.
    pub keywords: usize,
    /// Keywords (as words) in a label.
    pub label_words: usize,
    /// Representative complaints per thread.
    pub representatives: usize,
    /// Stems never used as keywords (in addition to numbers and one-letter stems).
    pub excluded_stems: Vec<String>,
    /// A municipality is flagged when it has at least this share of a thread's members…
    pub concentration_min_share: f64,
    /// …its odds within the thread are at least this multiple of its odds in the corpus…
    pub concentration_min_odds_ratio: f64,
    /// …and the excess is significant (binomial z-score).
    pub concentration_min_z: f64,
    /// Trend thresholds.
    pub trend: TrendParams,
    /// Year the trends are computed as of (counts of later years are ignored for the trend).
    /// Default: the latest year among the complaints.
    pub as_of_year: Option<i32>,
    /// Share of the neighbour search's similarity that comes from the words: the graph is
    /// built on `[√(1−w)·embedding, √w·lexical]`, where `lexical` is the TF-IDF vector of the
    /// complaint's Dutch stems, randomly projected to [`Self::lexical_dims`] dimensions; 0 =
    /// embedding only. Communities method only. Centroids, cohesion and outliers stay on the
    /// embedding.
    ///
    /// Default 0.7. Measured (bench/RESULTS.md): with `detach`, 27 of 27 planted threads
    /// recovered at 10,000 and 100,000 generated letters (24 and 25 on the embedding alone),
    /// and 4 of 4 emerging threads flagged at both sizes (1 of 4 at 10,000 before).
    ///
    /// What it costs, found on the unit tests' synthetic letters: (1) letters made of a few
    /// words take one of a few word-count profiles (`aaab`, `aabb`, …), and identical lexical
    /// vectors form cliques, one thread per profile — so the test letters carry a vocabulary
    /// of a few dozen words, as real ones carry hundreds; (2) letters drawing random subsets of
    /// a group's words have neighbours by shared words, a locality along which Louvain halves
    /// the group, each half keeping up to ~0.7 of its edges — hence `merge_share` 0.75; (3)
    /// one-off letters, which share only common words, can form one community with a thread,
    /// which then fails `min_cohesion` as a whole — hence the core split before a community is
    /// given up. Not yet checked on hand-labelled threads.
    pub lexical_weight: f64,
    /// Dimensions of the random projection of the TF-IDF vectors. 128: the same threads as 256
    /// on the generated letters (27/27, 4/4 at 10,000 and 100,000), and a neighbour search in
    /// 512 instead of 640 dimensions (64 lost a planted thread at 10,000).
    pub lexical_dims: usize,
    /// Communities method only: detach small threads from larger neighbours they were merged
    /// with (`"one_sided"`, the default, see `community::detach`) or not (`"off"`).
    pub detach: Detach,
}

impl Default for ThreadParams {
    fn default() -> Self {
        ThreadParams {
            seed: 42,
            method: Method::Communities,
            min_cluster_size: None,
            neighbours: 15,
            reduce_dims: 0,
            resolution: 3.0,
            merge_share: 0.75,
            min_attachment: 0.2,
            min_cohesion: 0.6,
            outlier_z: 5.0,
            min_samples: None,
            selection: Selection::Leaf,
            max_thread_share: 0.1,
            keywords: 10,
            label_words: 3,
            representatives: 5,
            excluded_stems: Vec::new(),
            concentration_min_share: 0.6,
            concentration_min_odds_ratio: 3.0,
            concentration_min_z: 3.0,
            trend: TrendParams::default(),
            as_of_year: None,
            lexical_weight: 0.7,
            lexical_dims: 128,
            detach: Detach::OneSided,
        }
    }
}

impl ThreadParams {
    /// The minimum cluster size used for `n` complaints.
    pub fn min_cluster_size_for(&self, n: usize) -> usize {
        self.min_cluster_size.unwrap_or_else(|| ((n as f64).sqrt() / 8.0).round().clamp(5.0, 60.0) as usize).max(2)
    }

    /// The HDBSCAN `min_samples` used for `n` complaints.
    pub fn min_samples_for(&self, n: usize) -> usize {
        self.min_samples.unwrap_or_else(|| self.min_cluster_size_for(n).min(10)).max(1)
    }

    fn validate(&self) -> Result<(), ThreadError> {
        let bad = |name: &'static str, reason: &str| Err(ThreadError::InvalidParams { name, reason: reason.to_string() });
        if !(self.max_thread_share > 0.0 && self.max_thread_share <= 1.0) {
            return bad("max_thread_share", "must be in (0, 1]");
        }
        if !(self.min_attachment > 0.0 && self.min_attachment <= 1.0) {
            return bad("min_attachment", "must be in (0, 1]");
        }
        if !(self.merge_share > 0.0 && self.merge_share <= 2.0) {
            return bad("merge_share", "must be in (0, 2]");
        }
        if !(self.resolution.is_finite() && self.resolution > 0.0) {
            return bad("resolution", "must be a positive number");
        }
        if !(-1.0..=1.0).contains(&self.min_cohesion) {
            return bad("min_cohesion", "must be a cosine in [-1, 1]");
        }
        if self.neighbours == 0 {
            return bad("neighbours", "must be at least 1");
        }
        if !(self.outlier_z.is_finite() && self.outlier_z >= 0.0) {
            return bad("outlier_z", "must be a non-negative number");
        }
        if !(0.0..1.0).contains(&self.lexical_weight) {
            return bad("lexical_weight", "must be in [0, 1)");
        }
        if self.lexical_weight > 0.0 && self.lexical_dims == 0 {
            return bad("lexical_dims", "must be at least 1 when lexical_weight > 0");
        }
        Ok(())
    }
}

/// Why thread finding refused its input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ThreadError {
    #[error("complaint {id}: vector has {got} dimensions, expected {expected}")]
    DimensionMismatch { id: String, got: usize, expected: usize },
    #[error("complaint {id}: vector is empty, zero or contains a non-finite value")]
    BadVector { id: String },
    #[error("complaint id {id} occurs more than once")]
    DuplicateId { id: String },
    #[error("complaint {id}: {stems} stems but {surfaces} surface forms")]
    SurfaceMismatch { id: String, stems: usize, surfaces: usize },
    #[error("the model was built from encoder {model} ({model_dim} dimensions) but the input is from {input} ({input_dim} dimensions); rebuild instead of updating")]
    EncoderMismatch { model: String, model_dim: usize, input: String, input_dim: usize },
    #[error("invalid parameter {name}: {reason}")]
    InvalidParams { name: &'static str, reason: String },
}

/// A keyword of a thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keyword {
    /// Readable form (most frequent surface form of the stem among the members).
    pub word: String,
    pub stem: String,
    /// c-TF-IDF weight.
    pub weight: f64,
}

/// A municipality holding a disproportionate share of a thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concentration {
    pub municipality: String,
    /// Share of the thread's members from it.
    pub share: f64,
    /// Its share of all complaints.
    pub corpus_share: f64,
    /// `(share/(1−share)) / (corpus_share/(1−corpus_share))`.
    pub odds_ratio: f64,
    /// Binomial z-score of the member count against `corpus_share`.
    pub z: f64,
}

/// One rode draad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    /// Stable id, `D0001` …
    pub id: String,
    /// Short Dutch label from the top keywords, e.g. `noodopvang · verhuizen · gezinnen`.
    pub label: String,
    pub keywords: Vec<Keyword>,
    pub size: usize,
    /// Member complaint ids, sorted.
    pub members: Vec<String>,
    /// The members closest to the centroid (most typical first).
    pub representatives: Vec<String>,
    /// Theme label → members carrying it.
    pub themes: BTreeMap<String, usize>,
    pub per_year: BTreeMap<i32, usize>,
    /// Members per 1000 complaints of that year (the corpus-normalised series behind the trend).
    pub per_1000: BTreeMap<i32, f64>,
    pub per_municipality: BTreeMap<String, usize>,
    pub concentration: Option<Concentration>,
    /// Earliest and latest member, `YYYY-MM`.
    pub first_seen: String,
    pub last_seen: String,
    /// Mean cosine of the members to the centroid.
    pub cohesion: f32,
    /// Lowest cosine to the centroid a member may have (see [`ThreadParams::outlier_z`]).
    pub min_cosine: f32,
    /// L2-normalised mean of the members' vectors.
    pub centroid: Vec<f32>,
    pub trend: TrendInfo,
}

/// Numbers about the last clustering run, for the run manifest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Diagnostics {
    /// Complaints clustered (all of them in a build, the unassigned pool in an update).
    pub clustered: usize,
    pub min_cluster_size: usize,
    /// Clusters found before the checks.
    pub raw_clusters: usize,
    /// Of those, dissolved (too small, incoherent, or — in an update — not attached to the
    /// rest of the corpus).
    pub dissolved: usize,
}

/// The persisted result: all threads plus what is needed to update them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadModel {
    pub format: u32,
    /// Embedding model the vectors came from; updates require the same.
    pub encoder: String,
    pub dim: usize,
    pub params: ThreadParams,
    pub complaints: usize,
    pub unassigned: usize,
    /// The complaints in no thread (sorted), so that [`update`] can tell new complaints from
    /// ones it has already judged.
    pub unassigned_ids: Vec<String>,
    /// Year the trends are computed as of (`None` for an empty corpus).
    pub as_of_year: Option<i32>,
    pub corpus_per_year: BTreeMap<i32, usize>,
    pub corpus_per_municipality: BTreeMap<String, usize>,
    /// Number part of the next fresh id.
    pub next_id: u32,
    pub diagnostics: Diagnostics,
    /// Sorted by id.
    pub threads: Vec<Thread>,
}

impl ThreadModel {
    /// The thread with this id.
    pub fn thread(&self, id: &str) -> Option<&Thread> {
        self.threads.iter().find(|t| t.id == id)
    }

    /// Complaint id → thread id, for every member.
    pub fn assignments(&self) -> BTreeMap<&str, &str> {
        self.threads.iter().flat_map(|t| t.members.iter().map(move |m| (m.as_str(), t.id.as_str()))).collect()
    }

    /// The trend of `thread` as of `year`, from its per-year counts up to that year only.
    pub fn trend_as_of(&self, thread: &Thread, year: i32) -> TrendInfo {
        trend::classify(&thread.per_year, &self.corpus_per_year, year, &self.params.trend)
    }
}

/// What became of an old thread id in a rebuild.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fate", content = "id", rename_all = "snake_case")]
pub enum IdFate {
    /// The thread lives on under the same id.
    Kept(String),
    /// Most of its (remaining) members are now in this other thread.
    MergedInto(String),
    /// Most of its members are unassigned now (or gone).
    Dissolved,
}

/// Old id → fate, and the threads that got a fresh id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdMapping {
    pub old: BTreeMap<String, IdFate>,
    pub new: Vec<String>,
}

/// What an incremental update did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateStats {
    /// Complaints not in any thread before this update that were considered.
    pub considered: usize,
    /// Of those, assigned to existing threads.
    pub assigned: usize,
    /// Threads started from the unassigned pool (their ids).
    pub new_threads: Vec<String>,
    /// Existing threads whose membership changed.
    pub updated_threads: Vec<String>,
    /// Complaints in no thread afterwards.
    pub unassigned: usize,
    /// Former members no longer among the inputs (deleted complaints).
    pub removed_members: usize,
    /// Formerly unassigned complaints no longer among the inputs (deleted complaints).
    pub removed_unassigned: usize,
}

// ───────────────────────────── preparation ─────────────────────────────

/// Inputs sorted by id with normalised vectors in one matrix, and the vectors the neighbour
/// graph is built on (embedding ⊕ projected TF-IDF; the embedding itself when the lexical
/// weight is 0).
struct Prepared<'a> {
    items: Vec<&'a ThreadInput<'a>>,
    dim: usize,
    vectors: Vec<f32>,
    graph_dim: usize,
    graph: Option<Vec<f32>>,
}

impl<'a> Prepared<'a> {
    fn new(inputs: &'a [ThreadInput<'a>], params: &ThreadParams) -> Result<Self, ThreadError> {
        let mut items: Vec<&ThreadInput> = inputs.iter().collect();
        items.sort_by(|a, b| a.id.cmp(b.id));
        for w in items.windows(2) {
            if w[0].id == w[1].id {
                return Err(ThreadError::DuplicateId { id: w[0].id.to_string() });
            }
        }
        let dim = items.first().map_or(0, |i| i.vector.len());
        let mut vectors = Vec::with_capacity(items.len() * dim);
        for it in &items {
            if it.vector.len() != dim {
                return Err(ThreadError::DimensionMismatch { id: it.id.to_string(), got: it.vector.len(), expected: dim });
            }
            let norm = it.vector.iter().map(|&x| x as f64 * x as f64).sum::<f64>().sqrt();
            if dim == 0 || !norm.is_finite() || norm == 0.0 {
                return Err(ThreadError::BadVector { id: it.id.to_string() });
            }
            vectors.extend(it.vector.iter().map(|&x| (x as f64 / norm) as f32));
            if let Some(s) = it.surfaces {
                if s.len() != it.stems.len() {
                    return Err(ThreadError::SurfaceMismatch { id: it.id.to_string(), stems: it.stems.len(), surfaces: s.len() });
                }
            }
        }
        // The words join the neighbour graph of the communities method only: HDBSCAN reads
        // densities off that graph, and with the words in them it cut each synthetic blob of the
        // unit tests into pieces (the_hdbscan_method_recovers_the_blobs_too).
        let (graph_dim, graph) = if params.lexical_weight > 0.0 && params.method == Method::Communities && !items.is_empty() {
            let stems: Vec<&[String]> = items.iter().map(|it| it.stems).collect();
            let lexical = lexical::projected_tfidf(&stems, params.lexical_dims, params.seed);
            let (we, wl) = ((1.0 - params.lexical_weight).sqrt() as f32, params.lexical_weight.sqrt() as f32);
            let gd = dim + params.lexical_dims;
            let mut g = Vec::with_capacity(items.len() * gd);
            for (i, lex) in lexical.chunks(params.lexical_dims).enumerate() {
                g.extend(vectors[i * dim..(i + 1) * dim].iter().map(|&x| we * x));
                g.extend(lex.iter().map(|&x| wl * x));
            }
            (gd, Some(g))
        } else {
            (dim, None)
        };
        Ok(Prepared { items, dim, vectors, graph_dim, graph })
    }

    /// The vector of complaint `i` in the neighbour graph's space (unit length).
    fn g(&self, i: usize) -> &[f32] {
        match &self.graph {
            Some(g) => &g[i * self.graph_dim..(i + 1) * self.graph_dim],
            None => self.v(i),
        }
    }

    fn n(&self) -> usize {
        self.items.len()
    }

    fn v(&self, i: usize) -> &[f32] {
        &self.vectors[i * self.dim..(i + 1) * self.dim]
    }

    fn position(&self) -> HashMap<&'a str, usize> {
        self.items.iter().enumerate().map(|(i, it)| (it.id, i)).collect()
    }
}

/// Centroid (L2-normalised mean) and cohesion (mean cosine to it) of a group.
fn centroid(p: &Prepared, members: &[usize]) -> (Vec<f32>, f32) {
    let mut sum = vec![0f64; p.dim];
    for &m in members {
        for (s, &x) in sum.iter_mut().zip(p.v(m)) {
            *s += x as f64;
        }
    }
    let norm = sum.iter().map(|x| x * x).sum::<f64>().sqrt();
    let c: Vec<f32> = if norm > 0.0 { sum.iter().map(|x| (x / norm) as f32).collect() } else { vec![0.0; p.dim] };
    let cohesion = if members.is_empty() {
        0.0
    } else {
        (members.iter().map(|&m| dot32(p.v(m), &c) as f64).sum::<f64>() / members.len() as f64) as f32
    };
    (c, cohesion)
}

/// The outlier bound of a group: median cosine to the centroid minus `z` robust standard
/// deviations.
fn outlier_bound(p: &Prepared, members: &[usize], centre: &[f32], z: f64) -> f32 {
    let mut cos: Vec<f32> = members.iter().map(|&m| dot32(p.v(m), centre)).collect();
    cos.sort_by(f32::total_cmp);
    let median = median_sorted(&cos);
    let mut dev: Vec<f32> = cos.iter().map(|c| (c - median).abs()).collect();
    dev.sort_by(f32::total_cmp);
    (median as f64 - z * 1.4826 * median_sorted(&dev) as f64) as f32
}

fn median_sorted(v: &[f32]) -> f32 {
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// The `k` nearest complaints (by cosine, excluding itself) of each listed complaint, searched
/// exhaustively over all complaints; ties by index. `O(candidates · n · dim)`.
fn nearest(p: &Prepared, candidates: &[usize], k: usize) -> Vec<Vec<usize>> {
    candidates
        .par_iter()
        .map(|&i| {
            let v = p.g(i);
            let mut best: Vec<(f32, usize)> = Vec::with_capacity(k + 1);
            for j in 0..p.n() {
                if j == i {
                    continue;
                }
                let s = dot32(v, p.g(j));
                if best.len() < k || s > best[best.len() - 1].0 {
                    let pos = best.partition_point(|&(bs, bj)| bs > s || (bs == s && bj < j));
                    best.insert(pos, (s, j));
                    best.truncate(k);
                }
            }
            best.into_iter().map(|(_, j)| j).collect()
        })
        .collect()
}

/// Clusters the listed complaints; returns groups (indices into `p`) with at least
/// `min_cluster_size` members and sufficient cohesion, in order of their smallest index.
fn find_groups(p: &Prepared, subset: &[usize], total: usize, params: &ThreadParams, diag: &mut Diagnostics) -> Vec<Vec<usize>> {
    let mcs = params.min_cluster_size_for(total);
    diag.clustered = subset.len();
    diag.min_cluster_size = mcs;
    if subset.len() < mcs.max(2) {
        return Vec::new();
    }
    let mut vectors = Vec::with_capacity(subset.len() * p.graph_dim);
    for &i in subset {
        vectors.extend_from_slice(p.g(i));
    }
    let ms = params.min_samples_for(total);
    let settings = ClusterSettings {
        dims: if params.reduce_dims == 0 { p.graph_dim } else { params.reduce_dims.min(p.graph_dim) },
        k: params.neighbours.max(if params.method == Method::Hdbscan { ms } else { 1 }),
        method: params.method,
        resolution: params.resolution,
        merge_share: params.merge_share,
        min_attachment: params.min_attachment,
        detach: params.detach,
        min_samples: ms,
        min_cluster_size: mcs,
        selection: params.selection,
        max_cluster_size: ((params.max_thread_share * total as f64).floor() as usize).max(mcs),
        seed: params.seed,
    };
    let labels = cluster(&vectors, p.graph_dim, &settings);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (pos, l) in labels.iter().enumerate() {
        if let Some(c) = l {
            let c = *c as usize;
            if groups.len() <= c {
                groups.resize(c + 1, Vec::new());
            }
            groups[c].push(subset[pos]);
        }
    }
    diag.raw_clusters = groups.len();
    let before = groups.len();
    groups.iter_mut().for_each(|g| trim_outliers(p, g, params));
    let (mut kept, failed): (Vec<Vec<usize>>, Vec<Vec<usize>>) =
        groups.into_iter().partition(|g| g.len() >= mcs && centroid(p, g).1 >= params.min_cohesion);
    // A community that fails on cohesion may be a thread plus letters that are not about it —
    // with the lexical features, one-off letters tied to it by common words only. Rather than
    // lose the thread, split the community where its members' cosines to its core fall apart
    // (Otsu's threshold) and keep the upper part if it passes the same tests.
    for g in failed.into_iter().filter(|g| g.len() >= mcs) {
        let mut upper = core_split(p, &g);
        trim_outliers(p, &mut upper, params);
        if upper.len() >= mcs && centroid(p, &upper).1 >= params.min_cohesion {
            kept.push(upper);
        }
    }
    // In order of their smallest member, as the clustering numbers them.
    kept.sort_by_key(|g| g.iter().min().copied());
    diag.dissolved = before.saturating_sub(kept.len());
    kept
}

/// The members of `g` above Otsu's threshold on their cosines to the group's core (the centroid
/// of the third of members closest to the plain centroid): for a thread mixed with unrelated
/// letters the cosines are bimodal and the threshold falls in the gap.
fn core_split(p: &Prepared, g: &[usize]) -> Vec<usize> {
    // Members with their cosine to `centre`, closest first (ties by index).
    let closest_first = |centre: &[f32]| {
        let mut v: Vec<(f32, usize)> = g.iter().map(|&m| (dot32(p.v(m), centre), m)).collect();
        v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        v
    };
    let core: Vec<usize> = closest_first(&centroid(p, g).0).iter().take(g.len().div_ceil(3)).map(|&(_, m)| m).collect();
    let cos = closest_first(&centroid(p, &core).0);
    // Otsu: the cut after the first `k` (in descending order) maximising the between-class
    // variance.
    let n = cos.len() as f64;
    let total: f64 = cos.iter().map(|c| f64::from(c.0)).sum();
    let (mut best, mut best_k, mut upper_sum) = (f64::MIN, cos.len(), 0.0f64);
    for k in 1..cos.len() {
        upper_sum += f64::from(cos[k - 1].0);
        let (w1, w2) = (k as f64 / n, (n - k as f64) / n);
        let (m1, m2) = (upper_sum / k as f64, (total - upper_sum) / (n - k as f64));
        let between = w1 * w2 * (m1 - m2) * (m1 - m2);
        if between > best {
            best = between;
            best_k = k;
        }
    }
    let mut upper: Vec<usize> = cos[..best_k].iter().map(|&(_, m)| m).collect();
    upper.sort_unstable();
    upper
}

/// Removes a group's outliers (see [`ThreadParams::outlier_z`]) in a few rounds: absorbed
/// one-offs pull the centroid and widen the spread at first.
fn trim_outliers(p: &Prepared, g: &mut Vec<usize>, params: &ThreadParams) {
    for _ in 0..3 {
        let (centre, _) = centroid(p, g);
        let bound = outlier_bound(p, g, &centre, params.outlier_z);
        let before = g.len();
        g.retain(|&m| dot32(p.v(m), &centre) >= bound);
        if g.len() == before {
            break;
        }
    }
}

// ───────────────────────────── build ─────────────────────────────

/// Clusters all complaints from scratch. With `previous`, threads that continue an old thread
/// (member overlap) keep its id, and the mapping tells what became of every old id; new
/// threads get fresh ids after `previous.next_id`.
///
/// `encoder` names the embedding model (stored; [`update`] refuses vectors of another).
pub fn build(
    inputs: &[ThreadInput],
    encoder: &str,
    params: &ThreadParams,
    previous: Option<&ThreadModel>,
) -> Result<(ThreadModel, IdMapping), ThreadError> {
    params.validate()?;
    let p = Prepared::new(inputs, params)?;
    let n = p.n();
    let mut diag = Diagnostics::default();
    let groups: Vec<Vec<usize>> = if n < 2 { Vec::new() } else { find_groups(&p, &(0..n).collect::<Vec<_>>(), n, params, &mut diag) };
    let mut next_id = previous.map_or(1, |m| m.next_id.max(1));
    let pos = p.position();
    let (ids, mapping) = match previous {
        Some(prev) => match_ids(&p, &pos, &groups, prev, &mut next_id),
        None => {
            let mut order: Vec<usize> = (0..groups.len()).collect();
            order.sort_by_key(|&g| (std::cmp::Reverse(groups[g].len()), groups[g][0]));
            let mut ids = vec![String::new(); groups.len()];
            for g in order {
                ids[g] = fresh_id(&mut next_id);
            }
            let mapping = IdMapping { old: BTreeMap::new(), new: sorted(ids.clone()) };
            (ids, mapping)
        }
    };
    let model = assemble(&p, encoder, params, groups, ids, next_id, diag);
    Ok((model, mapping))
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn fresh_id(next: &mut u32) -> String {
    let id = format!("D{:04}", *next);
    *next += 1;
    id
}

/// Matches new groups to old threads by member overlap: greedy by Jaccard among pairs where
/// the overlap is more than half of the old thread's surviving members or of the new group.
fn match_ids(
    p: &Prepared,
    pos: &HashMap<&str, usize>,
    groups: &[Vec<usize>],
    prev: &ThreadModel,
    next_id: &mut u32,
) -> (Vec<String>, IdMapping) {
    let mut group_of = vec![usize::MAX; p.n()];
    for (g, m) in groups.iter().enumerate() {
        for &i in m {
            group_of[i] = g;
        }
    }
    // (old, new) → overlap; old → surviving members.
    let mut overlap: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut surviving = vec![0usize; prev.threads.len()];
    for (o, t) in prev.threads.iter().enumerate() {
        for m in &t.members {
            if let Some(&i) = pos.get(m.as_str()) {
                surviving[o] += 1;
                if group_of[i] != usize::MAX {
                    *overlap.entry((o, group_of[i])).or_default() += 1;
                }
            }
        }
    }
    let mut pairs: Vec<(f64, usize, usize)> = overlap
        .iter()
        .filter(|(&(o, g), &ov)| 2 * ov > surviving[o] || 2 * ov > groups[g].len())
        .map(|(&(o, g), &ov)| (ov as f64 / (surviving[o] + groups[g].len() - ov) as f64, o, g))
        .collect();
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut ids: Vec<Option<String>> = vec![None; groups.len()];
    let mut old_used = vec![false; prev.threads.len()];
    for (_, o, g) in pairs {
        if !old_used[o] && ids[g].is_none() {
            old_used[o] = true;
            ids[g] = Some(prev.threads[o].id.clone());
        }
    }
    let mut order: Vec<usize> = (0..groups.len()).filter(|&g| ids[g].is_none()).collect();
    order.sort_by_key(|&g| (std::cmp::Reverse(groups[g].len()), groups[g][0]));
    let mut new = Vec::new();
    for g in order {
        let id = fresh_id(next_id);
        new.push(id.clone());
        ids[g] = Some(id);
    }
    let ids: Vec<String> = ids.into_iter().map(|i| i.unwrap_or_default()).collect();
    let mut old = BTreeMap::new();
    for (o, t) in prev.threads.iter().enumerate() {
        let fate = if old_used[o] {
            IdFate::Kept(t.id.clone())
        } else {
            let best = overlap.range((o, 0)..(o + 1, 0)).max_by(|a, b| a.1.cmp(b.1).then(b.0 .1.cmp(&a.0 .1)));
            match best {
                Some((&(_, g), &ov)) if 2 * ov > surviving[o] => IdFate::MergedInto(ids[g].clone()),
                _ => IdFate::Dissolved,
            }
        };
        old.insert(t.id.clone(), fate);
    }
    (ids, IdMapping { old, new: sorted(new) })
}

// ───────────────────────────── update ─────────────────────────────

/// Members of a group sampled for the global attachment check of a new thread.
const CHECK_SAMPLE: usize = 24;

/// Incremental update with `all_inputs` (old and new complaints together).
///
/// * Complaints the model has seen (members and `unassigned_ids`) keep their verdict; members
///   no longer among the inputs are dropped.
/// * Each *new* complaint gets a vote from its `neighbours` nearest complaints (exhaustive
///   search over all inputs, `O(new · n · dim)`): it joins the thread holding at least
///   `min_attachment` of them — the same rule that keeps a complaint in its community in
///   [`build`] — unless it lies below that thread's outlier bound ([`Thread::min_cosine`]).
/// * If there were new complaints, the unassigned pool (old and new) is clustered on its own;
///   a group becomes a new thread when it holds at least one new complaint, has
///   `min_cluster_size` members, and its members (a sample) are attached to it in the graph of
///   *all* complaints as well — so leftovers at the edge of existing threads do not become
///   threads of their own.
///
/// Thread statistics are recomputed for all threads; ids never change. A periodic [`build`]
/// with the previous model is still advisable (it re-decides all verdicts and maps ids).
pub fn update(
    model: &ThreadModel,
    all_inputs: &[ThreadInput],
    encoder: &str,
    params: &ThreadParams,
) -> Result<(ThreadModel, UpdateStats), ThreadError> {
    params.validate()?;
    let p = Prepared::new(all_inputs, params)?;
    let n = p.n();
    if model.complaints > 0 && n > 0 && (encoder != model.encoder || p.dim != model.dim) {
        return Err(ThreadError::EncoderMismatch {
            model: model.encoder.clone(),
            model_dim: model.dim,
            input: encoder.to_string(),
            input_dim: p.dim,
        });
    }
    let pos = p.position();
    let mut stats = UpdateStats::default();
    let mut groups: Vec<Vec<usize>> = Vec::with_capacity(model.threads.len());
    let mut thread_of = vec![usize::MAX; n];
    let mut seen = vec![false; n];
    for (t, th) in model.threads.iter().enumerate() {
        let mut g = Vec::with_capacity(th.members.len());
        for m in &th.members {
            match pos.get(m.as_str()) {
                Some(&i) => {
                    g.push(i);
                    thread_of[i] = t;
                    seen[i] = true;
                }
                None => stats.removed_members += 1,
            }
        }
        groups.push(g);
    }
    let removed_from: Vec<bool> = model.threads.iter().zip(&groups).map(|(t, g)| g.len() != t.members.len()).collect();
    for id in &model.unassigned_ids {
        match pos.get(id.as_str()) {
            Some(&i) => seen[i] = true,
            None => stats.removed_unassigned += 1,
        }
    }
    let new: Vec<usize> = (0..n).filter(|&i| !seen[i]).collect();
    stats.considered = new.len();
    let mut added = vec![0usize; groups.len()];
    let mut rest = Vec::new();
    let k = params.neighbours;
    let votes = nearest(&p, &new, k);
    let mut joined: Vec<(usize, usize)> = Vec::new();
    for (&i, nb) in new.iter().zip(&votes) {
        let mut count: BTreeMap<usize, usize> = BTreeMap::new();
        for &j in nb {
            if thread_of[j] != usize::MAX {
                *count.entry(thread_of[j]).or_default() += 1;
            }
        }
        let best = count.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
        match best {
            Some((&t, &c))
                if c as f64 >= params.min_attachment * k.min(n - 1) as f64
                    && dot32(p.v(i), &model.threads[t].centroid) >= model.threads[t].min_cosine =>
            {
                joined.push((i, t))
            }
            _ => rest.push(i),
        }
    }
    // Votes were cast against the old membership only; apply them now.
    for (i, t) in joined {
        groups[t].push(i);
        thread_of[i] = t;
        added[t] += 1;
        stats.assigned += 1;
    }
    // New threads from the unassigned pool.
    let mut diag = Diagnostics::default();
    let mut next_id = model.next_id.max(1);
    let mut ids: Vec<String> = model.threads.iter().map(|t| t.id.clone()).collect();
    if !rest.is_empty() {
        let is_new: Vec<bool> = {
            let mut v = vec![false; n];
            rest.iter().for_each(|&i| v[i] = true);
            v
        };
        let pool: Vec<usize> = (0..n).filter(|&i| thread_of[i] == usize::MAX).collect();
        let found = find_groups(&p, &pool, n, params, &mut diag);
        let mut fresh: Vec<Vec<usize>> = Vec::new();
        for g in found {
            if !g.iter().any(|&i| is_new[i]) {
                continue;
            }
            let step = g.len().div_ceil(CHECK_SAMPLE).max(1);
            let sample: Vec<usize> = g.iter().copied().step_by(step).collect();
            let inside: Vec<bool> = {
                let mut v = vec![false; n];
                g.iter().for_each(|&i| v[i] = true);
                v
            };
            let mut shares: Vec<f64> = nearest(&p, &sample, k)
                .iter()
                .map(|nb| nb.iter().filter(|&&j| inside[j]).count() as f64 / nb.len().max(1) as f64)
                .collect();
            shares.sort_by(f64::total_cmp);
            if shares.is_empty() || shares[shares.len() / 2] < params.min_attachment {
                diag.dissolved += 1;
                continue;
            }
            fresh.push(g);
        }
        let mut order: Vec<usize> = (0..fresh.len()).collect();
        order.sort_by_key(|&g| (std::cmp::Reverse(fresh[g].len()), fresh[g][0]));
        let mut fresh_ids = vec![String::new(); fresh.len()];
        for g in order {
            fresh_ids[g] = fresh_id(&mut next_id);
        }
        for (g, id) in fresh.into_iter().zip(fresh_ids) {
            stats.new_threads.push(id.clone());
            ids.push(id);
            groups.push(g);
        }
    }
    for (t, g) in groups.iter_mut().enumerate() {
        g.sort_unstable();
        if t < added.len() && (added[t] > 0 || removed_from[t]) {
            stats.updated_threads.push(ids[t].clone());
        }
    }
    stats.new_threads.sort();
    stats.updated_threads.sort();
    let (groups, ids): (Vec<_>, Vec<_>) = groups.into_iter().zip(ids).filter(|(g, _)| !g.is_empty()).unzip();
    let encoder = if model.complaints == 0 { encoder } else { model.encoder.as_str() };
    let out = assemble(&p, encoder, params, groups, ids, next_id, diag);
    stats.unassigned = out.unassigned;
    Ok((out, stats))
}

// ───────────────────────────── statistics ─────────────────────────────

fn assemble(
    p: &Prepared,
    encoder: &str,
    params: &ThreadParams,
    groups: Vec<Vec<usize>>,
    ids: Vec<String>,
    next_id: u32,
    diagnostics: Diagnostics,
) -> ThreadModel {
    let n = p.n();
    let mut corpus_per_year: BTreeMap<i32, usize> = BTreeMap::new();
    let mut corpus_per_municipality: BTreeMap<String, usize> = BTreeMap::new();
    for it in &p.items {
        *corpus_per_year.entry(it.year).or_default() += 1;
        *corpus_per_municipality.entry(it.municipality.to_string()).or_default() += 1;
    }
    let as_of = params.as_of_year.or_else(|| corpus_per_year.keys().next_back().copied());
    let mut thread_of = vec![usize::MAX; n];
    for (g, m) in groups.iter().enumerate() {
        for &i in m {
            thread_of[i] = g;
        }
    }
    let unassigned_ids: Vec<String> =
        (0..n).filter(|&i| thread_of[i] == usize::MAX).map(|i| p.items[i].id.to_string()).collect();
    let keywords = keywords(p, &groups, &thread_of, params);
    let mut threads: Vec<Thread> = groups
        .iter()
        .zip(ids)
        .zip(keywords)
        .map(|((members, id), (keywords, label))| {
            let (centre, cohesion) = centroid(p, members);
            let min_cosine = outlier_bound(p, members, &centre, params.outlier_z);
            let mut by_cos: Vec<(f32, &str)> = members.iter().map(|&m| (dot32(p.v(m), &centre), p.items[m].id)).collect();
            by_cos.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
            let mut themes = BTreeMap::new();
            let mut per_year = BTreeMap::new();
            let mut per_municipality: BTreeMap<String, usize> = BTreeMap::new();
            let (mut first, mut last) = ((i32::MAX, u32::MAX), (i32::MIN, 0));
            for &m in members {
                let it = p.items[m];
                for t in it.themes {
                    *themes.entry(t.clone()).or_default() += 1;
                }
                *per_year.entry(it.year).or_default() += 1;
                *per_municipality.entry(it.municipality.to_string()).or_default() += 1;
                first = first.min((it.year, it.month));
                last = last.max((it.year, it.month));
            }
            let per_1000 = per_year.iter().map(|(&y, &c)| (y, 1000.0 * c as f64 / corpus_per_year[&y] as f64)).collect();
            let trend = trend::classify(&per_year, &corpus_per_year, as_of.unwrap_or(0), &params.trend);
            let concentration = concentration(&per_municipality, members.len(), &corpus_per_municipality, n, params);
            Thread {
                id,
                label,
                keywords,
                size: members.len(),
                members: sorted(members.iter().map(|&m| p.items[m].id.to_string()).collect()),
                representatives: by_cos.iter().take(params.representatives).map(|(_, id)| id.to_string()).collect(),
                themes,
                per_year,
                per_1000,
                per_municipality,
                concentration,
                first_seen: format!("{:04}-{:02}", first.0, first.1),
                last_seen: format!("{:04}-{:02}", last.0, last.1),
                cohesion,
                min_cosine,
                centroid: centre,
                trend,
            }
        })
        .collect();
    threads.sort_by(|a, b| a.id.cmp(&b.id));
    ThreadModel {
        format: MODEL_FORMAT,
        encoder: encoder.to_string(),
        dim: p.dim,
        params: params.clone(),
        complaints: n,
        unassigned: unassigned_ids.len(),
        unassigned_ids,
        as_of_year: as_of,
        corpus_per_year,
        corpus_per_municipality,
        next_id,
        diagnostics,
        threads,
    }
}

/// The municipality (at most one) holding a disproportionate share of a thread.
fn concentration(
    per_municipality: &BTreeMap<String, usize>,
    size: usize,
    corpus: &BTreeMap<String, usize>,
    n: usize,
    params: &ThreadParams,
) -> Option<Concentration> {
    let (m, &c) = per_municipality.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    let share = c as f64 / size as f64;
    let base = corpus.get(m).copied().unwrap_or(0) as f64 / n.max(1) as f64;
    if share < params.concentration_min_share || base <= 0.0 || base >= 1.0 {
        return None;
    }
    let odds_ratio = if share >= 1.0 { f64::INFINITY } else { (share / (1.0 - share)) / (base / (1.0 - base)) };
    let z = (c as f64 - size as f64 * base) / (size as f64 * base * (1.0 - base)).sqrt();
    (odds_ratio >= params.concentration_min_odds_ratio && z >= params.concentration_min_z).then(|| Concentration {
        municipality: m.clone(),
        share,
        corpus_share: base,
        odds_ratio: if odds_ratio.is_finite() { odds_ratio } else { f64::MAX },
        z,
    })
}

/// Keywords and label per group (c-TF-IDF with the unassigned complaints as one extra class).
fn keywords(p: &Prepared, groups: &[Vec<usize>], thread_of: &[usize], params: &ThreadParams) -> Vec<(Vec<Keyword>, String)> {
    let classes = groups.len() + 1;
    let counts: Vec<HashMap<&str, u64>> = (0..classes)
        .into_par_iter()
        .map(|c| {
            let mut m: HashMap<&str, u64> = HashMap::new();
            let members: Box<dyn Iterator<Item = usize>> = if c < groups.len() {
                Box::new(groups[c].iter().copied())
            } else {
                Box::new((0..p.n()).filter(|&i| thread_of[i] == usize::MAX))
            };
            for i in members {
                for s in p.items[i].stems {
                    if ctfidf::usable(s, &params.excluded_stems) {
                        *m.entry(s.as_str()).or_default() += 1;
                    }
                }
            }
            m
        })
        .collect();
    let classes: Vec<BTreeMap<String, u64>> =
        counts.into_iter().map(|m| m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()).collect();
    let weights = ctfidf::class_tfidf(&classes);
    groups
        .par_iter()
        .zip(weights.into_par_iter())
        .map(|(members, w)| {
            let top: Vec<(String, f64)> = w.into_iter().take(params.keywords).collect();
            let wanted: BTreeSet<&str> = top.iter().map(|(s, _)| s.as_str()).collect();
            let mut forms: HashMap<(String, String), u64> = HashMap::new();
            for &m in members {
                let it = p.items[m];
                if let Some(surf) = it.surfaces {
                    for (s, w) in it.stems.iter().zip(surf) {
                        if wanted.contains(s.as_str()) {
                            *forms.entry((s.clone(), w.clone())).or_default() += 1;
                        }
                    }
                }
            }
            let best = ctfidf::best_surfaces(&forms);
            let kws: Vec<Keyword> = top
                .into_iter()
                .map(|(stem, weight)| Keyword { word: best.get(&stem).cloned().unwrap_or_else(|| stem.clone()), stem, weight })
                .collect();
            let words: Vec<String> = kws.iter().map(|k| k.word.clone()).collect();
            let label = ctfidf::label(&words, params.label_words);
            (kws, label)
        })
        .collect()
}
