//! Researcher search on a real tantivy index: every query form, every filter, facets,
//! snippets, stemming, decompounding, typo tolerance, csv/json output and deletes.

mod common;

use common::*;
use rodedraad::index::{Annotation, ComplaintIndex, SearchRequest, SortOrder};
use tantivy::schema::Value;

const FIXTURE: &[(&str, &str, &str, &str, &[&str])] = &[
    ("Z1", "2022-03-01", "Zaanstad", "De taxi van het leerlingenvervoer kwam weer te laat, mijn zoon miste zijn toets.", &["jeugd"]),
    ("Z2", "2023-09-12", "Zaanstad", "Sinds de nieuwe vervoerder rijdt het leerlingenvervoer structureel te laat.", &["jeugd"]),
    ("Z3", "2024-01-20", "Zaanstad", "Mijn parkeervergunning is zonder reden ingetrokken.", &[]),
    ("A1", "2021-06-02", "Amsterdam", "De Belastingdienst vordert mijn kinderopvangtoeslag terug over drie jaar.", &["toeslagen"]),
    ("A2", "2023-02-14", "Amsterdam", "Onze huurtoeslag is stopgezet en nu hebben we een huurachterstand.", &["toeslagen", "wonen"]),
    ("A3", "2024-05-30", "Amsterdam", "Wij wonen met drie kinderen in de noodopvang en moeten telkens verhuizen.", &["wonen"]),
    ("A4", "2024-07-07", "Amsterdam", "Het festival in het park gaf tot diep in de nacht geluidsoverlast.", &[]),
    ("L1", "2020-11-11", "Almere", "De woningen in onze straat hebben al jaren schimmel, de corporatie doet niets.", &["wonen"]),
    ("D1", "2025-01-03", "Diemen", "De zorgtoeslag werd verrekend met een schuld die ik niet ken.", &["toeslagen"]),
    ("W1", "2019-04-18", "Waterland", "Mijn dochter zit thuis omdat geen school haar passend onderwijs biedt.", &["jeugd"]),
];

fn fixture() -> (tempfile::TempDir, ComplaintIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = ComplaintIndex::open_or_create(dir.path()).unwrap();
    let mut s = index.session().unwrap();
    for (id, date, m, text, _) in FIXTURE {
        s.upsert(&redacted(complaint(id, date, m, text))).unwrap();
    }
    s.commit("{}").unwrap();
    let mut s = index.session().unwrap();
    for (id, _, _, _, themes) in FIXTURE {
        let themes: Vec<String> = themes.iter().map(|t| t.to_string()).collect();
        assert!(s.annotate(id, &Annotation::Themes { themes, classifier: "test".into() }).unwrap());
    }
    s.commit("{}").unwrap();
    (dir, index)
}

fn ids(index: &ComplaintIndex, req: SearchRequest) -> Vec<String> {
    let mut v: Vec<String> = index.search_request(&SearchRequest { limit: 100, ..req }).unwrap().hits.into_iter().map(|h| h.id).collect();
    v.sort();
    v
}

fn q(s: &str) -> SearchRequest {
    SearchRequest { query: s.into(), limit: 100, ..Default::default() }
}

#[test]
fn each_query_form() {
    let (_d, ix) = fixture();
    assert_eq!(ids(&ix, q("leerlingenvervoer")), ["Z1", "Z2"]);
    assert_eq!(ids(&ix, q("\"te laat\"")), ["Z1", "Z2"]);
    assert_eq!(ids(&ix, q("\"laat te\"")), Vec::<String>::new(), "phrase order matters");
    assert_eq!(ids(&ix, q("leerlingenvervoer AND toets")), ["Z1"]);
    assert_eq!(ids(&ix, q("noodopvang OR schimmel")), ["A3", "L1"]);
    assert_eq!(ids(&ix, q("leerlingenvervoer NOT toets")), ["Z2"]);
    assert_eq!(ids(&ix, q("leerlingenvervoer -toets")), ["Z2"]);
    assert_eq!(ids(&ix, q("parkeer*")), ["Z3"]);
    assert_eq!(ids(&ix, q("municipality:Almere")), ["L1"]);
    assert_eq!(ids(&ix, q("year:2024")), ["A3", "A4", "Z3"]);
}

#[test]
fn each_filter() {
    let (_d, ix) = fixture();
    let all = |r: SearchRequest| ids(&ix, SearchRequest { query: "*".into(), ..r });
    assert_eq!(all(SearchRequest { municipalities: vec!["zaanstad".into()], ..Default::default() }), ["Z1", "Z2", "Z3"]);
    assert_eq!(all(SearchRequest { municipalities: vec!["Diemen".into(), "Waterland".into()], ..Default::default() }), ["D1", "W1"]);
    assert_eq!(all(SearchRequest { years: vec![2023], ..Default::default() }), ["A2", "Z2"]);
    let d = |s: &str| Some(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
    assert_eq!(all(SearchRequest { from: d("2024-05-30"), ..Default::default() }), ["A3", "A4", "D1"]);
    assert_eq!(all(SearchRequest { to: d("2019-12-31"), ..Default::default() }), ["W1"]);
    assert_eq!(all(SearchRequest { from: d("2022-01-01"), to: d("2023-12-31"), ..Default::default() }), ["A2", "Z1", "Z2"]);
    assert_eq!(all(SearchRequest { themes: vec!["wonen".into()], ..Default::default() }), ["A2", "A3", "L1"]);
    // Filters combine with a query and with each other.
    assert_eq!(
        ids(&ix, SearchRequest { query: "laat".into(), municipalities: vec!["Zaanstad".into()], years: vec![2023], ..Default::default() }),
        ["Z2"]
    );
}

#[test]
fn facets_sum_to_the_total() {
    let (_d, ix) = fixture();
    for query in ["*", "toeslag", "laat OR kinderen"] {
        let r = ix.search_request(&q(query)).unwrap();
        assert!(r.total > 0, "{query}");
        assert_eq!(r.facets.years.values().sum::<u64>() as usize, r.total, "{query}");
        assert_eq!(r.facets.municipalities.values().sum::<u64>() as usize, r.total, "{query}");
    }
    let r = ix.search_request(&q("*")).unwrap();
    assert_eq!(r.facets.municipalities["Amsterdam"], 4);
    assert_eq!(r.facets.themes["toeslagen"], 3);
    assert_eq!(r.facets.years["2024"], 3);
}

#[test]
fn stemmed_and_decompounded_matches_are_found_and_highlighted() {
    let (_d, ix) = fixture();
    // "woning" (singular) finds "woningen" (stemming). The Dutch Snowball stemmer also maps
    // "wonen" to the same stem "woon", so A3 ("Wij wonen …") matches too.
    let r = ix.search_request(&q("woning")).unwrap();
    assert_eq!(ids(&ix, q("woning")), ["A3", "L1"]);
    let l1 = r.hits.iter().find(|h| h.id == "L1").unwrap();
    assert!(l1.snippet.contains("«woningen»"), "{}", l1.snippet);
    // The exact field alone keeps them apart.
    assert_eq!(ids(&ix, q("text_exact:woningen")), ["L1"]);
    // "toeslag" finds kinderopvangtoeslag, huurtoeslag, zorgtoeslag (decompounding)
    assert_eq!(ids(&ix, q("toeslag")), ["A1", "A2", "D1"]);
    let r = ix.search_request(&q("toeslag")).unwrap();
    let a1 = r.hits.iter().find(|h| h.id == "A1").unwrap();
    assert!(a1.snippet.contains("«kinderopvangtoeslag»"), "{}", a1.snippet);
    // "vervoer" finds leerlingenvervoer
    assert_eq!(ids(&ix, q("vervoer")), ["Z1", "Z2"]);
    assert!(!r.fuzzy);
}

#[test]
fn typo_tolerance_only_when_nothing_matches() {
    let (_d, ix) = fixture();
    let r = ix.search_request(&q("leerlingenvervoor")).unwrap();
    assert!(r.fuzzy);
    assert_eq!(r.total, 2);
    // Short words are never fuzzed: no "duur" → "huur" surprises.
    let r = ix.search_request(&q("duur")).unwrap();
    assert_eq!((r.total, r.fuzzy), (0, false));
}

#[test]
fn sorting_and_paging() {
    let (_d, ix) = fixture();
    let page = |offset| {
        ix.search_request(&SearchRequest { query: "*".into(), sort: SortOrder::Date, limit: 3, offset, ..Default::default() })
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(page(0), ["D1", "A4", "A3"]);
    assert_eq!(page(3), ["Z3", "Z2", "A2"]);
}

#[test]
fn a_malformed_query_names_the_position() {
    let (_d, ix) = fixture();
    let e = ix.search_request(&q("toeslag \"te laat")).unwrap_err().to_string();
    assert!(e.contains("position 9") && e.contains("Hint"), "{e}");
}

#[test]
fn a_deleted_complaint_leaves_no_trace_in_the_index_files() {
    let (dir, ix) = fixture();
    let mut s = ix.session().unwrap();
    // A second, searchable segment, so the purge must merge to get rid of it.
    s.upsert(&redacted(complaint("X9", "2024-02-02", "Diemen", "Het zwanenbloemveld achter ons huis staat blank."))).unwrap();
    s.commit("{}").unwrap();
    assert_eq!(ix.search("zwanenbloemveld", 5).unwrap().total, 1);
    let mut s = ix.session().unwrap();
    assert!(s.delete("X9").unwrap());
    s.commit("{}").unwrap();
    ix.purge_deleted().unwrap();
    assert_eq!(ix.search("zwanenbloemveld", 5).unwrap().total, 0);
    drop(ix);

    // Read the files back with tantivy directly: every stored document, deleted ones included,
    // and every term dictionary.
    let raw = tantivy::Index::open_in_dir(dir.path()).unwrap();
    for name in ["nl_stem", "nl_exact"] {
        raw.tokenizers().register(name, rodedraad::index::analyzer(name).unwrap());
    }
    let searcher = raw.reader().unwrap().searcher();
    let text = raw.schema().get_field("text_exact").unwrap();
    let stored_text = raw.schema().get_field("text").unwrap();
    let mut docs = 0;
    for seg in searcher.segment_readers() {
        let store = seg.get_store_reader(0).unwrap();
        for doc_id in 0..seg.max_doc() {
            let doc: tantivy::TantivyDocument = store.get(doc_id).unwrap();
            let t = doc.get_first(stored_text).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            assert!(!t.contains("zwanenbloemveld"), "deleted text still in the doc store");
            docs += 1;
        }
        let inv = seg.inverted_index(text).unwrap();
        assert!(inv.terms().get(b"zwanenbloemveld").unwrap().is_none(), "deleted term still in the term dictionary");
    }
    assert_eq!(docs, FIXTURE.len());
    // And no file on disk contains the word in plain bytes.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(15).any(|w| w == b"zwanenbloemveld"));
    }
}

#[test]
fn similar_finds_the_complaint_with_the_same_cause_first() {
    let (_d, ix) = fixture();
    let sim = ix.similar("Z1", 3).unwrap().expect("Z1 is stored");
    assert_eq!(sim.first().map(|(_, c)| c.id.as_str()), Some("Z2"), "{:?}", sim.iter().map(|(_, c)| &c.id).collect::<Vec<_>>());
    assert!(sim.iter().all(|(_, c)| c.id != "Z1"), "the complaint itself is not similar to itself");
    assert!(ix.similar("NOPE", 3).unwrap().is_none());
}
