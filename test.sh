#!/usr/bin/env bash
# Runs the whole SutazAI test suite: installs what is missing, builds (Release), runs unit tests and the
# end-to-end tests that start the AppHost with real PostgreSQL, Redis and RabbitMQ; prints line and branch coverage
# of the product code (Microsoft's Code Coverage collector follows the services the tests start as child processes),
# then the throughput regression guard.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

ensure_prerequisites

echo "[test] restoring tools and building (Release)"
dotnet tool restore >/dev/null
dotnet build SutazAI.sln -c Release -nologo -v quiet -clp:ErrorsOnly

results=$(mktemp -d)
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "[test] $name"
  dotnet test "$project" -c Release --no-build --nologo --logger "trx;LogFileName=$name.trx" \
    --collect "Code Coverage;Format=Cobertura" --settings tests/coverage.runsettings --results-directory "$results" --blame-hang-timeout 5m || status=1
done

# The regression guard: a short gateway load judged against a reference computation timed in the same run
# (README, "Regression guard"); it fails the suite when a task costs clearly more than the README says.
echo "[test] regression guard"
dotnet run -c Release --no-build --project tests/SutazAI.Bench -- --guard || status=1

python3 scripts/coverage.py . "$results" || true

# One closing line for the whole suite, summed over the projects' result files.
python3 - "$results" <<'PY' || true
import glob, re, sys
passed = failed = skipped = 0
for path in glob.glob(f"{sys.argv[1]}/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<Counters[^>]*\bpassed="(\d+)"[^>]*\bfailed="(\d+)"', text)
    n = re.search(r'\bnotExecuted="(\d+)"', text)
    if m:
        passed += int(m.group(1)); failed += int(m.group(2))
    if n:
        skipped += int(n.group(1))
print(f"Total: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
