#!/usr/bin/env bash
# `npm run up` / `npm run down`: the local stack plus every service built so far, in the background.
#   up:   install the stack if needed, start it, build, write a fresh API token to .aiops/dev-token,
#         start each service (logs in .aiops/logs/<service>.log), wait until each is ready, print where.
#   down: stop the services (SIGTERM, then SIGKILL), then the stack (`down --services-only` keeps the stack).
# Ports: AIOPS_GATEWAY_PORT 8080, AIOPS_CONSOLE_PORT 8081, AIOPS_CORRELATOR_PORT 8082,
#        AIOPS_INCIDENT_MANAGER_PORT 8083, AIOPS_RUNBOOK_RUNNER_PORT 8084, AIOPS_ANALYTICS_WRITER_PORT 8085,
#        AIOPS_PROBLEM_DETECTOR_PORT 8086; Kafka 9092, ClickHouse 8123 (see deploy/local/README.md).
set -euo pipefail
AIOPS_LOG_TAG=services
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# name:port-variable:default-port, in start order (consumers before producers is not required: commits wait)
SERVICES=(
  "analytics-writer:AIOPS_ANALYTICS_WRITER_PORT:8085"
  "correlator:AIOPS_CORRELATOR_PORT:8082"
  "incident-manager:AIOPS_INCIDENT_MANAGER_PORT:8083"
  "runbook-runner:AIOPS_RUNBOOK_RUNNER_PORT:8084"
  "problem-detector:AIOPS_PROBLEM_DETECTOR_PORT:8086"
  "console:AIOPS_CONSOLE_PORT:8081"
  "gateway:AIOPS_GATEWAY_PORT:8080"
)
TOKEN_FILE="$AIOPS_DATA_DIR/dev-token"
mkdir -p "$RUN_DIR" "$LOG_DIR"

svc_pid() { live_pid "$RUN_DIR/svc-$1.pid" "services/$1/dist/main.js"; }

stop_services() {
  local entry name pid i
  for entry in "${SERVICES[@]}"; do
    name="${entry%%:*}"
    pid="$(svc_pid "$name")"
    [ -z "$pid" ] && continue
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 "$AIOPS_STOP_TIMEOUT"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { log "$name did not stop in ${AIOPS_STOP_TIMEOUT}s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
    rm -f "$RUN_DIR/svc-$name.pid"
    log "$name stopped"
  done
}

case "${1:-}" in
  up)
    bash "$AIOPS_SCRIPT_DIR/install.sh" --with-peers
    bash "$AIOPS_SCRIPT_DIR/up.sh"
    log "building (tsc -b)"
    (cd "$AIOPS_REPO_ROOT" && npx --no-install tsc -b)
    stop_services >/dev/null
    # A fresh token every `up`; nothing in the product accepts a built-in default token.
    umask 077
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$TOKEN_FILE"
    export AIOPS_API_TOKEN_FILE="$TOKEN_FILE"
    export AIOPS_KAFKA_BROKERS="${AIOPS_KAFKA_BROKERS:-127.0.0.1:$AIOPS_KAFKA_PORT}"
    export AIOPS_CLICKHOUSE_URL="${AIOPS_CLICKHOUSE_URL:-http://127.0.0.1:$AIOPS_CLICKHOUSE_HTTP_PORT}"
    # Runbooks: the example catalog, in dry-run unless asked otherwise (its targets are not running here).
    export AIOPS_RUNBOOK_DIR="${AIOPS_RUNBOOK_DIR:-$AIOPS_REPO_ROOT/deploy/examples/runbooks}"
    export AIOPS_RUNBOOK_DRY_RUN="${AIOPS_RUNBOOK_DRY_RUN:-true}"
    export AIOPS_CONSOLE_RUNBOOK_RUNNER_URL="${AIOPS_CONSOLE_RUNBOOK_RUNNER_URL:-http://127.0.0.1:${AIOPS_RUNBOOK_RUNNER_PORT:-8084}}"
    started=()
    for entry in "${SERVICES[@]}"; do
      IFS=: read -r name var def <<<"$entry"
      main="$AIOPS_REPO_ROOT/services/$name/dist/main.js"
      [ -f "$main" ] || continue
      port="${!var:-$def}"
      export "$var=$port"
      setsid nohup node "$main" >"$LOG_DIR/$name.log" 2>&1 </dev/null &
      echo $! >"$RUN_DIR/svc-$name.pid"
      started+=("$name:$port")
    done
    for s in "${started[@]}"; do
      name="${s%%:*}"; port="${s##*:}"
      ok=0
      for _ in $(seq 1 $((AIOPS_START_TIMEOUT * 4))); do
        if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ok=1; break; fi
        [ -n "$(svc_pid "$name")" ] || break
        sleep 0.25
      done
      [ "$ok" = 1 ] || { tail -n 40 "$LOG_DIR/$name.log" >&2; die "$name did not become ready on port $port (log: $LOG_DIR/$name.log)"; }
    done
    echo
    printf '  %-18s %s\n' "service" "listens on"
    for s in "${started[@]}"; do printf '  %-18s http://127.0.0.1:%s\n' "${s%%:*}" "${s##*:}"; done
    printf '  %-18s 127.0.0.1:%s\n' "kafka" "$AIOPS_KAFKA_PORT"
    printf '  %-18s http://127.0.0.1:%s\n' "clickhouse" "$AIOPS_CLICKHOUSE_HTTP_PORT"
    echo
    echo "  API token: $TOKEN_FILE   (curl -H \"Authorization: Bearer \$(cat $TOKEN_FILE)\" ...)"
    echo "  logs:      $LOG_DIR/<service>.log      stop everything: npm run down"
    ;;
  down)
    stop_services
    [ "${2:-}" = "--services-only" ] || bash "$AIOPS_SCRIPT_DIR/down.sh"
    ;;
  *)
    echo "usage: $0 up|down" >&2
    exit 2
    ;;
esac
