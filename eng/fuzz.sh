#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 10); exits non-zero on any finding.
# Findings (input + .txt with the stack and a reproducer command) go to fuzz/findings/TARGET/.
# Usage: eng/fuzz.sh [SECONDS] [extra fuzzer options, e.g. --seed 42]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
shift || true
dotnet build fuzz/OstreeSharp.Fuzz -c Release -nologo -v quiet
exec dotnet fuzz/OstreeSharp.Fuzz/bin/Release/net10.0/OstreeSharp.Fuzz.dll all --seconds "$seconds" "$@"
