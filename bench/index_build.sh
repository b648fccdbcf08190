#!/usr/bin/env bash
# Index build, like for like (issue: full-text search): rodedraad/tantivy and SQLite FTS5 build
# an index of the same generated corpus, one after the other in one run. FTS5's build is
# "parse JSON lines + insert + optimize"; rodedraad's comparable part is "parse + index"
# (benches/index_build.rs), with its privacy-guard pass — which FTS5 does not do — timed beside it.
#   bench/index_build.sh [COUNT]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-200000}
OUT=bench/out; mkdir -p "$OUT"
scripts/setup.sh >&2
BIN=target/release/rodedraad
CORPUS="$OUT/corpus-$COUNT.jsonl"
[ -f "$CORPUS" ] || $BIN corpus generate --out "$CORPUS" --count "$COUNT" --seed 2024
cargo bench --quiet --bench index_build --no-run >&2
for round in 1 2; do
  cargo bench --quiet --bench index_build -- "$CORPUS" "$OUT/ib-index-$COUNT" > "$OUT/index-build-rodedraad-$round.json"
  python3 bench/fts5_peer.py "$CORPUS" --build-only "$OUT/ib-fts5-$COUNT.db" > "$OUT/index-build-fts5-$round.json"
done
python3 - "$OUT" <<'PY'
import json, sys, glob
out = sys.argv[1]
for r in (1, 2):
    a = json.load(open(f"{out}/index-build-rodedraad-{r}.json")); b = json.load(open(f"{out}/index-build-fts5-{r}.json"))
    print(f"round {r}: rodedraad parse {a['parse_s']:.1f} s + index {a['index_s']:.1f} s = {a['parse_plus_index_s']:.1f} s "
          f"(+ privacy guard {a['guard_s']:.1f} s), {a['size_bytes']/1e6:.0f} MB; "
          f"FTS5 build {b['build_s']:.1f} s, {b['size_bytes']/1e6:.0f} MB")
PY
