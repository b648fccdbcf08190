//! Lexical features for the neighbour graph: TF-IDF of Dutch stems, randomly projected to a
//! few hundred dense dimensions.
//!
//! Why: a rode draad is one concrete cause, and letters about it share its words
//! ("verrekend", "telkens verhuizen", "leerlingenvervoer … te laat") while the sentence
//! embedding of a long letter is dominated by its general subject. Measured on 10,000
//! generated letters with multilingual-e5-small vectors: the share of a threaded complaint's 15
//! nearest neighbours from its own thread is 0.81 on the embedding alone, 0.94 on TF-IDF alone
//! and 0.945 on both (weight 0.5); for the small emerging threads 0.35 → 0.58 and 0.39 → 0.63.
//! (Generated letters are built from phrase banks, which flatters words; hand-written ones will
//! gain less.) On by default (`lexical_weight` 0.7, communities method only); see that
//! parameter for what it costs on synthetic letters.
//!
//! Why a random projection: the neighbour search works on dense vectors. A sparse TF-IDF
//! vector times a random ±1/√d matrix keeps cosines to about ±1/√d, ±0.09 at the default
//! d = 128 (Johnson–Lindenstrauss; Achlioptas' ±1 entries). The matrix is never stored: the row of a
//! stem is derived from a hash of the stem and the seed, so the same stem maps to the same
//! direction in every run and on every machine.
//!
//! Contract: pure and deterministic (sums in sorted stem order); each output row has unit
//! length, or is all zeros for a text without stems.

use std::collections::HashMap;

use rayon::prelude::*;

/// TF-IDF (sublinear tf, smoothed idf as scikit-learn's) of each document's stems over these
/// documents, L2-normalised, projected to `dims` dimensions and normalised again. Stems that
/// occur in one document only carry no neighbourhood and are left out. Row-major
/// `docs.len() × dims`.
pub(crate) fn projected_tfidf(docs: &[&[String]], dims: usize, seed: u64) -> Vec<f32> {
    let n = docs.len();
    // Per document: its stems with their counts, in stem order (sums below run in that order).
    let counts: Vec<Vec<(&str, u32)>> = docs
        .par_iter()
        .map(|d| {
            let mut v: Vec<&str> = d.iter().map(String::as_str).collect();
            v.sort_unstable();
            let mut out: Vec<(&str, u32)> = Vec::with_capacity(v.len());
            for s in v {
                match out.last_mut() {
                    Some((last, c)) if *last == s => *c += 1,
                    _ => out.push((s, 1)),
                }
            }
            out
        })
        .collect();
    let mut df: HashMap<&str, u32> = HashMap::with_capacity(n);
    for c in &counts {
        for &(s, _) in c {
            *df.entry(s).or_insert(0) += 1;
        }
    }
    let idf = |d: u32| ((1.0 + n as f64) / (1.0 + f64::from(d))).ln() + 1.0;
    let padded = dims.div_ceil(64) * 64;
    let mut out = vec![0f32; n * dims];
    // Rows are independent: computed in parallel, each the same whatever the thread.
    out.par_chunks_mut(dims).zip(counts.par_iter()).for_each(|(row, c)| {
        let weights: Vec<(&str, f64)> = c
            .iter()
            .filter(|(s, _)| df[s] > 1)
            .map(|&(s, tf)| (s, (1.0 + f64::from(tf).ln()) * idf(df[s])))
            .collect();
        let norm = weights.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm == 0.0 {
            return;
        }
        // Σ w·(±1) per dimension = 2·Σ_{bit set} w − Σ w: add each weight where its stem's bit
        // is set, eight dimensions at a time from a table of bit patterns (no branch per bit).
        let mut acc = vec![0f32; padded];
        let mut total = 0f32;
        for (s, w) in &weights {
            let w = (w / norm) as f32;
            total += w;
            let mut h = stem_hash(s) ^ seed;
            for block in acc.chunks_exact_mut(64) {
                let bits = splitmix64(&mut h);
                for (byte, lanes) in block.chunks_exact_mut(8).enumerate() {
                    let pattern = &BIT_PATTERNS[(bits >> (8 * byte)) as usize & 0xff];
                    for (a, p) in lanes.iter_mut().zip(pattern) {
                        *a += w * p;
                    }
                }
            }
        }
        acc.truncate(dims);
        acc.iter_mut().for_each(|a| *a = 2.0 * *a - total);
        let len = acc.iter().map(|x| f64::from(*x) * f64::from(*x)).sum::<f64>().sqrt();
        if len > 0.0 {
            for (o, a) in row.iter_mut().zip(&acc) {
                *o = (f64::from(*a) / len) as f32;
            }
        }
    });
    out
}

/// Bit `i` of byte `b` as 0.0 or 1.0, for `b` in 0..256 and `i` in 0..8.
static BIT_PATTERNS: [[f32; 8]; 256] = {
    let mut t = [[0f32; 8]; 256];
    let mut b = 0;
    while b < 256 {
        let mut i = 0;
        while i < 8 {
            t[b][i] = ((b >> i) & 1) as f32;
            i += 1;
        }
        b += 1;
    }
    t
};

/// FNV-1a, 64 bit: stable across runs, platforms and Rust versions (unlike `DefaultHasher`).
fn stem_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(words: &str) -> Vec<String> {
        words.split_whitespace().map(str::to_owned).collect()
    }

    fn cos(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn shared_rare_words_bring_documents_together() {
        let docs = [
            doc("toeslag verreken schuld compensatie brief"),
            doc("compensatie verreken schuld deurwaarder"),
            doc("parkeer vergunning boete brief"),
            doc("parkeer boete bezwaar"),
        ];
        let refs: Vec<&[String]> = docs.iter().map(Vec::as_slice).collect();
        let v = projected_tfidf(&refs, 256, 42);
        let row = |i: usize| &v[i * 256..(i + 1) * 256];
        for i in 0..4 {
            let len: f32 = row(i).iter().map(|x| x * x).sum();
            assert!((len - 1.0).abs() < 1e-4, "row {i} has squared length {len}");
        }
        assert!(cos(row(0), row(1)) > cos(row(0), row(2)) + 0.3, "{} vs {}", cos(row(0), row(1)), cos(row(0), row(2)));
        assert!(cos(row(2), row(3)) > cos(row(1), row(3)) + 0.3);
    }

    #[test]
    fn same_input_same_seed_same_bits_and_a_stemless_text_stays_zero() {
        let docs = [doc("a b c"), doc("b c d"), doc("")];
        let refs: Vec<&[String]> = docs.iter().map(Vec::as_slice).collect();
        let a = projected_tfidf(&refs, 128, 7);
        assert_eq!(a, projected_tfidf(&refs, 128, 7));
        assert_ne!(a, projected_tfidf(&refs, 128, 8));
        assert!(a[256..].iter().all(|&x| x == 0.0));
    }
}
