#!/usr/bin/env bash
# The main job end to end with ostree-sharp: init an archive repository, commit a real directory,
# check it out again and verify the repository.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

repo=${1:-/tmp/demo-repo}
source_dir=${2:-/usr/share/doc}
checkout_dir=${3:-/tmp/demo-checkout}

dotnet build samples/OstreeSharp.Cli -c Release -v quiet -nologo
cli=(dotnet samples/OstreeSharp.Cli/bin/Release/net10.0/ostree-sharp.dll)

rm -rf "$repo" "$checkout_dir"
"${cli[@]}" init --repo="$repo" --mode=archive
"${cli[@]}" commit --repo="$repo" -b main --tree=dir="$source_dir" -s "Demo commit of $source_dir"
"${cli[@]}" checkout --repo="$repo" main "$checkout_dir"
"${cli[@]}" fsck --repo="$repo"
