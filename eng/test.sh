#!/usr/bin/env bash
# Installs what the tests need (when missing and running as root), runs the whole test suite and prints a
# final "Tests: N passed, N failed, N skipped" line aggregated from the TRX results.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need_packages=()
command -v ostree >/dev/null 2>&1 || need_packages+=(ostree)
command -v gpg >/dev/null 2>&1 || need_packages+=(gnupg)
/usr/bin/python3 -c 'import gi; gi.require_version("GLib", "2.0"); from gi.repository import GLib' >/dev/null 2>&1 \
  || need_packages+=(python3-gi gir1.2-glib-2.0)
command -v xz >/dev/null 2>&1 || need_packages+=(xz-utils)
command -v zstd >/dev/null 2>&1 || need_packages+=(zstd)
command -v setfattr >/dev/null 2>&1 || need_packages+=(attr)
command -v openssl >/dev/null 2>&1 || need_packages+=(openssl)
command -v strace >/dev/null 2>&1 || need_packages+=(strace)
command -v gpgv >/dev/null 2>&1 || need_packages+=(gpgv)
command -v bzip2 >/dev/null 2>&1 || need_packages+=(bzip2)

if [ "${#need_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "eng/test.sh: installing ${need_packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq ostree gnupg gpgv python3-gi gir1.2-glib-2.0 xz-utils zstd attr openssl strace bzip2 >/dev/null
  else
    echo "eng/test.sh: missing ${need_packages[*]} (not root: tests needing them will skip, or fail under CI=true)" >&2
  fi
fi

results_dir="$(pwd)/artifacts/test-results"
rm -rf "$results_dir"
mkdir -p "$results_dir"

set +e
dotnet test OstreeSharp.sln -c Release \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results_dir"
status=$?
set -e

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results_dir"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); n=$(get notExecuted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0}))
  skipped=$((skipped + ${n:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # Build failure or crashed test host: no failing test was recorded, but the run failed.
  failed=1
fi
# CI keeps only the tail of the output: name every failed test (with the head of its message) last.
if [ "$failed" -gt 0 ] && [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 - "$results_dir" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
for trx in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for r in ET.parse(trx).getroot().iter(ns + "UnitTestResult"):
        if r.get("outcome") not in ("Failed", "Error", "Timeout"):
            continue
        print("FAILED " + r.get("testName", "?") + " (" + r.get("duration", "") + ")")
        for tag in ("Message", "StackTrace"):
            e = r.find(".//" + ns + tag)
            if e is not None and e.text:
                for line in e.text.strip().splitlines()[:12]:
                    print("    " + line)
PY
fi
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
