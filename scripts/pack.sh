#!/usr/bin/env bash
# Packs one of the packages other teams use (Release, built first if a source changed) into artifacts/packages and prints the version it gave it:
#   scripts/pack.sh contracts   SutazAI.Contracts (the bus interface)
#   scripts/pack.sh client      SutazAI.Client (the typed HTTP client)
#   scripts/pack.sh cli         SutazAI.Cli (the sutazai .NET tool, which carries the client)
# The version is the project's VersionPrefix and a suffix made of the package's own source, so a change is a new
# version (NuGet's cache never serves an old package under a reused version) and an unchanged source packs the same.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  contracts) project=Services/Contracts/SutazAI.Contracts.csproj; sources=(Services/Contracts) ;;
  client) project=Services/Client/SutazAI.Client.csproj; sources=(Services/Client) ;;
  cli) project=Services/Cli/SutazAI.Cli.csproj; sources=(Services/Cli Services/Client) ;;
  *) echo "usage: scripts/pack.sh contracts|client|cli" >&2; exit 2 ;;
esac
hash=$(find "${sources[@]}" -path '*/bin' -prune -o -path '*/obj' -prune -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' \) -print \
  | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-12)
prefix=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$project")
version="${prefix}-c${hash}"
dotnet pack "$project" -c Release --nologo -v quiet -o artifacts/packages -p:PackageVersion="$version" >&2
echo "$version"
