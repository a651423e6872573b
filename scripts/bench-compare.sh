#!/usr/bin/env bash
# Runs the task benchmark for several runtime profiles in alternation (A B C A B C ...), so each profile meets the
# machine's good and bad moments alike, and prints one summary line per run. Each profile is one argument: the
# AppHost settings it changes, separated by spaces ("" for the defaults of AppHost/appsettings.json).
#   scripts/bench-compare.sh 2 "" "Programs:ReadyToRun:All=false Runtime:All:DOTNET_TieredCompilation=0"
# Needs a Release build: dotnet build SutazAI.sln -c Release
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:?rounds}; shift
tasks=${BENCH_TASKS:-2000}
mkdir -p bench-results
for round in $(seq 1 "$rounds"); do
  index=0
  for profile in "$@"; do
    index=$((index + 1))
    args=()
    for setting in $profile; do args+=(--setting "$setting"); done
    log="bench-results/compare-$(date +%H%M%S)-p$index.log"
    dotnet run -c Release --no-build --project tests/SutazAI.Bench -- --tasks "$tasks" --clients 32 "${args[@]}" >"$log" 2>&1 || true
    gateway=$(awk '$1 == "gateway" && $2 ~ /^[0-9]+$/ { print $4 " tasks/s, submit p99 " $6 }' "$log")
    direct=$(awk '$1 == "direct" && $2 ~ /^[0-9]+$/ { print $4 " tasks/s" }' "$log")
    cpu=$(grep -o 'CPU [0-9.]* ms' "$log" | head -1)
    sustained=$(grep -o 'sustained maximum, gateway path: [0-9]* tasks/s' "$log" | grep -o '[0-9]* tasks/s')
    paced=$(grep 'at 80%' "$log" | grep -o 'offered open-loop.*' | grep -o 'submit p50 [0-9.]*ms p99 [0-9.]*ms' | head -1)
    echo "round $round profile $index [${profile:-defaults}]: gateway $gateway; direct $direct; gateway path $cpu per task; sustained $sustained, at 80% of it: $paced ($log)"
  done
done
