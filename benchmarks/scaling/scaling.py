#!/usr/bin/env python3
"""Scaling run (issue 7): fsck, summary -u and prune on synthetic repositories of growing size, ostree vs ostree-sharp.

For each size N a repository with 1.5 N content objects is generated (Program.cs: two commits, the second replacing
half of the files); then each tool runs fsck and summary -u on it, and prune --refs-only --depth=0 on its own copy.
Prints wall time and peak RSS per tool, and the growth factor against the previous size (linear growth = the size
factor, 10 for 10k -> 100k).

Usage: benchmarks/scaling/scaling.sh [SIZES]   e.g. SIZES=10000,100000,1000000
"""
import argparse, os, shutil, subprocess, sys, tempfile, time

def run(cmd):
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", "/tmp/.scaling-time"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit(f"command failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode(errors='replace')}")
    return wall, int(open("/tmp/.scaling-time").read().split()[-1])

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sharp", required=True)
    ap.add_argument("--generator", required=True)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    tools = {"ostree": ["/usr/bin/ostree"], "ostree-sharp": [a.sharp]}
    work = a.work or tempfile.mkdtemp(prefix="ostree-scaling-")
    rows = []
    for n in [int(x) for x in a.sizes.split(",")]:
        base = os.path.join(work, f"repo-{n}")
        shutil.rmtree(base, ignore_errors=True)
        subprocess.run(["dotnet", a.generator, base, str(n)], check=True)
        for op in ("fsck", "summary-u", "prune"):
            for tool, exe in tools.items():
                if op == "fsck":
                    r = run(exe + ["fsck", f"--repo={base}"])
                elif op == "summary-u":
                    r = run(exe + ["summary", "-u", f"--repo={base}"])
                else:
                    copy = os.path.join(work, f"prune-{tool}-{n}")
                    shutil.rmtree(copy, ignore_errors=True)
                    subprocess.run(["cp", "-a", base, copy], check=True)
                    r = run(exe + ["prune", f"--repo={copy}", "--refs-only", "--depth=0"])
                    shutil.rmtree(copy, ignore_errors=True)
                rows.append((n, op, tool, r[0], r[1]))
                print(f"{n} objects x1.5, {op}, {tool}: {r[0]:.2f} s, {r[1] / 1024:.0f} MB", flush=True)
        shutil.rmtree(base, ignore_errors=True)
    print()
    print("| files (objects ≈ 1.5×) | operation | ostree wall | ostree RSS | ostree-sharp wall | ostree-sharp RSS |")
    print("|---|---|---|---|---|---|")
    for n in sorted({r[0] for r in rows}):
        for op in ("fsck", "summary-u", "prune"):
            o = next(r for r in rows if r[0] == n and r[1] == op and r[2] == "ostree")
            s = next(r for r in rows if r[0] == n and r[1] == op and r[2] == "ostree-sharp")
            print(f"| {n:,} | {op} | {o[3]:.2f} s | {o[4] / 1024:.0f} MB | {s[3]:.2f} s | {s[4] / 1024:.0f} MB |")
    shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
