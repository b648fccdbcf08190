//! End-to-end tests of build / update / evaluate on synthetic embeddings: Gaussian blobs on the
//! unit sphere in 384 dimensions plus uniform noise.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;

const DIM: usize = 384;
const MUNICIPALITIES: [&str; 4] = ["Amsterdam", "Zaanstad", "Almere", "Diemen"];

/// An owned complaint; `input()` borrows it as a [`ThreadInput`].
#[derive(Clone)]
struct Rec {
    id: String,
    year: i32,
    month: u32,
    municipality: String,
    themes: Vec<String>,
    vector: Vec<f32>,
    stems: Vec<String>,
    surfaces: Vec<String>,
    gold: Option<String>,
}

impl Rec {
    fn input(&self) -> ThreadInput<'_> {
        ThreadInput {
            id: &self.id,
            year: self.year,
            month: self.month,
            municipality: &self.municipality,
            themes: &self.themes,
            vector: &self.vector,
            stems: &self.stems,
            surfaces: Some(&self.surfaces),
        }
    }
}

fn inputs(recs: &[Rec]) -> Vec<ThreadInput<'_>> {
    recs.iter().map(Rec::input).collect()
}

fn gauss(r: &mut ChaCha8Rng) -> f32 {
    let u: f64 = r.gen::<f64>().max(1e-12);
    let v: f64 = r.gen();
    ((-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()) as f32
}

fn unit(mut v: Vec<f32>) -> Vec<f32> {
    let s = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter_mut().for_each(|x| *x /= s);
    v
}

/// A blob: centre plus its own vocabulary.
struct Blob {
    name: String,
    centre: Vec<f32>,
    words: Vec<String>,
    municipality: Option<&'static str>,
    years: Vec<i32>,
}

struct Fixture {
    rng: ChaCha8Rng,
    /// Draws of the words added for the lexical features (see [`Fixture::member`]); separate,
    /// so the vectors and every other draw stay what they were before those words existed.
    words_rng: ChaCha8Rng,
    next: usize,
}

impl Fixture {
    fn new(seed: u64) -> Self {
        Fixture { rng: ChaCha8Rng::seed_from_u64(seed), words_rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_0f_70), next: 0 }
    }

    fn blob(&mut self, name: &str, words: &[&str], municipality: Option<&'static str>, years: &[i32]) -> Blob {
        let centre = unit((0..DIM).map(|_| gauss(&mut self.rng)).collect());
        Blob { name: name.to_string(), centre, words: words.iter().map(|w| w.to_string()).collect(), municipality, years: years.to_vec() }
    }

    /// Words of any letter: 6 draws of "gemeente", "brief", …, and 6 from 18 more.
    fn common_words(&mut self) -> Vec<String> {
        let common = ["gemeente", "brief", "klacht", "reactie", "wachten", "aanvraag"];
        let mut words: Vec<String> = (0..6).map(|_| common[self.rng.gen_range(0..common.len())].to_string()).collect();
        words.extend((0..6).map(|_| format!("algemeen{}", self.words_rng.gen_range(0..18))));
        words
    }

    /// Words of a one-off letter's own subject: 6 draws from 40 consecutive words of a pool of
    /// 400, so one-off letters share few of them.
    fn subject_words(&mut self) -> Vec<String> {
        let start = self.words_rng.gen_range(0..360);
        (0..6).map(|_| format!("onderwerp{}", start + self.words_rng.gen_range(0..40))).collect()
    }

    /// A member: the blob's signature words drawn 4 times, 8 draws from the blob's wider
    /// vocabulary of 16 words, and common words.
    ///
    /// Letters are made of many words so that the lexical features (`lexical_weight`) see
    /// something like what they see in real letters. With the signature words alone, each
    /// member was one of a handful of word-count profiles (`aaab`, `aabb`, …), repeated exactly
    /// across the blob: identical lexical vectors, which the neighbour graph turned into
    /// cliques, one thread per profile (14 threads for 5 blobs).
    fn member(&mut self, b: &Blob, year: i32, month: u32) -> Rec {
        let v = unit(b.centre.iter().map(|c| c + 0.8 * gauss(&mut self.rng) / (DIM as f32).sqrt()).collect());
        let mut words = self.common_words();
        for _ in 0..4 {
            words.push(b.words[self.rng.gen_range(0..b.words.len())].clone());
        }
        for _ in 0..8 {
            words.push(format!("{}woord{}", b.name.to_lowercase(), self.words_rng.gen_range(0..16)));
        }
        let municipality = match b.municipality {
            Some(m) if self.rng.gen::<f64>() < 0.9 => m.to_string(),
            _ => MUNICIPALITIES[self.rng.gen_range(0..MUNICIPALITIES.len())].to_string(),
        };
        self.rec(v, words, municipality, year, month, Some(b.name.clone()))
    }

    fn noise(&mut self, year: i32, month: u32) -> Rec {
        let v = unit((0..DIM).map(|_| gauss(&mut self.rng)).collect());
        let mut words = self.common_words();
        words.extend(self.subject_words());
        words.push(format!("uniek{}", self.next));
        let municipality = MUNICIPALITIES[self.rng.gen_range(0..MUNICIPALITIES.len())].to_string();
        self.rec(v, words, municipality, year, month, None)
    }

    fn rec(&mut self, vector: Vec<f32>, words: Vec<String>, municipality: String, year: i32, month: u32, gold: Option<String>) -> Rec {
        self.next += 1;
        // Stems: the word minus a plural "en"/"s" (enough to test surface forms).
        let stems = words.iter().map(|w| w.trim_end_matches("en").trim_end_matches('s').to_string()).collect();
        Rec {
            id: format!("C{:06}", self.next),
            year,
            month,
            municipality,
            themes: if gold.is_some() { vec!["wonen".to_string()] } else { vec![] },
            vector,
            stems,
            surfaces: words,
            gold,
        }
    }

    /// `per_month` members of every blob active in a year, and `noise` one-offs, for each month
    /// of each year.
    fn corpus(&mut self, blobs: &[Blob], years: &[i32], per_month: usize, noise: usize) -> Vec<Rec> {
        let mut out = Vec::new();
        for &y in years {
            for month in 1..=12 {
                for b in blobs.iter().filter(|b| b.years.contains(&y)) {
                    for _ in 0..per_month {
                        out.push(self.member(b, y, month));
                    }
                }
                for _ in 0..noise {
                    out.push(self.noise(y, month));
                }
            }
        }
        out
    }
}

fn standard_blobs(f: &mut Fixture) -> Vec<Blob> {
    vec![
        f.blob("G1", &["noodopvang", "verhuizen", "gezinnen"], None, &[2023, 2024]),
        f.blob("G2", &["parkeervergunning", "wachtlijst"], Some("Zaanstad"), &[2023, 2024]),
        f.blob("G3", &["leerlingenvervoer", "taxi", "school"], None, &[2023, 2024]),
        f.blob("G4", &["kwijtschelding", "belasting"], None, &[2023, 2024]),
        f.blob("G5", &["huurtoeslag", "terugvordering"], None, &[2023, 2024]),
    ]
}

/// Gold blob → count of a thread's members.
fn composition(recs: &[Rec], t: &Thread) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for m in &t.members {
        let g = recs.iter().find(|r| &r.id == m).and_then(|r| r.gold.clone()).unwrap_or_else(|| "-".into());
        *out.entry(g).or_default() += 1;
    }
    out
}

fn gold(recs: &[Rec]) -> Vec<GoldLabel<'_>> {
    recs.iter().map(|r| GoldLabel { id: &r.id, thread: r.gold.as_deref() }).collect()
}

fn member_sets(m: &ThreadModel) -> BTreeMap<String, Vec<String>> {
    m.threads.iter().map(|t| (t.id.clone(), t.members.clone())).collect()
}

#[test]
fn planted_blobs_are_recovered_and_noise_is_left_alone() {
    let mut f = Fixture::new(1);
    let blobs = standard_blobs(&mut f);
    let recs = f.corpus(&blobs, &[2023, 2024], 5, 12);
    let (model, mapping) = build(&inputs(&recs), "test-encoder", &ThreadParams::default(), None).unwrap();
    let comp: Vec<BTreeMap<String, usize>> = model.threads.iter().map(|t| t.members.iter().map(|m| recs.iter().find(|r| &r.id == m).unwrap().gold.clone().unwrap_or("-".into())).fold(BTreeMap::new(), |mut a, g| { *a.entry(g).or_default() += 1; a })).collect();
    assert_eq!(model.threads.len(), 5, "{:?} {comp:?}", model.diagnostics);
    assert_eq!(mapping.new.len(), 5);
    let e = evaluate(&model, &gold(&recs), &[]);
    assert!(e.ari > 0.95, "{e:?}");
    assert!(e.nmi > 0.9, "{e:?}");
    assert_eq!(e.recovered_80, 5, "{:?}", e.per_gold);
    assert!(e.noise_unassigned > 0.95, "{e:?}");
    for t in &model.threads {
        assert_eq!(t.size, t.members.len());
        assert!(t.cohesion > 0.6);
        assert_eq!(t.representatives.len(), 5);
        assert_eq!(t.per_year.values().sum::<usize>(), t.size);
        assert_eq!(t.per_municipality.values().sum::<usize>(), t.size);
        assert_eq!(t.themes.get("wonen"), Some(&t.size));
        assert!((t.centroid.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4);
    }
}

#[test]
fn labels_come_from_ctfidf_keywords_in_readable_form() {
    let mut f = Fixture::new(2);
    let blobs = standard_blobs(&mut f);
    let recs = f.corpus(&blobs, &[2023, 2024], 4, 8);
    let (model, _) = build(&inputs(&recs), "e", &ThreadParams::default(), None).unwrap();
    let noodopvang = model.threads.iter().find(|t| t.members.contains(&recs[0].id)).expect("G1 found");
    // The blob's own words, not the shared ones, and as surface forms ("gezinnen", not "gezinn").
    let words: Vec<&str> = noodopvang.keywords.iter().take(3).map(|k| k.word.as_str()).collect();
    let mut expected = vec!["gezinnen", "noodopvang", "verhuizen"];
    let mut got = words.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "{:?}", noodopvang.keywords);
    assert_eq!(noodopvang.label.split(" · ").count(), 3, "{}", noodopvang.label);
    assert!(noodopvang.keywords.iter().any(|k| k.stem == "gezinn" && k.word == "gezinnen"));
}

#[test]
fn same_seed_same_model_whatever_the_input_order() {
    let mut f = Fixture::new(3);
    let blobs = standard_blobs(&mut f);
    let recs = f.corpus(&blobs, &[2024], 6, 10);
    let a = build(&inputs(&recs), "e", &ThreadParams::default(), None).unwrap().0;
    let mut shuffled = recs.clone();
    shuffled.reverse();
    shuffled.swap(3, 100);
    let b = build(&inputs(&shuffled), "e", &ThreadParams::default(), None).unwrap().0;
    let (ja, jb) = (serde_json::to_string_pretty(&a).unwrap(), serde_json::to_string_pretty(&b).unwrap());
    assert!(ja == jb, "model JSON differs with the input order");
    // And the JSON reads back (floats may differ in the last bit without serde_json's
    // `float_roundtrip` feature, so compare the structure).
    let back: ThreadModel = serde_json::from_str(&ja).unwrap();
    assert_eq!(member_sets(&back), member_sets(&a));
    assert_eq!(back.next_id, a.next_id);
}

#[test]
fn incremental_month_equals_rebuild_and_ids_survive() {
    let mut f = Fixture::new(4);
    let blobs = standard_blobs(&mut f);
    let recs = f.corpus(&blobs, &[2024], 6, 10);
    let first: Vec<Rec> = recs.iter().filter(|r| r.month <= 11).cloned().collect();
    let (m11, _) = build(&inputs(&first), "e", &ThreadParams::default(), None).unwrap();
    let (updated, stats) = update(&m11, &inputs(&recs), "e", &ThreadParams::default()).unwrap();
    let (rebuilt, mapping) = build(&inputs(&recs), "e", &ThreadParams::default(), Some(&m11)).unwrap();
    let (a, b) = (member_sets(&updated), member_sets(&rebuilt));
    for (id, ms) in &a {
        let other = b.get(id).cloned().unwrap_or_default();
        let only_a: Vec<_> = ms.iter().filter(|x| !other.contains(x)).collect();
        let only_b: Vec<_> = other.iter().filter(|x| !ms.contains(x)).collect();
        assert!(only_a.is_empty() && only_b.is_empty(), "{id}: update only {only_a:?}, rebuild only {only_b:?}");
    }
    assert_eq!(a, b);
    // Ids survive the added month, in both routes.
    let ids11: Vec<&str> = m11.threads.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids11, rebuilt.threads.iter().map(|t| t.id.as_str()).collect::<Vec<_>>());
    assert!(mapping.new.is_empty());
    assert!(mapping.old.iter().all(|(old, fate)| *fate == IdFate::Kept(old.clone())), "{mapping:?}");
    assert!(stats.new_threads.is_empty());
    assert_eq!(stats.assigned, 5 * 6, "{stats:?}");
    assert_eq!(stats.updated_threads.len(), 5);
    assert_eq!(stats.unassigned, updated.unassigned);
    assert_eq!(updated.complaints, recs.len());
}

#[test]
fn a_new_cause_starts_a_new_thread_that_is_emerging() {
    let mut f = Fixture::new(5);
    let mut blobs = standard_blobs(&mut f);
    blobs.push(f.blob("NEW", &["energietoeslag", "weigering"], None, &[2025]));
    let recs = f.corpus(&blobs, &[2023, 2024, 2025], 3, 8);
    let old: Vec<Rec> = recs.iter().filter(|r| r.year <= 2024).cloned().collect();
    let (m, _) = build(&inputs(&old), "e", &ThreadParams::default(), None).unwrap();
    let comp: Vec<BTreeMap<String, usize>> = m.threads.iter().map(|t| t.members.iter().map(|x| recs.iter().find(|r| &r.id == x).unwrap().gold.clone().unwrap_or("-".into())).fold(BTreeMap::new(), |mut a, g| { *a.entry(g).or_default() += 1; a })).collect();
    assert_eq!(m.threads.len(), 5, "{comp:?}");
    let (u, stats) = update(&m, &inputs(&recs), "e", &ThreadParams::default()).unwrap();
    assert_eq!(stats.new_threads, vec!["D0006".to_string()], "{stats:?}");
    let t = u.thread("D0006").unwrap();
    assert!(t.members.iter().all(|id| recs.iter().any(|r| &r.id == id && r.gold.as_deref() == Some("NEW"))));
    assert_eq!(t.trend.trend, Trend::Emerging, "{:?}", t.trend);
    assert_eq!(u.next_id, 7);
    // The evaluation flags it as emerging in its start year.
    let planted = vec![PlantedInfo { id: "NEW".into(), start_year: 2025, trend: Trend::Emerging }];
    let e = evaluate(&u, &gold(&recs), &planted);
    assert!(e.emerging[0].flagged, "{:?}", e.emerging);
    assert_eq!(e.emerging[0].thread.as_deref(), Some("D0006"));
}

#[test]
fn a_local_thread_is_flagged_with_its_municipality() {
    let mut f = Fixture::new(6);
    let blobs = standard_blobs(&mut f);
    let recs = f.corpus(&blobs, &[2024], 6, 10);
    let (m, _) = build(&inputs(&recs), "e", &ThreadParams::default(), None).unwrap();
    let flagged: Vec<&Thread> = m.threads.iter().filter(|t| t.concentration.is_some()).collect();
    assert_eq!(flagged.len(), 1, "{:?}", m.threads.iter().map(|t| &t.per_municipality).collect::<Vec<_>>());
    let c = flagged[0].concentration.as_ref().unwrap();
    assert_eq!(c.municipality, "Zaanstad");
    assert!(c.share > 0.8 && c.odds_ratio > 3.0 && c.z > 3.0);
}

#[test]
fn rebuild_maps_a_vanished_thread_and_gives_fresh_ids() {
    let mut f = Fixture::new(7);
    let blobs = standard_blobs(&mut f);
    let recs = f.corpus(&blobs, &[2024], 6, 10);
    let (m, _) = build(&inputs(&recs), "e", &ThreadParams::default(), None).unwrap();
    let comp: Vec<BTreeMap<String, usize>> = m.threads.iter().map(|t| t.members.iter().map(|x| recs.iter().find(|r| &r.id == x).unwrap().gold.clone().unwrap_or("-".into())).fold(BTreeMap::new(), |mut a, g| { *a.entry(g).or_default() += 1; a })).collect();
    assert_eq!(m.threads.len(), 5, "{comp:?} {:?}", m.diagnostics);
    // Remove the members of one blob: its id is dissolved, the others are kept.
    let without: Vec<Rec> = recs.iter().filter(|r| r.gold.as_deref() != Some("G3")).cloned().collect();
    let assigned = m.assignments();
    let g3_id = recs.iter().filter(|r| r.gold.as_deref() == Some("G3")).find_map(|r| assigned.get(r.id.as_str())).unwrap().to_string();
    let (m2, mapping) = build(&inputs(&without), "e", &ThreadParams::default(), Some(&m)).unwrap();
    assert_eq!(mapping.old[&g3_id], IdFate::Dissolved);
    assert_eq!(m2.threads.len(), 4, "{:?}", m2.threads.iter().map(|t| (t.id.as_str(), composition(&recs, t))).collect::<Vec<_>>());
    assert!(m2.threads.iter().all(|t| t.id != g3_id));
    assert_eq!(m2.next_id, m.next_id);
    // Bring them back: a fresh id, never the old one.
    let (m3, mapping) = build(&inputs(&recs), "e", &ThreadParams::default(), Some(&m2)).unwrap();
    assert_eq!(mapping.new, vec![format!("D{:04}", m2.next_id)]);
    assert_eq!(m3.threads.len(), 5);
}

#[test]
fn tiny_and_malformed_inputs() {
    let p = ThreadParams::default();
    let (m, map) = build(&[], "e", &p, None).unwrap();
    assert!(m.threads.is_empty() && map.new.is_empty() && m.as_of_year.is_none());
    let mut f = Fixture::new(8);
    let one = vec![f.noise(2024, 1)];
    let (m, _) = build(&inputs(&one), "e", &p, None).unwrap();
    assert!(m.threads.is_empty());
    assert_eq!(m.unassigned, 1);
    let (u, stats) = update(&m, &inputs(&one), "e", &p).unwrap();
    assert!(u.threads.is_empty() && stats.new_threads.is_empty());

    let mut dup = vec![f.noise(2024, 1), f.noise(2024, 2)];
    dup[1].id = dup[0].id.clone();
    assert!(matches!(build(&inputs(&dup), "e", &p, None), Err(ThreadError::DuplicateId { .. })));
    let mut short = vec![f.noise(2024, 1), f.noise(2024, 2)];
    short[1].vector.pop();
    assert!(matches!(build(&inputs(&short), "e", &p, None), Err(ThreadError::DimensionMismatch { .. })));
    let mut nan = vec![f.noise(2024, 1), f.noise(2024, 2)];
    nan[0].vector[3] = f32::NAN;
    assert!(matches!(build(&inputs(&nan), "e", &p, None), Err(ThreadError::BadVector { .. })));
    let bad = ThreadParams { min_attachment: 0.0, ..ThreadParams::default() };
    assert!(matches!(build(&inputs(&one), "e", &bad, None), Err(ThreadError::InvalidParams { .. })));
}

#[test]
fn update_refuses_vectors_of_another_encoder() {
    let mut f = Fixture::new(9);
    let blobs = standard_blobs(&mut f);
    let recs = f.corpus(&blobs, &[2024], 3, 5);
    let (m, _) = build(&inputs(&recs), "minilm", &ThreadParams::default(), None).unwrap();
    assert!(!m.threads.is_empty());
    assert!(matches!(update(&m, &inputs(&recs), "e5", &ThreadParams::default()), Err(ThreadError::EncoderMismatch { .. })));
}

#[test]
fn an_update_without_new_complaints_changes_nothing() {
    let mut f = Fixture::new(10);
    let blobs = standard_blobs(&mut f);
    let recs = f.corpus(&blobs, &[2024], 5, 10);
    let (m, _) = build(&inputs(&recs), "e", &ThreadParams::default(), None).unwrap();
    let (u, stats) = update(&m, &inputs(&recs), "e", &ThreadParams::default()).unwrap();
    assert_eq!(stats.assigned, 0, "{stats:?}");
    assert!(stats.new_threads.is_empty() && stats.updated_threads.is_empty());
    assert_eq!(member_sets(&m), member_sets(&u));
}

#[test]
fn the_hdbscan_method_recovers_the_blobs_too() {
    let mut f = Fixture::new(11);
    let blobs = standard_blobs(&mut f);
    let recs = f.corpus(&blobs, &[2024], 6, 10);
    let params = ThreadParams { method: Method::Hdbscan, max_thread_share: 0.3, ..ThreadParams::default() };
    let (model, _) = build(&inputs(&recs), "e", &params, None).unwrap();
    let e = evaluate(&model, &gold(&recs), &[]);
    assert_eq!(e.recovered_80, 5, "{:?}", e.per_gold);
    assert!(e.ari > 0.9 && e.noise_unassigned > 0.9, "{e:?}");
}

#[test]
fn deleted_complaints_leave_the_model_whether_in_a_thread_or_not() {
    let mut f = Fixture::new(12);
    let blobs = standard_blobs(&mut f);
    let recs = f.corpus(&blobs, &[2024], 6, 10);
    let (m, _) = build(&inputs(&recs), "e", &ThreadParams::default(), None).unwrap();
    let member = m.threads[0].representatives[0].clone();
    let loner = m.unassigned_ids[0].clone();
    let rest: Vec<Rec> = recs.iter().filter(|r| r.id != member && r.id != loner).cloned().collect();
    let (u, stats) = update(&m, &inputs(&rest), "e", &ThreadParams::default()).unwrap();
    assert_eq!((stats.removed_members, stats.removed_unassigned, stats.considered), (1, 1, 0), "{stats:?}");
    let json = serde_json::to_string(&u).unwrap();
    assert!(!json.contains(&format!("\"{member}\"")) && !json.contains(&format!("\"{loner}\"")));
    assert_eq!(u.complaints, recs.len() - 2);
}
