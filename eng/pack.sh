#!/usr/bin/env bash
# Packs the shipped packages into OUTDIR (default: artifacts/packages):
#   OstreeSharp.VERSION.nupkg (+ .snupkg)  the library: lib/net10.0/OstreeSharp.dll + OstreeSharp.xml, README.md;
#                                          the symbol package carries the portable PDB with all sources embedded
#   ostree-sharp.VERSION.nupkg             the `dotnet tool` (DotnetTool pointer package), which selects one of
#   ostree-sharp.linux-x64.VERSION.nupkg   the tool, ReadyToRun-compiled, started through its native apphost
#   ostree-sharp.any.VERSION.nupkg         the tool as portable IL (`dotnet ostree-sharp.dll`), for other Linux RIDs
# Install the tool with: dotnet tool install --tool-path DIR --add-source OUTDIR ostree-sharp
#
# Builds are deterministic and path-mapped (ContinuousIntegrationBuild=true: the checkout becomes /_/) and use their
# own artifacts directory inside the checkout (artifacts/pack-build, so its paths are mapped too), which keeps packing
# away from the bin/obj folders of a development build. Packing the same commit twice gives identical assemblies.
#
# ReadyToRun pays off for the tool: medians of 20-40 interleaved runs on the shared 2-core dev machine, wall time
# (noisy under load) / CPU time (user+sys), ReadyToRun linux-x64 package vs the same tool JIT-compiled:
#   ostree-sharp --version                  66 ms / 76 ms   vs   72 ms / 85 ms   (/usr/bin/ostree: 22 ms / 41 ms)
#   ostree-sharp init --mode=archive       102 ms / 100 ms  vs  129 ms / 129 ms
#   ostree-sharp commit /usr/share/doc/bash 290 ms / 177 ms  vs  412 ms / 248 ms
# Restoring the CLI therefore downloads microsoft.netcore.app.crossgen2.linux-x64 and
# microsoft.netcore.app.runtime.linux-x64 from the package feed (once per machine).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts/packages}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
artifacts="$root/artifacts/pack-build"
rm -rf "$artifacts"

common=(-c Release -o "$out" --artifacts-path "$artifacts" -p:ContinuousIntegrationBuild=true)
dotnet pack "$root/src/OstreeSharp/OstreeSharp.csproj" "${common[@]}"
dotnet pack "$root/samples/OstreeSharp.Cli/OstreeSharp.Cli.csproj" "${common[@]}"

echo "Packages in $out:"
ls -1 "$out"
