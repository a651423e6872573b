#!/usr/bin/env bash
# Packs SutazAI.Contracts (built, Release) into artifacts/packages and prints the version it gave it:
# VersionPrefix from the project, and a suffix made of the contracts' own source, so a changed contract is a new
# version (NuGet's cache never serves an old package under a reused version) and an unchanged one packs the same.
set -euo pipefail
cd "$(dirname "$0")/.."
project=Services/Contracts/SutazAI.Contracts.csproj
hash=$(find Services/Contracts -path '*/bin' -prune -o -path '*/obj' -prune -o -type f \( -name '*.cs' -o -name '*.csproj' \) -print \
  | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-12)
prefix=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$project")
version="${prefix}-c${hash}"
dotnet pack "$project" -c Release --no-build --nologo -v quiet -o artifacts/packages -p:PackageVersion="$version" >&2
echo "$version"
