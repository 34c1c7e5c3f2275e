#!/usr/bin/env bash
# Fuzzes every upstream parser and the host command parser (the cargo-fuzz targets in fuzz/)
# for a bounded time each, starting from the committed corpora in fuzz/corpus/<target>/, and
# prints a table of executions and crashes. Not part of ./scripts/test.sh: it takes minutes.
#
#   scripts/fuzz.sh                          every target, 60 s each
#   FUZZ_SECONDS=300 scripts/fuzz.sh crm_response operator_body   those two, 5 min each
#   FUZZ_MERGE=1 scripts/fuzz.sh             also add to fuzz/corpus/ a small set of the new inputs
#                                            that together reach all the new code
#
# Exits non-zero when a target crashes; the input is kept in fuzz/artifacts/<target>/ and
# `cargo fuzz run -s none <target> <file>` (with RUSTC_BOOTSTRAP=1) replays it.
# Uses the stable toolchain only: with `-s none` (safe Rust needs no sanitizer) cargo-fuzz passes
# stable `-C` coverage flags; RUSTC_BOOTSTRAP=1 lets stable rustc accept nightly-only flags too.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

CARGO_FUZZ_VERSION=0.13.2
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
export RUSTC_BOOTSTRAP=1
# The fuzz project builds into fuzz/target (instrumented), never the main target directory.
unset CARGO_TARGET_DIR

say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*"; }

if [[ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (takes ~2 min the first time)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

say "building ${#targets[@]} targets (the first build takes ~15 min)"
# `cargo fuzz build` takes one target or all of them.
if [[ $# -gt 0 ]]; then
  for target in "${targets[@]}"; do cargo fuzz build -s none "$target"; done
else
  cargo fuzz build -s none
fi

logs="$ROOT/fuzz/target/fuzz-logs"
work="$ROOT/fuzz/target/corpus-work"
mkdir -p "$logs"
declare -A executions crashes rates
failed=0
for target in "${targets[@]}"; do
  seeds="fuzz/corpus/$target"
  mkdir -p "$seeds" "$work/$target" "fuzz/artifacts/$target"
  before=$(find "fuzz/artifacts/$target" -type f | wc -l)
  say "$target: ${FUZZ_SECONDS} s from $(find "$seeds" -type f | wc -l) seeds"
  # New inputs go to the work corpus; the committed one is only read.
  set +e
  cargo fuzz run -s none "$target" "$work/$target" "$seeds" -- \
    -max_total_time="$FUZZ_SECONDS" -timeout=10 -print_final_stats=1 \
    >"$logs/$target.log" 2>&1
  status=$?
  set -e
  executions[$target]=$(awk '/^stat::number_of_executed_units:/{n=$2} END{print n+0}' "$logs/$target.log")
  rates[$target]=$(awk '/^stat::average_exec_per_sec:/{n=$2} END{print n+0}' "$logs/$target.log")
  after=$(find "fuzz/artifacts/$target" -type f | wc -l)
  crashes[$target]=$((after - before))
  if [[ $status -ne 0 && ${crashes[$target]} -eq 0 ]]; then
    crashes[$target]=1 # it stopped on something it could not save; the log says what
  fi
  if [[ ${crashes[$target]} -gt 0 ]]; then
    failed=1
    say "$target CRASHED: see $logs/$target.log and fuzz/artifacts/$target/"
  fi
  if [[ "${FUZZ_MERGE:-0}" == 1 ]]; then
    cargo fuzz run -s none "$target" "$seeds" "$work/$target" -- -set_cover_merge=1 \
      >"$logs/$target.merge.log" 2>&1
  fi
done

printf '\n%-20s %14s %10s %8s\n' target executions exec/s crashes
for target in "${targets[@]}"; do
  printf '%-20s %14s %10s %8s\n' "$target" "${executions[$target]}" "${rates[$target]}" \
    "${crashes[$target]}"
done
printf '\n%s s per target, %s, %s\n' "$FUZZ_SECONDS" "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  "$(nproc)-core $(uname -m)"
exit "$failed"
