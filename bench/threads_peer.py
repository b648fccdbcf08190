"""BERTopic on the texts and vectors that benches/threads.rs wrote (bench/threads.sh).

  threads_peer.py PREFIX THREADS

BERTopic 0.16 with its own defaults made explicit and seeded: UMAP (15 neighbours, 5 dims,
min_dist 0, cosine, random_state 42) → HDBSCAN (min cluster size 10, eom) → c-TF-IDF over a
CountVectorizer. `fit_transform(docs, embeddings)` gets the same vectors rodedraad used, so no
model runs here; its wall time is compared with rodedraad's build time. Scores use the same
definitions as rodedraad's `threads::evaluate` (outliers = "no thread", as HDBSCAN's −1).
Prints one JSON object.
"""
import json
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")


def main():
    prefix, threads = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    os.environ.setdefault("NUMBA_NUM_THREADS", str(threads))
    import numpy as np
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    from umap import UMAP

    rows = [json.loads(l) for l in open(prefix + ".jsonl", encoding="utf-8")]
    docs = [r["text"] for r in rows]
    gold = np.array([r["thread"] or "-" for r in rows])
    X = np.fromfile(prefix + ".f32", dtype="<f4").reshape(len(rows), -1)

    t0 = time.perf_counter()
    model = BERTopic(
        umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42),
        hdbscan_model=HDBSCAN(min_cluster_size=10, metric="euclidean", cluster_selection_method="eom",
                              prediction_data=True),
        calculate_probabilities=False,
    )
    topics, _ = model.fit_transform(docs, embeddings=X)
    secs = time.perf_counter() - t0
    lab = np.array(topics)

    threaded = gold != "-"
    per_gold = []
    for g in sorted(set(gold) - {"-"}):
        sel = lab[gold == g]
        sel = sel[sel >= 0]
        share = float(np.bincount(sel).max() / (gold == g).sum()) if len(sel) else 0.0
        per_gold.append({"gold": g, "size": int((gold == g).sum()), "share": share})
    import bertopic
    print(json.dumps({
        "engine": f"BERTopic {bertopic.__version__} (UMAP + HDBSCAN)", "complaints": len(rows),
        "threads": int(lab.max() + 1), "unassigned_share": float(np.mean(lab < 0)), "seconds": secs,
        "ari": adjusted_rand_score(gold, lab), "nmi": normalized_mutual_info_score(gold, lab),
        "ari_threaded": adjusted_rand_score(gold[threaded], lab[threaded]),
        "recovered_80": sum(p["share"] >= 0.8 for p in per_gold), "gold_threads": len(per_gold),
        "per_gold": per_gold,
    }))


if __name__ == "__main__":
    main()
