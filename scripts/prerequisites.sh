#!/usr/bin/env bash
# Installs what the platform needs and is missing: the .NET SDK must exist; PostgreSQL, Redis and RabbitMQ
# come from Debian's packages when no container runtime answers (the AppHost then runs them itself).
set -euo pipefail

log() { printf '[setup] %s\n' "$*"; }

container_runtime_answers() {
  { command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1; } ||
    { command -v podman >/dev/null && timeout 10 podman info >/dev/null 2>&1; }
}

missing_daemons() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v curl >/dev/null || missing+=(curl)
  # Prometheus: promtool checks deploy/monitoring in the tests; a local run can scrape the services with it.
  command -v promtool >/dev/null || missing+=(prometheus)
  printf '%s\n' "${missing[@]}"
}

ensure_prerequisites() {
  command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (https://dot.net)." >&2; exit 1; }

  local infra="${Infra:-${INFRA:-auto}}"
  if [ "$infra" = "containers" ] || { [ "$infra" = "auto" ] && container_runtime_answers; }; then
    log "container runtime answers: PostgreSQL, Redis and RabbitMQ run as containers"
    return
  fi

  mapfile -t packages < <(missing_daemons | sed '/^$/d')
  if [ "${#packages[@]}" -eq 0 ]; then
    log "PostgreSQL, Redis and RabbitMQ are installed"
    return
  fi

  log "installing ${packages[*]} (Debian packages; the AppHost runs them on free loopback ports)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # Keep the packages' own services from starting: the AppHost runs its own instances.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && created_policy=1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  [ "$created_policy" -eq 1 ] && $sudo rm -f "$policy"
  log "installed ${packages[*]}"
}
