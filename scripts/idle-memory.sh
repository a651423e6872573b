#!/usr/bin/env bash
# Idle memory of the whole platform as ./run.sh runs it: starts ./run.sh, loads the embedding model (one
# /v1/embeddings call) and gives every agent a task, rests, then sums the PSS of every service and daemon
# (/proc/PID/smaps_rollup; the AppHost, DCP and the dashboard are dev tooling and left out). Exit 1 above the budget.
#   scripts/idle-memory.sh [rest-seconds (120)] [budget-MB (1229, i.e. 1.2 GiB)]
set -euo pipefail
cd "$(dirname "$0")/.."
rest="${1:-120}"
budget="${2:-1229}"
port="${GATEWAY_PORT:-8080}"
url="http://localhost:$port"

mkdir -p .data
./run.sh > .data/idle-memory-run.log 2>&1 &
runner=$!
trap 'kill -TERM $runner 2>/dev/null || true; wait $runner 2>/dev/null || true' EXIT
until grep -q "every service healthy" .data/idle-memory-run.log 2>/dev/null; do
  kill -0 $runner 2>/dev/null || { cat .data/idle-memory-run.log >&2; exit 1; }
  sleep 1
done
grep "\[run\]" .data/idle-memory-run.log
key="${SUTAZAI_API_KEY:-$(cat .data/secrets/api-key)}"
post() { curl -fs -o /dev/null -H "X-Api-Key: $key" -H 'Content-Type: application/json' -d "$2" "$url$1"; }
post /v1/embeddings '{"model":"all-minilm-l6-v2","input":["the embedding model loads on first use"]}'
post /api/v1/tasks '{"capability":"text.sentiment","input":{"text":"I love this"}}'
post /api/v1/tasks '{"capability":"text.keywords","input":{"text":"durable queues keep tasks safe"}}'
post /api/v1/tasks '{"capability":"code.review","input":{"language":"csharp","code":"class C { }"}}'
post /api/v1/tasks '{"capability":"auto","input":{"text":"how does the customer feel: the staff were rude"}}' || true
echo "[idle] model loaded and tasks sent; resting ${rest} s"
sleep "$rest"

python3 - "$budget" <<'PY'
import os, re, sys
budget = float(sys.argv[1])
def kind(cmd):
    if re.search(r"SutazAI\.AppHost|/dcp|Aspire\.Dashboard|dotnet run|\bcurl\b|python3|idle-memory|run\.sh", cmd):
        return None
    m = re.search(r"SutazAI\.([A-Za-z.]+?)(?:\.dll)?(?:\s|$)", cmd)
    if m:
        return m.group(1)
    for name, pattern in [("postgres", r"postgres"), ("redis", r"redis-server"), ("prometheus", r"prometheus"),
                          ("rabbitmq", r"beam\.smp|epmd|erl_child_setup|inet_gethost")]:
        if re.search(pattern, cmd):
            return name
    return None
totals = {}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
        name = kind(cmd)
        if name is None:
            continue
        rollup = {l.split(":")[0]: int(l.split()[1]) for l in open(f"/proc/{pid}/smaps_rollup") if l.split(":")[0] in ("Pss", "Pss_Anon", "Pss_File")}
    except (OSError, IndexError, ValueError):
        continue
    sums = totals.setdefault(name, [0.0, 0.0, 0.0])
    for i, key in enumerate(("Pss", "Pss_Anon", "Pss_File")):
        sums[i] += rollup.get(key, 0) / 1024
print(f"  {'':<22} {'PSS':>7}    {'anon':>7} {'file':>7}")
for name, (mb, anon, file) in sorted(totals.items(), key=lambda kv: -kv[1][0]):
    print(f"  {name:<22} {mb:7.1f} MB {anon:7.1f} {file:7.1f}")
total = sum(t[0] for t in totals.values())
print(f"  {'total':<22} {total:7.1f} MB PSS (budget {budget:.0f} MB): {'ok' if total <= budget else 'OVER'}")
sys.exit(0 if total <= budget else 1)
PY
