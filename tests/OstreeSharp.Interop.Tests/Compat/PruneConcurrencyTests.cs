using System.Diagnostics;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Maintenance;
using OstreeSharp.Repository;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// Real <c>ostree commit</c> processes run while ostree-sharp prunes the same repository over and over: thanks to the
/// shared/exclusive repository lock no object reachable from a ref is ever lost (<c>ostree fsck</c> stays clean and
/// every ref's commit is present).
/// </summary>
public sealed class PruneConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new("prune-concurrency");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ConcurrentCommitsSurvivePruning()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = _dir.Combine("repo");
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=archive");
        var trees = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            string tree = _dir.Combine("tree" + i);
            TreeGenerator.Generate(tree, new TreeGeneratorOptions { Seed = 100 + i, FileCount = 80, DirectoryCount = 6, LargeFileSize = 0, DeepNesting = 2, Xattrs = false });
            trees.Add(tree);
        }
        int commits = 0;
        int prunes = 0;
        var writer = Task.Run(() =>
        {
            // A count of commits (not a time budget): on a loaded machine ostree may wait long for the lock. On a quiet
            // one 8 commits can end before 4 prunes ran, so go on (up to 40) until they have.
            for (int i = 0; i < 8 || (Volatile.Read(ref prunes) <= 3 && i < 40); i++)
            {
                ProcessResult r = RealOstree.Run("commit", "--repo=" + repo, "-b", "branch" + (i % 3), "--tree=dir=" + trees[i % trees.Count],
                    "-s", "c" + i, "--timestamp=@" + (1600000000 + i));
                Assert.True(r.ExitCode == 0, r.ToString());
                commits++;
            }
        });
        while (!writer.IsCompleted)
        {
            using var r = OstreeRepo.Open(repo);
            RepoPruner.Prune(r, new PruneOptions { RefsOnly = true, Depth = 0 });
            Interlocked.Increment(ref prunes);
            // OFD locks are not fair: give the committer's shared lock a chance between exclusive prunes.
            await Task.Delay(20);
        }
        await writer;
        output.WriteLine($"{commits} commits, {prunes} prunes");
        Assert.True(commits > 3 && prunes > 3);
        ProcessResult fsck = RealOstree.Run("fsck", "--repo=" + repo);
        Assert.True(fsck.ExitCode == 0, fsck.ToString());
        using var final = OstreeRepo.Open(repo);
        foreach (var (name, commit) in final.ListRefs())
        {
            Assert.True(final.HasObject(commit, Objects.ObjectType.Commit), name);
        }
        Assert.Equal(3, final.ListRefs().Count);
    }
}
