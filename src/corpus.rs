//! Synthetic complaint corpus for development, tests and benchmarks
//! (`rodedraad corpus generate --out FILE --count N --seed S`).
//!
//! # Why
//! Real ombudsman letters cannot leave the ombudsman's systems, yet every stage of the pipeline
//! (ingest, privacy guard, index, embeddings, theme classifier, thread clustering, trend report)
//! needs realistic input at realistic volume, *and* a ground truth to score against. This module
//! writes letters that look like an anonymised export of the Ombudsman Metropool Amsterdam —
//! formal letters, short web-form texts, angry e-mails, helpers writing "namens mijn cliënte",
//! telephone notes, writers with limited Dutch, typos — with gold labels:
//!
//! * `themes`: `jeugd`, `wonen`, `toeslagen` (multi-label, ~10% two themes) or `[]` for the
//!   ~40% of complaints about other subjects. Hard negatives are included on purpose (a child
//!   mentioned in a parking complaint, bijstand that is not a toeslag, a parent's Wmo request).
//! * `thread`: the planted "rode draad" (`T01`…`T27`) for ~20% of complaints. Members of one
//!   thread are different residents, writing in different voices and channels, sharing ONE
//!   concrete systemic cause described in varied words; each thread has a start/end year and a
//!   trend shape (emerging, growing, stable, fading) and sometimes a home municipality. See
//!   [`planted_threads`].
//! * ~2% of records contain residual personal data the "manual anonymisation" missed (06-number,
//!   e-mail at example.com/.net/.org, BSN passing the 11-proef, postcode + house number, a name).
//!   All values are synthetic; they exist to exercise the privacy guard.
//!
//! Heavy corpora are generated on demand, never committed: the output is a pure function of
//! `(seed, count)`.
//!
//! # Contracts
//! * Same [`GenerateOptions`] → byte-identical output on every platform: one
//!   `ChaCha8Rng::seed_from_u64(seed)` stream, no clock, no `thread_rng`, no hash-map iteration,
//!   only basic IEEE float operations (no `powf`/`exp`), indices drawn through `u32`.
//! * Output is JSON Lines, keys in the fixed order `id, received, municipality, channel, text,
//!   themes, thread`; `themes` is always present (possibly `[]`), `thread` only on threaded
//!   records. Records are streamed; memory does not grow with `count` beyond an 8-byte hash per
//!   record used to guarantee unique texts.
//! * Years 2019–2025 with growing volume; within a year records are in date order and ids
//!   (`OMA-<year>-<6-digit sequence>`) are unique and increase with the date.
//! * Texts have 15..=400 words.

mod bank;
mod compose;
mod render;
#[cfg(test)]
mod tests;
mod threads;

use std::collections::{BTreeMap, HashSet};
use std::io::{self, BufWriter, Write};

use chrono::{Datelike, NaiveDate, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::model::MUNICIPALITIES;
use compose::{compose, plan_pii, PiiPlan, Voice};
use render::{pick_weighted, Ctx, Person};

pub use compose::bsn_is_valid;

/// First and last year of the generated corpus (inclusive).
pub const FIRST_YEAR: i32 = 2019;
pub const LAST_YEAR: i32 = 2025;
/// The gold theme labels.
pub const THEMES: [&str; 3] = ["jeugd", "wonen", "toeslagen"];
/// The `channel` values the generator writes.
pub const CHANNELS: [&str; 5] = [
    "webformulier",
    "e-mail",
    "brief",
    "telefoon",
    "via hulpverlener",
];

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    pub count: usize,
    pub seed: u64,
}

/// Counts of what was written (for the CLI summary and sanity checks).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenerateSummary {
    pub written: usize,
    pub per_year: BTreeMap<i32, usize>,
    pub per_municipality: BTreeMap<String, usize>,
    /// Per theme label; a two-theme record counts for both.
    pub per_theme: BTreeMap<String, usize>,
    /// Number of distinct planted threads that received at least one member.
    pub threads: usize,
    pub threaded_complaints: usize,
    /// Records with `themes: []`.
    pub unthemed: usize,
    /// Records containing residual (synthetic) personal data.
    pub residual_pii: usize,
}

/// Shape of a planted thread's volume over its active years: the same four trends the
/// thread finder detects, so evaluation compares like with like.
pub use crate::threads::Trend;

/// Gold description of one planted thread (for evaluation and benchmarks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlantedThread {
    /// `T01` …; matches the `thread` field of its member records.
    pub id: String,
    pub themes: Vec<String>,
    /// No member is received before 1 January of this year…
    pub start_year: i32,
    /// …or after 31 December of this one.
    pub end_year: i32,
    pub trend: Trend,
    /// Municipality where ~90% of the members live, if the cause is local.
    pub municipality: Option<String>,
    /// The shared systemic cause, in Dutch.
    pub cause: String,
}

/// The planted threads. The catalog is fixed (it does not vary with the seed); with very small
/// `count` a thread may end up with few or no members — [`GenerateSummary::threads`] says how
/// many got at least one.
pub fn planted_threads(_opts: &GenerateOptions) -> Vec<PlantedThread> {
    threads::THREADS
        .iter()
        .map(|t| PlantedThread {
            id: t.id.to_string(),
            themes: t.topic.themes.iter().map(|s| s.to_string()).collect(),
            start_year: t.start,
            end_year: t.end,
            trend: t.trend,
            municipality: t.municipality.map(str::to_string),
            cause: t.cause.to_string(),
        })
        .collect()
}

// ───────────────────────────── distributions ─────────────────────────────

/// Relative complaint volume per year (growing; 2020 dips slightly below trend).
const YEAR_WEIGHTS: [(i32, u64); 7] = [
    (2019, 100),
    (2020, 106),
    (2021, 117),
    (2022, 127),
    (2023, 139),
    (2024, 152),
    (2025, 166),
];
/// Same order as `model::MUNICIPALITIES`: Amsterdam, Almere, Amstelveen, Diemen, Landsmeer,
/// Waterland, Zaanstad. Amsterdam ~70%, then Zaanstad, Almere, Amstelveen, Diemen, Landsmeer,
/// Waterland.
const MUNICIPALITY_WEIGHTS: [u32; 7] = [700, 90, 55, 25, 11, 9, 110];
/// Seasonality: quieter in summer and around Christmas.
const MONTH_WEIGHTS: [u64; 12] = [110, 100, 108, 100, 95, 98, 72, 70, 108, 112, 106, 80];
const CHANNEL_WEIGHTS: [u32; 5] = [45, 25, 12, 10, 8];
/// Share of all records that belong to a planted thread (in expectation).
const THREAD_SHARE: f64 = 0.20;
/// Share of records with residual personal data.
const PII_SHARE: f64 = 0.02;

fn voice_for_channel(rng: &mut ChaCha8Rng, channel: &str) -> Voice {
    use Voice::*;
    match channel {
        "brief" => [Formal, Helper, Limited][pick_weighted(rng, &[82, 10, 8])],
        "webformulier" => [WebForm, Angry, Limited, Formal][pick_weighted(rng, &[58, 14, 14, 14])],
        "e-mail" => [Formal, Angry, Limited, WebForm][pick_weighted(rng, &[38, 32, 10, 20])],
        "telefoon" => Phone,
        _ => Helper,
    }
}

/// Relative intensity of thread `t` in `year` (0 outside its active years).
fn intensity(t: &threads::ThreadDef, year: i32) -> f64 {
    if year < t.start || year > t.end {
        return 0.0;
    }
    let n = (t.end - t.start + 1) as f64;
    let k = (year - t.start) as f64;
    let frac = if n > 1.0 { k / (n - 1.0) } else { 1.0 };
    match t.trend {
        Trend::Stable => [1.0, 0.9, 1.05, 0.95, 1.0, 0.92, 1.04][(year - t.start) as usize % 7],
        Trend::Growing => 0.3 + 0.7 * frac,
        Trend::Fading => 1.0 - 0.85 * frac,
        Trend::Emerging => 0.15 + 0.85 * frac * frac,
    }
}

/// Per-year, per-thread membership probability for a single record, calibrated so that
/// `THREAD_SHARE` of all records are threaded in expectation.
fn thread_rates() -> BTreeMap<i32, Vec<f64>> {
    let total_w: u64 = YEAR_WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut raw = BTreeMap::new();
    let mut mass = 0.0;
    for &(year, w) in &YEAR_WEIGHTS {
        let v = w as f64 / total_w as f64;
        let rates: Vec<f64> = threads::THREADS
            .iter()
            .map(|t| t.base as f64 / 100.0 * intensity(t, year))
            .collect();
        mass += v * rates.iter().sum::<f64>();
        raw.insert(year, rates);
    }
    let scale = THREAD_SHARE / mass;
    raw.into_iter()
        .map(|(y, r)| (y, r.into_iter().map(|x| x * scale).collect()))
        .collect()
}

/// Splits `count` over the years by largest remainder (exact, integer).
fn per_year_counts(count: usize) -> Vec<(i32, usize)> {
    let total: u64 = YEAR_WEIGHTS.iter().map(|(_, w)| w).sum();
    let c = count as u64;
    let mut out: Vec<(i32, usize)> = YEAR_WEIGHTS
        .iter()
        .map(|&(y, w)| (y, (c * w / total) as usize))
        .collect();
    let assigned: usize = out.iter().map(|(_, n)| n).sum();
    let mut order: Vec<usize> = (0..YEAR_WEIGHTS.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(c * YEAR_WEIGHTS[i].1 % total), i));
    for &i in order.iter().take(count - assigned) {
        out[i].1 += 1;
    }
    out
}

/// Cumulative day weights of one year (seasonality × weekday), for date quantiles.
struct DayTable {
    first: NaiveDate,
    cumulative: Vec<u64>,
}

impl DayTable {
    fn new(year: i32) -> DayTable {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
        let mut cumulative = Vec::with_capacity(366);
        let mut acc = 0u64;
        let mut d = first;
        while d.year() == year {
            let wd = if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                4
            } else {
                10
            };
            acc += wd * MONTH_WEIGHTS[d.month0() as usize];
            cumulative.push(acc);
            d = d.succ_opt().expect("date in range");
        }
        DayTable { first, cumulative }
    }

    /// Date of record `i` of `n`: stratified quantiles, so dates are non-decreasing in `i`.
    fn date(&self, i: usize, n: usize, u: f64) -> NaiveDate {
        let total = *self.cumulative.last().expect("non-empty year");
        let pos = ((i as f64 + u) / n as f64 * total as f64) as u64;
        let pos = pos.min(total - 1);
        let day = self.cumulative.partition_point(|&c| c <= pos);
        self.first + chrono::Duration::days(day as i64)
    }
}

/// FNV-1a, 64-bit: a fixed, portable hash for the duplicate check.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    received: &'a str,
    municipality: &'a str,
    channel: &'a str,
    text: &'a str,
    themes: &'a [&'a str],
    #[serde(skip_serializing_if = "Option::is_none")]
    thread: Option<&'a str>,
}

/// Writes `count` JSON Lines records to `out`. Same options → same bytes, on any platform.
pub fn generate<W: Write>(out: W, opts: &GenerateOptions) -> io::Result<GenerateSummary> {
    let mut w = BufWriter::with_capacity(1 << 16, out);
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let rates = thread_rates();
    let one_off_weights: Vec<u32> = bank::ONE_OFFS.iter().map(|o| o.weight).collect();
    let mut seen: HashSet<u64> = HashSet::with_capacity(opts.count);
    let mut summary = GenerateSummary::default();
    let mut members: BTreeMap<&str, usize> = BTreeMap::new();
    let mut line = Vec::with_capacity(4096);

    for (year, n) in per_year_counts(opts.count) {
        if n == 0 {
            continue;
        }
        let days = DayTable::new(year);
        let year_rates = &rates[&year];
        for i in 0..n {
            let received = days.date(i, n, rng.gen::<f64>());
            // Thread membership first: it fixes the topic and may fix the municipality.
            let u: f64 = rng.gen();
            let mut acc = 0.0;
            let mut thread = None;
            for (t, r) in threads::THREADS.iter().zip(year_rates) {
                acc += r;
                if u < acc {
                    thread = Some(t);
                    break;
                }
            }
            let municipality: &'static str = match thread.and_then(|t| t.municipality) {
                Some(m) if rng.gen_bool(0.9) => m,
                _ => MUNICIPALITIES[pick_weighted(&mut rng, &MUNICIPALITY_WEIGHTS)],
            };
            let topic = match thread {
                Some(t) => &t.topic,
                None => &bank::ONE_OFFS[pick_weighted(&mut rng, &one_off_weights)].topic,
            };
            let channel = CHANNELS[pick_weighted(&mut rng, &CHANNEL_WEIGHTS)];
            let voice = voice_for_channel(&mut rng, channel);
            let writer_female = rng.gen_bool(0.62);
            let person = match voice {
                Voice::Helper | Voice::Phone => Person::Third {
                    female: writer_female,
                },
                _ => Person::First,
            };
            let pii = if rng.gen_bool(PII_SHARE) {
                plan_pii(&mut rng, writer_female, municipality)
            } else {
                PiiPlan::default()
            };
            let mut ctx = Ctx::new(&mut rng, person, writer_female, municipality, received);
            // Compose; on an exact duplicate, recompose with extra specifics.
            let mut variation = 0;
            let text = loop {
                let mut c = ctx.clone();
                let text = compose(&mut rng, topic, voice, &mut c, &pii, variation);
                if seen.insert(fnv1a(&text)) || variation >= 8 {
                    break text;
                }
                variation += 1;
                ctx.reroll(&mut rng);
            };

            let id = format!("OMA-{year}-{:06}", i + 1);
            let received_s = format!(
                "{:04}-{:02}-{:02}",
                received.year(),
                received.month(),
                received.day()
            );
            let rec = Record {
                id: &id,
                received: &received_s,
                municipality,
                channel,
                text: &text,
                themes: topic.themes,
                thread: thread.map(|t| t.id),
            };
            line.clear();
            serde_json::to_writer(&mut line, &rec).map_err(io::Error::other)?;
            line.push(b'\n');
            w.write_all(&line)?;

            summary.written += 1;
            *summary.per_year.entry(year).or_default() += 1;
            *summary
                .per_municipality
                .entry(municipality.to_string())
                .or_default() += 1;
            for t in topic.themes {
                *summary.per_theme.entry(t.to_string()).or_default() += 1;
            }
            if topic.themes.is_empty() {
                summary.unthemed += 1;
            }
            if pii.any() {
                summary.residual_pii += 1;
            }
            if let Some(t) = thread {
                summary.threaded_complaints += 1;
                *members.entry(t.id).or_default() += 1;
            }
        }
    }
    summary.threads = members.len();
    w.flush()?;
    Ok(summary)
}
