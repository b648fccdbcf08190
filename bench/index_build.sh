#!/usr/bin/env bash
# Index build, like for like (issue: full-text search): rodedraad/tantivy and SQLite FTS5 build
# an index of the same generated corpus, alternating, ROUNDS times (default 3) in one run. FTS5's
# build is "parse JSON lines + insert + optimize"; rodedraad's comparable part is "read (file +
# JSON) + index" (benches/index_build.rs); validation and the privacy guard, which FTS5 does not
# do, are timed beside it.
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
ROUNDS=${ROUNDS:-3}
for round in $(seq "$ROUNDS"); do
  cargo bench --quiet --bench index_build -- "$CORPUS" "$OUT/ib-index-$COUNT" > "$OUT/index-build-rodedraad-$round.json"
  python3 bench/fts5_peer.py "$CORPUS" --build-only "$OUT/ib-fts5-$COUNT.db" > "$OUT/index-build-fts5-$round.json"
done
python3 - "$OUT" "$ROUNDS" <<'PY'
import json, sys
out, rounds = sys.argv[1], int(sys.argv[2])
for r in range(1, rounds + 1):
    a = json.load(open(f"{out}/index-build-rodedraad-{r}.json")); b = json.load(open(f"{out}/index-build-fts5-{r}.json"))
    print(f"round {r}: rodedraad read {a['read_s']:.2f} s + index {a['index_s']:.2f} s = {a['read_plus_index_s']:.2f} s "
          f"(+ validate {a['validate_s']:.2f} s = {a['parse_plus_index_s']:.2f} s; + privacy guard {a['guard_s']:.2f} s), "
          f"{a['size_bytes']/1e6:.0f} MB; FTS5 build {b['build_s']:.2f} s, {b['size_bytes']/1e6:.0f} MB")
PY
