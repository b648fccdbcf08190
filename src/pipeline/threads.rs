//! Orchestration of the threads stage: reads stored complaints and their cached vectors, runs
//! the pure thread finder ([`crate::threads`]), persists the model (`data/threads.json`,
//! atomically) and records each complaint's thread in the index.
//!
//! Crash safety: the model file is written first, then the index is brought in line with it
//! by comparing every complaint's stored thread with the model's assignment (not by replaying
//! what changed), so a run killed between the two steps is completed by the next one.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{vectors_for, write_atomic, PipelineError, Result};
use crate::config::Config;
use crate::embed::cache::VectorCache;
use crate::embed::Encoder;
use crate::guard::Guard;
use crate::index::{Annotation, ComplaintIndex, StoredComplaint};
use crate::progress::ProgressMode;
use crate::threads::{self, IdMapping, ThreadInput, ThreadModel};

fn err(what: impl std::fmt::Display) -> PipelineError {
    PipelineError::Threads(what.to_string())
}

/// Incremental update of the existing model, or a full re-clustering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Assign new complaints to existing threads; start threads from the unassigned pool.
    Incremental,
    /// Re-cluster everything; old ids are kept where members overlap (see `IdMapping`).
    Rebuild,
}

/// What the threads stage did (for the run manifest and the cron mail).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ThreadsSummary {
    pub rebuilt: bool,
    pub complaints: usize,
    pub threads: usize,
    pub unassigned: usize,
    /// Complaints considered new by an incremental update (0 in a rebuild).
    pub considered: usize,
    pub assigned: usize,
    pub new_threads: Vec<String>,
    pub updated_threads: Vec<String>,
    /// Complaints whose thread field in the index changed.
    pub index_updates: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_mapping: Option<IdMapping>,
}

/// Reads the persisted model, if any.
pub fn load_model(cfg: &Config) -> Result<Option<ThreadModel>> {
    let path = cfg.threads_path();
    match std::fs::read_to_string(&path) {
        Ok(s) => serde_json::from_str(&s).map(Some).map_err(|e| err(format!("{}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(err(format!("{}: {e}", path.display()))),
    }
}

/// Stems for c-TF-IDF keywords, with surface forms for readable labels, per stored complaint.
pub fn analyse(stored: &[StoredComplaint]) -> Vec<(Vec<String>, Vec<String>)> {
    stored.par_iter().map(|c| threads::ctfidf::stems_and_surfaces(&c.text)).collect()
}

/// The thread finder's view of stored complaints; `vectors` and `analysed` in `stored`'s order.
pub fn thread_inputs<'a>(
    stored: &'a [StoredComplaint],
    vectors: &'a [Vec<f32>],
    analysed: &'a [(Vec<String>, Vec<String>)],
) -> Vec<ThreadInput<'a>> {
    stored
        .iter()
        .zip(vectors)
        .zip(analysed)
        .map(|((c, v), (stems, surfaces))| ThreadInput {
            id: &c.id,
            year: chrono::Datelike::year(&c.received),
            month: chrono::Datelike::month(&c.received),
            municipality: &c.municipality,
            themes: &c.themes,
            vector: v,
            stems,
            surfaces: Some(surfaces),
        })
        .collect()
}

/// Brings the thread model up to date with the stored complaints and records it.
pub fn update_threads(
    cfg: &Config,
    index: &ComplaintIndex,
    guard: &Guard,
    encoder: &dyn Encoder,
    cache: &VectorCache,
    mode: Mode,
    run_id: &str,
) -> Result<(ThreadModel, ThreadsSummary)> {
    let stored = index.all()?;
    let hashes: Vec<&str> = stored.iter().map(|c| c.text_hash.as_str()).collect();
    let (vectors, _) = vectors_for(ProgressMode::Quiet, encoder, cache, &hashes, &|i| guard.readmit(&stored[i].text))?;
    let analysed = analyse(&stored);
    let inputs = thread_inputs(&stored, &vectors, &analysed);
    let encoder_id = encoder.model_id();
    let previous = load_model(cfg)?.filter(|m| m.encoder == encoder_id && m.params == cfg.clustering);
    let mut summary = ThreadsSummary { complaints: stored.len(), ..Default::default() };
    let model = match (&previous, mode) {
        (Some(prev), Mode::Incremental) => {
            let (m, stats) = threads::update(prev, &inputs, encoder_id, &cfg.clustering).map_err(err)?;
            // Regression: a deleted complaint that was in no thread used to stay listed among
            // the unassigned ids, because only removed *members* counted as a change.
            if stats.considered == 0 && stats.removed_members == 0 && stats.removed_unassigned == 0 {
                // Nothing new: keep the model as it is, byte for byte (idempotent nights).
                summary.threads = prev.threads.len();
                summary.unassigned = prev.unassigned;
                let model = prev.clone();
                sync_index(index, &stored, &model, run_id, &mut summary)?;
                return Ok((model, summary));
            }
            summary.considered = stats.considered;
            summary.assigned = stats.assigned;
            summary.new_threads = stats.new_threads;
            summary.updated_threads = stats.updated_threads;
            m
        }
        _ => {
            let (m, mapping) = threads::build(&inputs, encoder_id, &cfg.clustering, previous.as_ref()).map_err(err)?;
            summary.rebuilt = true;
            summary.new_threads = mapping.new.clone();
            summary.id_mapping = Some(mapping);
            m
        }
    };
    summary.threads = model.threads.len();
    summary.unassigned = model.unassigned;
    let json = serde_json::to_string_pretty(&model).map_err(err)?;
    write_atomic(&cfg.threads_path(), json.as_bytes())?;

    sync_index(index, &stored, &model, run_id, &mut summary)?;
    Ok((model, summary))
}

/// Makes every complaint's thread field in the index equal its assignment in `model`.
fn sync_index(
    index: &ComplaintIndex,
    stored: &[crate::index::StoredComplaint],
    model: &ThreadModel,
    run_id: &str,
    summary: &mut ThreadsSummary,
) -> Result<()> {
    let assigned: BTreeMap<&str, &str> = model.assignments();
    let mut session = None;
    for c in stored {
        let want = assigned.get(c.id.as_str()).map(|t| t.to_string());
        if c.thread != want {
            let s = match &mut session {
                Some(s) => s,
                None => session.insert(index.session()?),
            };
            s.annotate(&c.id, &Annotation::Thread(want))?;
            summary.index_updates += 1;
        }
    }
    if let Some(s) = session {
        s.commit(&format!("{{\"run\":\"{run_id}\",\"stage\":\"threads\"}}"))?;
    }
    Ok(())
}
