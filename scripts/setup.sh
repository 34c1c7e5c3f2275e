#!/usr/bin/env bash
# Installs everything the project needs, skipping what is already there. Safe to run again.
#   scripts/setup.sh                 toolchain for the demo and the tests
#   scripts/setup.sh --with-wasm-pack  also wasm-pack, for `wasm-pack test --headless --chrome`
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14          # 0.22 needs a newer rustc than this machine kind has
BINARYEN_VERSION=132.0.0       # Debian's wasm-opt 108 breaks wasm-bindgen's externref table
# Servers the gateway tests start on loopback, from PyPI into a project-local venv: moto's S3 API
# server (`moto_server`, S3-compatible object storage) and aiosmtpd (an SMTP sink).
PY_TEST_SERVERS=("moto[s3]==5.2.5" "flask==3.1.2" "flask-cors==6.0.1" "aiosmtpd==1.4.6")
VENV="$ROOT/.tools/venv"
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (takes ~9 min the first time)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]] \
   || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes ~3 min the first time)"
  # Not --locked: its lockfile pins a webpki-roots the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [[ "$(wasm-opt --version 2>/dev/null)" != *"version ${BINARYEN_VERSION%%.*}"* ]]; then
  say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools/"
  npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "binaryen@$BINARYEN_VERSION"
fi

# True when the venv has exactly the pinned test servers.
test_servers_ready() {
  [[ -x "$VENV/bin/moto_server" && -x "$VENV/bin/aiosmtpd" ]] &&
    "$VENV/bin/python" - "${PY_TEST_SERVERS[@]}" 2>/dev/null <<'PY'
import sys
from importlib.metadata import version
for pin in sys.argv[1:]:
    name, wanted = pin.split("==")
    if version(name.split("[")[0]) != wanted:
        sys.exit(1)
PY
}

if ! test_servers_ready; then
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    say "installing python3 and python3-venv"
    SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-venv >/dev/null
  fi
  say "installing the test servers (moto_server, aiosmtpd) into .tools/venv"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PY_TEST_SERVERS[@]}"
fi

AXE_VERSION=4.14.1             # the accessibility audit of the end-to-end tests (never committed)
if [[ "$(node -p "require('$ROOT/.tools/node_modules/axe-core/package.json').version" 2>/dev/null)" != "$AXE_VERSION" ]]; then
  say "installing axe-core $AXE_VERSION into .tools/"
  npm install --silent --no-audit --no-fund --save-exact --prefix "$ROOT/.tools" "axe-core@$AXE_VERSION"
fi

if [[ ! -x "$CHROMIUM" || ! -x "$CHROMEDRIVER" ]]; then
  say "installing Chromium and ChromeDriver"
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [[ "${1:-}" == "--with-wasm-pack" ]] && ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack"
  cargo install wasm-pack --locked
fi

# trunk builds offline: make sure every crate is downloaded first.
cargo fetch --quiet
say "toolchain ready"
