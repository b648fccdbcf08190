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

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{Query, QueryParser, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value,
    FAST, INDEXED, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};
use tantivy::{DateTime, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::guard::Redacted;

/// Name of the Dutch stemming analyzer (tokenize, lowercase, fold accents, stopwords, stem).
pub const STEMMED: &str = "nl_stem";
/// Name of the exact analyzer (tokenize, lowercase, fold accents; no stopwords, no stemming).
pub const EXACT: &str = "nl_exact";

/// Writer heap per indexing thread budget; tantivy splits it over its threads.
const WRITER_HEAP_BYTES: usize = 128 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("index at {path}: {source}")]
    Open { path: String, source: tantivy::TantivyError },
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
struct Fields {
    id: Field,
    received: Field,
    year: Field,
    municipality: Field,
    municipality_facet: Field,
    channel: Field,
    text: Field,
    text_exact: Field,
    text_hash: Field,
    gold_themes: Field,
    gold_thread: Field,
    theme_facet: Field,
    year_facet: Field,
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
    b.add_text_field("text_hash", STRING | STORED);
    b.add_text_field("gold_themes", STRING | STORED);
    b.add_text_field("gold_thread", STRING | STORED);
    // Classified themes (filled by the classification stage) and years as facets.
    b.add_facet_field("theme_facet", FacetOptions::default());
    b.add_facet_field("year_facet", FacetOptions::default());
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
            gold_themes: f("gold_themes")?,
            gold_thread: f("gold_thread")?,
            theme_facet: f("theme_facet")?,
            year_facet: f("year_facet")?,
        })
    }
}

/// The Dutch analyzers. Public so tests and benchmarks can show what a word becomes.
pub fn analyzer(name: &str) -> Option<TextAnalyzer> {
    let base = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(48))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
    };
    match name {
        STEMMED => Some(
            base()
                .filter(StopWordFilter::new(Language::Dutch)?)
                .filter(Stemmer::new(Language::Dutch))
                .build(),
        ),
        EXACT => Some(base().build()),
        _ => None,
    }
}

/// Tokens produced by an analyzer for `text`, in order (for tests and `--explain`).
pub fn analyze(name: &str, text: &str) -> Vec<String> {
    let Some(mut a) = analyzer(name) else { return Vec::new() };
    let mut out = Vec::new();
    let mut stream = a.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

/// SHA-256 (hex) of a redacted text: the duplicate key and the embedding-cache key.
pub fn text_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
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
}

/// A search hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub received: NaiveDate,
    pub municipality: String,
    pub score: f32,
    /// Snippet with the matched words wrapped in `«` `»`.
    pub snippet: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    pub total: usize,
    pub hits: Vec<Hit>,
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
        let index = Index::open_or_create(mmap, build_schema())
            .map_err(|source| IndexError::Open { path: dir.display().to_string(), source })?;
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
            pending_by_id: HashMap::new(),
            pending_by_hash: HashMap::new(),
            pending_deletes: Vec::new(),
        })
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
        let gold_themes = Self::str_field(doc, f.gold_themes)
            .map(|s| s.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default();
        StoredComplaint {
            id: Self::str_field(doc, f.id).unwrap_or_default(),
            received,
            municipality: Self::str_field(doc, f.municipality).unwrap_or_default(),
            channel: Self::str_field(doc, f.channel),
            text: Self::str_field(doc, f.text).unwrap_or_default(),
            text_hash: Self::str_field(doc, f.text_hash).unwrap_or_default(),
            gold_themes,
            gold_thread: Self::str_field(doc, f.gold_thread),
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

    /// Full-text search over the stemmed and the exact field. `query` uses tantivy's syntax
    /// (words, "phrases", AND/OR/NOT, -exclude, prefix*). All words must match by default.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResult> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let mut parser = QueryParser::for_index(&self.index, vec![f.text, f.text_exact]);
        parser.set_conjunction_by_default();
        let q: Box<dyn Query> = parser.parse_query(query)?;
        let (top, total) =
            searcher.search(&q, &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count))?;
        let mut snippets = SnippetGenerator::create(&searcher, &*q, f.text)?;
        snippets.set_max_num_chars(200);
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let stored = self.to_stored(&doc);
            let snip = snippets.snippet_from_doc(&doc);
            let mut s = String::new();
            let frag = snip.fragment();
            let mut pos = 0;
            for r in snip.highlighted() {
                s.push_str(&frag[pos..r.start]);
                s.push('«');
                s.push_str(&frag[r.clone()]);
                s.push('»');
                pos = r.end;
            }
            s.push_str(&frag[pos..]);
            let snippet = if s.trim().is_empty() {
                stored.text.chars().take(200).collect()
            } else {
                s.replace('\n', " ")
            };
            hits.push(Hit {
                id: stored.id,
                received: stored.received,
                municipality: stored.municipality,
                score,
                snippet,
            });
        }
        Ok(SearchResult { total, hits })
    }

    /// Document counts per municipality facet (for summaries).
    pub fn municipality_counts(&self) -> Result<Vec<(String, u64)>> {
        let searcher = self.reader.searcher();
        let mut c = FacetCollector::for_field("municipality_facet");
        c.add_facet("/");
        let counts = searcher.search(&tantivy::query::AllQuery, &c)?;
        Ok(counts.get("/").map(|(f, n)| (f.to_path_string().trim_start_matches('/').to_owned(), n)).collect())
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
    /// id → text hash of documents added in this session (not yet searchable).
    pending_by_id: HashMap<String, String>,
    /// text hash → id of documents added in this session.
    pending_by_hash: HashMap<String, String>,
    pending_deletes: Vec<String>,
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
            None if self.pending_deletes.contains(&c.id) => None,
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
                None => self
                    .idx
                    .lookup_first(Term::from_field_text(f.text_hash, &hash))?
                    .and_then(|d| ComplaintIndex::str_field(&d, f.id))
                    .filter(|id| !self.pending_deletes.contains(id)),
            };
            if let Some(existing_id) = other {
                return Ok(UpsertOutcome::DuplicateOfOtherId { existing_id });
            }
        }
        let outcome = if existing_hash.is_some() {
            self.writer.delete_term(Term::from_field_text(f.id, &c.id));
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
        let f = self.idx.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &c.id);
        let secs = c.received.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc().timestamp();
        doc.add_date(f.received, DateTime::from_timestamp_secs(secs));
        doc.add_u64(f.year, c.received.year() as u64);
        doc.add_facet(f.year_facet, Facet::from_path([c.received.year().to_string()]));
        doc.add_text(f.municipality, &c.municipality);
        doc.add_facet(f.municipality_facet, Facet::from_path([c.municipality.as_str()]));
        if let Some(ch) = &c.channel {
            doc.add_text(f.channel, ch);
        }
        doc.add_text(f.text, c.text.as_ref());
        doc.add_text(f.text_exact, c.text.as_ref());
        doc.add_text(f.text_hash, hash);
        doc.add_text(f.gold_themes, c.gold_themes.join(","));
        if let Some(t) = &c.gold_thread {
            doc.add_text(f.gold_thread, t);
        }
        doc
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
