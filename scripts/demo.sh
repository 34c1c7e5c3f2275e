#!/usr/bin/env bash
# Starts the demo: gateway (demo config, SQLite in .data/), simulated upstreams and the demo
# CRM host page. Ctrl-C stops everything.
#   GATEWAY_PORT (8700) and SIM_PORT (8701) change the ports.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

GATEWAY_PORT="${GATEWAY_PORT:-8700}"
SIM_PORT="${SIM_PORT:-8701}"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
HOST_PAGE="http://localhost:$SIM_PORT/"

echo "[demo] building the widget (trunk, release)"
trunk build --release >/dev/null
echo "[demo] building the gateway and the simulators"
cargo build --quiet -p gateway -p upstream-sim

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

mkdir -p .data
AGENT_ADAPTER__SERVER__PORT="$GATEWAY_PORT" \
AGENT_ADAPTER__DATABASE__PATH="$ROOT/.data/demo.db" \
AGENT_ADAPTER__WIDGET__DIST_DIR="$ROOT/dist" \
AGENT_ADAPTER__ALLOWED_ORIGINS="http://localhost:$SIM_PORT,http://127.0.0.1:$SIM_PORT" \
AGENT_ADAPTER__OPTICO__BASE_URL="http://127.0.0.1:$SIM_PORT/optico" \
AGENT_ADAPTER__AIMYLOGIC__PUBLIC_BASE_URL="$GATEWAY" \
  ./target/debug/gateway &
pids+=($!)
# The simulated Aimylogic bot registers its webhook as http://127.0.0.1:$SIM_PORT/aimylogic/...
./target/debug/upstream-sim --listen "127.0.0.1:$SIM_PORT" --gateway-url "$GATEWAY" \
  --adapter-base-url "$GATEWAY" --telephony-secret demo-telephony-secret \
  --public-url "http://127.0.0.1:$SIM_PORT" &
pids+=($!)

for _ in $(seq 1 100); do
  curl -fsS "$GATEWAY/healthz" >/dev/null 2>&1 && curl -fsS "$HOST_PAGE" >/dev/null 2>&1 && break
  sleep 0.2
done

cat <<MSG

  agent-adapter demo is running.

    Open the demo CRM page:  $HOST_PAGE
    Log in as kim@example.com (or ariel@, sam@ for the supervisor view), password demo-password,
    then press "Ring a call" (phone) or "Start a chat" (chat).
    The integrator's conformance kit:  ${HOST_PAGE}conformance/

  Ctrl-C stops it.
MSG
wait
