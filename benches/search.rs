//! Query latency of `rodedraad search` in-process (what a researcher waits for, without the
//! process start-up). Driven by bench/search.sh; not a cargo-criterion bench because the peer
//! (SQLite FTS5) runs in Python and both must see the same queries and the same corpus.
//!
//! Usage: cargo bench --bench search -- DATA_DIR QUERIES.tsv
//! QUERIES.tsv columns: query, municipality, year, from, to (empty = no filter).
//! Prints one JSON object: latencies (ms) per query group and hit counts.

use std::time::Instant;

use rodedraad::index::{ComplaintIndex, SearchRequest};

fn pct(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let (data, queries) = (&args[1], &args[2]);
    let index = ComplaintIndex::open_or_create(&std::path::Path::new(data).join("index")).expect("index");
    let text = std::fs::read_to_string(queries).expect("queries file");
    let mut reqs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let c: Vec<&str> = line.split('\t').collect();
        let opt = |i: usize| c.get(i).map(|s| s.trim()).filter(|s| !s.is_empty());
        let req = SearchRequest {
            query: c[0].to_owned(),
            municipalities: opt(1).map(|m| vec![m.to_owned()]).unwrap_or_default(),
            years: opt(2).map(|y| vec![y.parse().unwrap()]).unwrap_or_default(),
            from: opt(3).map(|d| d.parse().unwrap()),
            to: opt(4).map(|d| d.parse().unwrap()),
            limit: 10,
            ..Default::default()
        };
        let filtered = opt(1).is_some() || opt(2).is_some() || opt(3).is_some();
        reqs.push((req, filtered));
    }
    // Warm-up pass (page cache, mmap), then 3 timed passes; per query the median.
    for (r, _) in &reqs {
        index.search_request(r).expect("query");
    }
    let mut plain = Vec::new();
    let mut filtered = Vec::new();
    let mut hits = 0usize;
    for (r, is_filtered) in &reqs {
        let mut t = Vec::new();
        for _ in 0..3 {
            let start = Instant::now();
            let res = index.search_request(r).expect("query");
            t.push(start.elapsed().as_secs_f64() * 1000.0);
            hits += res.total;
        }
        t.sort_by(|a, b| a.partial_cmp(b).unwrap());
        if *is_filtered { filtered.push(t[1]) } else { plain.push(t[1]) }
    }
    let summary = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        serde_json::json!({"n": v.len(), "p50": pct(v, 0.5), "p95": pct(v, 0.95), "p99": pct(v, 0.99), "max": v[v.len() - 1]})
    };
    let mut all: Vec<f64> = plain.iter().chain(&filtered).copied().collect();
    println!(
        "{}",
        serde_json::json!({
            "engine": "rodedraad (tantivy)",
            "docs": index.doc_count(),
            "queries": reqs.len(),
            "total_hits": hits / 3,
            "all": summary(&mut all),
            "unfiltered": summary(&mut plain),
            "filtered": summary(&mut filtered),
        })
    );
}
