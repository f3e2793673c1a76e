# shellcheck shell=bash
# Shared settings and helpers for deploy/local/*.sh. Sourced, not executed.
#
# Everything lives under $AIOPS_DATA_DIR (default: <repo>/.aiops, git-ignored):
#   kafka/libs/           broker + tools jars (install.sh; kept by down.sh --purge)
#   kafka/config/         generated server.properties
#   kafka/data/           KRaft metadata + topic logs
#   clickhouse/           generated config.xml/users.xml, data/, tmp/, ...
#   logs/                 kafka-server.log, kafka.out, clickhouse-server.log, ...
#   run/                  kafka.pid, clickhouse.pid

AIOPS_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
AIOPS_REPO_ROOT="$(cd "$AIOPS_SCRIPT_DIR/../.." && pwd)"

AIOPS_DATA_DIR="${AIOPS_DATA_DIR:-$AIOPS_REPO_ROOT/.aiops}"
mkdir -p "$AIOPS_DATA_DIR"
AIOPS_DATA_DIR="$(cd "$AIOPS_DATA_DIR" && pwd)"

AIOPS_KAFKA_VERSION="4.1.1"
AIOPS_KAFKA_PORT="${AIOPS_KAFKA_PORT:-9092}"
AIOPS_KAFKA_CONTROLLER_PORT="${AIOPS_KAFKA_CONTROLLER_PORT:-9093}"
AIOPS_KAFKA_HEAP_OPTS="${AIOPS_KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
AIOPS_CLICKHOUSE_HTTP_PORT="${AIOPS_CLICKHOUSE_HTTP_PORT:-8123}"
AIOPS_CLICKHOUSE_TCP_PORT="${AIOPS_CLICKHOUSE_TCP_PORT:-9000}"
AIOPS_START_TIMEOUT="${AIOPS_START_TIMEOUT:-120}"   # seconds, per service
AIOPS_STOP_TIMEOUT="${AIOPS_STOP_TIMEOUT:-30}"      # seconds before SIGKILL

KAFKA_DIR="$AIOPS_DATA_DIR/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_STAMP="$KAFKA_LIBS/.aiops-kafka-version"
KAFKA_CONF_DIR="$KAFKA_DIR/config"
KAFKA_CONF="$KAFKA_CONF_DIR/server.properties"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_FORMAT_STAMP="$KAFKA_DATA/.aiops-format"
CH_DIR="$AIOPS_DATA_DIR/clickhouse"
CH_CONF="$CH_DIR/config.xml"
LOG_DIR="$AIOPS_DATA_DIR/logs"
RUN_DIR="$AIOPS_DATA_DIR/run"
KAFKA_PID="$RUN_DIR/kafka.pid"
CH_PID="$RUN_DIR/clickhouse.pid"

CH_SERVER_BIN="$(command -v clickhouse-server 2>/dev/null || true)"
[ -z "$CH_SERVER_BIN" ] && [ -x /usr/bin/clickhouse-server ] && CH_SERVER_BIN=/usr/bin/clickhouse-server

log() { printf '[%s] %s\n' "${AIOPS_LOG_TAG:-stack}" "$*"; }
die() { printf '[%s] ERROR: %s\n' "${AIOPS_LOG_TAG:-stack}" "$*" >&2; exit 1; }

# pid of our process: from the pid file if that process is alive and its cmdline contains $2;
# otherwise (pid file lost) the process whose cmdline contains $2 (a path unique to this data dir).
live_pid() { # $1 pidfile, $2 substring expected in the cmdline
  local f="$1" want="$2" pid=""
  if [ -f "$f" ]; then
    pid="$(tr -dc '0-9' <"$f")"
    if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$want"; then
      echo "$pid"; return 0
    fi
  fi
  pid="$(pgrep -o -f -- "$want" 2>/dev/null || true)"
  if [ -n "$pid" ]; then echo "$pid" >"$f" 2>/dev/null || true; echo "$pid"; fi
  return 0
}
kafka_pid() { live_pid "$KAFKA_PID" "kafka.Kafka $KAFKA_CONF"; }
ch_pid() { live_pid "$CH_PID" "--config-file=$CH_CONF"; }

port_open() { # $1 port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

kafka_classpath() { echo "$KAFKA_LIBS/*"; }

# Runs one org.apache.kafka.tools.* command (quiet logging). Bounded by AIOPS_TOOL_TIMEOUT (s).
kafka_tool() { # $1 class, rest args
  local cls="$1"; shift
  timeout "${AIOPS_TOOL_TIMEOUT:-60}" java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Dlog4j2.configurationFile="$AIOPS_SCRIPT_DIR/kafka/tools-log4j2.yaml" \
    -cp "$(kafka_classpath)" "$cls" "$@"
}

# Kafka is "answering" when a real admin request (DescribeCluster) succeeds; prints the cluster id.
kafka_answers() {
  port_open "$AIOPS_KAFKA_PORT" || return 1
  AIOPS_TOOL_TIMEOUT=30 kafka_tool org.apache.kafka.tools.ClusterTool cluster-id \
    --bootstrap-server "127.0.0.1:$AIOPS_KAFKA_PORT" 2>/dev/null | sed -n 's/^Cluster ID: //p' | grep .
}

ch_query() { # $1 SQL; prints result
  curl -sS --max-time 5 --fail "http://127.0.0.1:$AIOPS_CLICKHOUSE_HTTP_PORT/" --data-binary "$1" 2>/dev/null
}
ch_answers() {
  [ "$(curl -s --max-time 3 "http://127.0.0.1:$AIOPS_CLICKHOUSE_HTTP_PORT/ping" 2>/dev/null)" = "Ok." ] || return 1
  ch_query 'SELECT version()' >/dev/null
}
