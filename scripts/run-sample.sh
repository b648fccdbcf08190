#!/usr/bin/env bash
# The README's main-job command: sets everything up if needed, then runs the nightly job
# (`rodedraad run`) on the shipped sample corpus, with its data in data/sample/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec target/release/rodedraad run --data-dir data/sample --input corpora/sample "$@"
