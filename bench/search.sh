#!/usr/bin/env bash
# Search benchmark (issue: full-text search at 200,000 complaints): rodedraad/tantivy and
# SQLite FTS5 side by side, in one run, same generated corpus, same queries (bench/queries.tsv).
# Writes bench/out/search-*.json; copy the figures into bench/RESULTS.md with date and machine.
#   bench/search.sh [COUNT]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-200000}
OUT=bench/out; mkdir -p "$OUT"
scripts/setup.sh >&2
BIN=target/release/rodedraad
CORPUS="$OUT/corpus-$COUNT.jsonl"
[ -f "$CORPUS" ] || $BIN corpus generate --out "$CORPUS" --count "$COUNT" --seed 2024
rm -rf "$OUT/data-$COUNT"
start=$(date +%s%N)
$BIN ingest --quiet --data-dir "$OUT/data-$COUNT" "$CORPUS" > "$OUT/ingest-$COUNT.txt"
end=$(date +%s%N)
build=$(( (end - start) / 1000000 ))
size=$(du -sb "$OUT/data-$COUNT/index" | cut -f1)
cargo bench --quiet --bench search -- "$OUT/data-$COUNT" bench/queries.tsv > "$OUT/search-rodedraad.json"
python3 - "$OUT/search-rodedraad.json" "$build" "$size" <<'PY'
import json, sys
p, build, size = sys.argv[1], float(sys.argv[2]) / 1000, int(sys.argv[3])
d = json.load(open(p)); d["build_s"] = build; d["size_bytes"] = size
json.dump(d, open(p, "w"))
PY
python3 bench/fts5_peer.py "$CORPUS" bench/queries.tsv "$OUT/fts5-$COUNT.db" > "$OUT/search-fts5.json"
python3 - "$OUT/search-rodedraad.json" "$OUT/search-fts5.json" <<'PY'
import json, sys
rows = [json.load(open(p)) for p in sys.argv[1:]]
print(f"{'engine':<24} {'docs':>7} {'build s':>8} {'size MB':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'p50 filt':>8} {'p99 filt':>8}")
for r in rows:
    print(f"{r['engine']:<24} {r['docs']:>7} {r['build_s']:>8.1f} {r['size_bytes']/1e6:>8.1f} {r['all']['p50']:>7.2f} {r['all']['p95']:>7.2f} {r['all']['p99']:>7.2f} {r['filtered']['p50']:>8.2f} {r['filtered']['p99']:>8.2f}")
print("build: rodedraad = the whole `rodedraad ingest` (read, validate, privacy guard, index);")
print("       FTS5 = parse + insert + optimize. Like for like (read + index): bench/index_build.sh")
PY
