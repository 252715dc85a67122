#!/usr/bin/env bash
# A short scenario against a running stack (./stack up -d): a job that succeeds, then a failing
# agent that raises an alert on agent.alerts. Exits non-zero if the job or the alert never comes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GATEWAY="${GATEWAY:-http://localhost:8080}"
CONTEXT="${CONTEXT:-http://localhost:8083}"
BOOTSTRAP="${BOOTSTRAP:-localhost:${KAFKA_PORT:-9092}}"
TENANT="demo-$(date +%s)"
JAVA="${JAVA:-java}"
DEVSTACK_CP="$ROOT/devstack/target/devstack.jar:$ROOT/devstack/target/lib/*"
# Development-only tokens signed with the stack's development key (see ./stack token).
mint() { PLATFORM_PROFILE=dev "$JAVA" -cp "$DEVSTACK_CP" dev.agentplatform.devstack.DevTokens "$@"; }
ADMIN_TOKEN=$(mint - platform-admin)
TOKEN=$(mint "$TENANT" submitter,viewer)

step() { printf '\n== %s\n' "$*"; }
job_status() { curl -fsS -H "Authorization: Bearer $TOKEN" "$1" | sed -n 's/.*"status":"\([A-Z_]*\)".*/\1/p'; }
await_status() { # location status
  for _ in $(seq 1 120); do
    [[ "$(job_status "$1")" == "$2" ]] && return 0
    sleep 0.5
  done
  echo "job $1 never reached $2 (last: $(job_status "$1"))" >&2; return 1
}
submit() { # body -> Location
  curl -fsS -o /dev/null -D - -X POST "$GATEWAY/v1/tenants/$TENANT/jobs" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$1" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p'
}

step "register tenant $TENANT (platform admin)"
curl -fsS -X PUT "$GATEWAY/v1/tenants/$TENANT" -H "Authorization: Bearer $ADMIN_TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"Demo","isolationLevel":"SHARED"}' >/dev/null && echo registered

step "tenant $TENANT: store a context policy"
curl -fsS -X PUT "$CONTEXT/v1/tenants/$TENANT/context/global/global/policy" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"value":{"dataHandling":"strict"}}' >/dev/null && echo stored

step "submit an echo job and follow it to SUCCEEDED"
location=$(submit '{"agentId":"echo","input":{"text":"hello"},"contextKeys":["policy"]}')
echo "accepted: $location"
await_status "$location" SUCCEEDED
curl -fsS -H "Authorization: Bearer $TOKEN" "$location"; echo

step "run a failing agent five times: error_rate_high should fire"
for _ in 1 2 3 4 5; do
  await_status "$(submit '{"agentId":"chaos","input":{"failureRate":1.0}}')" FAILED
done
echo "5 jobs FAILED"

step "read the alert from agent.alerts with a plain Kafka consumer"
alerts=$(java -cp "$ROOT/devstack/target/devstack.jar:$ROOT/devstack/target/lib/*" \
  dev.agentplatform.devstack.TopicTail --bootstrap "$BOOTSTRAP" --topic agent.alerts \
  --from-beginning --timeout 30 2>/dev/null | grep -A1 "ce_tenantid=$TENANT" || true)
if [[ -z "$alerts" ]]; then
  echo "no alert for $TENANT arrived on agent.alerts" >&2; exit 1
fi
echo "$alerts"
echo; echo "demo finished; the stack is still running (./stack down stops it)"
