#!/usr/bin/env bash
# Routing accuracy of "auto" on the requests in tests/SutazAI.Testing/RoutingPhrasings.cs (63 written for the purpose,
# kept apart from the skills' example requests, and 3 nonsense texts that must be refused): on the platform without
# an LLM (also part of ./test.sh) and with the fake Ollama (which echoes, so the LLM is asked on close calls and never
# gives a usable choice). Prints each request's route and the accuracy; fails under 90%.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_prerequisites
restore_tools
dotnet build tests/SutazAI.EndToEnd.Tests -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build tests/SutazAI.Llm.Tests -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet test tests/SutazAI.EndToEnd.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~RoutingAccuracyTests.Nine_in_ten" --logger "console;verbosity=detailed" | grep -E "^ +'|accuracy|Passed|Failed"
SUTAZAI_ROUTING_ACCURACY=1 dotnet test tests/SutazAI.Llm.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~Routing_stays_accurate" --logger "console;verbosity=detailed" | grep -E "^ +'|accuracy|Passed|Failed"
