#!/usr/bin/env bash
# Installs what the platform needs and is missing: a .NET 10 SDK (the distribution's package where one exists);
# PostgreSQL, Redis and RabbitMQ from Debian's packages when no container runtime answers (the AppHost then runs them).
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

has_dotnet10_sdk() {
  command -v dotnet >/dev/null && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'
}

# global.json accepts any .NET 10 SDK (10.0.100 or later, the newest installed 10.0 band wins).
ensure_dotnet_sdk() {
  has_dotnet10_sdk && return
  local found="no 'dotnet' on PATH"
  command -v dotnet >/dev/null && found="dotnet at $(command -v dotnet) with SDKs: $(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | paste -sd' ' -)"
  log "no .NET 10 SDK found ($found)"
  if command -v apt-get >/dev/null; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    if apt-cache show dotnet-sdk-10.0 >/dev/null 2>&1; then
      log "installing the distribution's dotnet-sdk-10.0 package"
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dotnet-sdk-10.0 >/dev/null
      has_dotnet10_sdk && return
    fi
  fi
  cat >&2 <<'HELP'
SutazAI needs a .NET 10 SDK (any 10.0.1xx or later band) and none was found.
  Ubuntu 24.04 and later:  sudo apt-get install dotnet-sdk-10.0
  Fedora:                  sudo dnf install dotnet-sdk-10.0
  Debian and others:       Microsoft's package repository, or the dotnet-install script
                           (https://learn.microsoft.com/dotnet/core/install/linux)
Then run this command again.
HELP
  exit 1
}

# The client library is generated at build time by Kiota, a local tool (.config/dotnet-tools.json): every build needs it.
restore_tools() {
  dotnet tool restore >/dev/null
}

# The web console's browser tests drive Debian's chromium (Playwright never downloads a browser), whatever runs the daemons.
ensure_browser() {
  [ -x /usr/bin/chromium ] && return
  if ! command -v apt-get >/dev/null; then
    log "no /usr/bin/chromium and no apt-get: install Chromium at /usr/bin/chromium for the console's browser tests"
    return
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing chromium (Debian's package) for the console's browser tests"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
}

ensure_prerequisites() {
  ensure_dotnet_sdk
  ensure_browser

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
