#!/usr/bin/env bash
# Runs the whole SutazAI platform in the foreground: installs what is missing, builds when a file changed, starts the
# AppHost, prints how long the gateway and then every service and capability took to be available, the gateway URL,
# the dashboard's login URL and where the API key is kept (never the key). Ctrl-C or SIGTERM stops everything. When
# the platform does not come up within SUTAZAI_START_TIMEOUT seconds (180), it names the resources that are not up
# and exits 1.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

ensure_prerequisites

mkdir -p .data
# The build runs only when a file changed since the last successful one (or its output is gone); SUTAZAI_BUILD=always
# forces it. An unchanged tree starts in seconds instead of spending them on a build that does nothing.
# A build without the ReadyToRun images (./test.sh, scripts/soak.sh, an IDE) rewrites the services' build output, which
# then is newer than their images: the AppHost would run the build output, starting on twice the CPU, so that counts
# as a change too (.data/build-output-stamp is touched after run.sh's own build).
stamp=.data/build-stamp
output_stamp=.data/build-output-stamp
changed_since_build() {
  [ -f "$stamp" ] && [ -f "$output_stamp" ] && [ -x AppHost/bin/Release/net10.0/SutazAI.AppHost ] || return 0
  [ -n "$(find . \( -path ./.git -o -path ./.data -o -path ./artifacts -o -path ./bench-results -o -name bin -o -name obj \
    -o -name node_modules -o -name TestResults \) -prune -o -type f -newer "$stamp" -print -quit)" ] ||
    [ -n "$(find Gateway Services/* Agents/* -maxdepth 4 -path '*/bin/Release/net10.0/SutazAI.*.dll' -newer "$output_stamp" -print -quit)" ]
}
if [ "${SUTAZAI_BUILD:-}" = always ] || changed_since_build; then
  echo "[run] building (Release)"
  touch "$stamp.next"
  restore_tools
  # With the services' ReadyToRun images: they start on half the CPU (README, "Start-up").
  dotnet build SutazAI.sln -c Release -p:ReadyToRunImages=true -nologo -v quiet -clp:ErrorsOnly
  mv "$stamp.next" "$stamp"
  touch "$output_stamp"
else
  echo "[run] the build is current: nothing changed since $(date -r "$stamp" '+%F %T') (SUTAZAI_BUILD=always rebuilds)"
fi

# Secrets live in folders only their owner may enter, in files created readable by their owner only.
mkdir -p -m 700 .data/secrets
chmod 700 .data/secrets
key_file=.data/secrets/api-key
key_hint="the one in SUTAZAI_API_KEY"
if [ -z "${SUTAZAI_API_KEY:-}" ]; then
  if [ ! -s "$key_file" ] && [ -s .data/api-key ]; then
    mv .data/api-key "$key_file"
  fi
  if [ ! -s "$key_file" ]; then
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$key_file")
  fi
  chmod 600 "$key_file"
  SUTAZAI_API_KEY="$(cat "$key_file")"
  key_hint="in $key_file (KEY=\$(cat $key_file))"
fi
export SUTAZAI_API_KEY

gateway_url="http://localhost:${GATEWAY_PORT:-8080}"
dashboard_url="http://localhost:15888"

log=.data/apphost.log
start_timeout="${SUTAZAI_START_TIMEOUT:-180}"

echo "[run] starting the AppHost (log: $log)"
started=$(date +%s%N)
# The log holds the dashboard's login token.
(umask 077 && : > "$log")
# The AppHost's program runs directly, with the settings of its launch profile (AppHost/Properties/launchSettings.json)
# as `dotnet run --launch-profile http` would give it, without `dotnet run`'s evaluation of the project first.
launch_settings=AppHost/Properties/launchSettings.json
while IFS=$'\t' read -r name value; do
  export "$name=$value"
done < <(sed -n '/"environmentVariables"/,/}/ s/^ *"\([A-Za-z0-9_]*\)": *"\([^"]*\)",\{0,1\} *$/\1\t\2/p' "$launch_settings")
ASPNETCORE_URLS="$(sed -n 's/^ *"applicationUrl": *"\([^"]*\)".*/\1/p' "$launch_settings")"
export ASPNETCORE_URLS DOTNET_LAUNCH_PROFILE=http
# Its folder is the working directory, as with `dotnet run`: the host's content root, where appsettings.json is read.
(cd AppHost && exec bin/Release/net10.0/SutazAI.AppHost "Gateway:Port=${GATEWAY_PORT:-8080}" "Monitoring:Prometheus=true") \
  > >(tee "$log") 2>&1 &
apphost=$!

# DCP, Aspire's orchestrator, runs detached from this shell and stops the services and daemons only after the AppHost
# has gone (about 10 s); stopping waits for it, so that a start right after finds PostgreSQL's data folder free.
dcp_kubeconfig() { pgrep -af -- "dcp start-apiserver --monitor $apphost( |$)" | sed -n 's/.*--kubeconfig \([^ ]*\).*/\1/p' | head -n1; }
stop() {
  echo "[run] stopping"
  local kubeconfig
  kubeconfig=$(dcp_kubeconfig)
  kill -TERM "$apphost" 2>/dev/null || true
  wait "$apphost" 2>/dev/null || true
  local deadline=$((SECONDS + 60))
  while [ -n "$kubeconfig" ] && pgrep -f -- "--kubeconfig $kubeconfig" > /dev/null && [ $SECONDS -lt $deadline ]; do
    sleep 0.2
  done
  echo "[run] stopped"
}
trap 'stop; exit 0' INT TERM

# Each resource whose last reported state (the AppHost's "resource NAME: STATE" lines) is not up, as NAME<tab>STATE.
resources_down() {
  sed -n 's/.*resource \([A-Za-z0-9_.-]*\): \(.*\)$/\1\t\2/p' "$log" |
    awk -F'\t' '{ last[$1] = $2 } END { for (r in last) print r "\t" last[r] }' | sort |
    awk -F'\t' 'NF == 2 && $1 !~ /-rebuilder$/ && $2 !~ /^Running, Healthy$/ && $2 !~ /^Finished \(exit code 0\)/'
}

# The resources that exited (with another code than 0): the AppHost does not start them again, so waiting cannot help.
resources_exited() { resources_down | awk -F'\t' '$2 ~ /^Finished/'; }

# The last lines resource $1 wrote, indented: DCP keeps each process's output in files beside its kubeconfig (named in
# its per-process log) until the AppHost stops, so this reads them before stopping.
resource_output() {
  local dir uid
  dir=$(dirname "$(dcp_kubeconfig)")
  uid=$(grep -lE "\"Executable\": \"/$1-[a-z0-9]+\"" "$dir"/resource-executable-*.log 2>/dev/null | tail -n1 |
    sed -n 's/.*resource-executable-\(.*\)\.log$/\1/p')
  [ -n "$uid" ] || return 0
  cat "$dir/${uid}_out" "$dir/${uid}_err" 2>/dev/null | tail -n 15 | cut -c1-400 | sed 's/^/      /'
}

# Each exited resource with its last output.
report_exited() {
  while IFS=$'\t' read -r name state; do
    [ -n "$name" ] || continue
    echo "[run] $name: $state; its last output:" >&2
    resource_output "$name" >&2
  done <<< "$(resources_exited)"
}

report_failure() {
  echo "[run] SutazAI did not come up: $1" >&2
  local down
  down=$(resources_down)
  if [ -n "$down" ]; then
    echo "[run] resources that are not up (last state reported by the AppHost):" >&2
    printf '%s\n' "$down" | awk -F'\t' '{ printf "  %-20s %s\n", $1, $2 }' >&2
    report_exited
  else
    echo "[run] no resource reported a failure; the last lines of $log:" >&2
    tail -n 20 "$log" >&2
  fi
  stop
  exit 1
}

seconds_since() { awk -v from="$1" -v now="$(date +%s%N)" 'BEGIN { printf "%.1f", (now - from) / 1e9 }'; }

deadline=$(($(date +%s) + start_timeout))
# Runs "$@" four times a second until it succeeds (0) or the start deadline passes (1).
wait_until() {
  while [ "$(date +%s)" -lt "$deadline" ]; do
    "$@" && return 0
    kill -0 "$apphost" 2>/dev/null || report_failure "the AppHost exited"
    [ -z "$(resources_exited)" ] || report_failure "a service exited while starting"
    sleep 0.25
  done
  return 1
}

gateway_healthy() { curl -fs "$gateway_url/health" >/dev/null 2>&1; }

# Every service healthy (the gateway's status page asks each one it calls; the AppHost reports the others, such as the
# console) and every capability served by a registered agent. The AppHost's log is read first: the status page asks
# every service for its health checks, work that would compete with the services still starting.
everything_available() {
  [ -z "$(resources_down)" ] || return 1
  local status capabilities
  status=$(curl -fs -H "X-Api-Key: $SUTAZAI_API_KEY" "$gateway_url/api/v1/status" 2>/dev/null || true)
  capabilities=$(curl -fs -H "X-Api-Key: $SUTAZAI_API_KEY" "$gateway_url/api/v1/capabilities" 2>/dev/null || true)
  [[ "$status" == '{"status":"Healthy"'* ]] && [[ "$capabilities" == '['* ]] && [[ "$capabilities" != *'"available":false'* ]]
}

wait_until gateway_healthy || report_failure "the gateway did not answer $gateway_url/health within ${start_timeout} s"
echo "[run] gateway healthy $(seconds_since "$started") s after the AppHost started"
wait_until everything_available || report_failure "not every service and capability was available within ${start_timeout} s"
echo "[run] every service healthy and every capability available $(seconds_since "$started") s after the AppHost started"

cat <<INFO

  SutazAI is up.
    Gateway:   $gateway_url
    Dashboard: $(grep -o 'http://[^ ]*/login?t=[0-9a-zA-Z]*' "$log" | tail -n 1 || echo "$dashboard_url")
    API key:   $key_hint

  Try: curl -s -H "X-Api-Key: \$KEY" -H 'Content-Type: application/json' \\
         -d '{"capability":"text.sentiment","input":{"text":"I love this"}}' $gateway_url/api/v1/tasks

INFO

# A service that exits later is named at once: the AppHost does not start it again.
reported=""
while kill -0 "$apphost" 2>/dev/null; do
  while IFS=$'\t' read -r name state; do
    [ -n "$name" ] && [[ " $reported " != *" $name "* ]] || continue
    echo "[run] $name stopped: $state; the AppHost does not start it again (Ctrl-C, then ./run.sh). Its last output:" >&2
    resource_output "$name" >&2
    reported+=" $name"
  done <<< "$(resources_exited)"
  sleep 2 & wait $!
done
wait "$apphost"
