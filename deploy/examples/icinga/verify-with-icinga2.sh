#!/usr/bin/env bash
# Runs a real Icinga 2 (Debian's icinga2-bin + icinga2-common) with aiops-commands.conf against a gateway:
# one service goes CRITICAL, then OK; Icinga 2 runs aiops-notify.sh for the PROBLEM and the RECOVERY.
# Everything lives in a temp dir; nothing is installed or started system-wide.
#   bash deploy/examples/icinga/verify-with-icinga2.sh http://127.0.0.1:8080 .aiops/dev-token
# (This produced packages/normalize/fixtures/icinga/12-… and 13-…, with a capture server as the gateway.)
set -euo pipefail
GATEWAY="${1:?usage: verify-with-icinga2.sh <gateway base url> <token file>}"
TOKEN_FILE="$(realpath "${2:?token file}")"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v icinga2 >/dev/null || { echo "icinga2 missing: apt-get install -y --no-install-recommends icinga2-bin icinga2-common" >&2; exit 2; }
DIR="$(mktemp -d)"
trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$DIR"' EXIT
mkdir -p "$DIR"/{data,log,cache,spool,run}
echo 2 >"$DIR/state"
printf '#!/bin/sh\ns=$(cat "$1"); echo "HTTP state $s (verify-with-icinga2)"; exit "$s"\n' >"$DIR/check.sh"
chmod +x "$DIR/check.sh"
cat >"$DIR/icinga2.conf" <<CONF
include <itl>
const AiopsGatewayUrl = "$GATEWAY"
const AiopsTokenFile = "$TOKEN_FILE"
const AiopsNotifyScript = "$HERE/aiops-notify.sh"
object CheckerComponent "checker" { }
object NotificationComponent "notification" { }
object FileLogger "main-log" { severity = "information"; path = "$DIR/icinga2.log" }
object User "icingaadmin" { enable_notifications = true }
object CheckCommand "aiops-toggle" { command = [ "$DIR/check.sh", "$DIR/state" ] }
object Host "aiops-verify" { address = "127.0.0.2"; check_command = "dummy"; vars.dummy_state = 0; check_interval = 1s; retry_interval = 1s; max_check_attempts = 1 }
object Service "http" { host_name = "aiops-verify"; check_command = "aiops-toggle"; check_interval = 1s; retry_interval = 1s; max_check_attempts = 1 }
include "$HERE/aiops-commands.conf"
CONF
D=(-DRunAsUser="$(id -un)" -DRunAsGroup="$(id -gn)" -DConfigDir="$DIR" -DDataDir="$DIR/data" -DLogDir="$DIR/log" -DCacheDir="$DIR/cache" -DSpoolDir="$DIR/spool" -DInitRunDir="$DIR/run")
icinga2 daemon -C -c "$DIR/icinga2.conf" "${D[@]}" >/dev/null
icinga2 daemon -c "$DIR/icinga2.conf" "${D[@]}" >"$DIR/daemon.out" 2>&1 &
PID=$!
sleep 10; echo 0 >"$DIR/state"; sleep 8
grep -E "notification|aiops-notify" "$DIR/icinga2.log" | grep -v -i "started\|stopped" || true
