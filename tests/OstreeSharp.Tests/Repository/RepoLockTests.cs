using System.Diagnostics;
using OstreeSharp.Native;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Native;

namespace OstreeSharp.Tests.Repository;

public class RepoLockTests
{
    private const string ExclusiveTimeout = "Locking repo exclusive failed: Resource temporarily unavailable";
    private const string SharedTimeout = "Locking repo shared failed: Resource temporarily unavailable";

    private static string InitRepo(TempDir dir, int lockTimeoutSecs = 1)
    {
        string repo = dir.Combine("repo");
        TestProcess.Check("ostree", "init", "--repo=" + repo, "--mode=archive");
        TestProcess.Check("ostree", "config", "--repo=" + repo, "set", "core.lock-timeout-secs", lockTimeoutSecs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string tree = dir.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "a"), "hello");
        return repo;
    }

    private static TestProcess.Result OstreePrune(string repo) => TestProcess.Run("ostree", "prune", "--repo=" + repo, "--refs-only");

    private static TestProcess.Result OstreeCommit(string repo, string tree) =>
        TestProcess.Run("ostree", "commit", "--repo=" + repo, "-b", "main", "--no-bindings", tree);

    /// <summary>Whether another process can take an OFD lock of the given kind on the file right now.</summary>
    private static bool OtherProcessCanLock(string lockFile, bool exclusive)
        => TestProcess.RunWithInput(TestProcess.Python, "", "-c", FileLockTests.HoldScript, lockFile, exclusive ? "ex" : "sh").ExitCode == 0;

    [Fact]
    public void OurExclusiveLockMakesRealOstreeTimeOut()
    {
        using var dir = new TempDir();
        string repo = InitRepo(dir);
        using var repoLock = new RepoLock(repo, TimeSpan.FromSeconds(1));
        using (repoLock.Acquire(RepoLockMode.Exclusive))
        {
            var prune = OstreePrune(repo);
            Assert.Equal(1, prune.ExitCode);
            Assert.Equal("error: " + ExclusiveTimeout, prune.StdErr.Trim());
            var commit = OstreeCommit(repo, dir.Combine("tree"));
            Assert.Equal(1, commit.ExitCode);
            Assert.Equal("error: " + SharedTimeout, commit.StdErr.Trim());
        }

        Assert.Equal(0, OstreePrune(repo).ExitCode);
    }

    [Fact]
    public void OurSharedLockAdmitsRealOstreeSharedOperationsOnly()
    {
        using var dir = new TempDir();
        string repo = InitRepo(dir);
        using var repoLock = new RepoLock(repo, TimeSpan.FromSeconds(1));
        using (repoLock.Acquire(RepoLockMode.Shared))
        {
            var commit = OstreeCommit(repo, dir.Combine("tree"));
            Assert.True(commit.ExitCode == 0, commit.StdErr);
            var prune = OstreePrune(repo);
            Assert.Equal(1, prune.ExitCode);
            Assert.Contains(ExclusiveTimeout, prune.StdErr);
        }
    }

    [Fact]
    public void RealOstreeHoldingSharedLockBlocksOurExclusive()
    {
        using var dir = new TempDir();
        string repo = InitRepo(dir);
        string fifo = dir.Combine("fifo");
        TestProcess.Check("mkfifo", fifo);
        // ostree takes the shared repo lock for the transaction, then blocks reading the tar from the FIFO.
        using Process ostree = TestProcess.Start("ostree", "commit", "--repo=" + repo, "-b", "fifo", "--tree=tar=" + fifo);
        try
        {
            var sw = Stopwatch.StartNew();
            while (!File.ReadAllText("/proc/locks").Contains("OFDLCK ADVISORY  READ", StringComparison.Ordinal) || !File.Exists(Path.Combine(repo, ".lock")))
            {
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), "ostree did not take its lock");
                Thread.Sleep(20);
            }

            using var repoLock = new RepoLock(repo, TimeSpan.FromMilliseconds(500));
            var e = Assert.Throws<RepoLockedException>(() => repoLock.Acquire(RepoLockMode.Exclusive));
            Assert.Equal(ExclusiveTimeout, e.Message);
            Assert.Equal(RepoLockMode.Exclusive, e.Mode);
            using (repoLock.Acquire(RepoLockMode.Shared))
            {
                Assert.Equal(RepoLockMode.Shared, repoLock.CurrentMode);
                // upgrade is refused while ostree shares the lock, and the shared lock survives
                Assert.False(repoLock.TryAcquire(RepoLockMode.Exclusive, out _));
                Assert.Equal(RepoLockMode.Shared, repoLock.CurrentMode);
                Assert.False(OtherProcessCanLock(repoLock.LockFilePath, exclusive: true));
            }
        }
        finally
        {
            TestProcess.Check("tar", "-C", dir.Combine("tree"), "-cf", fifo, ".");
            ostree.WaitForExit();
        }

        Assert.Equal(0, ostree.ExitCode);
        using var after = new RepoLock(repo, TimeSpan.Zero);
        using (after.Acquire(RepoLockMode.Exclusive))
        {
            Assert.Equal(RepoLockMode.Exclusive, after.CurrentMode);
        }
    }

    [Fact]
    public void ForeignExclusiveLockTimesOutOurRequestsWithLibostreeMessage()
    {
        using var dir = new TempDir();
        string repo = InitRepo(dir);
        Process holder = FileLockTests.HoldWithPython(Path.Combine(repo, ".lock"), exclusive: true);
        try
        {
            using var repoLock = new RepoLock(repo, TimeSpan.FromSeconds(1));
            var sw = Stopwatch.StartNew();
            var e = Assert.Throws<RepoLockedException>(() => repoLock.Acquire(RepoLockMode.Exclusive));
            Assert.InRange(sw.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
            Assert.Equal(ExclusiveTimeout, e.Message);
            Assert.Equal(Path.Combine(repo, ".lock"), e.LockFilePath);
            var s = Assert.Throws<RepoLockedException>(() => new RepoLock(repo, TimeSpan.Zero).Acquire(RepoLockMode.Shared));
            Assert.Equal(SharedTimeout, s.Message);
            Assert.IsAssignableFrom<OstreeException>(s);
            Assert.Null(repoLock.CurrentMode);
        }
        finally
        {
            FileLockTests.Release(holder);
        }
    }

    [Fact]
    public async Task WaitingSucceedsOnceTheHolderLetsGo()
    {
        using var dir = new TempDir();
        string repo = InitRepo(dir);
        Process holder = FileLockTests.HoldWithPython(Path.Combine(repo, ".lock"), exclusive: true);
        using var repoLock = new RepoLock(repo, TimeSpan.FromSeconds(30));
        var pending = repoLock.AcquireAsync(RepoLockMode.Exclusive).AsTask();
        await Task.Delay(300);
        Assert.False(pending.IsCompleted);
        FileLockTests.Release(holder);
        await using var handle = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RepoLockMode.Exclusive, handle.Mode);
        Assert.False(OtherProcessCanLock(repoLock.LockFilePath, exclusive: false));
    }

    [Fact]
    public async Task CancellationStopsAnInfiniteWait()
    {
        using var dir = new TempDir();
        string repo = InitRepo(dir);
        Process holder = FileLockTests.HoldWithPython(Path.Combine(repo, ".lock"), exclusive: true);
        try
        {
            using var repoLock = new RepoLock(repo, RepoLock.TimeoutFromSeconds(-1));
            Assert.Equal(Timeout.InfiniteTimeSpan, repoLock.Timeout);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            Assert.ThrowsAny<OperationCanceledException>(() => repoLock.Acquire(RepoLockMode.Shared, cts.Token));
            using var cts2 = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await repoLock.AcquireAsync(RepoLockMode.Exclusive, cts2.Token));
            Assert.Null(repoLock.CurrentMode);
        }
        finally
        {
            FileLockTests.Release(holder);
        }
    }

    [Fact]
    public void RecursionUpgradeAndDowngradeAreVisibleToOtherProcesses()
    {
        using var dir = new TempDir();
        string repo = InitRepo(dir);
        using var repoLock = new RepoLock(repo, TimeSpan.Zero);
        string file = repoLock.LockFilePath;

        var shared1 = repoLock.Acquire(RepoLockMode.Shared);
        Assert.True(OtherProcessCanLock(file, exclusive: false));
        Assert.False(OtherProcessCanLock(file, exclusive: true));

        var exclusive1 = repoLock.Acquire(RepoLockMode.Exclusive); // upgrade
        Assert.Equal(RepoLockMode.Exclusive, repoLock.CurrentMode);
        Assert.False(OtherProcessCanLock(file, exclusive: false));

        var shared2 = repoLock.Acquire(RepoLockMode.Shared); // shared inside exclusive: stays exclusive
        var exclusive2 = repoLock.Acquire(RepoLockMode.Exclusive);
        Assert.Equal(4, repoLock.Depth);
        Assert.Equal(RepoLockMode.Exclusive, repoLock.CurrentMode);

        exclusive2.Dispose();
        shared2.Dispose();
        Assert.Equal(RepoLockMode.Exclusive, repoLock.CurrentMode);
        Assert.False(OtherProcessCanLock(file, exclusive: false));

        exclusive1.Dispose(); // back to shared
        Assert.Equal(RepoLockMode.Shared, repoLock.CurrentMode);
        Assert.True(OtherProcessCanLock(file, exclusive: false));
        Assert.False(OtherProcessCanLock(file, exclusive: true));

        exclusive1.Dispose(); // idempotent
        Assert.Equal(1, repoLock.Depth);

        shared1.Dispose();
        Assert.Null(repoLock.CurrentMode);
        Assert.True(OtherProcessCanLock(file, exclusive: true));
        Assert.False(shared1.IsHeld);
    }

    [Fact]
    public void LockFileMatchesTheOneOstreeCreates()
    {
        using var dir = new TempDir();
        string repo = InitRepo(dir);
        Assert.False(File.Exists(Path.Combine(repo, ".lock")));
        Assert.Equal(0, OstreePrune(repo).ExitCode);
        uint ostreeMode = FileStatus.Lstat(Path.Combine(repo, ".lock")).Mode;
        File.Delete(Path.Combine(repo, ".lock"));

        using var repoLock = new RepoLock(repo);
        using (repoLock.Acquire(RepoLockMode.Shared))
        {
            Assert.Equal(ostreeMode, FileStatus.Lstat(repoLock.LockFilePath).Mode);
            Assert.Equal(0, new FileInfo(repoLock.LockFilePath).Length);
        }

        Assert.True(File.Exists(repoLock.LockFilePath)); // like ostree, the file stays
    }

    [Fact]
    public void TryAcquireDoesNotWaitAndDisposeReleasesEverything()
    {
        using var dir = new TempDir();
        string repo = InitRepo(dir);
        using var a = new RepoLock(repo, TimeSpan.FromSeconds(30));
        using var b = new RepoLock(repo, TimeSpan.FromSeconds(30));
        Assert.True(a.TryAcquire(RepoLockMode.Exclusive, out var ha));
        var sw = Stopwatch.StartNew();
        Assert.False(b.TryAcquire(RepoLockMode.Shared, out var hb));
        Assert.Null(hb);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
        a.Dispose();
        ha.Dispose(); // no-op after the owner is disposed
        Assert.True(b.TryAcquire(RepoLockMode.Exclusive, out hb));
        hb.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.Acquire(RepoLockMode.Shared));
    }

    [Fact]
    public void ArgumentValidation()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RepoLock("/tmp", TimeSpan.FromSeconds(-2)));
        Assert.Throws<ArgumentException>(() => new RepoLock(""));
        using var l = new RepoLock("/nonexistent-dir-for-test");
        Assert.Throws<ArgumentOutOfRangeException>(() => l.Acquire((RepoLockMode)7));
        Assert.Equal(TimeSpan.FromSeconds(300), l.Timeout);
        Assert.Equal(TimeSpan.Zero, RepoLock.TimeoutFromSeconds(0));
        Assert.Throws<FileNotFoundException>(() => l.Acquire(RepoLockMode.Shared));
    }
}
