#!/usr/bin/env bash
# Soak: tasks at a steady rate through the gateway for N minutes (default 10) on a freshly started platform;
# prints throughput, p99 latencies and each service's memory under load and at rest (~6 min without load),
# after warm-up and at the end. Exit 1 if a service's retained memory at rest grew by more than 5% or a task
# did not complete.
#   scripts/soak.sh [minutes] [tasks-per-second]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
rate="${2:-40}"
source scripts/prerequisites.sh
ensure_prerequisites
restore_tools
dotnet build SutazAI.sln -c Release -v q -nologo
exec dotnet run -c Release --no-build --project tests/SutazAI.Bench -- --soak "$minutes" --rate "$rate" --warmup-seconds 180
