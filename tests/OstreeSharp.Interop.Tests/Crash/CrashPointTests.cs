using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Crash;

/// <summary>
/// Deterministic companion of <see cref="CrashTests"/>: <c>strace</c> injects SIGKILL right before each
/// file-system publishing call (every rename, unlink, rmdir, fsync and syncfs) an ostree-sharp commit makes, one at a time.
/// Each such point is where ordering bugs show (a ref renamed before its commit, a commit before its tree, a
/// temporary file left under refs/ or objects/); after each kill the invariants of <see cref="RepoInvariants"/>
/// hold and the next commits succeed. Needs <c>strace</c> (skipped, with a note, where it is missing).
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class CrashPointTests(ITestOutputHelper output)
{
    private const string Strace = "/usr/bin/strace";
    private const string Syscalls = "rename,renameat,renameat2,unlink,unlinkat,rmdir,syncfs,fsync,fdatasync";

    [Theory]
    [InlineData("archive")]
    [InlineData("bare-user")]
    public void KillBeforeEachPublishingCall(string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        if (!File.Exists(Strace))
        {
            output.WriteLine($"SKIPPED: {Strace} is not installed");
            return;
        }
        using var dir = new TempDir("ostree-crashpoint");
        string tree = dir.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "sub", "deeper"));
        File.WriteAllText(Path.Combine(tree, "a"), "a\n");
        File.WriteAllText(Path.Combine(tree, "sub", "b"), "b\n");
        File.WriteAllText(Path.Combine(tree, "sub", "deeper", "c"), "c\n");
        File.CreateSymbolicLink(Path.Combine(tree, "link"), "sub/b");
        string small = dir.Combine("small");
        Directory.CreateDirectory(small);
        File.WriteAllText(Path.Combine(small, "x"), "x\n");
        string repo = dir.Combine("repo");
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=" + mode);
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree, "--owner-uid=1");

        string[] Commit(int k) =>
        [
            "commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree, "--owner-uid=" + (100 + k),
            "--add-detached-metadata-string=k=" + k, "-s", "point " + k,
        ];

        // Count the calls of one uninterrupted commit.
        string log = dir.Combine("strace.log");
        var full = ProcessRunner.Run(Strace, ["-f", "-qq", "-o", log, "-e", "trace=" + Syscalls, "dotnet", CliRunner.AssemblyPath, .. Commit(0)]);
        Assert.True(full.ExitCode == 0, full.ToString());
        // strace counts each system call separately: list every (call, occurrence) of the uninterrupted run.
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(log))
        {
            string[] parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || parts[1].StartsWith("<...", StringComparison.Ordinal) || parts[1].StartsWith("+++", StringComparison.Ordinal))
                continue;
            int paren = parts[1].IndexOf('(', StringComparison.Ordinal);
            if (paren > 0)
                counts[parts[1][..paren]] = counts.GetValueOrDefault(parts[1][..paren]) + 1;
        }
        int calls = counts.Values.Sum();
        output.WriteLine($"{mode}: {calls} publishing calls in one commit: {string.Join(", ", counts.Select(kv => kv.Key + "×" + kv.Value))}");
        Assert.True(counts.GetValueOrDefault("renameat2") + counts.GetValueOrDefault("rename") >= 8, "expected at least the object renames");

        int killed = 0, k = 0;
        foreach (var (syscall, count) in counts)
        {
            for (int n = 1; n <= count; n++)
            {
                k++;
                var r = ProcessRunner.Run(Strace,
                    ["-f", "-qq", "-o", "/dev/null", "-e", "trace=" + syscall, "-e", $"inject={syscall}:signal=SIGKILL:when={n}",
                     "dotnet", CliRunner.AssemblyPath, .. Commit(k)]);
                if (r.ExitCode != 0)
                    killed++;
                var problems = RepoInvariants.Check(repo);
                Assert.True(problems.Count == 0, $"{mode}: killed before {syscall} #{n} (exit {r.ExitCode}):\n{string.Join('\n', problems)}");
                var ours = CliRunner.Run("commit", "--repo=" + repo, "-b", "next-ours", "--tree=dir=" + small, "--add-metadata-string=k=" + k);
                Assert.True(ours.ExitCode == 0, $"{mode} {syscall} #{n}: ostree-sharp's next commit failed: {ours}");
                Assert.True(RepoInvariants.StagingDirectories(repo).Count <= 1, $"{mode} {syscall} #{n}: staging directories pile up");
                var theirs = RealOstree.Run("commit", "--repo=" + repo, "-b", "next-ostree", "--tree=dir=" + small, "--add-metadata-string=k=" + k);
                Assert.True(theirs.ExitCode == 0, $"{mode} {syscall} #{n}: ostree's next commit failed: {theirs}");
            }
        }
        output.WriteLine($"{mode}: {killed} of {calls} injected kills hit");
        Assert.True(killed * 10 >= calls * 9, $"only {killed} of {calls} injections killed the commit");
        Assert.Empty(RepoInvariants.Check(repo));
    }
}
