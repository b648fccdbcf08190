use rodedraad::threads::*;
use std::collections::BTreeMap;
fn env<T: std::str::FromStr>(k: &str) -> Option<T> { std::env::var(k).ok().and_then(|v| v.parse().ok()) }
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(format!("{path}.f32")).unwrap();
    let v: Vec<f32> = bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    struct R { id: String, year: i32, month: u32, muni: String, themes: Vec<String>, thread: Option<String>, stems: Vec<String>, surf: Vec<String> }
    let t = std::time::Instant::now();
    let lines: Vec<String> = std::fs::read_to_string(&path).unwrap().lines().map(String::from).collect();
    use rayon::prelude::*;
    let recs: Vec<R> = lines.par_iter().map(|l| {
        let r: serde_json::Value = serde_json::from_str(l).unwrap();
        let rec = r["received"].as_str().unwrap();
        let (stems, surf) = ctfidf::stems_and_surfaces(r["text"].as_str().unwrap());
        R { id: r["id"].as_str().unwrap().into(), year: rec[..4].parse().unwrap(), month: rec[5..7].parse().unwrap(), muni: r["municipality"].as_str().unwrap().into(),
            themes: r["themes"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect(), thread: r.get("thread").and_then(|x| x.as_str()).map(String::from), stems, surf }
    }).collect();
    eprintln!("analysis {:.1}s", t.elapsed().as_secs_f64());
    let d = v.len() / recs.len();
    let inputs: Vec<ThreadInput> = recs.iter().enumerate().map(|(i, r)| ThreadInput { id: &r.id, year: r.year, month: r.month, municipality: &r.muni, themes: &r.themes, vector: &v[i * d..(i + 1) * d], stems: &r.stems, surfaces: Some(&r.surf) }).collect();
    let mut p = ThreadParams::default();
    if let Some(x) = env("REDUCE") { p.reduce_dims = x; }
    if let Some(x) = env("K") { p.neighbours = x; }
    if let Some(x) = env::<usize>("MCS") { p.min_cluster_size = Some(x); }
    if let Some(x) = env::<usize>("MS") { p.min_samples = Some(x); }
    if let Some(x) = env::<String>("SEL") { p.selection = if x == "leaf" { Selection::Leaf } else { Selection::ExcessOfMass }; }
    if let Some(x) = env("RES") { p.resolution = x; }
    if let Some(x) = env("MERGE") { p.merge_share = x; }
    if let Some(x) = env("ATT") { p.min_attachment = x; }
    if let Some(x) = env::<String>("METHOD") { p.method = if x == "hdbscan" { Method::Hdbscan } else { Method::Communities }; }
    if let Some(x) = env("MINCOH") { p.min_cohesion = x; }
    if let Some(x) = env("MAXSHARE") { p.max_thread_share = x; }
    let t = std::time::Instant::now();
    let (m, _) = build(&inputs, "minilm", &p, None).unwrap();
    let el = t.elapsed().as_secs_f64();
    let gold: Vec<GoldLabel> = recs.iter().map(|r| GoldLabel { id: &r.id, thread: r.thread.as_deref() }).collect();
    let planted: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(format!("{path}.planted.json")).unwrap()).unwrap();
    let pl: Vec<PlantedInfo> = planted.iter().map(|x| PlantedInfo { id: x["id"].as_str().unwrap().into(), start_year: x["start_year"].as_i64().unwrap() as i32,
        trend: serde_json::from_value(x["trend"].clone()).unwrap() }).collect();
    let e = evaluate(&m, &gold, &pl);
    println!("build {el:.1}s threads={} unassigned={:.3} ARI={:.3} NMI={:.3} ARI_thr={:.3} rec80={}/{} noise_left={:.3} thr_assigned={:.3} emerging={}/{} diag={:?}",
        m.threads.len(), m.unassigned as f64 / m.complaints as f64, e.ari, e.nmi, e.ari_threaded, e.recovered_80, e.per_gold.len(), e.noise_unassigned, e.threaded_assigned,
        e.emerging.iter().filter(|x| x.flagged).count(), e.emerging.len(), m.diagnostics);
    if std::env::var("SHOW").is_ok() {
        for g in &e.per_gold { let tr = pl.iter().find(|p| p.id == g.gold).unwrap(); let th = g.best_thread.as_deref().and_then(|t| m.thread(t));
            println!("{} n={} -> {:?} share={:.2} purity={:.2} gold={:?} got={:?} {}", g.gold, g.size, g.best_thread, g.share, g.purity, tr.trend, th.map(|t| t.trend.trend), th.map(|t| t.label.as_str()).unwrap_or("")); }
        for t in &m.threads { let gm: BTreeMap<&str, usize> = t.members.iter().filter_map(|id| recs.iter().find(|r| &r.id == id).and_then(|r| r.thread.as_deref())).fold(BTreeMap::new(), |mut a, x| { *a.entry(x).or_default() += 1; a });
            println!("{} size={} coh={:.3} {} | {:?} conc={:?} | {}", t.id, t.size, t.cohesion, t.label, gm, t.concentration.as_ref().map(|c| &c.municipality), t.trend.explanation); }
        for x in &e.emerging { println!("{x:?}"); }
    }
}
