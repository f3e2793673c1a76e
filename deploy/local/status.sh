#!/usr/bin/env bash
# Prints the state of the local stack. Exit 0 when Kafka and ClickHouse are both running and answering.
# Usage: bash deploy/local/status.sh
set -uo pipefail
AIOPS_LOG_TAG=status
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ok=0

# Kafka
kpid="$(kafka_pid)"
kver="not installed"
[ -f "$KAFKA_LIBS/kafka_2.13-$AIOPS_KAFKA_VERSION.jar" ] && kver="$AIOPS_KAFKA_VERSION (jars)"
kans=no; kextra=""
if [ -n "$kpid" ] && cid="$(kafka_answers)"; then
  kans=yes; kextra=" cluster_id=$cid"
  # The broker's own "Kafka version" log line tells what is really running.
  rv="$(grep -ho 'Kafka version: [^ ]*' "$LOG_DIR"/kafka-server.log* 2>/dev/null | tail -n 1 | sed 's/Kafka version: //')"
  [ -n "$rv" ] && kver="$rv"
fi
printf 'kafka:      %-7s pid=%-7s port=%s controller_port=%s answering=%s version=%s%s\n' \
  "$([ -n "$kpid" ] && echo running || echo stopped)" "${kpid:--}" "$AIOPS_KAFKA_PORT" \
  "$AIOPS_KAFKA_CONTROLLER_PORT" "$kans" "$kver" "$kextra"
[ "$kans" = yes ] || ok=1

# ClickHouse
cpid="$(ch_pid)"
cver="$(dpkg-query -W -f='${Version}' clickhouse-server 2>/dev/null || echo 'not installed') (package)"
cans=no
if [ -n "$cpid" ] && ch_answers; then
  cans=yes; cver="$(ch_query 'SELECT version()')"
fi
printf 'clickhouse: %-7s pid=%-7s http_port=%s tcp_port=%s answering=%s version=%s\n' \
  "$([ -n "$cpid" ] && echo running || echo stopped)" "${cpid:--}" "$AIOPS_CLICKHOUSE_HTTP_PORT" \
  "$AIOPS_CLICKHOUSE_TCP_PORT" "$cans" "$cver"
[ "$cans" = yes ] || ok=1

echo "data: $AIOPS_DATA_DIR  logs: $LOG_DIR"
exit "$ok"
