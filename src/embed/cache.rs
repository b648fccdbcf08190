//! Vector cache: `(model id, text hash) → vector`, in a redb database in the data dir.
//!
//! Why: embedding is the most expensive stage (minutes per thousand long letters on 2 cores).
//! A nightly run must embed only what is new or changed, so vectors are keyed by the hash of the
//! redacted text plus the model id: unchanged complaints are never embedded twice, a changed
//! text or a new model gets a fresh vector. redb commits are atomic (copy-on-write B-tree), so a
//! crash mid-run loses at most the batch being written, never the cache.
//!
//! Keys hold hashes only and values are vectors of guarded text: no personal data is stored.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use redb::{Database, ReadableDatabase, TableDefinition};

use super::{EmbedError, Result};

const VECTORS: TableDefinition<&str, &[u8]> = TableDefinition::new("vectors");

pub struct VectorCache {
    db: Database,
    path: String,
    hits: AtomicU64,
    misses: AtomicU64,
}

fn key(model_id: &str, text_hash: &str) -> String {
    format!("{model_id}\u{1f}{text_hash}")
}

impl VectorCache {
    pub fn open(path: &Path) -> Result<Self> {
        let p = path.display().to_string();
        let err = |e: &dyn std::fmt::Display| EmbedError::Cache { path: p.clone(), detail: e.to_string() };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| err(&e))?;
        }
        let db = Database::create(path).map_err(|e| err(&e))?;
        // Make sure the table exists so readers never see "table does not exist".
        let tx = db.begin_write().map_err(|e| err(&e))?;
        tx.open_table(VECTORS).map_err(|e| err(&e))?;
        tx.commit().map_err(|e| err(&e))?;
        Ok(Self { db, path: p, hits: AtomicU64::new(0), misses: AtomicU64::new(0) })
    }

    fn err(&self, e: impl std::fmt::Display) -> EmbedError {
        EmbedError::Cache { path: self.path.clone(), detail: e.to_string() }
    }

    /// Looks up vectors; `None` for each miss. Counts hits and misses.
    pub fn get_many(&self, model_id: &str, hashes: &[&str]) -> Result<Vec<Option<Vec<f32>>>> {
        let tx = self.db.begin_read().map_err(|e| self.err(e))?;
        let table = tx.open_table(VECTORS).map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(hashes.len());
        for h in hashes {
            let v = table.get(key(model_id, h).as_str()).map_err(|e| self.err(e))?;
            match v {
                Some(bytes) => {
                    self.hits.fetch_add(1, Ordering::Relaxed);
                    out.push(Some(decode(bytes.value())));
                }
                None => {
                    self.misses.fetch_add(1, Ordering::Relaxed);
                    out.push(None);
                }
            }
        }
        Ok(out)
    }

    /// Stores vectors in one atomic transaction.
    pub fn put_many(&self, model_id: &str, items: &[(&str, &[f32])]) -> Result<()> {
        let tx = self.db.begin_write().map_err(|e| self.err(e))?;
        {
            let mut table = tx.open_table(VECTORS).map_err(|e| self.err(e))?;
            for (h, v) in items {
                table.insert(key(model_id, h).as_str(), encode(v).as_slice()).map_err(|e| self.err(e))?;
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Removes the vectors of texts with these hashes, for every model, and compacts the file
    /// so the freed pages do not linger at its end. Returns the number of vectors removed.
    ///
    /// For deletes (a withdrawn complaint, a privacy request): a vector is derived from the
    /// complaint's text, so it goes with the text. Takes `&mut self` because compaction needs
    /// the database to itself.
    pub fn forget(&mut self, text_hashes: &[&str]) -> Result<usize> {
        let doomed: std::collections::HashSet<&str> = text_hashes.iter().copied().collect();
        let mut removed = 0usize;
        let tx = self.db.begin_write().map_err(|e| self.err(e))?;
        {
            let mut table = tx.open_table(VECTORS).map_err(|e| self.err(e))?;
            table
                .retain(|k, _| {
                    let hash = k.rsplit('\u{1f}').next().unwrap_or(k);
                    let keep = !doomed.contains(hash);
                    removed += usize::from(!keep);
                    keep
                })
                .map_err(|e| self.err(e))?;
        }
        tx.commit().map_err(|e| self.err(e))?;
        if removed > 0 {
            while self.db.compact().map_err(|e| self.err(e))? {}
        }
        Ok(removed)
    }

    /// Cache hits since open.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Cache misses since open.
    pub fn misses(&self) -> u64 {
        self.misses.load(Ordering::Relaxed)
    }
}

fn encode(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn decode(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_and_counters() {
        let dir = tempfile::tempdir().unwrap();
        let c = VectorCache::open(&dir.path().join("v.redb")).unwrap();
        c.put_many("m@1", &[("h1", &[1.0, -2.5][..])]).unwrap();
        let got = c.get_many("m@1", &["h1", "h2"]).unwrap();
        assert_eq!(got, vec![Some(vec![1.0, -2.5]), None]);
        // another model never sees this model's vectors
        assert_eq!(c.get_many("m@2", &["h1"]).unwrap(), vec![None]);
        assert_eq!((c.hits(), c.misses()), (1, 2));
    }

    #[test]
    fn forget_removes_a_texts_vectors_for_every_model_and_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.redb");
        let mut c = VectorCache::open(&path).unwrap();
        // A recognisable vector, and enough others that the file has more than one page.
        let marked: Vec<f32> = (0..384).map(|i| 1234.5 + i as f32).collect();
        let others: Vec<(String, Vec<f32>)> = (0..200).map(|i| (format!("k{i}"), vec![i as f32 * 0.25; 384])).collect();
        let items: Vec<(&str, &[f32])> = others.iter().map(|(h, v)| (h.as_str(), v.as_slice())).collect();
        c.put_many("m@1", &items).unwrap();
        c.put_many("m@1", &[("gone", &marked[..])]).unwrap();
        c.put_many("m@2", &[("gone", &marked[..]), ("k1", &[0.5][..])]).unwrap();
        assert_eq!(c.forget(&["gone", "never-stored"]).unwrap(), 2);
        assert_eq!(c.get_many("m@1", &["gone"]).unwrap(), vec![None]);
        assert_eq!(c.get_many("m@2", &["gone"]).unwrap(), vec![None]);
        assert_eq!(c.get_many("m@2", &["k1"]).unwrap(), vec![Some(vec![0.5])]);
        assert_eq!(c.get_many("m@1", &["k199"]).unwrap(), vec![Some(vec![199.0 * 0.25; 384])]);
        drop(c);
        let bytes = std::fs::read(&path).unwrap();
        let needle = encode(&marked[..16]);
        assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_slice()), "the forgotten vector is still in the file");
        // Forgetting nothing is a no-op.
        let mut c = VectorCache::open(&path).unwrap();
        assert_eq!(c.forget(&[]).unwrap(), 0);
    }
}
