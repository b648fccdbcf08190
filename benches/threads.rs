//! Thread finding on stored complaints (issue: rode draden — benchmark). Run by
//! `bench/threads.sh`, which runs BERTopic on the same texts and the same vectors.
//!
//! usage: cargo bench --bench threads -- DATA_DIR OUT_PREFIX [PARAMS.toml]
//! PARAMS.toml, if given, overrides the default parameters (the keys of the `[clustering]`
//! table of `rodedraad.toml`, at top level).
//! DATA_DIR is a `rodedraad run` data dir over a generated corpus (index with gold thread
//! labels, vector cache with the default encoder's vectors). Builds threads from scratch with
//! the default parameters, timed (text analysis for c-TF-IDF + clustering + labels and trends:
//! everything after the vectors are at hand, as BERTopic's `fit_transform` given embeddings),
//! evaluates against the gold labels and prints one JSON object. Writes OUT_PREFIX.f32 (the
//! vectors, little-endian f32, index order) and OUT_PREFIX.jsonl (id, gold thread, text) for
//! the peer.

use std::io::Write;
use std::time::Instant;

use rodedraad::config::Config;
use rodedraad::embed::{self, cache::VectorCache, Precision};
use rodedraad::index::ComplaintIndex;
use rodedraad::pipeline;
use rodedraad::threads::{self, GoldLabel, PlantedInfo, ThreadParams};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if !(2..=3).contains(&args.len()) {
        eprintln!("usage: threads DATA_DIR OUT_PREFIX [PARAMS.toml]");
        std::process::exit(2);
    }
    let (data, prefix) = (std::path::Path::new(&args[0]), &args[1]);
    let model_id = embed::model_id(&Config::default_models_dir(), Config::DEFAULT_ENCODER, Precision::default())
        .expect("model folder");
    let index = ComplaintIndex::open_or_create(&data.join("index")).expect("index");
    let cache = VectorCache::open(&data.join("vectors.redb")).expect("vector cache");
    let mut stored = index.all().expect("stored complaints");
    stored.sort_by(|a, b| a.id.cmp(&b.id));
    let hashes: Vec<&str> = stored.iter().map(|c| c.text_hash.as_str()).collect();
    let vectors: Vec<Vec<f32>> = cache
        .get_many(&model_id, &hashes)
        .expect("cache read")
        .into_iter()
        .zip(&stored)
        .map(|(v, c)| v.unwrap_or_else(|| panic!("no {model_id} vector for {}: run `rodedraad run` first", c.id)))
        .collect();

    let params: ThreadParams = match args.get(2) {
        Some(p) => toml::from_str(&std::fs::read_to_string(p).expect("params file")).expect("params"),
        None => ThreadParams::default(),
    };
    let start = Instant::now();
    let analysed = pipeline::threads::analyse(&stored);
    let analysis_s = start.elapsed().as_secs_f64();
    let inputs = pipeline::threads::thread_inputs(&stored, &vectors, &analysed);
    let (model, _) = threads::build(&inputs, &model_id, &params, None).expect("build");
    let total_s = start.elapsed().as_secs_f64();

    let gold: Vec<GoldLabel> =
        stored.iter().map(|c| GoldLabel { id: &c.id, thread: c.gold_thread.as_deref() }).collect();
    let planted: Vec<PlantedInfo> =
        rodedraad::corpus::planted_threads(&rodedraad::corpus::GenerateOptions { count: 0, seed: 0 })
            .into_iter()
            .map(|p| PlantedInfo { id: p.id, start_year: p.start_year, trend: p.trend })
            .collect();
    let e = threads::evaluate(&model, &gold, &planted);

    let mut f = std::io::BufWriter::new(std::fs::File::create(format!("{prefix}.f32")).expect("vectors file"));
    for v in &vectors {
        for x in v {
            f.write_all(&x.to_le_bytes()).expect("write");
        }
    }
    let mut g = std::io::BufWriter::new(std::fs::File::create(format!("{prefix}.jsonl")).expect("texts file"));
    for c in &stored {
        let row = serde_json::json!({"id": c.id, "thread": c.gold_thread, "year": chrono::Datelike::year(&c.received), "text": c.text});
        writeln!(g, "{row}").expect("write");
    }
    println!(
        "{}",
        serde_json::json!({
            "engine": "rodedraad", "complaints": stored.len(), "encoder": model_id,
            "threads": model.threads.len(), "unassigned_share": model.unassigned as f64 / stored.len().max(1) as f64,
            "seconds": total_s, "analysis_seconds": analysis_s,
            "ari": e.ari, "nmi": e.nmi, "ari_threaded": e.ari_threaded,
            "recovered_80": e.recovered_80, "gold_threads": e.per_gold.len(),
            "emerging_flagged": e.emerging.iter().filter(|x| x.flagged).count(), "emerging": e.emerging.len(),
            "per_gold": e.per_gold, "emerging_checks": e.emerging,
        })
    );
}
