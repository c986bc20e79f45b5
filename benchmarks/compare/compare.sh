#!/usr/bin/env bash
# Whole-process comparison of ostree-sharp against Debian's ostree on one corpus, in one run.
# Usage: benchmarks/compare/compare.sh [CORPUS_DIR] [RUNS]
#   CORPUS_DIR defaults to a debootstrap --variant=minbase bookworm root when debootstrap works here,
#   else to /usr/share/doc.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
corpus=${1:-}
runs=${2:-5}
if [ -z "$corpus" ]; then
  corpus=/tmp/ostree-compare-minbase
  if [ ! -d "$corpus/usr" ]; then
    rootfs=/tmp/ostree-compare-rootfs
    if command -v debootstrap >/dev/null 2>&1 && debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/tmp/ostree-compare-debootstrap.log 2>&1; then
      # Device nodes and virtual filesystems are not committable content: leave them out, as image builders do.
      mkdir -p "$corpus"
      tar -C "$rootfs" --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* --exclude=./run/* -cf - . | tar -xf - -C "$corpus"
    else
      echo "compare.sh: debootstrap unavailable or failed; using /usr/share/doc" >&2
      corpus=/usr/share/doc
    fi
  fi
fi
# v2 for prune and deltas: the minbase root plus a few packages.
corpus2=${CORPUS2:-/tmp/ostree-compare-minbase-v2}
if [ ! -d "$corpus2/usr" ] && [ "$corpus" = /tmp/ostree-compare-minbase ] && command -v debootstrap >/dev/null 2>&1; then
  rootfs2=/tmp/ostree-compare-rootfs-v2
  if debootstrap --variant=minbase --include=curl,ca-certificates,less,nano,procps,iproute2,libssl3 bookworm "$rootfs2" http://deb.debian.org/debian >/tmp/ostree-compare-debootstrap-v2.log 2>&1; then
    mkdir -p "$corpus2"
    tar -C "$rootfs2" --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* --exclude=./run/* -cf - . | tar -xf - -C "$corpus2"
  fi
fi
corpus2_args=()
[ -d "$corpus2/usr" ] && corpus2_args=(--corpus2 "$corpus2")
command -v ostree >/dev/null || { echo "compare.sh: needs Debian's ostree (apt-get install ostree)" >&2; exit 1; }
# Measure what ships: the linux-x64 tool package is a Native AOT executable (eng/pack.sh); a plain `dotnet build` is
# JIT-compiled (its start-up alone costs ~60 ms of CPU per process, which would dominate short commands such as log).
sharp_dir=artifacts/compare-publish
rm -rf "$sharp_dir"
dotnet publish samples/OstreeSharp.Cli -c Release -r linux-x64 -p:PublishAot=true \
  -o "$sharp_dir" -v quiet -nologo >/dev/null
exec python3 benchmarks/compare/compare.py --corpus "$corpus" --sharp "$sharp_dir/ostree-sharp" --runs "$runs" "${corpus2_args[@]}" ${OPS:+--ops "$OPS"}
