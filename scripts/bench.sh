#!/usr/bin/env bash
# Runs every measurement of docs/performance.md and prints one table: budget, measured, met.
# Not part of the test command; speed is recorded, never asserted.
#
#   scripts/bench.sh            everything (about 5–10 min on a 2-core machine)
#
# Steps, each bounded by `timeout`: cargo bench (when a package has benches), the widget
# build (trunk --release) and its size report beside amazon-connect-streams (npm, temporary
# folder), the size profile by crate (twiggy 0.8.0, installed into target/tools when
# missing), the gateway load generator (webhook ingress, offer latency, chat fan-out, 10,000
# concurrent streams against the release gateway binary), and the headless Chromium
# measurements. Logs go to
# target/bench/; the table is also written to target/bench/table.md.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export OUT="$CARGO_TARGET_DIR/bench"
TOOLS="$CARGO_TARGET_DIR/tools"
TWIGGY_VERSION=0.8.0
mkdir -p "$OUT"
export PATH="$TOOLS/bin:$PATH"
: >"$OUT/budgets.tsv"
FAILED=()

say() { printf '\033[1m[bench]\033[0m %s\n' "$*"; }

# step NAME SECONDS COMMAND...: runs COMMAND with a deadline, logs it, keeps its BUDGET lines.
step() {
  local name="$1" seconds="$2"
  shift 2
  local log="$OUT/$name.log"
  say "$name (at most ${seconds} s)"
  if timeout --kill-after=10 "$seconds" "$@" >"$log" 2>&1; then
    grep -v '^BUDGET' "$log" | tail -n 40
  else
    FAILED+=("$name")
    tail -n 20 "$log"
    say "$name failed or ran out of time (log: $log)"
  fi
  grep '^BUDGET' "$log" | cut -f2- >>"$OUT/budgets.tsv" || true
}

# 1. cargo bench: the gateway's write path (crates/gateway/benches) and what reading a stream
#    event costs (crates/protocol/benches). The other measurements are the binaries below,
#    which need a running gateway and browser rather than a harness.
step cargo-bench 600 cargo bench -p gateway --bench write_path
step stream-decode 300 cargo bench -p protocol --bench stream_decode

# 2. The widget, its size, and the reference library.
step widget-build 900 trunk build --release
REFERENCE_DIR="$(mktemp -d)"
trap 'rm -rf "$REFERENCE_DIR"' EXIT
REFERENCE=""
if timeout 180 npm install --silent --no-audit --no-fund --prefix "$REFERENCE_DIR" \
  amazon-connect-streams >"$OUT/npm.log" 2>&1; then
  REFERENCE="$REFERENCE_DIR/node_modules/amazon-connect-streams/release/connect-streams-min.js"
  say "amazon-connect-streams $(node -p "require('$REFERENCE_DIR/node_modules/amazon-connect-streams/package.json').version")"
else
  say "npm install amazon-connect-streams failed (log: $OUT/npm.log): no reference size"
fi
step size-report 300 cargo run -q -p bench --bin size-report -- dist ${REFERENCE:+"$REFERENCE"}

# 3. What each crate costs: the same wasm with its name section kept, profiled by twiggy.
if ! command -v twiggy >/dev/null; then
  say "installing twiggy $TWIGGY_VERSION into $TOOLS (a few minutes the first time)"
  timeout 900 cargo install twiggy --version "$TWIGGY_VERSION" --locked --root "$TOOLS" \
    >"$OUT/twiggy-install.log" 2>&1 || FAILED+=("twiggy-install")
fi
profile_wasm() {
  local dir="$OUT/named"
  rm -rf "$dir" && mkdir -p "$dir"
  wasm-bindgen "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/agent-adapter.wasm" \
    --out-dir "$dir" --target web --no-typescript &&
    wasm-opt -Oz --debuginfo --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types \
      "$dir/agent-adapter_bg.wasm" -o "$dir/named.wasm" &&
    twiggy top -n 1000000 --format csv "$dir/named.wasm" >"$dir/top.csv" &&
    twiggy top -n 15 "$dir/named.wasm" &&
    cargo run -q -p bench --bin size-profile -- "$dir/top.csv" dist
}
if command -v twiggy >/dev/null; then
  export -f profile_wasm
  step size-profile 600 bash -c profile_wasm
fi

# 4. The gateway under load, then the widget in headless Chromium. loadgen's concurrency
#    measurement runs the gateway binary in a process of its own (its RSS alone) and holds
#    10,000 streams: both processes need that many file descriptors.
step gateway-build 900 cargo build --release -q -p gateway
ulimit -n "$(ulimit -Hn)"
step loadgen 600 cargo run --release -q -p bench --bin loadgen -- 10 10000
step browser 900 cargo run --release -q -p bench --bin browser-bench -- 50 10000

# The table.
{
  echo
  echo "| what | budget | measured | met |"
  echo "|---|---|---|---|"
  while IFS=$'\t' read -r what budget measured met; do
    echo "| $what | $budget | $measured | $met |"
  done <"$OUT/budgets.tsv"
} | tee "$OUT/table.md"
echo
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
if ((${#FAILED[@]})); then
  echo "steps that failed or ran out of time: ${FAILED[*]}"
  exit 1
fi
