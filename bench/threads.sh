#!/usr/bin/env bash
# Threads benchmark (issue: rode draden): rodedraad's thread finder side by side with BERTopic
# on generated corpora with planted threads, the same texts and the same multilingual-e5-small
# vectors fed to both, fixed seeds. rodedraad runs twice: default parameters, and on the
# embedding alone as before the lexical features became the default
# (bench/threads-embedding-only.toml). Reports ARI, NMI, planted threads
# with ≥ 80% of their members in one thread, emerging threads flagged in their start year, and
# wall time.
#   bench/threads.sh [N...]   (default: 10000 100000)
# Each corpus is the first N letters of `corpus generate --count N+1000 --seed 11` — for
# 100,000 the same letters as bench/nightly.sh's first night, whose vector cache is reused when
# present (the vectors are the same: same texts, same model). Otherwise `rodedraad run` embeds
# them (~30 min for 100,000 on 2 cores). Writes bench/out/threads-N/{rodedraad,rodedraad-embedding-only,
# bertopic}.json and prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)
THREADS=2
scripts/setup.sh >&2
PY=.venv/bin/python
$PY -c "import bertopic" 2>/dev/null || $PY -m pip install -q "bertopic==0.16.4" >&2
BIN=target/release/rodedraad
cargo bench --quiet --bench threads --no-run >&2
BENCH=$(cargo bench --bench threads --no-run --message-format=json 2>/dev/null \
  | $PY -c "import json,sys; print([m['executable'] for m in map(json.loads, sys.stdin) if m.get('executable') and m['target']['name']=='threads'][0])")
for N in "${SIZES[@]}"; do
  OUT=bench/out/threads-$N; mkdir -p "$OUT/in"
  if [ ! -s "$OUT/in/corpus.jsonl" ]; then
    $BIN corpus generate --count $((N + 1000)) --seed 11 --out "$OUT/all.jsonl" >&2
    head -n "$N" "$OUT/all.jsonl" > "$OUT/in/corpus.jsonl"; rm "$OUT/all.jsonl"
  fi
  SHARED=bench/out/nightly-$N/data/vectors.redb
  if [ -f "$SHARED" ] && [ ! -f "$OUT/data/vectors.redb" ]; then
    mkdir -p "$OUT/data"; cp "$SHARED" "$OUT/data/vectors.redb"
  fi
  # Ingest, embed (or take the cached vectors), classify: the stored complaints and vectors
  # both engines start from. Exit code 1 = some records rejected, still a finished run.
  $BIN --data-dir "$OUT/data" --quiet run --input "$OUT/in" > /dev/null || [ $? -eq 1 ]
  RAYON_NUM_THREADS=$THREADS "$BENCH" "$OUT/data" "$OUT/peer" > "$OUT/rodedraad.json"
  RAYON_NUM_THREADS=$THREADS "$BENCH" "$OUT/data" "$OUT/peer" bench/threads-embedding-only.toml \
    | $PY -c "import json,sys; r=json.load(sys.stdin); r['engine']='rodedraad, embedding only'; print(json.dumps(r))" \
    > "$OUT/rodedraad-embedding-only.json"
  OMP_NUM_THREADS=$THREADS NUMBA_NUM_THREADS=$THREADS $PY bench/threads_peer.py "$OUT/peer" $THREADS > "$OUT/bertopic.json"
done
$PY - "${SIZES[@]}" <<'PY'
import json, sys
print(f"{'corpus':>8} {'engine':<34} {'>=80%':>7} {'emerging':>8} {'ARI':>6} {'ARI thr':>7} {'NMI':>6} {'threads':>7} {'unassigned':>10} {'time s':>7}")
for n in sys.argv[1:]:
    for eng in ("rodedraad", "rodedraad-embedding-only", "bertopic"):
        r = json.load(open(f"bench/out/threads-{n}/{eng}.json"))
        em = f"{r['emerging_flagged']}/{r['emerging']}" if "emerging" in r else "-"
        print(f"{int(n):>8,} {r['engine'][:34]:<34} {r['recovered_80']:>3}/{r['gold_threads']:<3} {em:>8} {r['ari']:>6.3f} "
              f"{r['ari_threaded']:>7.3f} {r['nmi']:>6.3f} {r['threads']:>7} {r['unassigned_share']:>10.1%} {r['seconds']:>7.1f}")
PY
