import sys, json, time, numpy as np
sys.path.insert(0, '/tmp/pyextra')
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
src = sys.argv[1]; mode = sys.argv[2]
gold = [json.loads(l).get('thread', '-') for l in open(src)]
X = np.fromfile(src + '.f32', dtype='<f4').reshape(len(gold), -1)
t = time.time()
if mode == 'umap':
    import umap
if mode == 'umap':
    red = umap.UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric='cosine', random_state=42).fit_transform(X)
    t1 = time.time()
    from sklearn.cluster import HDBSCAN
    lab = HDBSCAN(min_cluster_size=int(sys.argv[3]), metric='euclidean', cluster_selection_method='eom').fit_predict(red)
else:
    from sklearn.decomposition import PCA
    from sklearn.cluster import HDBSCAN
    d = int(sys.argv[3])
    red = PCA(n_components=d, random_state=0).fit_transform(X) if d < X.shape[1] else X
    t1 = time.time()
    lab = HDBSCAN(min_cluster_size=int(sys.argv[4]), min_samples=int(sys.argv[5]), cluster_selection_method=sys.argv[6]).fit_predict(red)
el = time.time() - t
g = np.array(gold)
ari = adjusted_rand_score(g, lab); nmi = normalized_mutual_info_score(g, lab)
m = g != '-'
shares = []
for th in sorted(set(gold) - {'-'}):
    sel = lab[g == th]; sel = sel[sel >= 0]
    shares.append(np.bincount(sel).max() / (g == th).sum() if len(sel) else 0)
print(mode, sys.argv[3:], f"time={el:.1f}s (reduce {t1-t:.1f}) clusters={lab.max()+1} noise={np.mean(lab<0):.3f} ARI={ari:.3f} NMI={nmi:.3f} ARI_thr={adjusted_rand_score(g[m], lab[m]):.3f} >=80%:{sum(s>=0.8 for s in shares)}/{len(shares)}")
