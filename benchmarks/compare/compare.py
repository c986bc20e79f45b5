#!/usr/bin/env python3
"""Side-by-side whole-process timings: Debian's `ostree` vs `ostree-sharp`, same corpus, same run.

Each operation runs with both tools alternately (one warm-up each, then N measured runs, fresh repository per
run where the operation writes), and the table reports medians of wall, user, sys and peak RSS, and the ratio
ostree / ostree-sharp of the wall medians (> 1 means ostree-sharp is faster).

Every timed run, of either tool, starts from the same state: `sync` first (no dirty data of earlier runs being
written back meanwhile), and nothing deleted shortly before. Outputs of runs (checkouts, copies of repositories) are
kept until the whole comparison ends (a few GB in the work directory), not removed between runs: on an ext4 without
a journal (as on the benchmark machine) the kernel skips inodes freed in the last minute (five if their inode table
block is still dirty) when it allocates new ones, rescanning them on every file creation, so a run right after the
previous run's 6,000-file tree was deleted spent most of its system time in that scan (`recently_deleted`,
`find_inode_bit` under `__ext4_new_inode` in `perf`), and how much depended on timing, not on the tool.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

def run(cmd, cwd=None):
    """Runs cmd under /usr/bin/time after a sync; returns (wall, user, sys, maxrss_kb)."""
    fmt = "%e %U %S %M"
    os.sync()
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", fmt, "-o", "/tmp/.compare-time"] + cmd, cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit(f"command failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode(errors='replace')}")
    e, u, s, m = open("/tmp/.compare-time").read().split()[-4:]
    return wall, float(u), float(s), int(m)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--sharp", required=True, help="path to the ostree-sharp executable")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=None)
    ap.add_argument("--corpus2", default=None, help="v2 of the corpus (v1 plus a few packages), for prune and deltas")
    ap.add_argument("--ops", default="commit-archive,commit-bare-user,recommit-archive,recommit-bare-user,checkout-archive,checkout-hardlink,checkout-copy,fsck-archive,ls-R,log,summary-u,prune,delta-generate,delta-generate-scratch,delta-apply")
    a = ap.parse_args()
    tools = {"ostree": ["/usr/bin/ostree"], "ostree-sharp": [a.sharp]}
    work = a.work or tempfile.mkdtemp(prefix="ostree-compare-")
    corpus = os.path.abspath(a.corpus)
    nfiles = sum(len(f) for _, _, f in os.walk(corpus))
    print(f"corpus {corpus}: {nfiles} files; {a.runs} runs per tool and operation; work dir {work}", flush=True)

    def fresh(name, mode):
        path = os.path.join(work, name)
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run(["/usr/bin/ostree", "init", f"--repo={path}", f"--mode={mode}"], check=True)
        return path

    def commit_args(tool, repo, tree=None, branch="main"):
        return tools[tool] + ["commit", f"--repo={repo}", "-b", branch, f"--tree=dir={tree or corpus}",
                              "--timestamp=2020-01-01T00:00:00Z", "-s", "bench"]

    def copy_repo(src, tag):
        dst = os.path.join(work, tag)
        shutil.rmtree(dst, ignore_errors=True)
        subprocess.run(["cp", "-a", src, dst], check=True)
        return dst

    def du(path):
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)

    # Prepared repos, written by real ostree, for the read-side operations.
    base = {m: fresh(f"base-{m}", m) for m in ("archive", "bare-user")}
    for m, r in base.items():
        subprocess.run(commit_args("ostree", r), check=True, stdout=subprocess.DEVNULL)
    ops = a.ops.split(",")
    needs_v2 = [o for o in ops if o in ("prune", "delta-generate", "delta-generate-scratch", "delta-apply")]
    if needs_v2 and not a.corpus2:
        print(f"no --corpus2: skipping {', '.join(needs_v2)}", flush=True)
        ops = [o for o in ops if o not in needs_v2]
    delta_sizes = {}
    if a.corpus2:
        corpus2 = os.path.abspath(a.corpus2)
        # v1 only (apply target: bare-user, since ostree's apply-offline asserts a bare mode for deltas with 'o'
        # operations); v1 then v2 on main (delta source, prune source: v1 unreachable after --depth=0).
        v1 = fresh("v1", "bare-user")
        subprocess.run(commit_args("ostree", v1), check=True, stdout=subprocess.DEVNULL)
        v12 = fresh("v12", "archive")
        subprocess.run(commit_args("ostree", v12), check=True, stdout=subprocess.DEVNULL)
        subprocess.run(commit_args("ostree", v12, corpus2), check=True, stdout=subprocess.DEVNULL)
        rev = lambda r, x: subprocess.run(["/usr/bin/ostree", "rev-parse", f"--repo={r}", x], check=True,
                                          capture_output=True, text=True).stdout.strip()
        c1, c2 = rev(v12, "main^"), rev(v12, "main")
        # The delta every tool applies: made by real ostree, so both apply the same bytes; no fallback entries.
        shared_delta = copy_repo(v12, "shared-delta")
        subprocess.run(["/usr/bin/ostree", "static-delta", "generate", f"--repo={shared_delta}", f"--from={c1}", f"--to={c2}",
                        # apply-offline refuses deltas with HTTP fallback entries (the corpus has a 4.7 MB object)
                        "--min-fallback-size=1000"],
                       check=True, stdout=subprocess.DEVNULL)
        superblock = next(os.path.join(d, "superblock") for d, _, fs in os.walk(os.path.join(shared_delta, "deltas")) if "superblock" in fs)

    def op(name, tool, i):
        tag = f"{name}-{tool}-{i}"
        if name.startswith("commit-"):
            repo = fresh(tag, name[len("commit-"):])
            return run(commit_args(tool, repo))
        if name.startswith("recommit-"):
            mode = name[len("recommit-"):]
            repo = fresh(tag, mode)
            subprocess.run(commit_args("ostree", repo), check=True, stdout=subprocess.DEVNULL)
            return run(commit_args(tool, repo))
        if name == "checkout-archive":
            dest = os.path.join(work, tag)
            shutil.rmtree(dest, ignore_errors=True)
            return run(tools[tool] + ["checkout", f"--repo={base['archive']}", "main", dest])
        if name == "checkout-hardlink":
            dest = os.path.join(work, tag)
            shutil.rmtree(dest, ignore_errors=True)
            return run(tools[tool] + ["checkout", "-U", "-H", f"--repo={base['bare-user']}", "main", dest])
        if name == "checkout-copy":
            dest = os.path.join(work, tag)
            shutil.rmtree(dest, ignore_errors=True)
            return run(tools[tool] + ["checkout", "-U", "--force-copy", f"--repo={base['bare-user']}", "main", dest])
        if name == "fsck-archive":
            return run(tools[tool] + ["fsck", f"--repo={base['archive']}"])
        if name == "ls-R":
            return run(tools[tool] + ["ls", "-R", f"--repo={base['archive']}", "main"])
        if name == "log":
            return run(tools[tool] + ["log", f"--repo={base['archive']}", "main"])
        if name == "summary-u":
            return run(tools[tool] + ["summary", "-u", f"--repo={base['archive']}"])
        if name == "prune":
            repo = copy_repo(v12, tag)
            return run(tools[tool] + ["prune", f"--repo={repo}", "--refs-only", "--depth=0"])
        if name in ("delta-generate", "delta-generate-scratch"):
            shutil.rmtree(os.path.join(v12, "deltas"), ignore_errors=True)
            shutil.rmtree(os.path.join(v12, "delta-indexes"), ignore_errors=True)
            frm = ["--empty"] if name.endswith("scratch") else [f"--from={c1}"]
            r = run(tools[tool] + ["static-delta", "generate", f"--repo={v12}"] + frm + [f"--to={c2}"])
            delta_sizes.setdefault(name, {})[tool] = du(os.path.join(v12, "deltas"))
            return r
        if name == "delta-apply":
            repo = copy_repo(v1, tag)
            return run(tools[tool] + ["static-delta", "apply-offline", f"--repo={repo}", superblock])
        sys.exit(f"unknown operation {name}")

    rows = []
    for name in ops:
        results = {t: [] for t in tools}
        for t in tools:
            op(name, t, "warmup")
        for i in range(a.runs):
            for t in tools:
                results[t].append(op(name, t, i))
        med = {t: [statistics.median(x[k] for x in results[t]) for k in range(4)] for t in tools}
        ratio = med["ostree"][0] / med["ostree-sharp"][0] if med["ostree-sharp"][0] else float("nan")
        rows.append((name, med, ratio))
        o, s = med["ostree"], med["ostree-sharp"]
        # The whole row at once, so an interrupted run still leaves its finished operations on record.
        print(f"{name}: ostree {o[0]:.2f}s (user {o[1]:.2f}, sys {o[2]:.2f}, {o[3]/1024:.0f} MB), "
              f"ostree-sharp {s[0]:.2f}s (user {s[1]:.2f}, sys {s[2]:.2f}, {s[3]/1024:.0f} MB), ratio {ratio:.2f}", flush=True)

    print()
    print("| operation | ostree wall | ostree user | ostree sys | ostree RSS | ostree-sharp wall | ostree-sharp user | ostree-sharp sys | ostree-sharp RSS | ratio (wall) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, med, ratio in rows:
        o, s = med["ostree"], med["ostree-sharp"]
        print(f"| {name} | {o[0]:.2f} s | {o[1]:.2f} | {o[2]:.2f} | {o[3]/1024:.0f} MB | {s[0]:.2f} s | {s[1]:.2f} | {s[2]:.2f} | {s[3]/1024:.0f} MB | {ratio:.2f}× |")
    for name, sizes in delta_sizes.items():
        print(f"{name} size: " + ", ".join(f"{t} {sizes[t] / 1e6:.2f} MB" for t in tools if t in sizes))
    shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
