using OstreeSharp.Maintenance;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Tests.Maintenance;

public class RepoPrunerTests
{
    /// <summary>main: c1 ← c2 ← c3 (days 1, 2, 3 after 2020-09-13); other: o1; plus an orphan commit.</summary>
    private static (TestRepo Repo, Checksum[] Main, Checksum Other, Checksum Orphan) Build()
    {
        var t = new TestRepo();
        var c1 = t.Commit("main", 1600000000 + 86400);
        var c2 = t.Commit("main", 1600000000 + (2 * 86400));
        var c3 = t.Commit("main", 1600000000 + (3 * 86400));
        var o1 = t.Commit("other", 1600000000);
        var orphan = t.Commit("orphan", 1600000000, setRef: false);
        return (t, [c1, c2, c3], o1, orphan);
    }

    private static bool Has(TestRepo t, Checksum c) => t.Repo.HasObject(c, ObjectType.Commit);

    [Fact]
    public void DefaultKeepsEveryCommit()
    {
        var (t, main, other, orphan) = Build();
        using var _ = t;
        var r = RepoPruner.Prune(t.Repo);
        Assert.Equal(0, r.PrunedObjects);
        Assert.True(main.All(c => Has(t, c)) && Has(t, other) && Has(t, orphan));
        Assert.True(r.TotalObjects > 10);
    }

    [Fact]
    public void RefsOnlyDropsOrphansAndDepthLimitsHistory()
    {
        var (t, main, other, orphan) = Build();
        using var _ = t;
        var dry = RepoPruner.Prune(t.Repo, new PruneOptions { RefsOnly = true, Depth = 1, DryRun = true });
        Assert.Equal(new[] { main[0], orphan }.Order(), dry.DeletedCommits);
        Assert.True(Has(t, orphan) && Has(t, main[0]), "a dry run deletes nothing");

        var before = t.ObjectFiles();
        var r = RepoPruner.Prune(t.Repo, new PruneOptions { RefsOnly = true, Depth = 1 });
        Assert.Equal(dry.PrunedObjects, r.PrunedObjects);
        Assert.Equal(dry.FreedBytes, r.FreedBytes);
        Assert.False(Has(t, orphan));
        Assert.False(Has(t, main[0]));
        Assert.True(Has(t, main[1]) && Has(t, main[2]) && Has(t, other));
        Assert.Equal(r.PrunedObjects, before.Count - t.ObjectFiles().Count);
        Assert.Equal(0, RepoPruner.Prune(t.Repo, new PruneOptions { RefsOnly = true, Depth = 1 }).PrunedObjects);
        // What is left is complete: every reachable object of the kept commits exists.
        var reachable = ReachabilityWalker.Walk(t.Repo, [new ReachabilityRoot(main[2]), new ReachabilityRoot(other)]);
        Assert.All(reachable.ToList(), n => Assert.True(t.Repo.HasObject(n.Checksum, n.Type), n.ToString()));
    }

    [Fact]
    public void KeepYoungerThanKeepsTipsAndRecentParents()
    {
        var (t, main, other, orphan) = Build();
        using var _ = t;
        RepoPruner.Prune(t.Repo, new PruneOptions { KeepYoungerThan = DateTimeOffset.FromUnixTimeSeconds(1600000000 + (2 * 86400)) });
        Assert.False(Has(t, main[0]));
        Assert.True(Has(t, main[1]) && Has(t, main[2]));
        Assert.True(Has(t, other), "a ref's own commit is kept however old");
        Assert.False(Has(t, orphan));
    }

    [Fact]
    public void OnlyBranchLeavesOtherRefsWhole()
    {
        var (t, main, other, _) = Build();
        using var __ = t;
        var r = RepoPruner.Prune(t.Repo, new PruneOptions { OnlyBranches = ["main"], Depth = 0 });
        Assert.True(Has(t, main[2]) && Has(t, other));
        Assert.False(Has(t, main[1]) || Has(t, main[0]));
        Assert.Contains(main[1], r.DeletedCommits);
        Assert.Throws<RefNotFoundException>(() => RepoPruner.Prune(t.Repo, new PruneOptions { OnlyBranches = ["nope"] }));
    }

    [Fact]
    public void RetainBranchDepthOverridesDepth()
    {
        var (t, main, other, _) = Build();
        using var __ = t;
        RepoPruner.Prune(t.Repo, new PruneOptions { RefsOnly = true, Depth = 0, RetainBranchDepth = new Dictionary<string, int> { ["main"] = 1 } });
        Assert.True(Has(t, main[2]) && Has(t, main[1]) && Has(t, other));
        Assert.False(Has(t, main[0]));
    }

    [Fact]
    public void CommitOnlyDeletesOnlyCommits()
    {
        var (t, main, _, orphan) = Build();
        using var __ = t;
        var before = t.ObjectFiles();
        var r = RepoPruner.Prune(t.Repo, new PruneOptions { RefsOnly = true, Depth = 0, CommitOnly = true });
        var gone = before.Except(t.ObjectFiles()).ToList();
        Assert.All(gone, g => Assert.EndsWith(".commit", g, StringComparison.Ordinal));
        Assert.Equal(3, r.PrunedObjects); // main[0], main[1], orphan
        Assert.Equal(5, r.TotalObjects);
        Assert.False(Has(t, orphan));
    }

    [Fact]
    public void DeletedCommitsLoseMetadataAndPartialMarkersAndGetTombstonesWhenEnabled()
    {
        var (t, main, _, orphan) = Build();
        using var __ = t;
        t.Repo.Config.SetValue("core", "tombstone-commits", "true");
        t.Repo.SaveConfig();
        using var repo = OstreeRepo.Open(t.Path);
        File.WriteAllBytes(repo.GetObjectPath(orphan, ObjectType.CommitMeta), new MetadataDictionary().Serialize());
        repo.SetCommitPartial(orphan, true);
        var r = RepoPruner.Prune(repo, new PruneOptions { RefsOnly = true });
        Assert.Equal(1, r.TombstonesWritten);
        Assert.False(repo.HasObject(orphan, ObjectType.CommitMeta));
        Assert.False(repo.IsCommitPartial(orphan));
        Assert.True(TombstoneCommits.Exists(repo, orphan));
        Assert.Equal(orphan, TombstoneCommits.Parse(File.ReadAllBytes(repo.GetObjectPath(orphan, ObjectType.TombstoneCommit))));
        Assert.True(repo.HasObject(main[0], ObjectType.Commit));
    }

    [Fact]
    public void DeleteCommitRefusesReferencedCommitsAndTombstonesTheOthers()
    {
        var (t, main, _, _) = Build();
        using var __ = t;
        var ex = Assert.Throws<CommitReferencedException>(() => RepoPruner.Prune(t.Repo, new PruneOptions { DeleteCommit = main[2] }));
        Assert.Equal($"Commit '{main[2]}' is referenced by 'main'", ex.Message);
        RepoPruner.Prune(t.Repo, new PruneOptions { DeleteCommit = main[1] });
        Assert.False(Has(t, main[1]));
        Assert.True(TombstoneCommits.Exists(t.Repo, main[1]));
        Assert.True(Has(t, main[0]), "other commits stay roots without --refs-only");
        var missing = Assert.Throws<ObjectNotFoundException>(() => RepoPruner.Prune(t.Repo, new PruneOptions { DeleteCommit = main[1] }));
        Assert.Contains("No such file or directory", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RepoPruner.Prune(t.Repo, new PruneOptions { DeleteCommit = main[0], DryRun = true }));
        Assert.Throws<ArgumentException>(() => RepoPruner.Prune(t.Repo, new PruneOptions { StaticDeltasOnly = true }));
    }

    [Fact]
    public void DeltasToMissingCommitsAreRemoved()
    {
        var (t, main, _, _) = Build();
        using var __ = t;
        string Delta(Checksum? from, Checksum to)
        {
            string dir = from is { } f
                ? Path.Combine(t.Path, "deltas", f.ToMBase64()[..2], f.ToMBase64()[2..] + "-" + to.ToMBase64())
                : Path.Combine(t.Path, "deltas", to.ToMBase64()[..2], to.ToMBase64()[2..]);
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, "superblock"), [1]);
            return dir;
        }
        string toC1 = Delta(null, main[0]);
        string c1ToC2 = Delta(main[0], main[1]);
        string c2ToC3 = Delta(main[1], main[2]);
        var staticOnly = RepoPruner.Prune(t.Repo, new PruneOptions { DeleteCommit = main[1], StaticDeltasOnly = true });
        Assert.Equal([$"{main[0]}-{main[1]}"], staticOnly.DeletedDeltas);
        Assert.True(Has(t, main[1]));
        Assert.False(Directory.Exists(c1ToC2));
        var r = RepoPruner.Prune(t.Repo, new PruneOptions { RefsOnly = true, Depth = 0 });
        Assert.False(Directory.Exists(toC1));
        Assert.True(Directory.Exists(c2ToC3), "deltas are kept while their target exists");
        Assert.Equal([main[0].ToString()], r.DeletedDeltas);
    }

    [Fact]
    public void MissingTreeOfACompleteCommitIsAnErrorButNotOfAPartialOne()
    {
        var (t, main, _, _) = Build();
        using var __ = t;
        var tree = t.Repo.ReadCommit(main[0]).RootTree;
        File.Delete(t.Repo.GetObjectPath(tree, ObjectType.DirTree));
        var before = t.ObjectFiles();
        Assert.Throws<ObjectNotFoundException>(() => RepoPruner.Prune(t.Repo, new PruneOptions { RefsOnly = true }));
        Assert.Equal(before, t.ObjectFiles());
        t.Repo.SetCommitPartial(main[0], true);
        RepoPruner.Prune(t.Repo, new PruneOptions { RefsOnly = true });
        Assert.True(Has(t, main[0]));
    }

    [Fact]
    public void ReportsProgressAndHonoursCancellation()
    {
        var (t, _, _, _) = Build();
        using var __ = t;
        var phases = new List<PrunePhase>();
        RepoPruner.Prune(t.Repo, new PruneOptions { RefsOnly = true }, new SyncProgress(p => phases.Add(p.Phase)));
        Assert.Equal([PrunePhase.ComputingReachability, PrunePhase.DeletingObjects, PrunePhase.PruningDeltas], phases.Distinct().ToArray());
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var before = t.ObjectFiles();
        Assert.ThrowsAny<OperationCanceledException>(() => RepoPruner.Prune(t.Repo, new PruneOptions { RefsOnly = true, Depth = 0 }, null, cts.Token));
        Assert.Equal(before, t.ObjectFiles());
    }

    [Fact]
    public void WaitsForTheExclusiveLock()
    {
        var (t, _, _, orphan) = Build();
        using var __ = t;
        t.Repo.Config.SetValue("core", "lock-timeout-secs", "0");
        t.Repo.SaveConfig();
        using var repo = OstreeRepo.Open(t.Path);
        using (var transaction = new RepoLock(t.Path, TimeSpan.Zero))
        using (transaction.Acquire(RepoLockMode.Shared))
        {
            // Someone in a transaction (shared lock): prune must not run.
            Assert.Throws<RepoLockedException>(() => RepoPruner.Prune(repo, new PruneOptions { RefsOnly = true }));
            Assert.True(repo.HasObject(orphan, ObjectType.Commit));
        }
        RepoPruner.Prune(repo, new PruneOptions { RefsOnly = true });
        Assert.False(repo.HasObject(orphan, ObjectType.Commit));
    }

    private sealed class SyncProgress(Action<PruneProgress> action) : IProgress<PruneProgress>
    {
        public void Report(PruneProgress value) => action(value);
    }
}
