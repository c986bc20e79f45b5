#!/usr/bin/env bash
# Compressed size and speed of OstreeSharp's xz encoder against xz(1) on one input, presets 8 and 6.
# Usage: benchmarks/compare/xz-compare.sh [INPUT]
#   INPUT defaults to /tmp/rootfs.tar: a tar of /tmp/ostree-compare-minbase (the debootstrap minbase root that
#   compare.sh makes) when present, else of /usr/share/doc, /usr/share/locale and /usr/lib/x86_64-linux-gnu.
# Prints, per configuration: output bytes, size relative to xz -8, wall seconds, CPU seconds, MB/s (wall).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
input=${1:-/tmp/rootfs.tar}
if [ ! -f "$input" ]; then
  if [ -d /tmp/ostree-compare-minbase/usr ]; then
    tar -C /tmp/ostree-compare-minbase -cf "$input" .
  else
    tar -C / -cf "$input" usr/share/doc usr/share/locale usr/lib/x86_64-linux-gnu 2>/dev/null || true
  fi
fi
command -v xz >/dev/null || { echo "xz-compare.sh: needs xz (apt-get install xz-utils)" >&2; exit 1; }
dotnet build benchmarks/compare/xz-encode -c Release -v quiet -nologo >/dev/null
tool=benchmarks/compare/xz-encode/bin/Release/net10.0/xz-encode
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
size=$(stat -c %s "$input")
echo "input: $input ($size bytes), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %12s %9s %9s %9s %8s\n' config bytes vs-xz-8 wall-s cpu-s MB/s
ref=
run() { # name, command...
  local name=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@"
  read -r wall user sys < "$work/time"
  local out=$(stat -c %s "$work/out.xz")
  [ -z "$ref" ] && ref=$out
  printf '%-22s %12d %8.2f%% %9.1f %9.1f %8.2f\n' "$name" "$out" "$(echo "100*$out/$ref" | bc -l)" "$wall" \
    "$(echo "$user+$sys" | bc -l)" "$(echo "$size/1000000/$wall" | bc -l)"
}
run "xz -8 -T1"            sh -c "xz -8 -T1 -c '$input' > '$work/out.xz'"
run "ostreesharp -8 -T1"   "$tool" 8 1 "$input" "$work/out.xz"
xz -t "$work/out.xz"
run "xz -8 -T2"            sh -c "xz -8 -T2 -c '$input' > '$work/out.xz'"
run "ostreesharp -8 -T2"   "$tool" 8 2 "$input" "$work/out.xz"
xz -t "$work/out.xz"
run "xz -6 -T1"            sh -c "xz -6 -T1 -c '$input' > '$work/out.xz'"
run "ostreesharp -6 -T1"   "$tool" 6 1 "$input" "$work/out.xz"
xz -t "$work/out.xz"
cmp <(xz -dc "$work/out.xz") "$input" && echo "xz -dc of the last output matches the input"
