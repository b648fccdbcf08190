//! HDBSCAN (Campello, Moulavi & Sander 2013; McInnes & Healy 2017) on a k-nearest-neighbour
//! graph.
//!
//! Why on a graph: the mutual-reachability minimum spanning tree only needs edges between
//! near neighbours (an MST edge longer than a point's core distance is rare and only decides how
//! *noise* hangs together), so the `n·k` edges of the neighbour graph give the same clusters as
//! the full `n²` graph at a fraction of the cost; disconnected pieces of the graph are joined at
//! infinite distance. Why by hand: the maintained crates (`petal-clustering`, `hdbscan`) take a
//! point matrix and search neighbours themselves with ball trees or brute force, which is what
//! does not scale in embedding dimensions; neither takes a precomputed graph.
//!
//! Steps: core distance = distance to the `min_samples`-th neighbour; edge weight
//! `max(core(a), core(b), d(a,b))`; Kruskal MST (edges sorted by weight, then index, so ties are
//! deterministic); single-linkage tree; condensed tree with `min_cluster_size`; cluster selection
//! by excess of mass (or leaves); a point belongs to the selected cluster whose subtree it fell
//! out of.

use serde::{Deserialize, Serialize};

use super::knn::Knn;

/// How clusters are chosen from the condensed tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Selection {
    /// Excess of mass (HDBSCAN's default): the most persistent clusters; tends to prefer a few
    /// large clusters.
    ExcessOfMass,
    /// The leaves of the condensed tree: the finest dense groups of at least `min_cluster_size`.
    Leaf,
}

struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind { parent: (0..n as u32).collect() }
    }
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }
}

/// Cluster label per point (`None` = noise), clusters numbered `0..` in order of their smallest
/// point index.
///
/// `points` (`n × dim`) is the space searched to join the pieces of a disconnected graph by
/// their closest mutual-reachability edge (see `connect_components`); `dist(a, b)` is the metric
/// the graph was measured in, used to re-measure the joining pairs. Pieces still apart when the
/// search budget is spent are joined at infinite distance.
#[allow(clippy::too_many_arguments)]
pub(crate) fn hdbscan(
    graph: &Knn,
    points: &[f32],
    dim: usize,
    dist: impl Fn(usize, usize) -> f32 + Sync,
    min_samples: usize,
    min_cluster_size: usize,
    selection: Selection,
    max_cluster_size: usize,
) -> Vec<Option<u32>> {
    let n = graph.n();
    if n < 2 || min_cluster_size > n {
        return vec![None; n];
    }
    let mcs = min_cluster_size.max(2);
    // Core distances.
    let core: Vec<f32> = (0..n)
        .map(|i| {
            let row: Vec<f32> = graph.row(i).map(|(_, d)| d).collect();
            if row.is_empty() {
                f32::INFINITY
            } else {
                row[(min_samples.max(1) - 1).min(row.len() - 1)]
            }
        })
        .collect();
    // Mutual-reachability edges (a < b), sorted, deduplicated.
    let mut edges: Vec<(f32, u32, u32)> = Vec::with_capacity(n * graph.k);
    for i in 0..n {
        for (j, d) in graph.row(i) {
            let (a, b) = if (i as u32) < j { (i as u32, j) } else { (j, i as u32) };
            let w = d.max(core[i]).max(core[j as usize]);
            edges.push((w, a, b));
        }
    }
    if dim > 0 {
        connect_components(n, &mut edges, &core, points, dim, &dist);
    }
    edges.sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    edges.dedup_by(|x, y| x.1 == y.1 && x.2 == y.2);

    // Kruskal → single-linkage tree. Nodes 0..n are points; n.. are merges.
    let mut uf = UnionFind::new(n);
    let mut node_of_root: Vec<u32> = (0..n as u32).collect();
    let mut children: Vec<(u32, u32)> = Vec::with_capacity(n - 1);
    let mut height: Vec<f32> = Vec::with_capacity(n - 1);
    let mut size: Vec<u32> = vec![1; n];
    for &(w, a, b) in &edges {
        let (ra, rb) = (uf.find(a), uf.find(b));
        if ra == rb {
            continue;
        }
        let node = (n + children.len()) as u32;
        children.push((node_of_root[ra as usize], node_of_root[rb as usize]));
        height.push(w);
        size.push(size[node_of_root[ra as usize] as usize] + size[node_of_root[rb as usize] as usize]);
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        uf.parent[hi as usize] = lo;
        node_of_root[lo as usize] = node;
    }
    // Join disconnected components at infinite distance (in order of their smallest point).
    let mut roots: Vec<u32> = (0..n as u32).filter(|&i| uf.find(i) == i).collect();
    roots.sort_unstable();
    let mut top = node_of_root[roots[0] as usize];
    for &r in &roots[1..] {
        let other = node_of_root[r as usize];
        let node = (n + children.len()) as u32;
        children.push((top, other));
        height.push(f32::INFINITY);
        size.push(size[top as usize] + size[other as usize]);
        top = node;
    }
    debug_assert_eq!(children.len(), n - 1);

    // Condensed tree. Cluster 0 is the root.
    let lambda = |h: f32| -> f64 {
        if h.is_infinite() {
            0.0
        } else {
            1.0 / (h as f64).max(1e-12)
        }
    };
    let total_nodes = n + children.len();
    let mut cluster_of_node: Vec<u32> = vec![u32::MAX; total_nodes];
    let mut parent_cluster: Vec<u32> = vec![u32::MAX];
    let mut birth: Vec<f64> = vec![0.0];
    let mut csize: Vec<u32> = vec![n as u32];
    // Per cluster: Σ (λ_leave − λ_birth) · size, accumulated as Σ λ_leave·size − λ_birth·size.
    let mut leave_mass: Vec<f64> = vec![0.0];
    let mut point_cluster: Vec<u32> = vec![u32::MAX; n];
    let mut point_lambda: Vec<f64> = vec![0.0; n];
    cluster_of_node[top as usize] = 0;
    let mut queue = std::collections::VecDeque::from([top]);
    let mut stack = Vec::new();
    // Drops every point below `node` out of `cluster` at `lam`.
    let mut fall_out = |node: u32,
                        cluster: u32,
                        lam: f64,
                        point_cluster: &mut Vec<u32>,
                        point_lambda: &mut Vec<f64>,
                        leave_mass: &mut Vec<f64>| {
        stack.clear();
        stack.push(node);
        while let Some(x) = stack.pop() {
            if (x as usize) < n {
                point_cluster[x as usize] = cluster;
                point_lambda[x as usize] = lam;
                leave_mass[cluster as usize] += lam;
            } else {
                let (l, r) = children[x as usize - n];
                stack.push(r);
                stack.push(l);
            }
        }
    };
    while let Some(node) = queue.pop_front() {
        let c = cluster_of_node[node as usize];
        if (node as usize) < n {
            // A cluster that is a single point cannot happen (mcs ≥ 2), but a root of one point can.
            point_cluster[node as usize] = c;
            continue;
        }
        let (l, r) = children[node as usize - n];
        let lam = lambda(height[node as usize - n]);
        let (sl, sr) = (size[l as usize] as usize, size[r as usize] as usize);
        let big_l = sl >= mcs;
        let big_r = sr >= mcs;
        if big_l && big_r {
            for child in [l, r] {
                let id = parent_cluster.len() as u32;
                parent_cluster.push(c);
                birth.push(lam);
                csize.push(size[child as usize]);
                leave_mass.push(0.0);
                leave_mass[c as usize] += lam * size[child as usize] as f64;
                cluster_of_node[child as usize] = id;
                queue.push_back(child);
            }
        } else {
            for (child, big) in [(l, big_l), (r, big_r)] {
                if big {
                    cluster_of_node[child as usize] = c;
                    queue.push_back(child);
                } else {
                    fall_out(child, c, lam, &mut point_cluster, &mut point_lambda, &mut leave_mass);
                }
            }
        }
    }
    let nc = parent_cluster.len();
    let mut stability: Vec<f64> =
        (0..nc).map(|c| leave_mass[c] - birth[c] * csize[c] as f64).collect();
    let mut kids: Vec<Vec<u32>> = vec![Vec::new(); nc];
    for c in 1..nc {
        kids[parent_cluster[c] as usize].push(c as u32);
    }
    // Selection. Children always have larger ids than parents (BFS order).
    let mut selected = vec![false; nc];
    match selection {
        Selection::Leaf => {
            for c in 1..nc {
                selected[c] = kids[c].is_empty() && (csize[c] as usize) <= max_cluster_size;
            }
        }
        Selection::ExcessOfMass => {
            for c in (1..nc).rev() {
                let sub: f64 = kids[c].iter().map(|&k| stability[k as usize]).sum();
                if (csize[c] as usize) > max_cluster_size || sub > stability[c] {
                    stability[c] = sub;
                } else {
                    selected[c] = true;
                    // Deselect all descendants.
                    let mut st: Vec<u32> = kids[c].clone();
                    while let Some(x) = st.pop() {
                        selected[x as usize] = false;
                        st.extend_from_slice(&kids[x as usize]);
                    }
                }
            }
        }
    }
    // Nearest selected ancestor (or self).
    let mut owner: Vec<u32> = vec![u32::MAX; nc];
    for c in 1..nc {
        owner[c] = if selected[c] { c as u32 } else { owner[parent_cluster[c] as usize] };
    }
    let raw: Vec<u32> = point_cluster.iter().map(|&c| if c == u32::MAX { u32::MAX } else { owner[c as usize] }).collect();
    // Renumber by smallest point index.
    let mut renum: Vec<u32> = vec![u32::MAX; nc];
    let mut next = 0;
    raw.iter()
        .map(|&c| {
            if c == u32::MAX {
                None
            } else {
                if renum[c as usize] == u32::MAX {
                    renum[c as usize] = next;
                    next += 1;
                }
                Some(renum[c as usize])
            }
        })
        .collect()
}

/// Points of a piece examined when looking for its closest pair with another piece.
const FACING: usize = 96;
/// Other pieces (nearest by centroid) examined per piece and round.
const PARTNERS: usize = 3;
/// Borůvka rounds; each at least halves the number of pieces.
const MAX_ROUNDS: usize = 12;

/// Adds, for every piece of the graph but the largest, its (approximately) closest
/// mutual-reachability edge to another piece, in Borůvka rounds, until the graph is connected.
/// Approximate to stay linear: a piece is compared with the [`PARTNERS`] pieces whose centroids
/// are nearest, and of each pair only the [`FACING`] points of either side nearest to the other's
/// centroid are compared; the winning pair is re-measured with `dist`.
fn connect_components(
    n: usize,
    edges: &mut Vec<(f32, u32, u32)>,
    core: &[f32],
    points: &[f32],
    dim: usize,
    dist: &(impl Fn(usize, usize) -> f32 + Sync),
) {
    use super::reduce::sq_dist;
    use rayon::prelude::*;
    let mut uf = UnionFind::new(n);
    let union = |uf: &mut UnionFind, a: u32, b: u32| {
        let (ra, rb) = (uf.find(a), uf.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            uf.parent[hi as usize] = lo;
        }
    };
    for &(_, a, b) in edges.iter() {
        union(&mut uf, a, b);
    }
    let better = |x: (f32, u32, u32), y: (f32, u32, u32)| y.0 < x.0 || (y.0 == x.0 && (y.1, y.2) < (x.1, x.2));
    let mut rounds = 0usize;
    loop {
        let mut members: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
        for i in 0..n as u32 {
            members.entry(uf.find(i)).or_default().push(i);
        }
        if members.len() <= 1 {
            return;
        }
        let comps: Vec<(u32, Vec<u32>)> = members.into_iter().collect();
        let centroids: Vec<Vec<f32>> = comps
            .iter()
            .map(|(_, m)| {
                let mut c = vec![0f32; dim];
                for &i in m {
                    for (cv, &x) in c.iter_mut().zip(&points[i as usize * dim..(i as usize + 1) * dim]) {
                        *cv += x;
                    }
                }
                c.iter_mut().for_each(|v| *v /= m.len() as f32);
                c
            })
            .collect();
        let largest = (0..comps.len()).max_by_key(|&c| (comps[c].1.len(), std::cmp::Reverse(c))).unwrap_or(0);
        // The points of component `c` nearest to the centroid of component `o`.
        let facing = |c: usize, o: usize| -> Vec<u32> {
            let m = &comps[c].1;
            if m.len() <= FACING {
                return m.clone();
            }
            let mut d: Vec<(f32, u32)> =
                m.iter().map(|&i| (sq_dist(&points[i as usize * dim..(i as usize + 1) * dim], &centroids[o]), i)).collect();
            d.select_nth_unstable_by(FACING, |x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            let mut v: Vec<u32> = d[..FACING].iter().map(|x| x.1).collect();
            v.sort_unstable();
            v
        };
        let found: Vec<(f32, u32, u32)> = (0..comps.len())
            .into_par_iter()
            .filter(|&c| c != largest)
            .filter_map(|c| {
                let mut others: Vec<(f32, usize)> =
                    (0..comps.len()).filter(|&o| o != c).map(|o| (sq_dist(&centroids[c], &centroids[o]), o)).collect();
                others.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
                let mut best = (f32::INFINITY, u32::MAX, u32::MAX);
                for &(_, o) in others.iter().take(PARTNERS) {
                    let mine = facing(c, o);
                    let theirs = facing(o, c);
                    for &a in &mine {
                        let pa = &points[a as usize * dim..(a as usize + 1) * dim];
                        for &b in &theirs {
                            let d = sq_dist(pa, &points[b as usize * dim..(b as usize + 1) * dim]).sqrt();
                            let w = d.max(core[a as usize]).max(core[b as usize]);
                            let e = if a < b { (w, a, b) } else { (w, b, a) };
                            if better(best, e) {
                                best = e;
                            }
                        }
                    }
                }
                (best.1 != u32::MAX).then(|| {
                    let w = dist(best.1 as usize, best.2 as usize).max(core[best.1 as usize]).max(core[best.2 as usize]);
                    (w, best.1, best.2)
                })
            })
            .collect();
        rounds += 1;
        if found.is_empty() {
            return;
        }
        for &(w, a, b) in &found {
            edges.push((w, a, b));
            union(&mut uf, a, b);
        }
        if rounds >= MAX_ROUNDS {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::knn::knn;
    use super::*;

    #[test]
    fn two_blobs_and_an_outlier() {
        // 1-D: blob around 0, blob around 10, one point at 100.
        let mut pts = Vec::new();
        for i in 0..20 {
            pts.push(i as f32 * 0.05);
        }
        for i in 0..20 {
            pts.push(10.0 + i as f32 * 0.05);
        }
        pts.push(100.0);
        let g = knn(&pts, 1, 8, 1);
        let dist = |a: usize, b: usize| (pts[a] - pts[b]).abs();
        for sel in [Selection::ExcessOfMass, Selection::Leaf] {
            let labels = hdbscan(&g, &pts, 1, dist, 4, 5, sel, usize::MAX);
            assert!(labels[..20].iter().all(|l| *l == Some(0)), "{labels:?}");
            assert!(labels[20..40].iter().all(|l| *l == Some(1)), "{labels:?}");
            assert_eq!(labels[40], None);
        }
    }

    #[test]
    fn too_few_points_is_all_noise() {
        let g = knn(&[0.0, 1.0, 2.0], 1, 2, 1);
        assert_eq!(hdbscan(&g, &[0.0, 1.0, 2.0], 1, |a, b| (a as f32 - b as f32).abs(), 2, 5, Selection::ExcessOfMass, usize::MAX), vec![None; 3]);
    }
}
