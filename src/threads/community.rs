//! Communities in the k-nearest-neighbour graph (Louvain modularity, Blondel et al. 2008), with
//! "attachment" as the noise rule.
//!
//! Why not plain HDBSCAN: on real sentence embeddings of this project's corpus (all-MiniLM-L6-v2
//! over 20,000 generated letters), the planted threads are *less* dense than the clusters of
//! common one-off subjects, so HDBSCAN's global density threshold leaves them as noise: exact
//! HDBSCAN in 32 PCA dimensions put 0 of 27 threads ≥ 80% in one cluster, BERTopic's
//! UMAP(5)+HDBSCAN 11 of 27. The neighbour *graph* is far more telling — 73% of a threaded
//! complaint's 15 nearest neighbours belong to its own thread — and modularity communities of
//! that graph put 24 of 27 threads ≥ 80% in one community without any density threshold.
//!
//! Noise: a complaint belongs to its community only if at least `min_attachment` of its graph
//! edges (weighted) stay inside it; communities with fewer than `min_cluster_size` attached
//! members are dissolved. One-off complaints have neighbours scattered over many communities and
//! fall out.
//!
//! Determinism: nodes are visited in index order, ties go to the lowest community id, sums are
//! taken in adjacency order; no randomness at all.

/// Undirected weighted graph as adjacency lists (each edge in both lists, no self-loops).
pub(crate) struct Graph {
    pub adj: Vec<Vec<(u32, f64)>>,
    /// Directed out-neighbours (each complaint's own nearest neighbours), for [`detach`].
    pub out: Vec<Vec<u32>>,
}

impl Graph {
    /// Symmetrised k-nearest-neighbour graph: weight 1 per direction in which an edge occurs
    /// (so 2 for mutual neighbours).
    pub fn from_knn(knn: &super::knn::Knn) -> Graph {
        let n = knn.n();
        let mut edges: Vec<(u32, u32)> = Vec::with_capacity(n * knn.k * 2);
        let mut out: Vec<Vec<u32>> = vec![Vec::new(); n];
        for i in 0..n {
            for (j, _) in knn.row(i) {
                if j as usize != i {
                    edges.push((i as u32, j));
                    edges.push((j, i as u32));
                    out[i].push(j);
                }
            }
        }
        edges.sort_unstable();
        let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        for (a, b) in edges {
            let row = &mut adj[a as usize];
            match row.last_mut() {
                Some((j, w)) if *j == b => *w += 1.0,
                _ => row.push((b, 1.0)),
            }
        }
        Graph { adj, out }
    }

    pub fn n(&self) -> usize {
        self.adj.len()
    }
}

/// Louvain communities at `resolution` (1.0 = classic modularity; higher = smaller
/// communities). Returns a community per node, numbered by smallest member.
pub(crate) fn louvain(graph: &Graph, resolution: f64) -> Vec<u32> {
    let n = graph.n();
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let mut adj: Vec<Vec<(u32, f64)>> = graph.adj.clone();
    let mut self_w: Vec<f64> = vec![0.0; n];
    for _level in 0..32 {
        let nodes = adj.len();
        let degree: Vec<f64> = (0..nodes).map(|i| self_w[i] + adj[i].iter().map(|e| e.1).sum::<f64>()).collect();
        let m2: f64 = degree.iter().sum();
        if m2 <= 0.0 {
            break;
        }
        let mut comm: Vec<u32> = (0..nodes as u32).collect();
        let mut tot: Vec<f64> = degree.clone();
        let mut scratch: Vec<f64> = vec![0.0; nodes];
        let mut touched: Vec<u32> = Vec::new();
        let mut any_move = false;
        for _pass in 0..50 {
            let mut moves = 0usize;
            for i in 0..nodes {
                let old = comm[i];
                let ki = degree[i];
                tot[old as usize] -= ki;
                touched.clear();
                for &(j, w) in &adj[i] {
                    let c = comm[j as usize];
                    if scratch[c as usize] == 0.0 {
                        touched.push(c);
                    }
                    scratch[c as usize] += w;
                }
                let gain = |c: u32, w_in: f64| w_in - resolution * tot[c as usize] * ki / m2;
                let mut best = old;
                let mut best_gain = gain(old, scratch[old as usize]);
                for &c in &touched {
                    let g = gain(c, scratch[c as usize]);
                    if g > best_gain + 1e-12 || ((g - best_gain).abs() <= 1e-12 && c < best) {
                        best = c;
                        best_gain = g;
                    }
                }
                for &c in &touched {
                    scratch[c as usize] = 0.0;
                }
                tot[best as usize] += ki;
                if best != old {
                    comm[i] = best;
                    moves += 1;
                }
            }
            if moves == 0 {
                break;
            }
            any_move = true;
        }
        if !any_move {
            break;
        }
        // Renumber in order of first node and aggregate.
        let mut renum: Vec<u32> = vec![u32::MAX; nodes];
        let mut count = 0u32;
        for c in comm.iter_mut() {
            if renum[*c as usize] == u32::MAX {
                renum[*c as usize] = count;
                count += 1;
            }
            *c = renum[*c as usize];
        }
        for m in membership.iter_mut() {
            *m = comm[*m as usize];
        }
        let k = count as usize;
        let mut new_self = vec![0.0; k];
        let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
        for i in 0..nodes {
            let ci = comm[i];
            new_self[ci as usize] += self_w[i];
            for &(j, w) in &adj[i] {
                let cj = comm[j as usize];
                if ci == cj {
                    new_self[ci as usize] += w;
                } else {
                    pairs.push((ci, cj, w));
                }
            }
        }
        pairs.sort_unstable_by_key(|a| (a.0, a.1));
        let mut new_adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); k];
        for (a, b, w) in pairs {
            let row = &mut new_adj[a as usize];
            match row.last_mut() {
                Some((j, x)) if *j == b => *x += w,
                _ => row.push((b, w)),
            }
        }
        adj = new_adj;
        self_w = new_self;
        if k == nodes {
            break;
        }
    }
    // Final numbering by smallest member.
    let mut renum: std::collections::HashMap<u32, u32> = Default::default();
    membership
        .iter()
        .map(|&c| {
            let next = renum.len() as u32;
            *renum.entry(c).or_insert(next)
        })
        .collect()
}

/// Merges communities that are not separated from the rest: while some community keeps less
/// than `share` of its edge weight inside, the one keeping the least (ties by id) is merged
/// into the community receiving most of its outside weight. Modularity at high resolution also
/// cuts homogeneous groups into pieces, each of which sends most of its edges to its sibling
/// pieces; a real thread keeps most of its edges inside. Only communities sending at least
/// [`FOCUS`] of their outside weight to a single neighbour are merged. Returns relabelled
/// communities.
pub(crate) fn merge_tied(graph: &Graph, comm: &[u32], share: f64) -> Vec<u32> {
    use std::collections::BTreeMap;
    let mut comm = comm.to_vec();
    // Community graph: volume, internal weight and weight to each other community.
    let mut vol: BTreeMap<u32, f64> = BTreeMap::new();
    let mut inner: BTreeMap<u32, f64> = BTreeMap::new();
    let mut between: BTreeMap<u32, BTreeMap<u32, f64>> = BTreeMap::new();
    for i in 0..graph.n() {
        let ci = comm[i];
        for &(j, w) in &graph.adj[i] {
            *vol.entry(ci).or_default() += w;
            let cj = comm[j as usize];
            if ci == cj {
                *inner.entry(ci).or_default() += w;
            } else {
                *between.entry(ci).or_default().entry(cj).or_default() += w;
            }
        }
    }
    // Only a community tied to one neighbour is a piece of it; one whose outside edges scatter
    // over many communities (one-off complaints) is left alone and fails the attachment rule.
    let focused = |b: &BTreeMap<u32, f64>| {
        let total: f64 = b.values().sum();
        total > 0.0 && b.values().fold(0.0f64, |m, &w| m.max(w)) >= FOCUS * total
    };
    let mut parent: BTreeMap<u32, u32> = BTreeMap::new();
    loop {
        let worst = vol
            .iter()
            .filter(|(_, &v)| v > 0.0)
            .map(|(&c, &v)| (inner.get(&c).copied().unwrap_or(0.0) / v, c))
            .filter(|&(x, c)| x < share && between.get(&c).is_some_and(&focused))
            .min_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        let Some((_, a)) = worst else { break };
        let out = between.remove(&a).unwrap_or_default();
        let Some((&b, _)) = out.iter().max_by(|x, y| x.1.total_cmp(y.1).then(y.0.cmp(x.0))) else { break };
        // Fold a into b.
        let va = vol.remove(&a).unwrap_or(0.0);
        *vol.entry(b).or_default() += va;
        let ia = inner.remove(&a).unwrap_or(0.0);
        *inner.entry(b).or_default() += ia + 2.0 * out.get(&b).copied().unwrap_or(0.0);
        if let Some(bm) = between.get_mut(&b) {
            bm.remove(&a);
        }
        for (&c, &w) in &out {
            if c == b {
                continue;
            }
            *between.entry(b).or_default().entry(c).or_default() += w;
            if let Some(cm) = between.get_mut(&c) {
                if let Some(x) = cm.remove(&a) {
                    *cm.entry(b).or_default() += x;
                }
            }
        }
        parent.insert(a, b);
    }
    for c in comm.iter_mut() {
        while let Some(&p) = parent.get(c) {
            *c = p;
        }
    }
    comm
}

/// Share of a weakly separated community's outside weight that must go to one neighbour for it
/// to be merged into that neighbour.
const FOCUS: f64 = 0.25;

/// Share of each node's edge weight that stays inside its own community.
pub(crate) fn attachment(graph: &Graph, comm: &[u32]) -> Vec<f64> {
    (0..graph.n())
        .map(|i| {
            let (mut inside, mut total) = (0.0, 0.0);
            for &(j, w) in &graph.adj[i] {
                total += w;
                if comm[j as usize] == comm[i] {
                    inside += w;
                }
            }
            if total > 0.0 {
                inside / total
            } else {
                0.0
            }
        })
        .collect()
}

/// Detaches small threads that Louvain folded into a larger neighbour: every community of at
/// least `2 · min_size` members is split by Louvain on its own subgraph, and a piece `A` of at
/// least `min_size` members becomes a community of its own when it is
/// - cohesive: at least [`DETACH_COHESION`] of its members' own nearest neighbours lie in `A`;
/// - one-sided: the rest `B` of the community hardly counts `A`'s members among its nearest
///   neighbours (edges `B → A` at most [`DETACH_ONE_SIDED`] times the edges `A → B`).
///
/// Why: modularity cannot tell a small thread from a larger neighbour it sends many edges to
/// (the resolution limit). On generated letters (10,000, e5) T17 (23 letters, "a move not
/// registered in the BRP, so the allowance stops") sends 48% of its neighbour edges inside and
/// 26% to T11 (119 letters, "a postal address on my home, so the rent allowance stops"), and
/// Louvain joins them. But T11 sends almost none back: to T11's letters, T17's are not near.
/// Pieces of one homogeneous thread point at each other both ways and stay together.
///
/// Measured (bench/RESULTS.md): together with the lexical features it flags all four planted
/// emerging threads at 10,000 letters (2 of 4 without it). On the embedding alone it also
/// detaches sub-threads of large threads (one-sided ties occur inside them as well: 23 of 27
/// recovered instead of 24 at 10,000), so the default uses it with the lexical features only.
pub(crate) fn detach(graph: &Graph, comm: &[u32], resolution: f64, min_size: usize) -> Vec<u32> {
    let mut members: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for (i, &c) in comm.iter().enumerate() {
        members.entry(c).or_default().push(i as u32);
    }
    let mut out: Vec<u32> = comm.to_vec();
    let mut next = comm.iter().copied().max().map_or(0, |m| m + 1);
    let mut local: Vec<u32> = vec![u32::MAX; graph.n()];
    let min_size = min_size.max(2);
    for nodes in members.values() {
        if nodes.len() < 2 * min_size {
            continue;
        }
        for (pos, &i) in nodes.iter().enumerate() {
            local[i as usize] = pos as u32;
        }
        let sub = Graph {
            adj: nodes
                .iter()
                .map(|&i| {
                    graph.adj[i as usize]
                        .iter()
                        .filter(|&&(j, _)| local[j as usize] != u32::MAX)
                        .map(|&(j, w)| (local[j as usize], w))
                        .collect()
                })
                .collect(),
            out: Vec::new(),
        };
        let parts = louvain(&sub, resolution);
        let pieces = parts.iter().copied().max().map_or(0, |m| m as usize + 1);
        let (mut total, mut inside, mut to_rest, mut from_rest) =
            (vec![0usize; pieces], vec![0usize; pieces], vec![0usize; pieces], vec![0usize; pieces]);
        let mut size = vec![0usize; pieces];
        for (pos, &i) in nodes.iter().enumerate() {
            let a = parts[pos] as usize;
            size[a] += 1;
            for &j in &graph.out[i as usize] {
                total[a] += 1;
                let lj = local[j as usize];
                if lj == u32::MAX {
                    continue;
                }
                let b = parts[lj as usize] as usize;
                if b == a {
                    inside[a] += 1;
                } else {
                    to_rest[a] += 1;
                    from_rest[b] += 1;
                }
            }
        }
        let mut new_id: Vec<Option<u32>> = vec![None; pieces];
        for a in 0..pieces {
            let cohesive = total[a] > 0 && inside[a] as f64 >= DETACH_COHESION * total[a] as f64;
            let one_sided = from_rest[a] as f64 <= DETACH_ONE_SIDED * to_rest[a] as f64;
            if size[a] >= min_size && size[a] < nodes.len() && cohesive && one_sided {
                new_id[a] = Some(next);
                next += 1;
            }
        }
        for (pos, &i) in nodes.iter().enumerate() {
            if let Some(id) = new_id[parts[pos] as usize] {
                out[i as usize] = id;
            }
        }
        for &i in nodes {
            local[i as usize] = u32::MAX;
        }
    }
    out
}

/// See [`detach`].
const DETACH_COHESION: f64 = 0.4;
/// See [`detach`].
const DETACH_ONE_SIDED: f64 = 0.25;

/// Whether small threads are detached from larger neighbours after the communities are found
/// (see [`detach`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detach {
    /// Communities as Louvain and [`merge_tied`] leave them.
    #[default]
    Off,
    /// Pieces of a community that are cohesive and one-sidedly tied to the rest become threads
    /// (the default of [`super::ThreadParams`]).
    OneSided,
}

/// Communities as cluster labels: members with attachment ≥ `min_attachment`, in communities
/// that keep at least `min_size` such members; numbered by smallest member; others `None`.
/// With `split` = [`Detach::OneSided`], small threads are detached first ([`detach`]).
pub(crate) fn communities(
    graph: &Graph,
    resolution: f64,
    merge_share: f64,
    min_attachment: f64,
    min_size: usize,
    split: Detach,
) -> Vec<Option<u32>> {
    let comm = merge_tied(graph, &louvain(graph, resolution), merge_share);
    let comm = match split {
        Detach::Off => comm,
        Detach::OneSided => detach(graph, &comm, resolution, min_size),
    };
    let att = attachment(graph, &comm);
    let mut size: std::collections::HashMap<u32, usize> = Default::default();
    for (i, &c) in comm.iter().enumerate() {
        if att[i] >= min_attachment {
            *size.entry(c).or_default() += 1;
        }
    }
    let mut renum: std::collections::HashMap<u32, u32> = Default::default();
    comm.iter()
        .enumerate()
        .map(|(i, &c)| {
            if att[i] >= min_attachment && size[&c] >= min_size.max(2) {
                let next = renum.len() as u32;
                Some(*renum.entry(c).or_insert(next))
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(u32, u32)]) -> Graph {
        let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        for &(a, b) in edges {
            adj[a as usize].push((b, 1.0));
            adj[b as usize].push((a, 1.0));
        }
        adj.iter_mut().for_each(|r| r.sort_by_key(|e| e.0));
        let out = adj.iter().map(|r| r.iter().map(|e| e.0).collect()).collect();
        Graph { adj, out }
    }

    #[test]
    fn two_cliques_joined_by_one_edge_and_a_loose_node() {
        // Cliques {0..5} and {5..10}, bridge 4–5, node 10 hanging off 0 and 9.
        let mut e = Vec::new();
        for a in 0..5u32 {
            for b in a + 1..5 {
                e.push((a, b));
                e.push((a + 5, b + 5));
            }
        }
        e.push((4, 5));
        e.push((10, 0));
        e.push((10, 9));
        let g = graph(11, &e);
        let c = louvain(&g, 1.0);
        assert!(c[..5].iter().all(|&x| x == c[0]));
        assert!(c[5..10].iter().all(|&x| x == c[5]));
        assert_ne!(c[0], c[5]);
        let labels = communities(&g, 1.0, 0.5, 0.6, 3, Detach::Off);
        assert_eq!(labels[10], None, "half its edges leave its community");
        assert!(labels[..10].iter().all(Option::is_some));
    }

    /// Graph from directed edges (weight 1 per direction, as `Graph::from_knn`).
    fn directed(n: usize, edges: &[(u32, u32)]) -> Graph {
        let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        let mut out: Vec<Vec<u32>> = vec![Vec::new(); n];
        for &(a, b) in edges {
            out[a as usize].push(b);
            for (x, y) in [(a, b), (b, a)] {
                let row = &mut adj[x as usize];
                match row.iter_mut().find(|e| e.0 == y) {
                    Some(e) => e.1 += 1.0,
                    None => row.push((y, 1.0)),
                }
            }
        }
        adj.iter_mut().for_each(|r| r.sort_by_key(|e| e.0));
        Graph { adj, out }
    }

    /// A ring of `n` nodes from `start`, each pointing at its `k` nearest on either side (as
    /// nearest neighbours do: mostly mutually).
    fn ring(start: u32, n: u32, k: u32, edges: &mut Vec<(u32, u32)>) {
        for i in 0..n {
            for d in 1..=k {
                edges.push((start + i, start + (i + d) % n));
                edges.push((start + i, start + (i + n - d) % n));
            }
        }
    }

    #[test]
    fn a_small_group_tied_one_way_to_a_large_one_is_detached_and_halves_are_not() {
        // B: nodes 0..60, A: 60..72. A's members point half into A, half into B; B never at A.
        let mut e = Vec::new();
        ring(0, 60, 5, &mut e);
        ring(60, 12, 2, &mut e);
        for a in 60..72u32 {
            for j in 0..6 {
                e.push((a, (a * 7 + j * 11) % 60));
            }
        }
        let g = directed(72, &e);
        let off = communities(&g, 1.0, 0.6, 0.2, 5, Detach::Off);
        let on = communities(&g, 1.0, 0.6, 0.2, 5, Detach::OneSided);
        // Without detaching, the small group is part of the large one's community…
        assert!(off[60..].iter().any(|&c| c.is_some() && off[..60].contains(&c)), "{off:?}");
        // …with it, the group is a community of its own.
        assert!(on[60..].iter().all(|&c| c.is_some() && c == on[60]), "{on:?}");
        assert!(on[..60].iter().all(|&c| c != on[60]), "{on:?}");

        // One group whose parts point at each other both ways: nothing is detached.
        let mut e = Vec::new();
        ring(0, 80, 5, &mut e);
        let g = directed(80, &e);
        assert_eq!(communities(&g, 1.0, 0.6, 0.2, 5, Detach::OneSided), communities(&g, 1.0, 0.6, 0.2, 5, Detach::Off));
    }

    #[test]
    fn empty_and_edgeless_graphs() {
        assert!(louvain(&graph(0, &[]), 1.0).is_empty());
        assert_eq!(communities(&graph(3, &[]), 1.0, 0.5, 0.5, 2, Detach::OneSided), vec![None; 3]);
    }
}
