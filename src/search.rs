//! Researcher search: query syntax, filters, facet counts, snippets, sorting and paging.
//!
//! Query syntax (tantivy's, documented in the README): words (all must match), `"phrases"`,
//! `AND` / `OR` / `NOT`, `-uitsluiten`, `woning*` prefixes, and field filters
//! (`municipality:Zaanstad`, `year:2024`). Words are matched through Dutch stemming and
//! decompounding (`toeslag` finds `kinderopvangtoeslag`) and, verbatim, through the exact field.
//!
//! Typo tolerance: only where it helps. When a query finds **nothing**, words of 6+ letters are
//! retried with edit distance 1 on the exact field (`leerlingenvervoor` → `leerlingenvervoer`),
//! and the result says so (`fuzzy: true`). Short words are never fuzzed — `huur` ≈ `duur` would
//! flood the results.
//!
//! Facet counts (per year, municipality, theme) are computed over **all** hits of the filtered
//! query, so they always sum to `total` (per facet with one value per document).

use std::collections::BTreeMap;
use std::ops::Bound;

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::index::{ComplaintIndex, IndexError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum SortOrder {
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A search as a researcher asks it.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Query text; empty or `*` means "everything" (filters only).
    pub query: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub years: Vec<i32>,
    pub municipalities: Vec<String>,
    pub themes: Vec<String>,
    pub limit: usize,
    pub offset: usize,
    pub sort: SortOrder,
    /// Return every hit (ignores limit and offset).
    pub all: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub received: NaiveDate,
    pub municipality: String,
    pub themes: Vec<String>,
    pub score: f32,
    /// Snippet with the matched words wrapped in `«` `»`.
    pub snippet: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub years: BTreeMap<String, u64>,
    pub municipalities: BTreeMap<String, u64>,
    pub themes: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    pub query: String,
    pub total: usize,
    pub offset: usize,
    /// True when nothing matched exactly and the typo-tolerant retry was used.
    pub fuzzy: bool,
    pub facets: Facets,
    pub hits: Vec<Hit>,
}

/// A query the parser refused, with where and a hint.
#[derive(Debug, thiserror::Error)]
#[error("malformed query at position {position}: {message}. Hint: {hint}")]
pub struct QueryError {
    pub position: usize,
    pub message: String,
    pub hint: String,
}

/// Checks the things people get wrong, with the position (1-based, in characters).
fn precheck(q: &str) -> Result<(), QueryError> {
    let mut quote_at = None;
    let mut depth: Vec<usize> = Vec::new();
    for (i, ch) in q.chars().enumerate() {
        match ch {
            '"' => quote_at = if quote_at.is_some() { None } else { Some(i + 1) },
            '(' if quote_at.is_none() => depth.push(i + 1),
            ')' if quote_at.is_none() => {
                if depth.pop().is_none() {
                    return Err(QueryError {
                        position: i + 1,
                        message: "')' without a matching '('".into(),
                        hint: "remove it or add the opening parenthesis".into(),
                    });
                }
            }
            _ => {}
        }
    }
    if let Some(p) = quote_at {
        return Err(QueryError {
            position: p,
            message: "phrase opened with '\"' is never closed".into(),
            hint: "close the phrase with a second '\"'".into(),
        });
    }
    if let Some(p) = depth.pop() {
        return Err(QueryError {
            position: p,
            message: "'(' is never closed".into(),
            hint: "add the closing ')'".into(),
        });
    }
    let trimmed = q.trim_end();
    for op in ["AND", "OR", "NOT"] {
        if trimmed.ends_with(&format!(" {op}")) || trimmed == op {
            return Err(QueryError {
                position: trimmed.chars().count() - op.len() + 1,
                message: format!("'{op}' at the end has nothing to combine"),
                hint: format!("add a word after '{op}' or remove it"),
            });
        }
    }
    Ok(())
}

/// Exact phrases go to the unstemmed field only: in the stemmed field stopwords are gone
/// (`"te laat"` would shrink to `laat`). `"…"` without a `field:` prefix becomes
/// `text_exact:"…"`.
fn phrases_to_exact_field(q: &str) -> String {
    let mut out = String::with_capacity(q.len() + 16);
    let mut in_phrase = false;
    for ch in q.chars() {
        if ch == '"' && !in_phrase {
            let prefixed = out.ends_with(':');
            if !prefixed {
                out.push_str("text_exact:");
            }
            in_phrase = true;
        } else if ch == '"' {
            in_phrase = false;
        }
        out.push(ch);
    }
    out
}

fn any_of(terms: Vec<Term>) -> Box<dyn Query> {
    let clauses = terms
        .into_iter()
        .map(|t| (Occur::Should, Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>))
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

impl ComplaintIndex {
    fn text_query(&self, q: &str, fuzzy: bool) -> Result<Box<dyn Query>, SearchError> {
        let f = self.fields();
        if q.trim().is_empty() || q.trim() == "*" {
            return Ok(Box::new(AllQuery));
        }
        precheck(q)?;
        let q = &phrases_to_exact_field(q);
        let mut parser = QueryParser::for_index(self.tantivy(), vec![f.text, f.text_exact]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.text_exact, 1.5);
        if fuzzy {
            parser.set_field_fuzzy(f.text_exact, false, 1, true);
        }
        parser.parse_query(q).map_err(|e| {
            SearchError::Query(QueryError {
                position: 0,
                message: e.to_string(),
                hint: "quote words with special characters, e.g. \"art. 7:2\"".into(),
            })
        })
    }

    fn filtered(&self, req: &SearchRequest, text: Box<dyn Query>) -> Box<dyn Query> {
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        if req.from.is_some() || req.to.is_some() {
            let ts = |d: NaiveDate| {
                Term::from_field_date(
                    f.received,
                    DateTime::from_timestamp_secs(d.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp()),
                )
            };
            let lo = req.from.map_or(Bound::Unbounded, |d| Bound::Included(ts(d)));
            let hi = req.to.map_or(Bound::Unbounded, |d| Bound::Included(ts(d)));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        if !req.years.is_empty() {
            clauses.push((Occur::Must, any_of(req.years.iter().map(|y| Term::from_field_u64(f.year, *y as u64)).collect())));
        }
        if !req.municipalities.is_empty() {
            let terms = req
                .municipalities
                .iter()
                .map(|m| Term::from_field_text(f.municipality, &crate::ingest::canonical_municipality(m)))
                .collect();
            clauses.push((Occur::Must, any_of(terms)));
        }
        if !req.themes.is_empty() {
            let terms = req
                .themes
                .iter()
                .map(|t| Term::from_facet(f.theme_facet, &Facet::from_path([t.trim().to_lowercase()])))
                .collect();
            clauses.push((Occur::Must, any_of(terms)));
        }
        if clauses.len() == 1 {
            clauses.pop().expect("one clause").1
        } else {
            Box::new(BooleanQuery::new(clauses))
        }
    }

    /// Total and facet counts in one pass over the matching documents.
    fn count_and_facets(&self, searcher: &Searcher, q: &dyn Query) -> Result<(usize, Facets)> {
        let fc = |field: &str| {
            let mut c = FacetCollector::for_field(field);
            c.add_facet("/");
            c
        };
        let (total, years, munis, themes) =
            searcher.search(q, &(Count, fc("year_facet"), fc("municipality_facet"), fc("theme_facet")))?;
        let flat = |counts: tantivy::collector::FacetCounts| -> BTreeMap<String, u64> {
            counts.get("/").map(|(f, n)| (f.to_path_string().trim_start_matches('/').to_owned(), n)).collect()
        };
        Ok((total, Facets { years: flat(years), municipalities: flat(munis), themes: flat(themes) }))
    }

    /// Runs a researcher's search. See the module docs for syntax and semantics.
    pub fn search_request(&self, req: &SearchRequest) -> Result<SearchResult, SearchError> {
        let searcher = self.searcher();
        let mut fuzzy = false;
        let mut q = self.filtered(req, self.text_query(&req.query, false)?);
        let (mut total, mut facets) = self.count_and_facets(&searcher, &*q)?;
        let has_long_word = req.query.split_whitespace().any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 6);
        if total == 0 && has_long_word {
            let fq = self.filtered(req, self.text_query(&req.query, true)?);
            let (ft, ff) = self.count_and_facets(&searcher, &*fq)?;
            if ft > 0 {
                (q, total, facets, fuzzy) = (fq, ft, ff, true);
            }
        }
        let (limit, offset) = if req.all { (total.max(1), 0) } else { (req.limit.max(1), req.offset) };
        let addrs: Vec<(f32, DocAddress)> = match req.sort {
            SortOrder::Relevance => searcher
                .search(&*q, &TopDocs::with_limit(limit).and_offset(offset).order_by_score())
                .map_err(IndexError::from)?,
            SortOrder::Date => searcher
                .search(
                    &*q,
                    &TopDocs::with_limit(limit).and_offset(offset).order_by_fast_field::<DateTime>("received", Order::Desc),
                )
                .map_err(IndexError::from)?
                .into_iter()
                .map(|(_, a)| (0.0, a))
                .collect(),
        };
        let f = self.fields();
        let mut snippets = SnippetGenerator::create(&searcher, &*q, f.text).map_err(IndexError::from)?;
        snippets.set_max_num_chars(220);
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs {
            let doc: TantivyDocument = searcher.doc(addr).map_err(IndexError::from)?;
            let stored = self.stored_from_doc(&doc);
            let snip = snippets.snippet_from_doc(&doc);
            let frag = snip.fragment();
            let mut s = String::with_capacity(frag.len() + 8);
            let mut pos = 0;
            for r in merge_ranges(snip.highlighted()) {
                s.push_str(&frag[pos..r.start]);
                s.push('«');
                s.push_str(&frag[r.clone()]);
                s.push('»');
                pos = r.end;
            }
            s.push_str(&frag[pos..]);
            let snippet = if s.trim().is_empty() { stored.text.chars().take(220).collect() } else { s };
            hits.push(Hit {
                id: stored.id,
                received: stored.received,
                municipality: stored.municipality,
                themes: stored.themes,
                score,
                snippet: snippet.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        }
        Ok(SearchResult { query: req.query.clone(), total, offset, fuzzy, facets, hits })
    }
}

/// Highlight ranges sorted and merged: a compound and its parts share offsets, so the same
/// word can be reported several times.
fn merge_ranges(ranges: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    let mut v: Vec<_> = ranges.to_vec();
    v.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regression_overlapping_highlights_of_a_compound_and_its_parts_do_not_panic() {
        assert_eq!(merge_ranges(&[4..19, 4..19, 0..3]), vec![0..3, 4..19]);
        assert_eq!(merge_ranges(&[5..9, 2..6]), vec![2..9]);
    }

    #[test]
    fn phrases_go_to_the_exact_field() {
        assert_eq!(phrases_to_exact_field("taxi \"te laat\" -bus"), "taxi text_exact:\"te laat\" -bus");
        assert_eq!(phrases_to_exact_field("text:\"te laat\""), "text:\"te laat\"");
    }

    #[test]
    fn precheck_names_the_position_of_an_unclosed_phrase() {
        let e = precheck("toeslag \"te laat").unwrap_err();
        assert_eq!(e.position, 9);
        assert!(e.hint.contains('"'));
    }

    #[test]
    fn precheck_catches_parentheses_and_dangling_operators() {
        assert_eq!(precheck("(a OR b").unwrap_err().position, 1);
        assert_eq!(precheck("a) b").unwrap_err().position, 2);
        assert!(precheck("woning AND").is_err());
        assert!(precheck("\"te laat\" AND (taxi OR bus) -parkeren").is_ok());
    }
}
