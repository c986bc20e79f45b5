using OstreeSharp.Commit;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;
using OstreeSharp.Verification;

namespace OstreeSharp.Tests.Verification;

/// <summary>
/// fsck hashes content on worker threads fed through a bounded queue while the tree walk goes on. With more content
/// objects than the queue holds, a walk whose workers stopped (first corrupt object) must not wait for room forever.
/// </summary>
public sealed class FsckContentQueueTests
{
    private const int Files = 6000;

    private const int QueueCapacity = 4096; // fewer slots than files

    private static (OstreeRepo Repo, Checksum Commit) ManyFiles(ScratchDir dir)
    {
        string tree = dir.Combine("tree");
        for (int d = 0; d < 3; d++)
        {
            string sub = Path.Combine(tree, "d" + d);
            Directory.CreateDirectory(sub);
            for (int i = 0; i < Files / 3; i++)
                File.WriteAllText(Path.Combine(sub, "f" + i), $"file {d}/{i}\n");
        }
        var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        return (repo, repo.CommitDirectory(tree, "main"));
    }

    private static Checksum FirstFile(OstreeRepo repo, Checksum commit)
    {
        var root = repo.ReadDirTree(repo.ReadCommit(commit).RootTree);
        return repo.ReadDirTree(root.Directories[0].TreeChecksum).Files[0].Checksum;
    }

    private static FsckResult RunWithin(OstreeRepo repo, FsckOptions options)
    {
        var run = Task.Run(() => RepoFsck.Run(repo, options));
        Assert.True(((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromMinutes(3)), "fsck did not finish: the walk is stuck on the queue");
        return run.GetAwaiter().GetResult();
    }

    [Fact]
    public void A_clean_repository_larger_than_the_queue_verifies_every_object()
    {
        using var dir = new ScratchDir();
        var (repo, _) = ManyFiles(dir);
        using var _ = repo;
        var result = RunWithin(repo, new FsckOptions { QueueCapacity = QueueCapacity });
        Assert.Empty(result.Errors);
        // 6,000 content objects, 4 dirtrees, 1 dirmeta (all directories alike), 1 commit.
        Assert.Equal(Files + 6, result.ObjectsVerified);
    }

    [Fact]
    public void The_first_corrupt_object_ends_the_run_without_a_hang()
    {
        using var dir = new ScratchDir();
        var (repo, commit) = ManyFiles(dir);
        using var _ = repo;
        var bad = FirstFile(repo, commit);
        File.WriteAllBytes(repo.GetObjectPath(bad, ObjectType.File), new byte[100]);

        var ex = Assert.Throws<FsckFailedException>(() => RunWithin(repo, new FsckOptions { QueueCapacity = QueueCapacity }));
        Assert.Contains(bad.ToString(), ex.Message, StringComparison.Ordinal);

        var all = RunWithin(repo, new FsckOptions { ContinueOnError = true, QueueCapacity = QueueCapacity });
        Assert.Equal(bad, Assert.Single(all.Errors).Object?.Checksum);
        Assert.Equal(Files + 6, all.ObjectsVerified);
    }

    [Fact]
    public void Large_objects_are_hashed_first_and_their_problems_reported()
    {
        // Objects stored in files of 1 MiB or more go through the largest-first heap: a corrupt one and a missing one
        // are reported like any other, and with the workers stopped early the walk still ends.
        using var dir = new ScratchDir();
        string tree = dir.Combine("tree");
        Directory.CreateDirectory(tree);
        var rng = new Random(5);
        for (int i = 0; i < 4; i++)
        {
            var big = new byte[(1 << 20) + (i * 300_000)];
            rng.NextBytes(big);
            File.WriteAllBytes(Path.Combine(tree, "big" + i), big);
        }
        for (int i = 0; i < 3000; i++)
            File.WriteAllText(Path.Combine(tree, "f" + i), $"file {i}\n");
        var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        using var _ = repo;
        var commit = repo.CommitDirectory(tree, "main");
        Assert.Equal(3004 + 3, RunWithin(repo, new FsckOptions { QueueCapacity = 1000 }).ObjectsVerified);

        var files = repo.ReadDirTree(repo.ReadCommit(commit).RootTree).Files.ToDictionary(f => f.Name, f => f.Checksum);
        string corrupt = repo.GetObjectPath(files["big1"], ObjectType.File);
        byte[] bytes = File.ReadAllBytes(corrupt);
        bytes[^1000] ^= 0xFF;
        File.WriteAllBytes(corrupt, bytes);
        File.Delete(repo.GetObjectPath(files["big3"], ObjectType.File));

        var ex = Assert.Throws<FsckFailedException>(() => RunWithin(repo, new FsckOptions { QueueCapacity = 1000 }));
        Assert.Contains(files["big1"].ToString(), ex.Message, StringComparison.Ordinal);

        // Failures are handled in walk order: big1 (corrupt) comes before big3 (missing), so that run ended at big1
        // without marking the commit partial for big3 (a partial commit would not be walked again).
        Assert.False(File.Exists(Path.Combine(repo.StatePath, commit + ".commitpartial")));

        var all = RunWithin(repo, new FsckOptions { ContinueOnError = true, QueueCapacity = 1000 });
        Assert.Equal(2, all.Errors.Count);
        Assert.Contains(all.Errors, e => e.Object?.Checksum == files["big1"] && !e.IsMissingObject);
        Assert.Contains(all.Errors, e => e.Object?.Checksum == files["big3"] && e.IsMissingObject);
    }

    [Fact]
    public void Failures_are_handled_in_walk_order_whichever_is_found_first()
    {
        // In walk order: 3,000 small files, then "m" (missing: its stat fails, so it waits in the queue behind those
        // small files), then "z" (large and corrupt: it goes to the heap, which the workers take from first, so it is
        // usually hashed before "m" is reached). Without --keep-going a run must still handle "m" first, marking the
        // commit partial as for any missing object, and then stop at "z".
        using var dir = new ScratchDir();
        string tree = dir.Combine("tree");
        Directory.CreateDirectory(tree);
        for (int i = 0; i < 3000; i++)
            File.WriteAllText(Path.Combine(tree, "f" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)), $"file {i}\n");
        File.WriteAllText(Path.Combine(tree, "m"), "missing");
        var big = new byte[(1 << 20) + 4096];
        new Random(7).NextBytes(big);
        File.WriteAllBytes(Path.Combine(tree, "z"), big);
        var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        using var _ = repo;
        var commit = repo.CommitDirectory(tree, "main");
        var files = repo.ReadDirTree(repo.ReadCommit(commit).RootTree).Files.ToDictionary(f => f.Name, f => f.Checksum);
        string corrupt = repo.GetObjectPath(files["z"], ObjectType.File);
        byte[] bytes = File.ReadAllBytes(corrupt);
        bytes[^1000] ^= 0xFF;
        File.WriteAllBytes(corrupt, bytes);
        string missing = repo.GetObjectPath(files["m"], ObjectType.File);
        byte[] kept = File.ReadAllBytes(missing);
        string marker = Path.Combine(repo.StatePath, commit + ".commitpartial");
        for (int round = 0; round < 5; round++)
        {
            File.Delete(missing);
            var ex = Assert.Throws<FsckFailedException>(() => RunWithin(repo, new FsckOptions { QueueCapacity = 4096 }));
            Assert.Contains(files["z"].ToString(), ex.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(marker), $"round {round}: the missing object before the corrupt one marks the commit partial");

            // Put "m" back and unmark: the next round starts from the same state.
            File.WriteAllBytes(missing, kept);
            File.Delete(marker);
        }

        // With --keep-going both are reported.
        File.Delete(missing);
        var all = RunWithin(repo, new FsckOptions { ContinueOnError = true, QueueCapacity = 4096 });
        Assert.Equal(2, all.Errors.Count);
        Assert.Contains(all.Errors, e => e.Object?.Checksum == files["m"] && e.IsMissingObject);
        Assert.Contains(all.Errors, e => e.Object?.Checksum == files["z"] && !e.IsMissingObject);
    }
}
