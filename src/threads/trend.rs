//! Trend of a thread over the years: emerging, growing, stable or fading — with the numbers
//! behind the verdict, so that a researcher can judge it.
//!
//! Why normalised: the ombudsman receives more complaints every year, so raw counts rise for
//! every thread. All statistics compare a thread's count in a year with the corpus' total that
//! year (a rate), never raw counts.
//!
//! Two statistics, computed "as of" a year `Y` from counts up to `Y` only:
//! * **Burst** (for *emerging*): the expected count in `Y` if the thread kept the rate it had in
//!   the preceding `baseline_years` years, `E = N_Y · (c_prev + ½) / N_prev` (the ½ is a
//!   pseudo-count so that a thread without history has a small, non-zero expectation). The
//!   Poisson z-score `(c_Y − E)/√E` says whether the jump is beyond chance, the ratio `c_Y/E`
//!   whether it is large; both must pass. A thread new in `Y` passes as soon as it has a few
//!   members.
//! * **Log-linear slope** (for growing/fading/stable): Poisson regression
//!   `c_y ~ Poisson(N_y · exp(a + b·y))` over the thread's active years up to `Y` (from the first
//!   year holding ≥ 5% of its busiest year's count), fitted by Newton's method; `b` is the change
//!   of the log-rate per year (`e^b − 1` ≈ yearly growth), reported with its z-score `b/se(b)`.
//!   Growing and fading need both a material effect (`|b| ≥ min_slope`) and significance.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The detected direction of a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    /// New, or bursting, in the `as_of_year`.
    Emerging,
    /// Rate rising materially and significantly over the thread's years.
    Growing,
    /// Neither.
    Stable,
    /// Rate falling materially and significantly (including threads that have died out).
    Fading,
}

impl fmt::Display for Trend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl Trend {
    /// Machine name, as serialised: `emerging`, `growing`, `stable`, `fading`.
    pub fn key(self) -> &'static str {
        match self {
            Trend::Emerging => "emerging",
            Trend::Growing => "growing",
            Trend::Stable => "stable",
            Trend::Fading => "fading",
        }
    }

    /// The Dutch word a researcher reads in the report.
    pub fn label_nl(self) -> &'static str {
        match self {
            Trend::Emerging => "Opkomend",
            Trend::Growing => "Groeiend",
            Trend::Stable => "Stabiel",
            Trend::Fading => "Afnemend",
        }
    }

    /// Order in which signals are listed: emerging first, fading last.
    pub fn rank(self) -> u8 {
        match self {
            Trend::Emerging => 0,
            Trend::Growing => 1,
            Trend::Stable => 2,
            Trend::Fading => 3,
        }
    }

    /// Emerging and growing threads are the report's *signalen*.
    pub fn is_signal(self) -> bool {
        matches!(self, Trend::Emerging | Trend::Growing)
    }
}

/// Thresholds of the trend classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrendParams {
    /// Years before `Y` whose pooled rate is the burst baseline.
    pub baseline_years: usize,
    /// Minimum `c_Y / E` for a burst.
    pub burst_min_ratio: f64,
    /// Minimum Poisson z-score for a burst.
    pub burst_min_z: f64,
    /// Minimum count in `Y` for a burst.
    pub burst_min_count: usize,
    /// Minimum |log-rate change per year| for growing/fading (0.15 ≈ ±16% a year).
    pub min_slope: f64,
    /// Minimum |z| of the slope for growing/fading.
    pub min_slope_z: f64,
}

impl Default for TrendParams {
    fn default() -> Self {
        TrendParams {
            baseline_years: 3,
            burst_min_ratio: 2.5,
            burst_min_z: 3.0,
            burst_min_count: 3,
            min_slope: 0.15,
            min_slope_z: 2.0,
        }
    }
}

/// A trend verdict and the statistics behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendInfo {
    pub trend: Trend,
    /// Only counts of years up to and including this one were used.
    pub as_of_year: i32,
    /// The statistic that decided: the burst z-score for `emerging`, otherwise the log-linear
    /// slope (change of the log-rate per year).
    pub statistic: f64,
    /// Members in `as_of_year`.
    pub count: usize,
    /// Expected members in `as_of_year` at the baseline rate.
    pub expected: f64,
    /// `count / expected`.
    pub burst_ratio: f64,
    /// Poisson z-score of `count` against `expected`.
    pub burst_z: f64,
    /// Log-linear slope per year and its z-score (0 when fewer than two years).
    pub slope: f64,
    pub slope_z: f64,
    /// First year of the slope window.
    pub window_start: i32,
    /// One Dutch sentence stating the verdict and its numbers.
    pub explanation: String,
}

/// Dutch number with a decimal comma.
fn nl(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

/// Classifies a thread's per-year counts as of `as_of` against the corpus' per-year totals.
/// Years without corpus data are ignored. Never panics; with no usable years it returns
/// `Stable` with zero statistics.
pub fn classify(
    per_year: &BTreeMap<i32, usize>,
    corpus_per_year: &BTreeMap<i32, usize>,
    as_of: i32,
    p: &TrendParams,
) -> TrendInfo {
    let years: Vec<(i32, f64, f64)> = corpus_per_year
        .range(..=as_of)
        .filter(|(_, &n)| n > 0)
        .map(|(&y, &n)| (y, per_year.get(&y).copied().unwrap_or(0) as f64, n as f64))
        .collect();
    let count = per_year.get(&as_of).copied().unwrap_or(0);
    let n_y = corpus_per_year.get(&as_of).copied().unwrap_or(0) as f64;
    let mut info = TrendInfo {
        trend: Trend::Stable,
        as_of_year: as_of,
        statistic: 0.0,
        count,
        expected: 0.0,
        burst_ratio: 0.0,
        burst_z: 0.0,
        slope: 0.0,
        slope_z: 0.0,
        window_start: as_of,
        explanation: String::new(),
    };

    // Burst against the preceding years.
    let prev: Vec<&(i32, f64, f64)> = years.iter().filter(|(y, _, _)| *y < as_of).collect();
    let base = &prev[prev.len().saturating_sub(p.baseline_years)..];
    let mut burst = false;
    if n_y > 0.0 && !base.is_empty() {
        let c_prev: f64 = base.iter().map(|t| t.1).sum();
        let n_prev: f64 = base.iter().map(|t| t.2).sum();
        let expected = n_y * (c_prev + 0.5) / n_prev;
        info.expected = expected;
        info.burst_ratio = count as f64 / expected;
        info.burst_z = (count as f64 - expected) / expected.sqrt();
        burst = count >= p.burst_min_count && info.burst_ratio >= p.burst_min_ratio && info.burst_z >= p.burst_min_z;
        if burst {
            let (y0, y1) = (base[0].0, base[base.len() - 1].0);
            let span = if y0 == y1 { y0.to_string() } else { format!("{y0}–{y1}") };
            let rate = 1000.0 * count as f64 / n_y;
            info.trend = Trend::Emerging;
            info.statistic = info.burst_z;
            info.explanation = if c_prev == 0.0 {
                format!(
                    "Nieuw in {as_of}: {count} klachten ({} per 1000), tegen 0 in {span}; burst-z = {}.",
                    nl(rate, 1),
                    nl(info.burst_z, 1)
                )
            } else {
                format!(
                    "Piek in {as_of}: {count} klachten ({} per 1000), {}× het niveau van {span} (verwacht {}; burst-z = {}).",
                    nl(rate, 1),
                    nl(info.burst_ratio, 1),
                    nl(expected, 1),
                    nl(info.burst_z, 1)
                )
            };
        }
    }

    // Log-linear slope over the active window.
    let peak = years.iter().map(|t| t.1).fold(0.0, f64::max);
    let start = years.iter().position(|t| t.1 > 0.0 && t.1 >= 0.05 * peak);
    if let Some(start) = start {
        let window = &years[start..];
        info.window_start = window[0].0;
        if window.len() >= 2 {
            let (b, z) = poisson_slope(window);
            info.slope = b;
            info.slope_z = z;
        }
    }
    if burst {
        return info;
    }
    info.statistic = info.slope;
    let pct = nl(100.0 * info.slope.exp_m1(), 0);
    let span = format!("{}–{as_of}", info.window_start);
    if info.slope >= p.min_slope && info.slope_z >= p.min_slope_z {
        info.trend = Trend::Growing;
        info.explanation = format!(
            "Groeit: {pct}% per jaar naar aandeel in alle klachten ({span}, log-lineaire trend {}, z = {}).",
            nl(info.slope, 2),
            nl(info.slope_z, 1)
        );
    } else if info.slope <= -p.min_slope && info.slope_z <= -p.min_slope_z {
        info.trend = Trend::Fading;
        info.explanation = format!(
            "Neemt af: {pct}% per jaar naar aandeel in alle klachten ({span}, log-lineaire trend {}, z = {}).",
            nl(info.slope, 2),
            nl(info.slope_z, 1)
        );
    } else {
        info.trend = Trend::Stable;
        info.explanation = if start.is_none() || info.window_start == as_of {
            format!("Stabiel: te weinig jaren om een trend te meten ({count} klachten in {as_of}).")
        } else {
            format!(
                "Stabiel: {pct}% per jaar naar aandeel ({span}, log-lineaire trend {}, z = {}); geen piek in {as_of} ({}× verwacht).",
                nl(info.slope, 2),
                nl(info.slope_z, 1),
                nl(info.burst_ratio, 1)
            )
        };
    }
    info
}

/// Poisson regression `c ~ Poisson(N·exp(a + b·t))` by Newton–Raphson; returns `(b, b/se(b))`.
/// Each count gets a pseudo-count of ¼·N_y/mean(N) so that a series ending in zeros has a finite
/// estimate.
fn poisson_slope(window: &[(i32, f64, f64)]) -> (f64, f64) {
    let m = window.len() as f64;
    let mean_n = window.iter().map(|t| t.2).sum::<f64>() / m;
    let t0 = window.iter().map(|t| t.0 as f64).sum::<f64>() / m;
    let pts: Vec<(f64, f64, f64)> = window.iter().map(|&(y, c, n)| (y as f64 - t0, c + 0.25 * n / mean_n, n)).collect();
    let total_c: f64 = pts.iter().map(|p| p.1).sum();
    let total_n: f64 = pts.iter().map(|p| p.2).sum();
    let (mut a, mut b) = ((total_c / total_n).ln(), 0.0f64);
    let mut info = [0.0f64; 3];
    for _ in 0..50 {
        let (mut ga, mut gb) = (0.0, 0.0);
        info = [0.0; 3];
        for &(t, c, n) in &pts {
            let mu = n * (a + b * t).exp();
            ga += c - mu;
            gb += (c - mu) * t;
            info[0] += mu;
            info[1] += mu * t;
            info[2] += mu * t * t;
        }
        let det = info[0] * info[2] - info[1] * info[1];
        if det.abs() < 1e-300 {
            break;
        }
        let da = (info[2] * ga - info[1] * gb) / det;
        let db = (info[0] * gb - info[1] * ga) / det;
        a += da;
        b += db.clamp(-2.0, 2.0);
        if da.abs() < 1e-10 && db.abs() < 1e-10 {
            break;
        }
    }
    let det = info[0] * info[2] - info[1] * info[1];
    let var_b = if det > 0.0 { info[0] / det } else { f64::INFINITY };
    let z = if var_b.is_finite() && var_b > 0.0 { b / var_b.sqrt() } else { 0.0 };
    (b, z)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(v: &[(i32, usize)]) -> BTreeMap<i32, usize> {
        v.iter().copied().collect()
    }

    /// Corpus growing ~10% a year, 2019–2025.
    fn corpus() -> BTreeMap<i32, usize> {
        series(&[(2019, 10_000), (2020, 10_600), (2021, 11_700), (2022, 12_700), (2023, 13_900), (2024, 15_200), (2025, 16_600)])
    }

    #[test]
    fn a_new_thread_is_emerging_in_its_start_year() {
        let t = series(&[(2023, 14), (2024, 40), (2025, 120)]);
        let info = classify(&t, &corpus(), 2023, &TrendParams::default());
        assert_eq!(info.trend, Trend::Emerging, "{info:?}");
        assert!(info.burst_z > 10.0);
        assert!(info.explanation.starts_with("Nieuw in 2023"), "{}", info.explanation);
        // As of the year before it existed, nothing to report.
        assert_eq!(classify(&t, &corpus(), 2022, &TrendParams::default()).trend, Trend::Stable);
    }

    #[test]
    fn a_late_burst_is_emerging_but_rising_share_alone_is_growing() {
        let burst = series(&[(2019, 20), (2020, 21), (2021, 22), (2022, 25), (2023, 28), (2024, 30), (2025, 110)]);
        assert_eq!(classify(&burst, &corpus(), 2025, &TrendParams::default()).trend, Trend::Emerging);
        // Share rising from 0.3 to 1.0 (relative), counts scaled by the corpus.
        let c = corpus();
        let growing: BTreeMap<i32, usize> = c
            .iter()
            .enumerate()
            .map(|(i, (&y, &n))| (y, (n as f64 * 0.01 * (0.3 + 0.7 * i as f64 / 6.0)).round() as usize))
            .collect();
        let info = classify(&growing, &c, 2025, &TrendParams::default());
        assert_eq!(info.trend, Trend::Growing, "{info:?}");
        assert!(info.slope > 0.15 && info.slope_z > 2.0);
    }

    #[test]
    fn declining_is_fading_and_flat_share_is_stable() {
        let c = corpus();
        let fading = series(&[(2019, 100), (2020, 80), (2021, 50), (2022, 25), (2023, 10), (2024, 0), (2025, 0)]);
        let info = classify(&fading, &c, 2025, &TrendParams::default());
        assert_eq!(info.trend, Trend::Fading, "{info:?}");
        assert!(info.slope < -0.15);
        // Constant share of 1% with noise: stable, although raw counts rise 66%.
        let stable: BTreeMap<i32, usize> =
            c.iter().zip([1.0, 0.9, 1.05, 0.95, 1.0, 0.92, 1.04]).map(|((&y, &n), f)| (y, (n as f64 * 0.01 * f) as usize)).collect();
        let info = classify(&stable, &c, 2025, &TrendParams::default());
        assert_eq!(info.trend, Trend::Stable, "{info:?}");
        assert!(info.slope.abs() < 0.05);
    }

    #[test]
    fn as_of_uses_only_earlier_years_and_small_counts_are_not_bursts() {
        let c = corpus();
        // Would look emerging as of 2025, but as of 2021 it is just a small flat thread.
        let t = series(&[(2019, 5), (2020, 5), (2021, 6), (2025, 90)]);
        assert_ne!(classify(&t, &c, 2021, &TrendParams::default()).trend, Trend::Emerging);
        // Two complaints in a new year are not enough evidence.
        let tiny = series(&[(2024, 2)]);
        assert_ne!(classify(&tiny, &c, 2024, &TrendParams::default()).trend, Trend::Emerging);
        // No usable years at all.
        assert_eq!(classify(&BTreeMap::new(), &BTreeMap::new(), 2025, &TrendParams::default()).trend, Trend::Stable);
    }
}
