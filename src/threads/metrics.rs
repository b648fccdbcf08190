//! Partition-agreement scores: adjusted Rand index and normalised mutual information.
//!
//! Both take two labelings of the same items as dense `u32` labels. Noise handling is the
//! caller's choice (the evaluation maps "no thread" to one shared label, as scikit-learn does
//! with HDBSCAN's `-1`, so the numbers are comparable with BERTopic runs scored that way).

use std::collections::BTreeMap;

fn comb2(x: u64) -> f64 {
    let x = x as f64;
    x * (x - 1.0) / 2.0
}

struct Contingency {
    n: u64,
    cells: BTreeMap<(u32, u32), u64>,
    rows: BTreeMap<u32, u64>,
    cols: BTreeMap<u32, u64>,
}

fn contingency(a: &[u32], b: &[u32]) -> Contingency {
    let mut c = Contingency { n: a.len().min(b.len()) as u64, cells: BTreeMap::new(), rows: BTreeMap::new(), cols: BTreeMap::new() };
    for (&x, &y) in a.iter().zip(b) {
        *c.cells.entry((x, y)).or_default() += 1;
        *c.rows.entry(x).or_default() += 1;
        *c.cols.entry(y).or_default() += 1;
    }
    c
}

/// Adjusted Rand index (Hubert & Arabie 1985) of two labelings of the same items; 1.0 for
/// identical partitions (also in the degenerate case of one cluster or all singletons on both
/// sides), ~0 for independent ones, and possibly negative. Extra items of the longer slice are
/// ignored.
pub fn adjusted_rand_index(a: &[u32], b: &[u32]) -> f64 {
    let c = contingency(a, b);
    if c.n < 2 {
        return 1.0;
    }
    let index: f64 = c.cells.values().map(|&v| comb2(v)).sum();
    let sa: f64 = c.rows.values().map(|&v| comb2(v)).sum();
    let sb: f64 = c.cols.values().map(|&v| comb2(v)).sum();
    let expected = sa * sb / comb2(c.n);
    let max = (sa + sb) / 2.0;
    if (max - expected).abs() < 1e-12 {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

/// Normalised mutual information with the arithmetic-mean normalisation (scikit-learn's
/// default): `MI / ((H(a) + H(b)) / 2)`; 1.0 when both labelings are a single cluster.
pub fn normalized_mutual_information(a: &[u32], b: &[u32]) -> f64 {
    let c = contingency(a, b);
    if c.n == 0 {
        return 1.0;
    }
    let n = c.n as f64;
    let entropy = |m: &BTreeMap<u32, u64>| -> f64 {
        m.values().map(|&v| {
            let p = v as f64 / n;
            -p * p.ln()
        }).sum()
    };
    let (ha, hb) = (entropy(&c.rows), entropy(&c.cols));
    if ha == 0.0 && hb == 0.0 {
        return 1.0;
    }
    let mut mi = 0.0;
    for (&(x, y), &v) in &c.cells {
        let v = v as f64;
        mi += v / n * (n * v / (c.rows[&x] as f64 * c.cols[&y] as f64)).ln();
    }
    let denom = (ha + hb) / 2.0;
    if denom <= 0.0 {
        return 0.0;
    }
    (mi / denom).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_partitions_score_one_whatever_the_names() {
        let a = [0, 0, 1, 1, 2, 2, 2];
        let b = [5, 5, 3, 3, 9, 9, 9];
        assert!((adjusted_rand_index(&a, &b) - 1.0).abs() < 1e-12);
        assert!((normalized_mutual_information(&a, &b) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn hand_computed_small_example() {
        // a = {0,1,2},{3,4,5}; b = {0,1},{2,3},{4,5}.
        // Contingency [[2,1,0],[0,1,2]]: index = 1+0+0+0+0+1 = 2; Σa = 3+3 = 6; Σb = 1+1+1 = 3;
        // C(6,2) = 15; expected = 6·3/15 = 1.2; max = 4.5; ARI = 0.8/3.3 = 0.242424…
        let a = [0, 0, 0, 1, 1, 1];
        let b = [0, 0, 1, 1, 2, 2];
        assert!((adjusted_rand_index(&a, &b) - 0.8 / 3.3).abs() < 1e-12);
        // MI = 4·(1/6)ln(6·2/(3·2)) + 2·(1/6)ln(6·1/(3·2)) = (2/3)ln 2; H(a) = ln 2; H(b) = ln 3.
        let expected = (2.0 / 3.0) * 2f64.ln() / ((2f64.ln() + 3f64.ln()) / 2.0);
        assert!((normalized_mutual_information(&a, &b) - expected).abs() < 1e-12);
    }

    #[test]
    fn independent_partition_is_near_zero_and_can_be_negative() {
        let a = [0, 0, 1, 1];
        let b = [0, 1, 0, 1];
        assert!(adjusted_rand_index(&a, &b) < 0.0);
        assert!(normalized_mutual_information(&a, &b).abs() < 1e-12);
    }
}
