#!/usr/bin/env bash
# The fault-injection scenario of `crates/gateway/tests/faults` at a larger size, not part of
# ./scripts/test.sh. Each round runs the whole `faults` test binary (customer messages through
# stream cuts and SIGKILLs of the gateway process; webhook and CRM outages) and prints its
# summaries; the script ends with one line "soak: N rounds passed, M failed".
#
#   FAULTS_EVENTS    customer messages per round          (default 50000)
#   FAULTS_CHATS     chats they are spread over           (default 12)
#   FAULTS_RESTARTS  SIGKILLs and restarts per round      (default 5)
#   FAULTS_SEED      seed of the first round, then +1     (default random)
#   SOAK_ROUNDS      rounds                               (default 1)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

export FAULTS_EVENTS="${FAULTS_EVENTS:-50000}"
export FAULTS_CHATS="${FAULTS_CHATS:-12}"
export FAULTS_RESTARTS="${FAULTS_RESTARTS:-5}"
rounds="${SOAK_ROUNDS:-1}"
seed="${FAULTS_SEED:-$(( (RANDOM << 15) | RANDOM ))}"

cargo test -p gateway --test faults --no-run >/dev/null 2>&1 \
  || { cargo test -p gateway --test faults --no-run; exit 1; }

passed=0
failed=0
log="$(mktemp)"
for round in $(seq 1 "$rounds"); do
  echo "==> soak round $round of $rounds: $FAULTS_EVENTS events, $FAULTS_CHATS chats," \
    "$FAULTS_RESTARTS restarts, seed $seed"
  start=$(date +%s)
  if FAULTS_SEED="$seed" cargo test -p gateway --test faults -- --nocapture >"$log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    grep -E 'panicked|FAILED' "$log" | head -20
  fi
  grep -E '^(inbound|webhook|crm) faults:|test result:' "$log"
  echo "    round $round took $(( $(date +%s) - start )) s"
  seed=$((seed + 1))
done
rm -f "$log"
echo "soak: $passed rounds passed, $failed failed"
[ "$failed" -eq 0 ]
