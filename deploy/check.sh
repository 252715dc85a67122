#!/usr/bin/env bash
# Offline checks of the deployment files that need tools outside the JVM; deploy-tests covers the rest.
#   promtool check rules + promtool test rules   (always; installs Debian's prometheus package if missing)
#   docker compose config / docker-compose config (when a compose tool is installed)
#   kubectl kustomize k8s/overlays/*              (when kubectl is installed)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v promtool >/dev/null 2>&1; then
  echo "installing promtool (Debian package prometheus)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus) >/dev/null
fi

echo "== promtool check rules"
promtool check rules deploy/prometheus/agent-platform.rules.yml
echo "== promtool test rules"
(cd deploy/prometheus && promtool test rules agent-platform.rules.test.yml)

if docker compose version >/dev/null 2>&1; then
  echo "== docker compose config"
  docker compose -f compose.yaml config -q
elif command -v docker-compose >/dev/null 2>&1; then
  echo "== docker-compose config"
  docker-compose -f compose.yaml config -q
else
  echo "== compose config: no compose tool installed, deploy-tests validates compose.yaml"
fi

if command -v kubectl >/dev/null 2>&1; then
  for overlay in k8s/overlays/*/; do
    echo "== kubectl kustomize $overlay"
    kubectl kustomize "$overlay" >/dev/null
  done
else
  echo "== kustomize: kubectl not installed, deploy-tests assembles the overlays"
fi
echo "deploy checks passed"
