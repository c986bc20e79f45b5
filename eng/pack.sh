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
# ReadyToRun: `ostree-sharp --version` median wall time on the 2-core dev machine, 30 interleaved runs each:
# 66 ms ReadyToRun vs 72 ms JIT; `init` 102 vs 129 ms; committing /usr/share/doc/bash 290 vs 412 ms
# (`/usr/bin/ostree --version`: 22 ms). Restoring the linux-x64 package needs the
# microsoft.netcore.app.crossgen2.linux-x64 and microsoft.netcore.app.runtime.linux-x64 packs from the feed.
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
