//! Scoring a thread model against gold thread labels (synthetic corpora, hand-labelled
//! samples): does every planted thread end up in one thread, is noise left alone, and is an
//! emerging thread flagged in the year it started?

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::metrics::{adjusted_rand_index, normalized_mutual_information};
use super::{ThreadModel, Trend, TrendInfo};

/// Gold label of one complaint: its planted thread, or `None` (a one-off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoldLabel<'a> {
    pub id: &'a str,
    pub thread: Option<&'a str>,
}

/// What is known about a planted thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlantedInfo {
    pub id: String,
    pub start_year: i32,
    pub trend: Trend,
}

/// How one gold thread was recovered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldMatch {
    pub gold: String,
    pub size: usize,
    /// The thread holding most of its members (`None` if all are unassigned).
    pub best_thread: Option<String>,
    /// Share of the gold thread's members in `best_thread` (recall).
    pub share: f64,
    /// Share of `best_thread`'s members that belong to this gold thread (precision).
    pub purity: f64,
}

/// Whether a planted emerging thread was flagged emerging as of its start year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmergingCheck {
    pub gold: String,
    pub start_year: i32,
    pub thread: Option<String>,
    pub flagged: bool,
    pub trend: Option<TrendInfo>,
}

/// Scores of a model against gold labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Complaints scored (the gold list; ids missing from the model count as unassigned).
    pub complaints: usize,
    /// Adjusted Rand index and NMI with "no thread" as one class on both sides (as
    /// scikit-learn scores HDBSCAN's `-1`).
    pub ari: f64,
    pub nmi: f64,
    /// ARI over the gold-threaded complaints only (how well threads are told apart).
    pub ari_threaded: f64,
    /// Share of gold one-offs left unassigned, and of gold-threaded complaints assigned.
    pub noise_unassigned: f64,
    pub threaded_assigned: f64,
    /// Per gold thread, sorted by gold id.
    pub per_gold: Vec<GoldMatch>,
    /// Gold threads with ≥ 80% of their members in one thread.
    pub recovered_80: usize,
    pub emerging: Vec<EmergingCheck>,
}

/// Scores `model` against `gold`; `planted` lists the planted threads whose emerging flag is
/// checked (only those with trend `Emerging`).
pub fn evaluate(model: &ThreadModel, gold: &[GoldLabel], planted: &[PlantedInfo]) -> Evaluation {
    let assigned = model.assignments();
    let gold_names: BTreeMap<&str, u32> = {
        let mut names: Vec<&str> = gold.iter().filter_map(|g| g.thread).collect();
        names.sort_unstable();
        names.dedup();
        names.into_iter().enumerate().map(|(i, n)| (n, i as u32 + 1)).collect()
    };
    let thread_names: BTreeMap<&str, u32> =
        model.threads.iter().enumerate().map(|(i, t)| (t.id.as_str(), i as u32 + 1)).collect();
    let truth: Vec<u32> = gold.iter().map(|g| g.thread.map_or(0, |t| gold_names[t])).collect();
    let pred: Vec<u32> =
        gold.iter().map(|g| assigned.get(g.id).map_or(0, |t| thread_names[t])).collect();
    let threaded: Vec<usize> = (0..gold.len()).filter(|&i| truth[i] != 0).collect();
    let ari_threaded = adjusted_rand_index(
        &threaded.iter().map(|&i| truth[i]).collect::<Vec<_>>(),
        &threaded.iter().map(|&i| pred[i]).collect::<Vec<_>>(),
    );
    let share = |num: usize, den: usize| if den == 0 { 1.0 } else { num as f64 / den as f64 };
    let noise_total = truth.iter().filter(|&&t| t == 0).count();
    let noise_left = (0..gold.len()).filter(|&i| truth[i] == 0 && pred[i] == 0).count();
    let threaded_in = threaded.iter().filter(|&&i| pred[i] != 0).count();

    let mut cells: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    let mut pred_sizes: BTreeMap<u32, usize> = BTreeMap::new();
    for (&t, &p) in truth.iter().zip(&pred) {
        *cells.entry((t, p)).or_default() += 1;
        *pred_sizes.entry(p).or_default() += 1;
    }
    let names_by_label: BTreeMap<u32, &str> = thread_names.iter().map(|(n, &l)| (l, *n)).collect();
    let per_gold: Vec<GoldMatch> = gold_names
        .iter()
        .map(|(&name, &g)| {
            let size: usize = cells.range((g, 0)..(g + 1, 0)).map(|(_, &c)| c).sum();
            let best = cells
                .range((g, 1)..(g + 1, 0))
                .max_by(|a, b| a.1.cmp(b.1).then(b.0 .1.cmp(&a.0 .1)))
                .map(|(&(_, p), &c)| (p, c));
            GoldMatch {
                gold: name.to_string(),
                size,
                best_thread: best.map(|(p, _)| names_by_label[&p].to_string()),
                share: best.map_or(0.0, |(_, c)| share(c, size)),
                purity: best.map_or(0.0, |(p, c)| share(c, pred_sizes[&p])),
            }
        })
        .collect();
    let emerging = planted
        .iter()
        .filter(|p| p.trend == Trend::Emerging)
        .map(|p| {
            let thread = per_gold.iter().find(|g| g.gold == p.id).and_then(|g| g.best_thread.clone());
            let trend = thread.as_deref().and_then(|t| model.thread(t)).map(|t| model.trend_as_of(t, p.start_year));
            EmergingCheck {
                gold: p.id.clone(),
                start_year: p.start_year,
                flagged: trend.as_ref().is_some_and(|t| t.trend == Trend::Emerging),
                thread,
                trend,
            }
        })
        .collect();
    Evaluation {
        complaints: gold.len(),
        ari: adjusted_rand_index(&truth, &pred),
        nmi: normalized_mutual_information(&truth, &pred),
        ari_threaded,
        noise_unassigned: share(noise_left, noise_total),
        threaded_assigned: share(threaded_in, threaded.len()),
        recovered_80: per_gold.iter().filter(|g| g.share >= 0.8).count(),
        per_gold,
        emerging,
    }
}
