#!/usr/bin/env bash
# Scaling run (issue 7): fsck, summary -u and prune on synthetic repos, ostree vs ostree-sharp.
# Usage: benchmarks/scaling/scaling.sh [SIZES]   (default 10000,100000; add 1000000 for the long run)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
command -v ostree >/dev/null || { echo "scaling.sh: needs Debian's ostree (apt-get install ostree)" >&2; exit 1; }
# Measure what ships: the Native AOT executable of the linux-x64 tool package (eng/pack.sh).
sharp_dir=artifacts/scaling-publish
rm -rf "$sharp_dir"
dotnet publish samples/OstreeSharp.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$sharp_dir" -v quiet -nologo >/dev/null
dotnet build benchmarks/scaling -c Release -v quiet -nologo >/dev/null
exec python3 benchmarks/scaling/scaling.py --sharp "$sharp_dir/ostree-sharp" \
  --generator benchmarks/scaling/bin/Release/net10.0/OstreeSharp.Scaling.dll --sizes "${1:-10000,100000}"
