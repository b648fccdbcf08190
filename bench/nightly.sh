#!/usr/bin/env bash
# Incremental nightly benchmark (issue: the nightly run): a full `rodedraad run` on N generated
# complaints (default 100,000), then the next night with NEW more (default 1,000; the newest
# dates of the same generated corpus, in a second file beside the first). Reports wall time,
# peak memory, time per stage and the work counters of both nights from their run manifests.
# Target: the second night's time and work ≤ 5% of the first's.
#   bench/nightly.sh [N] [NEW]
# Writes bench/out/nightly-N/summary.json and prints a table; copy it into bench/RESULTS.md.
# The data dir is kept: bench/threads.sh reuses its vector cache for the same texts.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
NEW=${2:-1000}
OUT=bench/out/nightly-$N
rm -rf "$OUT"; mkdir -p "$OUT/in"
scripts/setup.sh >&2
BIN=target/release/rodedraad
# Records come out in date order, so the last NEW lines are the newest: tomorrow's letters.
$BIN corpus generate --count $((N + NEW)) --seed 11 --out "$OUT/all.jsonl" >&2
head -n "$N" "$OUT/all.jsonl" > "$OUT/in/night-1.jsonl"
tail -n "$NEW" "$OUT/all.jsonl" > "$OUT/night-2.jsonl"
night() { # NAME
  local rc=0
  # Not a terminal: plain timestamped log lines, which the summary reads for stage times.
  /usr/bin/time -f '{"wall_s": %e, "user_s": %U, "sys_s": %S, "max_rss_kb": %M}' -o "$OUT/$1.time" \
    "$BIN" --data-dir "$OUT/data" run --input "$OUT/in" > "$OUT/$1.out" 2> "$OUT/$1.log" || rc=$?
  # 0 = ok, 1 = completed with rejected records (both are a finished night).
  if [ "$rc" -gt 1 ]; then echo "night $1 failed with exit code $rc, see $OUT/$1.log" >&2; exit "$rc"; fi
  ls -t "$OUT/data/runs/"*.json | head -n 1 > "$OUT/$1.manifest"
}
night night-1
mv "$OUT/night-2.jsonl" "$OUT/in/"
night night-2
python3 bench/nightly_summary.py "$OUT" | tee "$OUT/summary.txt"
