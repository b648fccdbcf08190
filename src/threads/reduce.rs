//! Linear dimension reduction (PCA) for the neighbour search.
//!
//! Why: an exact or approximate k-nearest-neighbour search over 384-dimensional vectors is
//! dominated by the cost of each distance; projecting onto the leading principal components
//! first makes every distance 10–20× cheaper while keeping the directions along which complaints
//! actually differ. Distances are only used to *find candidate* neighbours here; the graph that the
//! density clustering sees is re-measured in the original space (see `knn.rs`).
//!
//! How: the covariance matrix (`D×D`, accumulated in `f64` over at most
//! [`MAX_COVARIANCE_ROWS`] evenly strided rows) is decomposed by orthogonal (subspace) iteration
//! from a seeded random start, followed by a Rayleigh–Ritz step solved with cyclic Jacobi. Only
//! the spanned subspace matters for Euclidean distances, so moderate convergence suffices.
//!
//! Contract: deterministic for a given input and seed (fixed chunking, sequential reductions).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// Covariance is estimated from at most this many rows (evenly strided), which bounds the cost
/// at large `n` without measurably changing the leading components.
pub(crate) const MAX_COVARIANCE_ROWS: usize = 30_000;
/// Extra directions iterated alongside the wanted ones (speeds up convergence).
const OVERSAMPLE: usize = 8;
const ITERATIONS: usize = 30;
/// Fixed number of blocks for the parallel covariance sum (independent of the thread count).
const BLOCKS: usize = 16;

/// A fitted projection: `y = basis · (x − mean)`.
#[derive(Debug, Clone)]
pub(crate) struct Pca {
    pub dim: usize,
    pub dims: usize,
    pub mean: Vec<f32>,
    /// `dims × dim`, row-major, orthonormal rows ordered by decreasing variance.
    pub basis: Vec<f32>,
}

impl Pca {
    /// Fits a `dims`-dimensional PCA on `data` (`n × dim`, row-major). `dims` is clamped to
    /// `dim`. Requires `n ≥ 1`.
    pub fn fit(data: &[f32], dim: usize, dims: usize, seed: u64) -> Pca {
        let n = data.len() / dim;
        let dims = dims.min(dim).max(1);
        let mut mean = vec![0f64; dim];
        for row in data.chunks_exact(dim) {
            for (m, &x) in mean.iter_mut().zip(row) {
                *m += x as f64;
            }
        }
        for m in &mut mean {
            *m /= n.max(1) as f64;
        }
        let stride = n.div_ceil(MAX_COVARIANCE_ROWS).max(1);
        let rows: Vec<usize> = (0..n).step_by(stride).collect();
        let block = rows.len().div_ceil(BLOCKS).max(1);
        let partials: Vec<Vec<f64>> = rows
            .par_chunks(block)
            .map(|chunk| {
                let mut c = vec![0f64; dim * dim];
                let mut x = vec![0f64; dim];
                for &r in chunk {
                    let row = &data[r * dim..(r + 1) * dim];
                    for ((xi, &v), m) in x.iter_mut().zip(row).zip(&mean) {
                        *xi = v as f64 - m;
                    }
                    for a in 0..dim {
                        let xa = x[a];
                        let line = &mut c[a * dim + a..(a + 1) * dim];
                        for (cv, &xb) in line.iter_mut().zip(&x[a..]) {
                            *cv += xa * xb;
                        }
                    }
                }
                c
            })
            .collect();
        let mut cov = vec![0f64; dim * dim];
        for p in &partials {
            for (c, v) in cov.iter_mut().zip(p) {
                *c += v;
            }
        }
        let scale = 1.0 / rows.len().max(1) as f64;
        for a in 0..dim {
            for b in a..dim {
                let v = cov[a * dim + b] * scale;
                cov[a * dim + b] = v;
                cov[b * dim + a] = v;
            }
        }
        let trace: f64 = (0..dim).map(|a| cov[a * dim + a]).sum();

        // Orthogonal iteration on `l` vectors (stored as rows of q, l × dim).
        let l = (dims + OVERSAMPLE).min(dim);
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5043_4131);
        let mut q: Vec<f64> = (0..l * dim).map(|_| rng.gen::<f64>() - 0.5).collect();
        orthonormalise(&mut q, l, dim);
        let mut z = vec![0f64; l * dim];
        for _ in 0..ITERATIONS {
            mul_rows(&cov, dim, &q, l, &mut z);
            std::mem::swap(&mut q, &mut z);
            orthonormalise(&mut q, l, dim);
        }
        // Rayleigh–Ritz: T = Q C Qᵀ (l × l), eigenvectors W, basis = Wᵀ Q.
        mul_rows(&cov, dim, &q, l, &mut z);
        let mut t = vec![0f64; l * l];
        for i in 0..l {
            for j in 0..l {
                t[i * l + j] = dot64(&q[i * dim..(i + 1) * dim], &z[j * dim..(j + 1) * dim]);
            }
        }
        let (values, vectors) = jacobi_eigen(&mut t, l);
        let mut order: Vec<usize> = (0..l).collect();
        order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
        let mut basis = vec![0f32; dims * dim];
        let mut kept = 0.0;
        for (r, &e) in order.iter().take(dims).enumerate() {
            kept += values[e].max(0.0);
            for c in 0..dim {
                let mut s = 0.0;
                for i in 0..l {
                    s += vectors[i * l + e] * q[i * dim + c];
                }
                basis[r * dim + c] = s as f32;
            }
        }
        debug_assert!(kept <= trace * (1.0 + 1e-6) + 1e-12);
        Pca { dim, dims, mean: mean.iter().map(|&m| m as f32).collect(), basis }
    }

    /// Projects `data` (`n × dim`) to `n × dims`.
    pub fn project(&self, data: &[f32]) -> Vec<f32> {
        let (dim, dims) = (self.dim, self.dims);
        let mut out = vec![0f32; data.len() / dim * dims];
        out.par_chunks_mut(dims * 256).zip(data.par_chunks(dim * 256)).for_each(|(o, x)| {
            let mut centred = vec![0f32; dim];
            for (orow, xrow) in o.chunks_exact_mut(dims).zip(x.chunks_exact(dim)) {
                for ((c, &v), &m) in centred.iter_mut().zip(xrow).zip(&self.mean) {
                    *c = v - m;
                }
                for (r, ov) in orow.iter_mut().enumerate() {
                    *ov = dot32(&self.basis[r * dim..(r + 1) * dim], &centred);
                }
            }
        });
        out
    }
}

/// Rows of `out` (l × dim) = rows of `q` multiplied by the symmetric `m` (dim × dim).
fn mul_rows(m: &[f64], dim: usize, q: &[f64], l: usize, out: &mut [f64]) {
    out.par_chunks_mut(dim).zip(q.par_chunks(dim)).take(l).for_each(|(o, qr)| {
        for (a, ov) in o.iter_mut().enumerate() {
            *ov = dot64(&m[a * dim..(a + 1) * dim], qr);
        }
    });
}

/// Modified Gram–Schmidt on the `l` rows of `q`; a (numerically) dependent row is replaced by a
/// unit vector so that the result always has `l` orthonormal rows.
fn orthonormalise(q: &mut [f64], l: usize, dim: usize) {
    for i in 0..l {
        for j in 0..i {
            let (head, tail) = q.split_at_mut(i * dim);
            let qi = &mut tail[..dim];
            let qj = &head[j * dim..(j + 1) * dim];
            let p = dot64(qi, qj);
            for (a, &b) in qi.iter_mut().zip(qj) {
                *a -= p * b;
            }
        }
        let row = &mut q[i * dim..(i + 1) * dim];
        let norm = dot64(row, row).sqrt();
        if norm > 1e-12 {
            for v in row.iter_mut() {
                *v /= norm;
            }
        } else {
            row.iter_mut().for_each(|v| *v = 0.0);
            row[i % dim] = 1.0;
        }
    }
}

/// Cyclic Jacobi eigen-decomposition of the symmetric `a` (n × n, destroyed). Returns the
/// eigenvalues and the eigenvectors as columns of an n × n matrix.
pub(crate) fn jacobi_eigen(a: &mut [f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..60 {
        let mut off = 0.0;
        for p in 0..n {
            for q in p + 1..n {
                off += a[p * n + q] * a[p * n + q];
            }
        }
        if off < 1e-22 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let akp = a[k * n + p];
                    let akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let apk = a[p * n + k];
                    let aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let vkp = v[k * n + p];
                    let vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

pub(crate) fn dot64(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0f64; 4];
    let (ca, ra) = a.split_at(a.len() / 4 * 4);
    let (cb, rb) = b.split_at(ca.len());
    for (x, y) in ca.chunks_exact(4).zip(cb.chunks_exact(4)) {
        for i in 0..4 {
            acc[i] += x[i] * y[i];
        }
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

/// Dot product with 8 independent accumulators (vectorises; fixed summation order).
#[inline]
pub(crate) fn dot32(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (ca, ra) = a.split_at(a.len() / 8 * 8);
    let (cb, rb) = b.split_at(ca.len());
    for (x, y) in ca.chunks_exact(8).zip(cb.chunks_exact(8)) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let mut s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

/// Squared Euclidean distance with 8 independent accumulators.
#[inline]
pub(crate) fn sq_dist(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (ca, ra) = a.split_at(a.len() / 8 * 8);
    let (cb, rb) = b.split_at(ca.len());
    for (x, y) in ca.chunks_exact(8).zip(cb.chunks_exact(8)) {
        for i in 0..8 {
            let d = x[i] - y[i];
            acc[i] += d * d;
        }
    }
    let mut s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (x, y) in ra.iter().zip(rb) {
        let d = x - y;
        s += d * d;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_the_dominant_axes() {
        // Variance 9 along axis 2, 4 along axis 0, ~0.01 elsewhere.
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let dim = 6;
        let mut data = Vec::new();
        for _ in 0..2000 {
            for a in 0..dim {
                let s = match a {
                    2 => 3.0,
                    0 => 2.0,
                    _ => 0.1,
                };
                data.push(((rng.gen::<f64>() - 0.5) * 2.0 * s * 3f64.sqrt()) as f32);
            }
        }
        let pca = Pca::fit(&data, dim, 2, 7);
        assert!(pca.basis[2].abs() > 0.99, "{:?}", pca.basis);
        assert!(pca.basis[dim].abs() > 0.99, "{:?}", pca.basis);
        let y = pca.project(&data[..dim]);
        assert_eq!(y.len(), 2);
    }

    #[test]
    fn jacobi_diagonalises() {
        let mut a = vec![2.0, 1.0, 1.0, 2.0];
        let (vals, _) = jacobi_eigen(&mut a, 2);
        let mut v = vals.clone();
        v.sort_by(f64::total_cmp);
        assert!((v[0] - 1.0).abs() < 1e-9 && (v[1] - 3.0).abs() < 1e-9);
    }
}
