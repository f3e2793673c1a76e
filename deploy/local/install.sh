#!/usr/bin/env bash
# Installs what the local stack needs. Idempotent and non-interactive.
#   - Apache Kafka 4.1.1 jars from Maven Central -> $AIOPS_DATA_DIR/kafka/libs
#   - ClickHouse server + client from Debian (apt)
#   - with --with-peers or AIOPS_INSTALL_PEERS=1: Debian's prometheus + prometheus-alertmanager,
#     icinga2-bin + icinga2-common and jq (binaries only; no service is started), and zabbix_js
#     unpacked from Debian's zabbix-server-pgsql into $AIOPS_DATA_DIR/peers/zabbix
# Usage: bash deploy/local/install.sh [--with-peers]
set -euo pipefail
AIOPS_LOG_TAG=install
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WITH_PEERS="${AIOPS_INSTALL_PEERS:-0}"
for arg in "$@"; do
  case "$arg" in
    --with-peers) WITH_PEERS=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg" ;;
  esac
done

export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 && SUDO="sudo -n" || true
fi

APT_UPDATED=0
apt_install() { # packages... (extra apt-get flags may precede them)
  local pkg_names=() a
  for a in "$@"; do case "$a" in -*) ;; *) pkg_names+=("$a") ;; esac; done
  # apt-get update only when the lists don't know a package yet (fresh machine).
  if [ "$APT_UPDATED" = 0 ]; then
    for a in "${pkg_names[@]}"; do
      if ! apt-cache policy "$a" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        log "apt-get update (package lists do not know $a yet)"
        $SUDO apt-get update -qq </dev/null
        APT_UPDATED=1
        break
      fi
    done
  fi
  # Never let maintainer scripts start services (they also don't when policy-rc.d already denies).
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 755 "$policy"
    created_policy=1
  fi
  local rc=0
  $SUDO apt-get install -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" </dev/null || rc=$?
  [ "$created_policy" = 1 ] && $SUDO rm -f "$policy"
  return "$rc"
}

# ---------------------------------------------------------------- java / maven / curl
command -v java >/dev/null 2>&1 || { log "java missing: installing openjdk-17-jre-headless"; apt_install openjdk-17-jre-headless; }
JAVA_MAJOR="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${JAVA_MAJOR%%.*}" -ge 17 ] 2>/dev/null || die "Kafka $AIOPS_KAFKA_VERSION needs Java 17+, found '$JAVA_MAJOR'"
command -v curl >/dev/null 2>&1 || { log "curl missing: installing"; apt_install curl; }
command -v python3 >/dev/null 2>&1 || { log "python3 missing: installing"; apt_install python3; }

# ---------------------------------------------------------------- kafka jars
POM="$AIOPS_SCRIPT_DIR/kafka/pom.xml"
WANT_STAMP="kafka_2.13 $AIOPS_KAFKA_VERSION pom-sha256 $(sha256sum "$POM" | cut -c1-16)"
if [ -f "$KAFKA_STAMP" ] && [ "$(cat "$KAFKA_STAMP")" = "$WANT_STAMP" ] \
   && [ -f "$KAFKA_LIBS/kafka_2.13-$AIOPS_KAFKA_VERSION.jar" ]; then
  log "kafka $AIOPS_KAFKA_VERSION jars: already present in $KAFKA_LIBS"
else
  command -v mvn >/dev/null 2>&1 || { log "maven missing: installing"; apt_install --no-install-recommends maven; }
  log "kafka $AIOPS_KAFKA_VERSION jars: resolving with Maven into $KAFKA_LIBS ..."
  t0=$(date +%s)
  tmp="$KAFKA_DIR/libs.tmp"
  rm -rf "$tmp"; mkdir -p "$tmp"
  mkdir -p "$LOG_DIR"
  if ! (cd "$AIOPS_SCRIPT_DIR/kafka" && mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" </dev/null >"$LOG_DIR/install-mvn.log" 2>&1); then
    tail -n 30 "$LOG_DIR/install-mvn.log" >&2
    die "mvn dependency:copy-dependencies failed (is Maven Central reachable?); see $LOG_DIR/install-mvn.log"
  fi
  [ -f "$tmp/kafka_2.13-$AIOPS_KAFKA_VERSION.jar" ] || die "kafka_2.13-$AIOPS_KAFKA_VERSION.jar missing after mvn"
  rm -rf "$KAFKA_LIBS"; mv "$tmp" "$KAFKA_LIBS"
  echo "$WANT_STAMP" >"$KAFKA_STAMP"
  log "kafka $AIOPS_KAFKA_VERSION jars: $(ls "$KAFKA_LIBS"/*.jar | wc -l) jars installed in $(( $(date +%s) - t0 ))s"
fi

# ---------------------------------------------------------------- clickhouse
if [ -n "$CH_SERVER_BIN" ] && command -v clickhouse-client >/dev/null 2>&1; then
  log "clickhouse: already installed ($(dpkg-query -W -f='${Version}' clickhouse-server 2>/dev/null || echo "$CH_SERVER_BIN"))"
else
  log "clickhouse: installing clickhouse-server clickhouse-client from Debian ..."
  t0=$(date +%s)
  apt_install clickhouse-server clickhouse-client
  log "clickhouse: installed $(dpkg-query -W -f='${Version}' clickhouse-server) in $(( $(date +%s) - t0 ))s"
fi
# The package may have started a system instance on 8123/9000 where services are allowed to start;
# that would collide with ours. Disable it (ignored where there is no systemd).
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  if systemctl is-active --quiet clickhouse-server 2>/dev/null; then
    log "clickhouse: stopping + disabling the system clickhouse-server service (up.sh runs its own)"
    $SUDO systemctl disable --now clickhouse-server >/dev/null 2>&1 || true
  fi
fi

# ---------------------------------------------------------------- optional peers
case "$WITH_PEERS" in 1|true|yes) WITH_PEERS=1 ;; *) WITH_PEERS=0 ;; esac
if [ "$WITH_PEERS" = 1 ]; then
  if command -v prometheus >/dev/null 2>&1 && command -v prometheus-alertmanager >/dev/null 2>&1 \
     && [ -f /usr/share/prometheus/alertmanager/default.tmpl ]; then
    log "peers: prometheus + prometheus-alertmanager already installed"
  else
    log "peers: installing prometheus prometheus-alertmanager (no services started) ..."
    t0=$(date +%s)
    apt_install --no-install-recommends prometheus prometheus-alertmanager
    log "peers: installed in $(( $(date +%s) - t0 ))s"
  fi
  # Where systemd runs services, the packages enable+start them on their default ports; stop that.
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    for svc in prometheus prometheus-alertmanager prometheus-node-exporter; do
      systemctl is-active --quiet "$svc" 2>/dev/null && { log "peers: stopping system service $svc"; $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || true; }
    done
  fi
  [ -f /usr/share/prometheus/alertmanager/default.tmpl ] || die "alertmanager default.tmpl missing"
  log "peers: $(prometheus --version 2>&1 | head -1); $(prometheus-alertmanager --version 2>&1 | head -1)"

  # Icinga 2 (daemon binary + ITL only, not the `icinga2` metapackage) runs privately in
  # services/gateway/src/icinga2.int.test.ts; jq is what deploy/examples/icinga/aiops-notify.sh prefers.
  # icinga2-bin lives in /usr/sbin, which a non-root PATH may lack.
  if { command -v icinga2 >/dev/null 2>&1 || [ -x /usr/sbin/icinga2 ]; } && [ -d /usr/share/icinga2/include ] \
     && command -v jq >/dev/null 2>&1; then
    log "peers: icinga2-bin + icinga2-common + jq already installed"
  else
    log "peers: installing icinga2-bin icinga2-common jq (no services started) ..."
    t0=$(date +%s)
    apt_install --no-install-recommends icinga2-bin icinga2-common jq
    log "peers: installed in $(( $(date +%s) - t0 ))s"
  fi
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl is-active --quiet icinga2 2>/dev/null && { log "peers: stopping system service icinga2"; $SUDO systemctl disable --now icinga2 >/dev/null 2>&1 || true; }
  fi
  [ -d /usr/share/icinga2/include ] || die "icinga2 ITL (/usr/share/icinga2/include) missing"
  log "peers: $(/usr/sbin/icinga2 --version 2>&1 | head -1 | sed 's/^ *//'); $(jq --version 2>&1)"

  # Zabbix: zabbix_js is the Zabbix server's own JavaScript engine (Duktape + HttpRequest over libcurl)
  # as a command; services/gateway/src/zabbix-js.int.test.ts runs the shipped media-type script with it.
  # Only that binary is taken from Debian's zabbix-server-pgsql package (unpacked, not installed: no
  # server, no database, no service); its libraries come from apt.
  ZBX_DIR="$AIOPS_DATA_DIR/peers/zabbix"
  if [ -x "$ZBX_DIR/zabbix_js" ] && "$ZBX_DIR/zabbix_js" -V >/dev/null 2>&1; then
    log "peers: zabbix_js already unpacked"
  else
    log "peers: unpacking zabbix_js from Debian's zabbix-server-pgsql (not installed) ..."
    tmp="$(mktemp -d)"
    # apt-get download writes into the current directory; _apt cannot read a private mktemp dir
    chmod 755 "$tmp"
    ( cd "$tmp" && apt-get download -q zabbix-server-pgsql </dev/null >/dev/null 2>&1 ) \
      || ( $SUDO apt-get update -qq </dev/null && cd "$tmp" && apt-get download -q zabbix-server-pgsql </dev/null >/dev/null ) \
      || die "could not download Debian's zabbix-server-pgsql package (for zabbix_js)"
    dpkg-deb -x "$tmp"/zabbix-server-pgsql_*.deb "$tmp/x"
    mkdir -p "$ZBX_DIR"
    install -m 755 "$tmp/x/usr/bin/zabbix_js" "$ZBX_DIR/zabbix_js"
    rm -rf "$tmp"
  fi
  if ! "$ZBX_DIR/zabbix_js" -V >/dev/null 2>&1; then
    log "peers: zabbix_js lacks libraries: installing libcurl3-gnutls libxml2 libpcre2-8-0 libgnutls30"
    apt_install --no-install-recommends libcurl3-gnutls libxml2 libpcre2-8-0 libgnutls30
  fi
  "$ZBX_DIR/zabbix_js" -V >/dev/null 2>&1 || die "zabbix_js in $ZBX_DIR does not run (missing libraries?)"
  log "peers: $("$ZBX_DIR/zabbix_js" -V 2>&1 | head -1)"
else
  log "peers: skipped (use --with-peers or AIOPS_INSTALL_PEERS=1 for prometheus + alertmanager + icinga2)"
fi

log "done. Next: bash deploy/local/up.sh"
