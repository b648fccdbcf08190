//! Orchestration: the only layer that touches the file system and the clock.
//!
//! It walks the inputs, reads bytes, hands them to the pure stages
//! (`ingest` → `guard` → `index` / `embed`), accounts for every record, writes rejects and run
//! manifests, and holds the data-dir lock. Stages themselves are functions from one typed value
//! to the next and know nothing about files, clocks or terminals.
//!
//! Accounting contract (checked by tests): for every ingest,
//! `read = stored + updated + duplicates + rejected`, where `read` counts every record a parser
//! produced or rejected plus every file rejected as a whole (empty, binary, unreadable, too big).

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::embed::cache::VectorCache;
use crate::embed::{EmbedError, Encoder};
use crate::guard::{Guard, GuardOutcome, PiiPolicy, Redacted, RedactedText, RedactionCounts};
use crate::index::{ComplaintIndex, IndexError, UpsertOutcome};
use crate::ingest::{self, Format};
use crate::model::Rejection;
use crate::progress::{ProgressMode, StageProgress};

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("another rodedraad run holds the data directory lock {0}; try again when it has finished")]
    Locked(String),
    #[error("{what} {path}: {source}")]
    Io { what: &'static str, path: String, source: std::io::Error },
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error("classification: {0}")]
    Classify(String),
    #[error("threads: {0}")]
    Threads(String),
    #[error("report: {0}")]
    Report(String),
}

pub type Result<T, E = PipelineError> = std::result::Result<T, E>;

pub mod classify;
pub mod report;
pub mod threads;

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, fsync, rename.
/// A crash leaves either the old file or the new one, never half of one.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default()
    ));
    let mut f = File::create(&tmp).map_err(io("writing", &tmp))?;
    f.write_all(bytes).map_err(io("writing", &tmp))?;
    f.sync_all().map_err(io("syncing", &tmp))?;
    std::fs::rename(&tmp, path).map_err(io("renaming into place", path))?;
    Ok(())
}

fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> PipelineError {
    let path = path.display().to_string();
    move |source| PipelineError::Io { what, path, source }
}

/// An exclusive OS lock on the data dir, released when dropped or when the process dies
/// (flock semantics: no stale locks after kill -9).
pub struct DataLock {
    _file: File,
}

impl DataLock {
    pub fn acquire(cfg: &Config) -> Result<Self> {
        std::fs::create_dir_all(&cfg.data_dir).map_err(io("creating data dir", &cfg.data_dir))?;
        let path = cfg.lock_path();
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io("opening lock file", &path))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => {
                Err(PipelineError::Locked(path.display().to_string()))
            }
            Err(std::fs::TryLockError::Error(e)) => Err(io("locking", &path)(e)),
        }
    }
}

/// One input file as seen by a run (for the manifest).
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pub encoding: Option<String>,
    pub records: u64,
}

/// A duplicate and what it duplicates (ids only, never text).
#[derive(Debug, Clone, Serialize)]
pub struct DuplicateNote {
    pub source: String,
    pub id: String,
    /// "same id, identical text" or "identical text as id X"
    pub kind: String,
}

/// The accounting of one ingest. Serialises to the `--json` form documented in the README.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestSummary {
    pub read: u64,
    pub stored: u64,
    pub updated: u64,
    pub duplicates: u64,
    pub rejected: Vec<Rejection>,
    pub redactions: RedactionCounts,
    /// Files skipped because their content was ingested before (nightly run only).
    #[serde(skip_serializing_if = "is_zero")]
    pub files_unchanged: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicate_notes: Vec<DuplicateNote>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileSummary>,
    /// Text hashes of the versions that updates replaced (see `IndexSession::superseded`).
    #[serde(skip)]
    pub superseded: Vec<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl IngestSummary {
    pub fn adds_up(&self) -> bool {
        self.read == self.stored + self.updated + self.duplicates + self.rejected.len() as u64
    }
}

/// Which input files an ingest reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every file (the `ingest` command: the operator asked for these files).
    AllFiles,
    /// Only files whose content (sha256, with its sidecar) differs from what an earlier run
    /// committed — the nightly `run`. File times are never trusted.
    ChangedFiles,
}

/// Content hashes of the input files whose records are committed in the index:
/// `data/ingested-files.json`, path → sha256. Written after the index commit, so a crash in
/// between only means the file is read again next time (its records then count as duplicates).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct IngestedFiles(BTreeMap<String, String>);

impl IngestedFiles {
    fn path(cfg: &Config) -> PathBuf {
        cfg.data_dir.join("ingested-files.json")
    }
    fn load(cfg: &Config) -> Self {
        std::fs::read(Self::path(cfg)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }
    fn save(&self, cfg: &Config) -> Result<()> {
        let path = Self::path(cfg);
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(self).expect("serialises")).map_err(io("writing", &tmp))?;
        std::fs::rename(&tmp, &path).map_err(io("renaming", &path))?;
        Ok(())
    }
}

fn file_key(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string()
}

/// Result of validating + guarding one record (computed in parallel, applied in order).
enum Prepared {
    Ready(crate::guard::Redacted, RedactionCounts),
    Rejected(Rejection, RedactionCounts),
}

fn prepare(
    rec: std::result::Result<crate::model::RawRecord, Rejection>,
    guard: &Guard,
    policy: PiiPolicy,
    today: NaiveDate,
) -> Prepared {
    let complaint = match rec.and_then(|r| ingest::validate(r, today)) {
        Ok(c) => c,
        Err(rej) => return Prepared::Rejected(rej, RedactionCounts::default()),
    };
    match guard.check(complaint, policy) {
        GuardOutcome::Passed { complaint, counts } => Prepared::Ready(complaint, counts),
        GuardOutcome::Quarantined { source, counts, .. } => {
            let kinds: Vec<String> = counts.0.iter().map(|(k, n)| format!("{k}: {n}")).collect();
            Prepared::Rejected(
                Rejection::new(
                    &source,
                    format!(
                        "personal data found ({}); record quarantined by --pii reject — \
                         anonymise it at the source and ingest again",
                        kinds.join(", ")
                    ),
                ),
                counts,
            )
        }
    }
}

/// Reads, validates, guards and stores every record under `paths`; commits once at the end.
pub fn ingest(
    cfg: &Config,
    index: &ComplaintIndex,
    guard: &Guard,
    paths: &[PathBuf],
    format: Format,
    scope: Scope,
    run_id: &str,
) -> Result<IngestSummary> {
    let today = Utc::now().date_naive();
    let mut summary = IngestSummary::default();
    let mut ingested = IngestedFiles::load(cfg);
    let (mut files, missing) = ingest::discover(paths);
    if format != Format::Auto {
        files.iter_mut().for_each(|f| f.format = format);
    }
    for rej in missing {
        summary.read += 1;
        summary.rejected.push(rej);
    }
    let mut progress = StageProgress::new(cfg.progress, "ingest", files.len() as u64);
    let mut session = index.session()?;
    let mut done_files: Vec<(String, String)> = Vec::new();
    for file in &files {
        let display = file.path.display().to_string();
        // discover() already rejected files over MAX_FILE_BYTES (from metadata, before reading).
        let bytes = std::fs::read(&file.path);
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                // Vanished or unreadable: this file is rejected, the others go on.
                summary.read += 1;
                summary.rejected.push(Rejection::new(
                    &crate::model::SourceRef::file(&display),
                    format!("cannot read file: {e}"),
                ));
                progress.inc(1);
                continue;
            }
        };
        let sidecar = match &file.sidecar {
            None => None,
            Some(p) => match std::fs::read(p) {
                Ok(b) => Some(b),
                Err(e) => {
                    // The letter cannot be accounted for correctly without its metadata.
                    summary.read += 1;
                    summary.rejected.push(Rejection::new(
                        &crate::model::SourceRef::file(&display),
                        format!("cannot read its sidecar {}: {e}", p.display()),
                    ));
                    progress.inc(1);
                    continue;
                }
            },
        };
        let file_sha = hex::encode(Sha256::digest(&bytes));
        // The content key covers the sidecar too: new metadata for a letter is a change.
        let content_hash = match &sidecar {
            None => file_sha.clone(),
            Some(sc) => hex::encode(Sha256::digest(format!("{file_sha}\0{}", hex::encode(Sha256::digest(sc))))),
        };
        let key = file_key(&file.path);
        if scope == Scope::ChangedFiles && ingested.0.get(&key) == Some(&content_hash) {
            summary.files_unchanged += 1;
            progress.inc(1);
            continue;
        }
        let parsed = ingest::parse_file(&bytes, &display, file.format, sidecar.as_deref());
        if parsed.file_error.is_none() {
            done_files.push((key, content_hash));
        }
        let n_records = parsed.records.len() as u64;
        summary.files.push(FileSummary {
            path: display.clone(),
            sha256: file_sha,
            bytes: bytes.len() as u64,
            encoding: parsed.encoding.map(str::to_owned),
            records: n_records,
        });
        if let Some(rej) = parsed.file_error {
            summary.read += 1;
            summary.rejected.push(rej);
        }
        let prepared: Vec<Prepared> = parsed
            .records
            .into_par_iter()
            .map(|r| prepare(r, guard, cfg.pii, today))
            .collect();
        for p in prepared {
            summary.read += 1;
            match p {
                Prepared::Rejected(rej, counts) => {
                    summary.redactions.add(&counts);
                    summary.rejected.push(rej);
                }
                Prepared::Ready(c, counts) => {
                    summary.redactions.add(&counts);
                    match session.upsert(&c)? {
                        UpsertOutcome::Stored => summary.stored += 1,
                        UpsertOutcome::Updated => summary.updated += 1,
                        UpsertOutcome::DuplicateSameId => {
                            summary.duplicates += 1;
                            summary.duplicate_notes.push(DuplicateNote {
                                source: c.source.to_string(),
                                id: c.id.clone(),
                                kind: "same id, identical text".into(),
                            });
                        }
                        UpsertOutcome::DuplicateOfOtherId { existing_id } => {
                            summary.duplicates += 1;
                            summary.duplicate_notes.push(DuplicateNote {
                                source: c.source.to_string(),
                                id: c.id.clone(),
                                kind: format!("identical text as id {existing_id}"),
                            });
                        }
                    }
                }
            }
        }
        progress.inc(1);
    }
    summary.superseded = session.superseded().to_vec();
    session.commit(&format!("{{\"run\":\"{run_id}\",\"stage\":\"ingest\"}}"))?;
    ingested.0.extend(done_files);
    ingested.save(cfg)?;
    progress.finish();
    append_rejects(cfg, run_id, &summary.rejected)?;
    debug_assert!(summary.adds_up());
    Ok(summary)
}

fn append_rejects(cfg: &Config, run_id: &str, rejected: &[Rejection]) -> Result<()> {
    if rejected.is_empty() {
        return Ok(());
    }
    let path = cfg.rejects_path();
    let mut f = OpenOptions::new().create(true).append(true).open(&path).map_err(io("opening rejects file", &path))?;
    let mut buf = String::new();
    for r in rejected {
        let line = serde_json::json!({"run": run_id, "source": r.source, "reason": r.reason});
        buf.push_str(&line.to_string());
        buf.push('\n');
    }
    f.write_all(buf.as_bytes()).map_err(io("writing rejects file", &path))?;
    Ok(())
}

/// What the embedding stage did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EmbedSummary {
    pub model: String,
    pub total: u64,
    pub cached: u64,
    pub embedded: u64,
    /// Vectors of replaced texts removed from the cache (all models; see [`forget_superseded`]).
    pub forgotten: u64,
}

/// Texts handed to the encoder per call (and per cache transaction). The encoder sorts a
/// call's windows by length, so larger calls mean less padding; 256 letters stay well within
/// memory.
const EMBED_BATCH: usize = 256;

/// Vectors for `hashes` (text hashes), from the cache where present; misses are embedded —
/// `text_of(i)` gives the guarded text of item `i` — and written to the cache. Returns the
/// vectors in input order and the counts of the work done.
pub fn vectors_for(
    mode: ProgressMode,
    encoder: &dyn Encoder,
    cache: &VectorCache,
    hashes: &[&str],
    text_of: &(dyn Fn(usize) -> RedactedText + Sync),
) -> Result<(Vec<Vec<f32>>, EmbedSummary)> {
    let model = encoder.model_id().to_owned();
    let mut vectors = cache.get_many(&model, hashes)?;
    // Unique misses by text hash, first occurrence.
    let mut todo: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, v) in vectors.iter().enumerate() {
        if v.is_none() {
            todo.entry(hashes[i]).or_insert(i);
        }
    }
    let mut summary = EmbedSummary {
        model: model.clone(),
        total: hashes.len() as u64,
        cached: vectors.iter().filter(|v| v.is_some()).count() as u64,
        embedded: 0,
        forgotten: 0,
    };
    let todo: Vec<(&str, usize)> = todo.into_iter().collect();
    let mut progress = StageProgress::new(mode, "embed", todo.len() as u64);
    let mut fresh: BTreeMap<&str, Vec<f32>> = BTreeMap::new();
    for batch in todo.chunks(EMBED_BATCH) {
        let texts: Vec<RedactedText> = batch.par_iter().map(|&(_, i)| text_of(i)).collect();
        let refs: Vec<&RedactedText> = texts.iter().collect();
        let vecs = encoder.encode(&refs)?;
        let items: Vec<(&str, &[f32])> = batch.iter().zip(&vecs).map(|((h, _), v)| (*h, v.as_slice())).collect();
        cache.put_many(&model, &items)?;
        summary.embedded += batch.len() as u64;
        progress.inc(batch.len() as u64);
        for ((h, _), v) in batch.iter().zip(vecs) {
            fresh.insert(h, v);
        }
    }
    progress.finish();
    for (i, v) in vectors.iter_mut().enumerate() {
        if v.is_none() {
            *v = fresh.get(hashes[i]).cloned();
        }
    }
    let vectors = vectors.into_iter().map(|v| v.expect("every miss was embedded")).collect();
    Ok((vectors, summary))
}

/// Makes sure every stored complaint has a vector for `encoder` in the cache; embeds only
/// misses. Returns the counts (the "work done" counters tests and benchmarks read).
pub fn embed_stored(
    mode: ProgressMode,
    index: &ComplaintIndex,
    guard: &Guard,
    encoder: &dyn Encoder,
    cache: &VectorCache,
) -> Result<EmbedSummary> {
    let stored = index.all()?;
    let hashes: Vec<&str> = stored.iter().map(|c| c.text_hash.as_str()).collect();
    // Stored text was guarded when written; re-admit it through the guard (invariant 1).
    let (_, summary) = vectors_for(mode, encoder, cache, &hashes, &|i| guard.readmit(&stored[i].text))?;
    Ok(summary)
}

/// Complaints read from files for `train`, `evaluate` and `classify --input`: parsed, validated
/// and guarded exactly as `ingest` does, but not stored.
#[derive(Debug, Default)]
pub struct LoadedRecords {
    pub records: Vec<Redacted>,
    pub rejected: Vec<Rejection>,
}

/// Reads `paths` (files or folders, any ingest format) into guarded records, in input order.
pub fn load_records(guard: &Guard, paths: &[PathBuf], policy: PiiPolicy) -> Result<LoadedRecords> {
    let today = Utc::now().date_naive();
    let mut out = LoadedRecords::default();
    let (files, missing) = ingest::discover(paths);
    out.rejected.extend(missing);
    for file in &files {
        let display = file.path.display().to_string();
        let bytes = match std::fs::read(&file.path) {
            Ok(b) => b,
            Err(e) => {
                out.rejected.push(Rejection::new(&crate::model::SourceRef::file(&display), format!("cannot read file: {e}")));
                continue;
            }
        };
        let sidecar = file.sidecar.as_ref().and_then(|p| std::fs::read(p).ok());
        let parsed = ingest::parse_file(&bytes, &display, file.format, sidecar.as_deref());
        out.rejected.extend(parsed.file_error);
        let prepared: Vec<Prepared> =
            parsed.records.into_par_iter().map(|r| prepare(r, guard, policy, today)).collect();
        for p in prepared {
            match p {
                Prepared::Ready(c, _) => out.records.push(c),
                Prepared::Rejected(rej, _) => out.rejected.push(rej),
            }
        }
    }
    Ok(out)
}

/// The run manifest written to `data/runs/` after every run (JSON).
#[derive(Debug, Clone, Serialize)]
pub struct RunManifest {
    pub run_id: String,
    pub started: String,
    pub finished: String,
    pub version: &'static str,
    pub data_dir: String,
    pub config_hash: String,
    pub encoder: String,
    pub inputs: Vec<String>,
    pub ingest: IngestSummaryForManifest,
    pub embed: EmbedSummary,
    /// sha256 (16 hex) of the classifier that labelled complaints, and what it did.
    pub classifier: String,
    pub classify: classify::ClassifySummary,
    pub threads: threads::ThreadsSummary,
    /// Path of the report's index.html.
    pub report: String,
    pub documents: u64,
    /// Things an operator should look at, in words (never complaint text).
    pub warnings: Vec<String>,
    pub exit_code: i32,
}

/// The ingest summary as recorded in the manifest: counts and sources, no text.
#[derive(Debug, Clone, Serialize)]
pub struct IngestSummaryForManifest {
    pub read: u64,
    pub stored: u64,
    pub updated: u64,
    pub duplicates: u64,
    pub rejected: u64,
    pub redactions: RedactionCounts,
    pub files_unchanged: u64,
    pub files: Vec<FileSummary>,
}

impl From<&IngestSummary> for IngestSummaryForManifest {
    fn from(s: &IngestSummary) -> Self {
        Self {
            read: s.read,
            stored: s.stored,
            updated: s.updated,
            duplicates: s.duplicates,
            rejected: s.rejected.len() as u64,
            redactions: s.redactions.clone(),
            files_unchanged: s.files_unchanged,
            files: s.files.clone(),
        }
    }
}

/// Removes from the cache the vectors of texts that updates replaced (`superseded`, from the
/// ingest), unless a stored complaint holds that text again. An old version's vector is derived
/// from a text the index no longer has, so it goes too. Only those hashes are touched: the
/// cache also holds vectors of letters that are never stored (`train`, `evaluate`). A crash
/// between the ingest's commit and this step leaves those vectors behind (no harm but space).
pub fn forget_superseded(index: &ComplaintIndex, cache: &mut VectorCache, superseded: &[String]) -> Result<u64> {
    let mut doomed: Vec<&str> = Vec::new();
    for h in superseded {
        if !index.holds_text_hash(h)? {
            doomed.push(h.as_str());
        }
    }
    doomed.sort_unstable();
    doomed.dedup();
    if doomed.is_empty() {
        return Ok(0);
    }
    Ok(cache.forget(&doomed)? as u64)
}

/// What [`delete`] removed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DeleteSummary {
    /// Ids removed from the index (their text purged from the index files).
    pub deleted: Vec<String>,
    /// Ids that were not stored.
    pub missing: Vec<String>,
    /// Vectors of the deleted texts removed from the vector cache (all models).
    pub vectors_removed: usize,
}

/// Removes complaints — withdrawn, or a privacy request — from everything derived from their
/// text that this stage owns: the index (deleted, then merged and garbage-collected, so the
/// text is gone from the files, not just hidden) and the vector cache (every model's vector of
/// that text, then compacted). The caller updates the threads and the report, which drop
/// complaints that are no longer stored.
pub fn delete(cfg: &Config, index: &ComplaintIndex, ids: &[String]) -> Result<DeleteSummary> {
    let mut summary = DeleteSummary::default();
    let mut hashes = Vec::new();
    let mut session = index.session()?;
    for id in ids {
        match index.get(id)? {
            Some(stored) => {
                session.delete(id)?;
                summary.deleted.push(id.clone());
                hashes.push(stored.text_hash);
            }
            None => summary.missing.push(id.clone()),
        }
    }
    session.commit("{\"stage\":\"delete\"}")?;
    index.purge_deleted()?;
    if cfg.vectors_path().exists() && !hashes.is_empty() {
        let mut cache = VectorCache::open(&cfg.vectors_path())?;
        let hashes: Vec<&str> = hashes.iter().map(String::as_str).collect();
        summary.vectors_removed = cache.forget(&hashes)?;
    }
    Ok(summary)
}

/// Writes `data/runs/<run_id>.json` atomically (temp file + rename).
pub fn write_manifest(cfg: &Config, m: &RunManifest) -> Result<PathBuf> {
    let dir = cfg.runs_dir();
    std::fs::create_dir_all(&dir).map_err(io("creating runs dir", &dir))?;
    let path = dir.join(format!("{}.json", m.run_id));
    let tmp = dir.join(format!(".{}.json.tmp", m.run_id));
    let body = serde_json::to_vec_pretty(m).expect("manifest serialises");
    std::fs::write(&tmp, body).map_err(io("writing manifest", &tmp))?;
    std::fs::rename(&tmp, &path).map_err(io("renaming manifest", &path))?;
    Ok(path)
}

/// A run id from the clock: sortable, filesystem-safe.
pub fn new_run_id() -> String {
    Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string()
}

/// The last `n` run manifests, oldest first (as JSON values, so old manifests stay readable).
pub fn read_manifests(cfg: &Config, n: usize) -> Result<Vec<serde_json::Value>> {
    let dir = cfg.runs_dir();
    let mut names: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io("reading runs dir", &dir)(e)),
    };
    names.sort();
    let skip = names.len().saturating_sub(n);
    let mut out = Vec::new();
    for p in names.into_iter().skip(skip) {
        let bytes = std::fs::read(&p).map_err(io("reading manifest", &p))?;
        if let Ok(v) = serde_json::from_slice(&bytes) {
            out.push(v);
        }
    }
    Ok(out)
}
