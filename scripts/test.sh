#!/usr/bin/env bash
# Runs every check and test of the project; exits non-zero if anything failed and ends with
# one line "N passed, M failed" totalling the tests of every runner.
#   fmt · clippy (native and wasm32) · the no-tokio-in-the-widget guard · native tests
#   (protocol, gateway, simulators) · widget tests in headless Chromium · end-to-end tests in
#   headless Chromium (demo host page + adapters + gateway + simulators).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh" || { echo "setup failed"; exit 1; }

LOG_DIR="$(mktemp -d)"
failed_steps=()
passed=0
failed=0

# Adds the counts of cargo's "test result:" lines in a log to the totals.
count_results() {
  local p f
  p=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed' "$1" | awk '{s+=$4} END {print s+0}')
  f=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed' "$1" | awk '{s+=$6} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}

step() {
  local name="$1"; shift
  local log="$LOG_DIR/$(echo "$name" | tr ' /' '__').log"
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  if "$@" >"$log" 2>&1; then
    grep -E 'test result:|^error|warning: unused' "$log" || true
    echo "ok: $name"
  else
    tail -n 60 "$log"
    echo "FAILED: $name"
    failed_steps+=("$name")
  fi
  count_results "$log"
}

no_tokio_in_widget() {
  local tree
  tree=$(cargo tree -p agent-adapter --target wasm32-unknown-unknown -i mio 2>&1 || true)
  if grep -q '^mio v' <<<"$tree"; then echo "$tree"; echo "mio/tokio reached the widget"; return 1; fi
  echo "the widget does not depend on mio"
}

# docs/host-contract.{schema.json,d.ts} are generated from the protocol types: lint that code and
# check the committed files still match.
contract_files() {
  cargo clippy -p protocol --features schema --all-targets -- -D warnings &&
    cargo test -p protocol --features schema --test contract_files
}

NATIVE=(-p protocol -p gateway -p upstream-sim -p e2e -p bench)

step "cargo fmt --check" cargo fmt --all --check
step "clippy native" cargo clippy "${NATIVE[@]}" --all-targets -- -D warnings
step "clippy wasm32 (widget)" cargo clippy -p agent-adapter --target wasm32-unknown-unknown --all-targets -- -D warnings
step "guard: no tokio/mio in the widget" no_tokio_in_widget
step "native tests" cargo test -p protocol -p gateway -p upstream-sim -p bench
step "host contract files (JSON Schema, TypeScript)" contract_files
step "widget build (trunk --release)" trunk build --release
# Informational: what one adapter page downloads, against the budget of docs/performance.md.
step "widget size report" cargo run -q -p bench --bin size-report -- dist
cat "$LOG_DIR/widget_size_report.log" 2>/dev/null || true
step "widget tests (headless Chromium)" cargo test -p agent-adapter --target wasm32-unknown-unknown --tests
step "end-to-end tests (headless Chromium)" cargo test -p e2e -- --test-threads=1

echo
if ((${#failed_steps[@]})); then
  echo "failed steps: ${failed_steps[*]}"
  # A failed build or check counts as a failure even when no test result line was printed.
  ((failed == 0)) && failed=${#failed_steps[@]}
fi
echo "$passed passed, $failed failed"
((${#failed_steps[@]} == 0))
