#!/usr/bin/env bash
# Runs the whole SutazAI platform in the foreground: installs what is missing, builds, starts the AppHost,
# and prints the gateway URL, the dashboard URL and the API key. Ctrl-C or SIGTERM stops everything.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

ensure_prerequisites

echo "[run] building (Release)"
dotnet build SutazAI.sln -c Release -nologo -v quiet -clp:ErrorsOnly

mkdir -p .data
if [ -z "${SUTAZAI_API_KEY:-}" ]; then
  if [ ! -s .data/api-key ]; then
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > .data/api-key)
  fi
  SUTAZAI_API_KEY="$(cat .data/api-key)"
fi
export SUTAZAI_API_KEY

gateway_url="http://localhost:${GATEWAY_PORT:-8080}"
dashboard_url="http://localhost:15888"

echo "[run] starting the AppHost"
dotnet run --project AppHost -c Release --no-build --launch-profile http -- "Gateway:Port=${GATEWAY_PORT:-8080}" "Monitoring:Prometheus=true" &
apphost=$!

stop() {
  echo "[run] stopping"
  kill -TERM "$apphost" 2>/dev/null || true
  wait "$apphost" 2>/dev/null || true
  exit 0
}
trap stop INT TERM

for _ in $(seq 1 180); do
  if curl -fs "$gateway_url/health" >/dev/null 2>&1; then
    break
  fi
  kill -0 "$apphost" 2>/dev/null || { echo "[run] the AppHost exited" >&2; exit 1; }
  sleep 1
done

cat <<INFO

  SutazAI is up.
    Gateway:   $gateway_url
    Dashboard: $dashboard_url
    API key:   $SUTAZAI_API_KEY

  Try: curl -s -H "X-Api-Key: \$KEY" -H 'Content-Type: application/json' \\
         -d '{"capability":"text.sentiment","input":{"text":"I love this"}}' $gateway_url/api/v1/tasks

INFO

wait "$apphost"
