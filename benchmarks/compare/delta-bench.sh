#!/usr/bin/env bash
# Static-delta generation and cross-application, Debian's ostree vs ostree-sharp, alternating in one run.
# Usage: benchmarks/compare/delta-bench.sh SHARP_DIR [RUNS] [SHARP_DIR_2 ...]
#   SHARP_DIR: a directory holding a published ostree-sharp (e.g. compare.sh's artifacts/compare-publish).
#   Corpora: /tmp/ostree-compare-minbase (v1) and /tmp/ostree-compare-minbase-v2 (v2), as built by compare.sh.
# Prints wall, user, sys, peak RSS (/usr/bin/time) and delta size (bytes of all files in deltas/) per run; then
# generates each tool's v1->v2 delta without fallbacks and applies it offline with both tools into a bare-user v1
# repository (ostree refuses 'o' operations into archive repositories), followed by the real `ostree fsck`.
# Every SHARP_DIR applies both deltas (the first one also generates ours). Environment:
#   APPLY_ONLY=1   skip the generation timings (the deltas for the cross application are still generated)
#   APPLY_RUNS=N   apply each delta N times with each tool, alternating tools within each round (default 1)
set -euo pipefail
runs=${2:-1}
sharps=("$1" "${@:3}")
w=$(mktemp -d /tmp/delta-bench-XXXXXX)
ci() { ostree commit --repo="$1" -b main --tree=dir="$2" --timestamp=2020-01-01T00:00:00Z -s bench >/dev/null; }
ostree init --repo="$w/v12" --mode=archive; ci "$w/v12" /tmp/ostree-compare-minbase; ci "$w/v12" /tmp/ostree-compare-minbase-v2
ostree init --repo="$w/v1bu" --mode=bare-user; ci "$w/v1bu" /tmp/ostree-compare-minbase
c1=$(ostree rev-parse --repo="$w/v12" main^); c2=$(ostree rev-parse --repo="$w/v12" main)
tool_cmd() { if [ "$1" = ostree ]; then echo /usr/bin/ostree; else echo "$1/ostree-sharp"; fi; }
gen() { # tool mode extra...
  local t=$1 mode=$2; shift 2
  rm -rf "$w/v12/deltas" "$w/v12/delta-indexes"
  local frm=--empty; [ "$mode" = from ] && frm=--from=$c1
  /usr/bin/time -f "%e %U %S %M" -o "$w/time" "$(tool_cmd "$t")" static-delta generate --repo="$w/v12" $frm --to="$c2" "$@" >/dev/null 2>"$w/err" || { cat "$w/err"; exit 1; }
  local size; size=$(find "$w/v12/deltas" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  read -r e u s m < "$w/time"
  printf '%-40s %-8s wall %6.2f s  user %6.2f  sys %5.2f  RSS %5d MB  size %d\n' "$t" "$mode" "$e" "$u" "$s" $((m / 1024)) "$size"
}
apply_runs=${APPLY_RUNS:-1}
[ "${APPLY_ONLY:-0}" = 1 ] || for mode in from scratch; do
  for i in $(seq "$runs"); do
    gen ostree $mode
    for s in "${sharps[@]}"; do gen "$s" $mode; done
  done
done
echo "--- cross apply-offline (deltas generated with --min-fallback-size=0) ---"
for gt in ostree "${sharps[0]}"; do
  gen "$gt" from --min-fallback-size=0 >/dev/null
  rm -rf "$w/delta-$(basename "$gt")"; cp -a "$w/v12/deltas" "$w/delta-$(basename "$gt")"
done
for gt in ostree "${sharps[0]}"; do
  sb=$(find "$w/delta-$(basename "$gt")" -name superblock)
  for round in $(seq "$apply_runs"); do
  for at in ostree "${sharps[@]}"; do
    rm -rf "$w/apply"; cp -a "$w/v1bu" "$w/apply"
    /usr/bin/time -f "%e %U %S %M" -o "$w/time" "$(tool_cmd "$at")" static-delta apply-offline --repo="$w/apply" "$sb" >/dev/null 2>"$w/err" || { echo "apply FAILED"; cat "$w/err"; }
    read -r e u s m < "$w/time"
    fsck=$(/usr/bin/ostree fsck --repo="$w/apply" >/dev/null 2>&1 && echo ok || echo FAILED)
    same=$([ "$(/usr/bin/ostree ls -R --repo="$w/apply" "$c2" | md5sum)" = "$(/usr/bin/ostree ls -R --repo="$w/v12" "$c2" | md5sum)" ] && echo same || echo DIFFERENT)
    printf 'delta by %-28s applied by %-28s wall %6.2f s user %6.2f sys %5.2f RSS %5d MB  fsck %s, tree %s\n' "$(basename "$gt")" "$at" "$e" "$u" "$s" $((m / 1024)) "$fsck" "$same"
  done
  done
done
rm -rf "$w"
