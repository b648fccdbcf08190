//! The clustering pipeline: (optional PCA) → k-nearest-neighbour graph → communities with an
//! attachment rule (default) or HDBSCAN.
//!
//! Measured on all-MiniLM-L6-v2 embeddings (sentence-transformers) of 20,000 letters from
//! `corpus generate` (seed 7) with 27 planted threads, on 2 shared cores; reference:
//! BERTopic's pipeline, UMAP (5 dims, 15 neighbours, cosine) + HDBSCAN (min_cluster_size 10)
//! with umap-learn 0.5 / scikit-learn 1.9. ARI and NMI count "no thread" as one class.
//!
//! | method | threads ≥ 80% in one cluster | ARI (threaded only) | ARI | NMI | time |
//! |---|---|---|---|---|---|
//! | UMAP + HDBSCAN (BERTopic) | 11/27 | 0.41 | 0.007 | 0.29 | 82 s |
//! | HDBSCAN, PCA 32 dims, leaf (exact, scikit-learn) | 0/27 | 0.00 | −0.11 | 0.03 | 14 s |
//! | HDBSCAN on this module's graph, PCA 32 | 0/27 | 0.00 | −0.11 | 0.03 | 1.3 s |
//! | **communities (defaults)** | 21/27 | 0.75 | 0.014 | 0.34 | 1.5–2.5 s |
//!
//! On a second corpus (10,000 letters, seed 11): BERTopic 8/27, ARI (threaded) 0.45, ARI
//! 0.004, NMI 0.30, 61 s; communities 13/27, 0.76, 0.013, 0.32, 1.1 s. Threads with fewer than
//! ~40 members are the ones still merged into larger communities of their general subject.
//!
//! The low ARI of every method comes from the corpus: its "one-off" complaints are drawn from
//! 36 recurring subjects, so they form dense clusters of their own that the gold labels call
//! noise.
//!
//! Since then the default graph also holds the words (`lexical`) and small threads are detached
//! from larger neighbours (`community::detach`): with multilingual-e5-small vectors, 27 of 27
//! planted threads at 10,000 and at 100,000 letters, against BERTopic's 9 and 3
//! (bench/RESULTS.md).
//!
//! PCA also hurts the neighbour graph itself: the share of a threaded complaint's 15 nearest
//! neighbours from its own thread is 0.35 / 0.49 / 0.63 / 0.71 / 0.73 at 16 / 32 / 64 / 128 /
//! 384 dims, so the default searches neighbours in the full space.

use serde::{Deserialize, Serialize};

use super::community::{communities, Detach, Graph};
use super::hdbscan::{hdbscan, Selection};
use super::knn::knn;
use super::reduce::{sq_dist, Pca};

/// The clustering method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Louvain communities of the neighbour graph; a complaint stays in its community when at
    /// least `min_attachment` of its graph edges do (default; see `community.rs` for why).
    Communities,
    /// HDBSCAN on the neighbour graph (`min_samples`, `selection`, `max_thread_share`).
    Hdbscan,
}

#[derive(Debug, Clone)]
pub(crate) struct ClusterSettings {
    /// Dimensions for the neighbour search (≥ the input's: no reduction).
    pub dims: usize,
    pub k: usize,
    pub method: Method,
    pub resolution: f64,
    pub merge_share: f64,
    pub min_attachment: f64,
    pub detach: Detach,
    pub min_samples: usize,
    pub min_cluster_size: usize,
    pub selection: Selection,
    pub max_cluster_size: usize,
    pub seed: u64,
}

/// Cluster label per row of `vectors` (`n × dim`, L2-normalised), `None` = unassigned;
/// clusters numbered by smallest member.
pub(crate) fn cluster(vectors: &[f32], dim: usize, s: &ClusterSettings) -> Vec<Option<u32>> {
    let n = vectors.len() / dim.max(1);
    if n < 2 {
        return vec![None; n];
    }
    let reduced;
    let (points, pdim) = if s.dims < dim {
        let pca = Pca::fit(vectors, dim, s.dims, s.seed);
        reduced = pca.project(vectors);
        (&reduced[..], pca.dims)
    } else {
        (vectors, dim)
    };
    let g = knn(points, pdim, s.k, s.seed);
    match s.method {
        Method::Communities => {
            communities(&Graph::from_knn(&g), s.resolution, s.merge_share, s.min_attachment, s.min_cluster_size, s.detach)
        }
        Method::Hdbscan => {
            let d = |a: usize, b: usize| sq_dist(&points[a * pdim..(a + 1) * pdim], &points[b * pdim..(b + 1) * pdim]).sqrt();
            hdbscan(&g, points, pdim, d, s.min_samples, s.min_cluster_size, s.selection, s.max_cluster_size)
        }
    }
}
