#!/usr/bin/env bash
# Bounded fuzzing of the parsers and the privacy guard (not part of CI): runs the proptest-based
# fuzz properties — never panic on arbitrary bytes/strings, normalisation and redaction are
# idempotent — with many more cases than the test suite uses.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 120)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-120}
scripts/setup.sh >&2
export RODEDRAAD_FUZZ_CASES=${RODEDRAAD_FUZZ_CASES:-200000} PROPTEST_CASES=${PROPTEST_CASES:-200000}
status=0
for target in ingest::proptests guard::tests::fuzz; do
  echo "== fuzzing $target for at most ${SECS}s" >&2
  timeout --preserve-status "$SECS" cargo test --release --quiet --lib "$target" || {
    rc=$?; if [ $rc -eq 143 ]; then echo "   (time limit reached, no failure)" >&2; else status=$rc; fi; }
done
exit $status
