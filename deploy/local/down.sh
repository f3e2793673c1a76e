#!/usr/bin/env bash
# Stops the local stack (SIGTERM, then SIGKILL after $AIOPS_STOP_TIMEOUT s). Idempotent.
#   --purge   also delete Kafka/ClickHouse data, generated config, logs and pid files
#             (keeps the downloaded Kafka jars in $AIOPS_DATA_DIR/kafka/libs)
# Usage: bash deploy/local/down.sh [--purge]
set -euo pipefail
AIOPS_LOG_TAG=down
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PURGE=0
for arg in "$@"; do
  case "$arg" in
    --purge) PURGE=1 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg" ;;
  esac
done

stop_one() { # $1 name, $2 pidfile, $3 pid
  local name="$1" pidfile="$2" pid="$3" waited=0
  if [ -z "$pid" ]; then
    log "$name: not running"
    rm -f "$pidfile"
    return 0
  fi
  log "$name: stopping pid $pid (SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  while [ -d "/proc/$pid" ] && [ "$waited" -lt $(( AIOPS_STOP_TIMEOUT * 10 )) ]; do
    # a zombie counts as gone
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
    sleep 0.1; waited=$(( waited + 1 ))
  done
  if [ -d "/proc/$pid" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; then
    log "$name: still alive after ${AIOPS_STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$pidfile"
  log "$name: stopped after $(( waited / 10 )).$(( waited % 10 ))s"
}

# Stop both in parallel: Kafka's controlled shutdown takes a few seconds.
stop_one kafka "$KAFKA_PID" "$(kafka_pid)" &
k=$!
stop_one clickhouse "$CH_PID" "$(ch_pid)" &
c=$!
wait "$k"; wait "$c"

if [ "$PURGE" = 1 ]; then
  log "purge: removing $KAFKA_DATA $KAFKA_CONF_DIR $CH_DIR $LOG_DIR $RUN_DIR (keeping $KAFKA_LIBS)"
  rm -rf "$KAFKA_DATA" "$KAFKA_CONF_DIR" "$CH_DIR" "$LOG_DIR" "$RUN_DIR"
fi
