//! The tantivy full-text index: schema, Dutch analysis, upserts and search.
//!
//! Why tantivy: a real inverted index on disk with atomic commits, BM25, phrase queries, facets
//! and snippets — what researchers need, in-process, without a server to run at night.
//!
//! Contracts:
//! - Only [`Redacted`] complaints can be written ([`ComplaintIndex::upsert`]); the stored text is
//!   therefore always guarded text (architecture invariant 1).
//! - Documents are keyed by `id`: a re-ingest of the same id with the same text is a duplicate,
//!   with different text an update (delete + add in the same commit). A different id with
//!   identical text is a duplicate of the first id (reported as such).
//! - Nothing is visible to readers until [`IndexSession::commit`]; a crash before it leaves the
//!   last committed index intact (tantivy's commit is atomic: meta.json is swapped last).
//! - The analyzer is part of the schema contract: `text` is analysed with [`STEMMED`]
//!   (Dutch stemming), `text_exact` with [`EXACT`] (no stemming), so exact phrases still work.

use rustc_hash::FxHashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value,
    FAST, INDEXED, STORED, STRING,
};
use tantivy::{DateTime, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::guard::Redacted;
pub use crate::search::{Hit, SearchError, SearchRequest, SearchResult, SortOrder};

pub use crate::analysis::{analyze, analyzer, EXACT, STEMMED};

/// Writer heap, split by tantivy over its indexing threads. 512 MB (two segments of 100,000
/// complaints instead of four) built no faster and made search 15% slower at p50 (0.60 vs
/// 0.52 ms at 200,000 complaints, bench/search.sh).
const WRITER_HEAP_BYTES: usize = 128 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("index at {path}: {source}")]
    Open { path: String, source: tantivy::TantivyError },
    #[error("the index in {0} was built by a rodedraad with another schema; move it away and ingest again (inputs are the source of truth)")]
    SchemaChanged(String),
    #[error("index directory {path}: {source}")]
    Dir { path: String, source: std::io::Error },
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("query: {0}")]
    Query(#[from] tantivy::query::QueryParserError),
}

pub type Result<T, E = IndexError> = std::result::Result<T, E>;

/// Field handles, resolved once from the schema.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub(crate) id: Field,
    pub(crate) received: Field,
    pub(crate) year: Field,
    pub(crate) municipality: Field,
    pub(crate) municipality_facet: Field,
    pub(crate) channel: Field,
    pub(crate) text: Field,
    pub(crate) text_exact: Field,
    pub(crate) text_hash: Field,
    pub(crate) text_key: Field,
    pub(crate) gold_themes: Field,
    pub(crate) gold_thread: Field,
    pub(crate) theme_facet: Field,
    pub(crate) themes: Field,
    pub(crate) year_facet: Field,
    pub(crate) classified_by: Field,
    pub(crate) thread: Field,
    pub(crate) thread_facet: Field,
}

fn build_schema() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("id", STRING | STORED | FAST);
    b.add_date_field("received", INDEXED | STORED | FAST);
    b.add_u64_field("year", INDEXED | STORED | FAST);
    b.add_text_field("municipality", STRING | STORED | FAST);
    b.add_facet_field("municipality_facet", FacetOptions::default());
    b.add_text_field("channel", STRING | STORED);
    let stemmed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(STEMMED)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    b.add_text_field("text", stemmed);
    let exact = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(EXACT)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    b.add_text_field("text_exact", exact);
    // The full hash is stored; the index holds its first 64 bits (`text_key`), which is enough to
    // find the candidates and an 8-byte term instead of a 64-character one: random hex strings
    // are the costliest keys for the term dictionary's FST (a fifth of index build time).
    b.add_text_field("text_hash", STORED);
    b.add_u64_field("text_key", INDEXED);
    b.add_text_field("gold_themes", STRING | STORED);
    b.add_text_field("gold_thread", STRING | STORED);
    // Classified themes (filled by the classification stage) and years as facets.
    b.add_facet_field("theme_facet", FacetOptions::default());
    b.add_facet_field("year_facet", FacetOptions::default());
    b.add_text_field("themes", STRING | STORED);
    // Which classifier head set `themes` (its hash): the classify stage redoes a complaint only
    // when this differs from the current head, so a night's work is proportional to what is new.
    b.add_text_field("classified_by", STRING | STORED);
    // The rode draad (thread id) a complaint belongs to, set by the threads stage.
    b.add_text_field("thread", STRING | STORED | FAST);
    b.add_facet_field("thread_facet", FacetOptions::default());
    b.build()
}

impl Fields {
    fn resolve(schema: &Schema) -> Result<Self> {
        let f = |name: &str| schema.get_field(name).map_err(IndexError::Tantivy);
        Ok(Self {
            id: f("id")?,
            received: f("received")?,
            year: f("year")?,
            municipality: f("municipality")?,
            municipality_facet: f("municipality_facet")?,
            channel: f("channel")?,
            text: f("text")?,
            text_exact: f("text_exact")?,
            text_hash: f("text_hash")?,
            text_key: f("text_key")?,
            gold_themes: f("gold_themes")?,
            gold_thread: f("gold_thread")?,
            theme_facet: f("theme_facet")?,
            year_facet: f("year_facet")?,
            themes: f("themes")?,
            classified_by: f("classified_by")?,
            thread: f("thread")?,
            thread_facet: f("thread_facet")?,
        })
    }
}

/// SHA-256 (hex) of a redacted text: the duplicate key and the embedding-cache key.
pub fn text_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The indexed key of a text hash: its first 64 bits. Several texts may share a key (in theory);
/// lookups therefore compare the stored full hash.
fn text_key(hash: &str) -> u64 {
    hash.get(..16).and_then(|h| u64::from_str_radix(h, 16).ok()).unwrap_or(0)
}

/// What an upsert did with one complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpsertOutcome {
    Stored,
    Updated,
    /// Same id, identical text: nothing changed.
    DuplicateSameId,
    /// Another id already holds the identical text.
    DuplicateOfOtherId { existing_id: String },
}

/// An open index on disk.
pub struct ComplaintIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

/// One stored complaint as read back from the index (text is guarded text, by invariant 1).
#[derive(Debug, Clone, Serialize)]
pub struct StoredComplaint {
    pub id: String,
    pub received: NaiveDate,
    pub municipality: String,
    pub channel: Option<String>,
    pub text: String,
    pub text_hash: String,
    pub gold_themes: Vec<String>,
    pub gold_thread: Option<String>,
    /// Themes assigned by the classifier (empty until classified).
    pub themes: Vec<String>,
    /// Hash of the classifier head that assigned `themes`; `None` = not classified yet.
    pub classified_by: Option<String>,
    /// Thread (rode draad) id, if the threads stage put the complaint in one.
    pub thread: Option<String>,
}

impl ComplaintIndex {
    /// Opens the index in `dir`, creating it (and the directory) if absent.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|source| IndexError::Dir { path: dir.display().to_string(), source })?;
        let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(|e| IndexError::Open {
            path: dir.display().to_string(),
            source: e.into(),
        })?;
        let index = Index::open_or_create(mmap, build_schema()).map_err(|source| match source {
            tantivy::TantivyError::SchemaError(_) => IndexError::SchemaChanged(dir.display().to_string()),
            source => IndexError::Open { path: dir.display().to_string(), source },
        })?;
        for name in [STEMMED, EXACT] {
            index.tokenizers().register(name, analyzer(name).expect("known analyzer"));
        }
        let fields = Fields::resolve(&index.schema())?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Self { index, reader, fields })
    }

    /// Number of live (not deleted) documents in the last commit.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Starts a write session. Only one can exist at a time (tantivy holds a lock file).
    pub fn session(&self) -> Result<IndexSession<'_>> {
        let writer = self.index.writer(WRITER_HEAP_BYTES)?;
        Ok(IndexSession {
            idx: self,
            writer,
            committed_empty: self.doc_count() == 0,
            pending_by_id: FxHashMap::default(),
            pending_by_hash: FxHashMap::default(),
            pending_deletes: Vec::new(),
            superseded: Vec::new(),
        })
    }

    /// Whether a stored complaint has the text with this hash (see [`text_hash`]).
    pub fn holds_text_hash(&self, hash: &str) -> Result<bool> {
        Ok(self.lookup_by_hash(hash)?.is_some())
    }

    /// The stored complaint whose text has this hash, if any.
    fn lookup_by_hash(&self, hash: &str) -> Result<Option<TantivyDocument>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(Term::from_field_u64(self.fields.text_key, text_key(hash)), IndexRecordOption::Basic);
        // Texts sharing a key (a 64-bit collision) are vanishingly rare; 16 candidates is plenty.
        for (_, addr) in searcher.search(&q, &TopDocs::with_limit(16).order_by_score())? {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if Self::str_field(&doc, self.fields.text_hash).as_deref() == Some(hash) {
                return Ok(Some(doc));
            }
        }
        Ok(None)
    }

    fn lookup_first(&self, term: Term) -> Result<Option<TantivyDocument>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, addr)) => Ok(Some(searcher.doc(*addr)?)),
            None => Ok(None),
        }
    }

    fn str_field(doc: &TantivyDocument, f: Field) -> Option<String> {
        doc.get_first(f).and_then(|v| v.as_str()).map(str::to_owned)
    }

    fn to_stored(&self, doc: &TantivyDocument) -> StoredComplaint {
        let f = &self.fields;
        let received = doc
            .get_first(f.received)
            .and_then(|v| v.as_datetime())
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| d.date_naive())
            .unwrap_or_default();
        let list = |field| -> Vec<String> {
            Self::str_field(doc, field)
                .map(|s| s.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect())
                .unwrap_or_default()
        };
        let gold_themes = list(f.gold_themes);
        let themes = list(f.themes);
        StoredComplaint {
            id: Self::str_field(doc, f.id).unwrap_or_default(),
            received,
            municipality: Self::str_field(doc, f.municipality).unwrap_or_default(),
            channel: Self::str_field(doc, f.channel),
            text: Self::str_field(doc, f.text).unwrap_or_default(),
            text_hash: Self::str_field(doc, f.text_hash).unwrap_or_default(),
            gold_themes,
            gold_thread: Self::str_field(doc, f.gold_thread),
            themes,
            classified_by: Self::str_field(doc, f.classified_by),
            thread: Self::str_field(doc, f.thread),
        }
    }

    /// Every stored complaint, sorted by id (deterministic order for downstream stages).
    pub fn all(&self) -> Result<Vec<StoredComplaint>> {
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(searcher.num_docs() as usize);
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64).map_err(tantivy::TantivyError::from)?;
            let alive = segment.alive_bitset();
            for doc_id in 0..segment.max_doc() {
                if alive.is_some_and(|a| !a.is_alive(doc_id)) {
                    continue;
                }
                let doc: TantivyDocument = store.get(doc_id)?;
                out.push(self.to_stored(&doc));
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// Looks up one complaint by id.
    pub fn get(&self, id: &str) -> Result<Option<StoredComplaint>> {
        let doc = self.lookup_first(Term::from_field_text(self.fields.id, id))?;
        Ok(doc.map(|d| self.to_stored(&d)))
    }

    /// Simple search: `query`, best `limit` hits by relevance, no filters.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResult, SearchError> {
        self.search_request(&SearchRequest { query: query.to_owned(), limit, ..Default::default() })
    }

    pub(crate) fn fields(&self) -> Fields {
        self.fields
    }
    pub(crate) fn tantivy(&self) -> &Index {
        &self.index
    }
    pub(crate) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }
    pub(crate) fn stored_from_doc(&self, doc: &TantivyDocument) -> StoredComplaint {
        self.to_stored(doc)
    }

    /// Physically removes deleted documents: merges all segments into one (dropping deleted
    /// docs from postings and the doc store) and deletes the files no longer referenced. After
    /// this, a withdrawn complaint's text is gone from the index files, not just hidden.
    pub fn purge_deleted(&self) -> Result<()> {
        let mut writer: IndexWriter = self.index.writer(WRITER_HEAP_BYTES)?;
        let ids = self.index.searchable_segment_ids()?;
        if !ids.is_empty() {
            writer.merge(&ids).wait()?;
        }
        writer.garbage_collect_files().wait()?;
        writer.wait_merging_threads()?;
        self.reload()
    }

    /// Complaints most like `id` by their words (tantivy's more-like-this over the stemmed
    /// text), best first, `id` itself excluded. `None` if `id` is not stored.
    pub fn similar(&self, id: &str, limit: usize) -> Result<Option<Vec<(f32, StoredComplaint)>>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(Term::from_field_text(self.fields.id, id), IndexRecordOption::Basic);
        let Some((_, addr)) = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?.into_iter().next() else {
            return Ok(None);
        };
        let mlt = tantivy::query::MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_max_doc_frequency((searcher.num_docs() / 5).max(2))
            .with_min_term_frequency(1)
            .with_min_word_length(3)
            .with_max_query_terms(40)
            .with_document(addr);
        let top = searcher.search(&mlt, &TopDocs::with_limit(limit + 1).order_by_score())?;
        let mut out = Vec::new();
        for (score, a) in top {
            if a == addr {
                continue;
            }
            let doc: TantivyDocument = searcher.doc(a)?;
            out.push((score, self.to_stored(&doc)));
        }
        out.truncate(limit);
        Ok(Some(out))
    }

    /// Makes the last commit visible to this handle's searches.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }
}

/// A write session: buffered upserts and deletes, made durable and visible by `commit`.
pub struct IndexSession<'a> {
    idx: &'a ComplaintIndex,
    writer: IndexWriter,
    /// The last commit held no documents (a first load): nothing to look up in it.
    committed_empty: bool,
    /// id → text hash of documents added in this session (not yet searchable).
    pending_by_id: FxHashMap<String, String>,
    /// text hash → id of documents added in this session.
    pending_by_hash: FxHashMap<String, String>,
    pending_deletes: Vec<String>,
    /// Text hashes of documents this session replaced with a new text (see [`Self::superseded`]).
    superseded: Vec<String>,
}

impl IndexSession<'_> {
    /// Stores `c` unless it is a duplicate; replaces an older version with the same id.
    pub fn upsert(&mut self, c: &Redacted) -> Result<UpsertOutcome> {
        let f = self.idx.fields;
        let text = c.text.as_ref();
        let hash = text_hash(text);

        // 1. Same id seen before (in this session or committed)?
        let existing_hash = match self.pending_by_id.get(&c.id) {
            Some(h) => Some(h.clone()),
            None if self.committed_empty || self.pending_deletes.contains(&c.id) => None,
            None => self
                .idx
                .lookup_first(Term::from_field_text(f.id, &c.id))?
                .and_then(|d| ComplaintIndex::str_field(&d, f.text_hash)),
        };
        if existing_hash.as_deref() == Some(hash.as_str()) {
            return Ok(UpsertOutcome::DuplicateSameId);
        }
        // 2. Identical text under another id?
        if existing_hash.is_none() {
            let other = match self.pending_by_hash.get(&hash) {
                Some(id) => Some(id.clone()),
                None if self.committed_empty => None,
                None => self
                    .idx
                    .lookup_by_hash(&hash)?
                    .and_then(|d| ComplaintIndex::str_field(&d, f.id))
                    .filter(|id| !self.pending_deletes.contains(id)),
            };
            if let Some(existing_id) = other {
                return Ok(UpsertOutcome::DuplicateOfOtherId { existing_id });
            }
        }
        let outcome = if let Some(old) = existing_hash {
            self.writer.delete_term(Term::from_field_text(f.id, &c.id));
            self.superseded.push(old);
            if let Some(old) = self.pending_by_id.get(&c.id) {
                self.pending_by_hash.remove(old);
            }
            UpsertOutcome::Updated
        } else {
            UpsertOutcome::Stored
        };
        self.writer.add_document(self.to_doc(c, &hash))?;
        self.pending_by_id.insert(c.id.clone(), hash.clone());
        self.pending_by_hash.insert(hash, c.id.clone());
        Ok(outcome)
    }

    fn to_doc(&self, c: &Redacted, hash: &str) -> TantivyDocument {
        build_doc(
            &self.idx.fields,
            DocParts {
                id: &c.id,
                received: c.received,
                municipality: &c.municipality,
                channel: c.channel.as_deref(),
                text: c.text.as_ref(),
                text_hash: hash,
                gold_themes: &c.gold_themes,
                gold_thread: c.gold_thread.as_deref(),
                themes: &[],
                classified_by: None,
                thread: None,
            },
        )
    }

    /// Records a later stage's result on a stored complaint: the classifier's themes or the
    /// thread. The document is rebuilt from its own stored, already-guarded fields with the one
    /// change applied. Returns false if `id` is not in the last commit.
    ///
    /// Contract: at most one `annotate` per id per session (each reads the last *commit*);
    /// stages commit between them.
    pub fn annotate(&mut self, id: &str, change: &Annotation) -> Result<bool> {
        let f = self.idx.fields;
        let Some(doc) = self.idx.lookup_first(Term::from_field_text(f.id, id))? else {
            return Ok(false);
        };
        let mut c = self.idx.to_stored(&doc);
        match change {
            Annotation::Themes { themes, classifier } => {
                let mut themes = themes.clone();
                themes.sort();
                themes.dedup();
                c.themes = themes;
                c.classified_by = Some(classifier.clone());
            }
            Annotation::Thread(thread) => c.thread = thread.clone(),
        }
        let new = build_doc(
            &f,
            DocParts {
                id: &c.id,
                received: c.received,
                municipality: &c.municipality,
                channel: c.channel.as_deref(),
                text: &c.text,
                text_hash: &c.text_hash,
                gold_themes: &c.gold_themes,
                gold_thread: c.gold_thread.as_deref(),
                themes: &c.themes,
                classified_by: c.classified_by.as_deref(),
                thread: c.thread.as_deref(),
            },
        );
        self.writer.delete_term(Term::from_field_text(f.id, id));
        self.writer.add_document(new)?;
        Ok(true)
    }

    /// Removes a complaint by id. Returns whether it existed.
    pub fn delete(&mut self, id: &str) -> Result<bool> {
        let f = self.idx.fields;
        let existed = self.pending_by_id.remove(id).is_some()
            || self.idx.lookup_first(Term::from_field_text(f.id, id))?.is_some();
        self.writer.delete_term(Term::from_field_text(f.id, id));
        self.pending_deletes.push(id.to_owned());
        Ok(existed)
    }

    /// Text hashes of the versions this session's updates replaced, in upsert order: what the
    /// caller may forget that was derived from them (their vectors). A hash can come back —
    /// a later update back to an earlier text — so check it is not stored before forgetting.
    pub fn superseded(&self) -> &[String] {
        &self.superseded
    }

    /// Commits atomically, with `payload` (a run checkpoint) stored in the commit's meta.json.
    pub fn commit(mut self, payload: &str) -> Result<()> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(payload);
        prepared.commit()?;
        self.writer.wait_merging_threads()?;
        self.idx.reload()?;
        Ok(())
    }
}

/// A later stage's result recorded on a stored complaint (see [`IndexSession::annotate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Annotation {
    /// The classifier's themes (possibly none) and the hash of the head that chose them.
    Themes { themes: Vec<String>, classifier: String },
    /// The thread the complaint belongs to, or `None` for none.
    Thread(Option<String>),
}

/// Everything a stored document is made of.
struct DocParts<'a> {
    id: &'a str,
    received: NaiveDate,
    municipality: &'a str,
    channel: Option<&'a str>,
    /// Guarded text (from a `Redacted`, or read back from the index).
    text: &'a str,
    text_hash: &'a str,
    gold_themes: &'a [String],
    gold_thread: Option<&'a str>,
    themes: &'a [String],
    classified_by: Option<&'a str>,
    thread: Option<&'a str>,
}

fn build_doc(f: &Fields, p: DocParts<'_>) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, p.id);
    let secs = p.received.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc().timestamp();
    doc.add_date(f.received, DateTime::from_timestamp_secs(secs));
    doc.add_u64(f.year, p.received.year() as u64);
    doc.add_facet(f.year_facet, Facet::from_path([p.received.year().to_string()]));
    doc.add_text(f.municipality, p.municipality);
    doc.add_facet(f.municipality_facet, Facet::from_path([p.municipality]));
    if let Some(ch) = p.channel {
        doc.add_text(f.channel, ch);
    }
    doc.add_text(f.text, p.text);
    doc.add_text(f.text_exact, p.text);
    doc.add_text(f.text_hash, p.text_hash);
    doc.add_u64(f.text_key, text_key(p.text_hash));
    doc.add_text(f.gold_themes, p.gold_themes.join(","));
    if let Some(t) = p.gold_thread {
        doc.add_text(f.gold_thread, t);
    }
    doc.add_text(f.themes, p.themes.join(","));
    for t in p.themes {
        doc.add_facet(f.theme_facet, Facet::from_path([t.as_str()]));
    }
    if let Some(c) = p.classified_by {
        doc.add_text(f.classified_by, c);
    }
    if let Some(t) = p.thread {
        doc.add_text(f.thread, t);
        doc.add_facet(f.thread_facet, Facet::from_path([t]));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression for the schema change of 2026-11-29 (`text_key`): an index written with an
    /// older schema is refused with the message that tells the operator what to do, not
    /// opened and misread.
    #[test]
    fn an_index_with_another_schema_is_refused_with_advice() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = Schema::builder();
        old.add_text_field("id", STRING | STORED);
        old.add_text_field("text_hash", STRING | STORED);
        Index::create_in_dir(dir.path(), old.build()).unwrap();
        let err = ComplaintIndex::open_or_create(dir.path()).err().expect("refused");
        assert!(matches!(err, IndexError::SchemaChanged(_)), "{err}");
        assert!(err.to_string().contains("ingest again"), "{err}");
    }

    #[test]
    fn the_text_key_is_the_first_64_bits_of_the_hash() {
        let h = text_hash("Ik wacht al maanden op een antwoord.");
        assert_eq!(text_key(&h), u64::from_str_radix(&h[..16], 16).unwrap());
        assert_ne!(text_key(&h), text_key(&text_hash("iets anders")));
    }
}
