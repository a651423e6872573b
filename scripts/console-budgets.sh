#!/usr/bin/env bash
# The web console's budgets, measured on a warm platform started by the test fixture (fake Ollama, real daemons,
# Debian's chromium): first page interactive (< 1.5 s), bytes per page (< 2 MiB, compressed), the console's memory
# with five people signed in (< 120 MB PSS). Prints the figures ([budget] lines); exits non-zero past a budget.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_prerequisites
restore_tools
dotnet build tests/SutazAI.Web.Tests -c Release -nologo -v quiet -clp:ErrorsOnly
SUTAZAI_CONSOLE_BUDGETS=1 dotnet test tests/SutazAI.Web.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~BudgetTests" --logger "console;verbosity=detailed" | grep -E '\[budget\]|Passed|Failed|budget'
