#!/bin/sh
# AIOps gateway: notification command for Icinga 2 and Nagios (they have no webhook).
# Posts our notification contract (packages/normalize/README.md, "Nagios / Icinga") to
# POST /api/v1/events/{icinga|nagios}.
#
# Values come ONLY from environment variables and are turned into JSON by jq --arg (or python3 reading
# os.environ): no macro value is ever spliced into a shell string, so plugin output with quotes, $() or
# backticks stays text. The token is read from a file and passed to curl on stdin (not in argv).
#
#   Icinga 2: NotificationCommand with `env = { AIOPS_HOST_NAME = "$host.name$", ... }` (aiops-commands.conf)
#   Nagios 4: enable_environment_macros=1; the script falls back to NAGIOS_* variables (nagios-commands.cfg)
#
#   AIOPS_URL         http://gateway:8080/api/v1/events/icinga   (required)
#   AIOPS_TOKEN_FILE  file holding an ingest token                 (required)
#   AIOPS_JSON_TOOL   jq | python3  (default: jq when installed, else python3)
set -eu

: "${AIOPS_URL:?AIOPS_URL is required (e.g. http://gateway:8080/api/v1/events/icinga)}"
: "${AIOPS_TOKEN_FILE:?AIOPS_TOKEN_FILE is required (a file holding an ingest token)}"

# Icinga 2 sets AIOPS_*; Nagios exports NAGIOS_* environment macros. Export the merged values for the JSON step.
export AIOPS_NOTIFICATION_TYPE="${AIOPS_NOTIFICATION_TYPE:-${NAGIOS_NOTIFICATIONTYPE:-}}"
export AIOPS_HOST_NAME="${AIOPS_HOST_NAME:-${NAGIOS_HOSTNAME:-}}"
export AIOPS_HOST_DISPLAY_NAME="${AIOPS_HOST_DISPLAY_NAME:-${NAGIOS_HOSTDISPLAYNAME:-}}"
export AIOPS_HOST_ADDRESS="${AIOPS_HOST_ADDRESS:-${NAGIOS_HOSTADDRESS:-}}"
export AIOPS_HOST_STATE="${AIOPS_HOST_STATE:-${NAGIOS_HOSTSTATE:-}}"
export AIOPS_SERVICE_NAME="${AIOPS_SERVICE_NAME:-${NAGIOS_SERVICEDESC:-}}"
export AIOPS_SERVICE_DISPLAY_NAME="${AIOPS_SERVICE_DISPLAY_NAME:-${NAGIOS_SERVICEDISPLAYNAME:-}}"
export AIOPS_SERVICE_STATE="${AIOPS_SERVICE_STATE:-${NAGIOS_SERVICESTATE:-}}"
if [ -n "$AIOPS_SERVICE_NAME" ]; then
  export AIOPS_OUTPUT="${AIOPS_OUTPUT:-${NAGIOS_SERVICEOUTPUT:-}}"
  export AIOPS_LONG_OUTPUT="${AIOPS_LONG_OUTPUT:-${NAGIOS_LONGSERVICEOUTPUT:-}}"
  export AIOPS_PROBLEM_ID="${AIOPS_PROBLEM_ID:-${NAGIOS_SERVICEPROBLEMID:-}}"
else
  export AIOPS_OUTPUT="${AIOPS_OUTPUT:-${NAGIOS_HOSTOUTPUT:-}}"
  export AIOPS_LONG_OUTPUT="${AIOPS_LONG_OUTPUT:-${NAGIOS_LONGHOSTOUTPUT:-}}"
  export AIOPS_PROBLEM_ID="${AIOPS_PROBLEM_ID:-${NAGIOS_HOSTPROBLEMID:-}}"
fi
export AIOPS_TIMESTAMP="${AIOPS_TIMESTAMP:-${NAGIOS_TIMET:-$(date +%s)}}"
export AIOPS_AUTHOR="${AIOPS_AUTHOR:-${NAGIOS_NOTIFICATIONAUTHOR:-}}"
export AIOPS_COMMENT="${AIOPS_COMMENT:-${NAGIOS_NOTIFICATIONCOMMENT:-}}"
export AIOPS_SENDER="${AIOPS_SENDER:-$([ -n "${NAGIOS_HOSTNAME:-}" ] && echo nagios || echo icinga2)}"
export AIOPS_EVENT_URL="${AIOPS_EVENT_URL:-}"
export AIOPS_LABELS_JSON="${AIOPS_LABELS_JSON:-}"   # optional JSON object of string labels, e.g. {"env":"prod"}

tool="${AIOPS_JSON_TOOL:-}"
if [ -z "$tool" ]; then
  if command -v jq >/dev/null 2>&1; then tool=jq; else tool=python3; fi
fi

body="$(mktemp)"
trap 'rm -f "$body"' EXIT

case "$tool" in
  jq)
    jq -n \
      --arg notificationType "$AIOPS_NOTIFICATION_TYPE" \
      --arg hostName "$AIOPS_HOST_NAME" \
      --arg hostDisplayName "$AIOPS_HOST_DISPLAY_NAME" \
      --arg hostAddress "$AIOPS_HOST_ADDRESS" \
      --arg hostState "$AIOPS_HOST_STATE" \
      --arg serviceName "$AIOPS_SERVICE_NAME" \
      --arg serviceDisplayName "$AIOPS_SERVICE_DISPLAY_NAME" \
      --arg serviceState "$AIOPS_SERVICE_STATE" \
      --arg output "$AIOPS_OUTPUT" \
      --arg longOutput "$AIOPS_LONG_OUTPUT" \
      --arg timestamp "$AIOPS_TIMESTAMP" \
      --arg problemId "$AIOPS_PROBLEM_ID" \
      --arg author "$AIOPS_AUTHOR" \
      --arg comment "$AIOPS_COMMENT" \
      --arg sender "$AIOPS_SENDER" \
      --arg url "$AIOPS_EVENT_URL" \
      --arg labels "$AIOPS_LABELS_JSON" \
      '{notificationType: $notificationType, hostName: $hostName, hostDisplayName: $hostDisplayName, hostAddress: $hostAddress,
        hostState: $hostState, serviceName: $serviceName, serviceDisplayName: $serviceDisplayName, serviceState: $serviceState,
        output: $output, longOutput: $longOutput, timestamp: $timestamp, problemId: $problemId, author: $author,
        comment: $comment, sender: $sender, url: $url}
       | with_entries(select(.value != ""))
       + (if $labels == "" then {} else {labels: ($labels | fromjson)} end)' >"$body"
    ;;
  python3)
    python3 - >"$body" <<'PY'
import json, os
keys = {
    "notificationType": "AIOPS_NOTIFICATION_TYPE", "hostName": "AIOPS_HOST_NAME", "hostDisplayName": "AIOPS_HOST_DISPLAY_NAME",
    "hostAddress": "AIOPS_HOST_ADDRESS", "hostState": "AIOPS_HOST_STATE", "serviceName": "AIOPS_SERVICE_NAME",
    "serviceDisplayName": "AIOPS_SERVICE_DISPLAY_NAME", "serviceState": "AIOPS_SERVICE_STATE", "output": "AIOPS_OUTPUT",
    "longOutput": "AIOPS_LONG_OUTPUT", "timestamp": "AIOPS_TIMESTAMP", "problemId": "AIOPS_PROBLEM_ID", "author": "AIOPS_AUTHOR",
    "comment": "AIOPS_COMMENT", "sender": "AIOPS_SENDER", "url": "AIOPS_EVENT_URL",
}
body = {k: os.environ[v] for k, v in keys.items() if os.environ.get(v, "") != ""}
if os.environ.get("AIOPS_LABELS_JSON", "") != "":
    body["labels"] = json.loads(os.environ["AIOPS_LABELS_JSON"])
print(json.dumps(body, ensure_ascii=False))
PY
    ;;
  *) echo "aiops-notify: AIOPS_JSON_TOOL must be jq or python3, not $tool" >&2; exit 2 ;;
esac

answer="$(mktemp)"
trap 'rm -f "$body" "$answer"' EXIT
# the Authorization header goes to curl on stdin, so the token never shows in the process list
status="$(printf 'Authorization: Bearer %s\n' "$(cat "$AIOPS_TOKEN_FILE")" \
  | curl -sS -o "$answer" -w '%{http_code}' --max-time 10 \
      -H @- -H 'Content-Type: application/json' --data-binary @"$body" "$AIOPS_URL")" || {
  echo "aiops-notify: could not reach $AIOPS_URL" >&2; exit 1; }
if [ "$status" != "202" ]; then
  echo "aiops-notify: gateway answered $status: $(cat "$answer")" >&2
  exit 1
fi
