using OstreeSharp.Interop.Tests.Crash;
using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Concurrency;

/// <summary>
/// Issue 3, concurrency: ostree-sharp and the real ostree write one repository at the same time (each as its own
/// process, in loops): on different refs, on the same ref, and against the real <c>ostree prune --refs-only</c>.
/// Every command succeeds (waiting on the repository lock is ostree's semantics, failing on it is not), no object a
/// ref reaches is lost, and the real <c>ostree fsck</c> passes.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class ConcurrentWriterTests(CrashFixture fixture, ITestOutputHelper output)
{
    private const int Rounds = 6;

    private static string[] Commit(string repo, string branch, string tree, int round) =>
        // Owners cycle through a few values, so the two writers often race to create the same objects.
        ["commit", "--repo=" + repo, "-b", branch, "--tree=dir=" + tree, "--owner-uid=" + (round % 3), "-s", branch + " " + round];

    private static ProcessResult Ours(params string[] args) => CliRunner.RunProcess(null, args);

    private void RunInParallel(params Func<int, ProcessResult>[] loops)
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, loops.Length, new ParallelOptions { MaxDegreeOfParallelism = loops.Length }, w =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                ProcessResult r = loops[w](round);
                if (r.ExitCode != 0)
                    failures.Add($"writer {w} round {round}: {r}");
            }
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
    }

    private void AssertConsistent(string repo)
    {
        var problems = RepoInvariants.Check(repo);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [InlineData("archive")]
    [InlineData("bare-user")]
    public void BothToolsCommitToDifferentRefs(string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var dir = new TempDir("ostree-concurrent");
        string repo = dir.Combine("repo");
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=" + mode);
        RunInParallel(
            round => Ours(Commit(repo, "sharp", fixture.Tree, round)),
            round => RealOstree.Run(Commit(repo, "ostree", fixture.Tree, round)));
        AssertConsistent(repo);
        // Each loop's last commit is its ref's tip, with the full history behind it.
        Assert.Equal(Rounds, RealOstree.RunChecked("log", "--repo=" + repo, "sharp").Split('\n').Count(l => l.StartsWith("commit ", StringComparison.Ordinal)));
        Assert.Equal(Rounds, RealOstree.RunChecked("log", "--repo=" + repo, "ostree").Split('\n').Count(l => l.StartsWith("commit ", StringComparison.Ordinal)));
    }

    [Fact]
    public void BothToolsCommitToTheSameRef()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var dir = new TempDir("ostree-concurrent");
        string repo = dir.Combine("repo");
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=archive");
        RunInParallel(
            round => Ours(Commit(repo, "shared", fixture.Tree, round)),
            round => RealOstree.Run(Commit(repo, "shared", fixture.SmallTree, round)));
        AssertConsistent(repo);
        // Last writer wins (ostree has no compare-and-swap on refs): the tip is one of the two writers' commits.
        string subject = RealOstree.RunChecked("log", "--repo=" + repo, "shared").Split('\n').First(l => l.StartsWith("    ", StringComparison.Ordinal)).Trim();
        Assert.Matches("^shared [0-9]+$", subject);
    }

    [Fact]
    public void CommitsSurviveConcurrentPrune()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var dir = new TempDir("ostree-concurrent");
        string repo = dir.Combine("repo");
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=archive");
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "keep", "--tree=dir=" + fixture.SmallTree);
        RunInParallel(
            // ostree-sharp commits; a throwaway ref makes garbage that prune may delete at any moment.
            round => Ours(Commit(repo, "sharp", fixture.Tree, round)),
            round =>
            {
                var r = Ours(Commit(repo, "scratch", fixture.Tree, round + 100));
                return r.ExitCode != 0 ? r : RealOstree.Run("refs", "--repo=" + repo, "--delete", "scratch");
            },
            round => RealOstree.Run("prune", "--repo=" + repo, "--refs-only", "--depth=0"));
        AssertConsistent(repo);
        RealOstree.RunChecked("prune", "--repo=" + repo, "--refs-only", "--depth=0");
        AssertConsistent(repo);
        Assert.Contains("sharp", RealOstree.RunChecked("refs", "--repo=" + repo));
    }
}
