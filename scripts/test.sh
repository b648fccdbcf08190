#!/usr/bin/env bash
# The README's test command: sets everything up if needed, then runs the whole test suite
# (unit tests, CLI tests, real tantivy index, real transformer model) in the release profile,
# so the heavy rust-bert/tch/tantivy build is shared with the binary and never done twice.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo test --release --locked "$@"
