#!/usr/bin/env bash
# The demo scenario against a running stack (./stack up -d; ./stack demo starts it when needed).
# Three tenants, traffic through the gateway phase by phase, every alert printed as it arrives on
# agent.alerts, a summary table per tenant. Exits non-zero if an expected alert never came.
# The driver is dev.agentplatform.devstack.demo.DemoDriver (devstack module); see docs/alerts.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA:-java}"
DEVSTACK_CP="$ROOT/devstack/target/devstack.jar:$ROOT/devstack/target/lib/*"
tty=()
[[ -t 1 ]] && tty=(--tty)
# The DEDICATED tenant must be one the stack's dedicated worker serves (./stack: DEDICATED_TENANTS).
DEDICATED="${DEDICATED_TENANTS:-globex}"
# Development-only tokens, signed with the stack's development key (see ./stack token).
PLATFORM_PROFILE=dev exec "$JAVA" -Xmx256m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$DEVSTACK_CP" dev.agentplatform.devstack.demo.DemoDriver \
  --gateway "${GATEWAY:-http://localhost:8080}" --monitoring "${MONITORING:-http://localhost:8082}" \
  --bootstrap "${BOOTSTRAP:-localhost:${KAFKA_PORT:-9092}}" --dedicated-tenant "${DEDICATED%%,*}" \
  "${tty[@]}" "$@"
