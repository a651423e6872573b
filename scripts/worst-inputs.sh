#!/usr/bin/env bash
# The worst inputs the analyst skills' schemas allow, sent through the gateway of a running platform (./run.sh),
# one at a time. Prints each task's outcome and time, and the analyst agent's peak PSS (from /proc, sampled every
# 50 ms) while it ran. Exit 1 if a task did not complete or the agent went over the limit (MiB, default 300).
#   scripts/worst-inputs.sh [limit-mib]
set -euo pipefail
cd "$(dirname "$0")/.."
limit_mib="${1:-300}"
url="${SUTAZAI_URL:-http://localhost:8080}"
key="${SUTAZAI_API_KEY:-$(cat .data/secrets/api-key)}"
pid="$(pgrep -f 'Agents/Analyst/bin/.*/SutazAI.Agents.Analyst$' | head -1)"
[ -n "$pid" ] || { echo "no analyst agent is running; start ./run.sh first" >&2; exit 1; }

pss_kib() { awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup"; }
peak_file="$(mktemp)"
trap 'rm -f "$peak_file"' EXIT

# Writes the highest PSS seen so far to $peak_file, every 20 ms, until killed.
sample_peak() {
  local max=0 now
  while :; do
    now=$(pss_kib)
    if [ "$now" -gt "$max" ]; then max=$now; echo "$max" > "$peak_file"; fi
    sleep 0.02
  done
}

body() { # capability, python expression for the text
  python3 -c "import json,sys; print(json.dumps({'capability': sys.argv[1], 'input': {'text': eval(sys.argv[2])}}))" "$1" "$2"
}

cases=(
  "text.entities|('Xy. ' * 25000)[:100000]"
  "text.entities|('Ab Cd ' * 17000)[:100000]"
  "text.entities|('Paris, ' * 15000)[:100000]"
  "text.summary|('A short line.\n' * 15000)[:200000]"
  "text.summary|' '.join('Agents share word%d and topic%d today.' % (i, i % 97) for i in range(6000))[:200000]"
  "text.summary|' '.join('w%d' % i for i in range(40000))[:200000]"
  "text.keywords|('word ' * 20000)[:100000]"
  "text.keywords|' '.join('w%d' % i for i in range(15000))[:100000]"
  "text.keywords|('a-b ' * 25000)[:100000]"
  "text.sentiment|('not very good but ' * 6000)[:100000]"
  "text.language|('\u00df\u00e7 ' * 34000)[:100000]"
)

echo "analyst pid $pid, PSS at rest $(( $(pss_kib) / 1024 )) MiB"
failed=0
peak_all=0
for case in "${cases[@]}"; do
  capability="${case%%|*}"
  text="${case#*|}"
  start=$(date +%s%N)
  id=$(body "$capability" "$text" | curl -sf -H "X-Api-Key: $key" -H 'Content-Type: application/json' --data-binary @- "$url/api/v1/tasks" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  echo 0 > "$peak_file"
  sample_peak & sampler=$!
  status=Queued
  while [ "$status" = Queued ] || [ "$status" = Running ]; do
    status=$(curl -sf -H "X-Api-Key: $key" "$url/api/v1/tasks/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    sleep 0.05
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  peak=$(cat "$peak_file")
  [ "$peak" -gt "$peak_all" ] && peak_all=$peak
  printf '%-15s %-60.60s %-10s %6d ms  peak PSS %4d MiB\n' "$capability" "$text" "$status" "$ms" $(( peak / 1024 ))
  [ "$status" = Completed ] || failed=1
done

echo "analyst peak PSS over all inputs: $(( peak_all / 1024 )) MiB (limit $limit_mib MiB)"
[ "$failed" = 0 ] && [ $(( peak_all / 1024 )) -le "$limit_mib" ]
