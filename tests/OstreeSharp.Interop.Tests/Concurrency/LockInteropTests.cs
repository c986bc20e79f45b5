using System.Diagnostics;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Repository;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Concurrency;

/// <summary>
/// <see cref="OstreeRepo.LockAsync"/> against the real ostree holding or waiting for the repository lock: a real
/// <c>ostree commit --tree=tar=/dev/stdin</c> holds the shared lock for as long as its input pipe stays silent; the real
/// <c>ostree prune</c> and <c>commit</c> wait for what ostree-sharp holds.
/// </summary>
public sealed class LockInteropTests(ITestOutputHelper output)
{
    /// <summary>
    /// A real ostree commit reading a tar from its standard input, which stays silent: it holds the shared repository
    /// lock until disposed. Nothing here can block the test: closing a pipe never waits, and the process is killed if
    /// it has not exited soon after.
    /// </summary>
    private sealed class BlockedOstreeCommit : IDisposable
    {
        private readonly Process _process;
        private bool _disposed;

        public BlockedOstreeCommit(string repo)
        {
            var psi = new ProcessStartInfo(RealOstree.BinaryPath)
            {
                UseShellExecute = false, RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true,
            };
            foreach (string a in new[] { "commit", "--repo=" + repo, "-b", "blocked", "--tree=tar=/dev/stdin" })
                psi.ArgumentList.Add(a);
            _process = Process.Start(psi)!;
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            try
            {
                // Wait until ostree holds the lock (it takes it before reading the tree source).
                string lockFile = Path.Combine(repo, RepoLock.LockFileName);
                var sw = Stopwatch.StartNew();
                while (!HoldsOfdLock(lockFile))
                {
                    Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), "ostree never took the repository lock");
                    Assert.False(_process.HasExited, $"ostree exited early with {(_process.HasExited ? _process.ExitCode : 0)}");
                    Thread.Sleep(20);
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public bool HasExited => _process.HasExited;

        private static bool HoldsOfdLock(string lockFile)
        {
            if (!File.Exists(lockFile))
                return false;
            ulong ino = OstreeSharp.Native.FileStatus.Lstat(lockFile).Ino;
            return File.ReadAllLines("/proc/locks").Any(l => l.Contains("OFDLCK", StringComparison.Ordinal) && l.Contains($":{ino} ", StringComparison.Ordinal));
        }

        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            // End of input: ostree sees an empty tar, fails, and releases the lock.
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // ostree already exited: nothing reads the pipe.
            }

            if (!_process.WaitForExit(15_000))
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }
    }

    private static string NewRepo(TempDir dir, string? lockTimeoutSecs = null)
    {
        string repo = dir.Combine("repo");
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=archive");
        if (lockTimeoutSecs is not null)
            RealOstree.RunChecked("config", "--repo=" + repo, "set", "core.lock-timeout-secs", lockTimeoutSecs);
        return repo;
    }

    [Fact]
    public async Task SharedLockCoexistsWithOstreeTransaction()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var dir = new TempDir("ostree-lock");
        // With a 1 s lock timeout, a shared lock that had to wait would throw RepoLockedException instead.
        string repo = NewRepo(dir, "1");
        using var held = new BlockedOstreeCommit(repo);
        using var r = OstreeRepo.Open(repo);
        using (await r.LockAsync(RepoLockMode.Shared))
            Assert.False(held.HasExited, "ostree released its lock before ours was taken");
    }

    [Fact]
    public async Task ExclusiveLockTimesOutWhileOstreeHoldsShared()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var dir = new TempDir("ostree-lock");
        string repo = NewRepo(dir, "1");
        using var held = new BlockedOstreeCommit(repo);
        using var r = OstreeRepo.Open(repo);
        Assert.Equal(TimeSpan.FromSeconds(1), r.LockTimeout);
        var sw = Stopwatch.StartNew();
        await Assert.ThrowsAsync<RepoLockedException>(async () => (await r.LockAsync(RepoLockMode.Exclusive)).Dispose());
        Assert.InRange(sw.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ExclusiveLockWaitIsCancellable()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var dir = new TempDir("ostree-lock");
        string repo = NewRepo(dir, "600"); // only cancellation ends the wait within the test
        using var held = new BlockedOstreeCommit(repo);
        using var r = OstreeRepo.Open(repo);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var sw = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => (await r.LockAsync(RepoLockMode.Exclusive, cts.Token)).Dispose());
        Assert.InRange(sw.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ExclusiveLockIsTakenOnceOstreeReleases()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var dir = new TempDir("ostree-lock");
        string repo = NewRepo(dir, "60");
        using var held = new BlockedOstreeCommit(repo);
        using var r = OstreeRepo.Open(repo);
        var pending = r.LockAsync(RepoLockMode.Exclusive).AsTask();
        await Task.Delay(500);
        Assert.False(pending.IsCompleted, "exclusive lock granted while ostree holds the shared lock");
        held.Dispose();
        using (await pending.WaitAsync(TimeSpan.FromSeconds(30)))
        {
        }
    }

    [Theory]
    [InlineData("shared")]
    [InlineData("exclusive")]
    public async Task OstreeWaitsForOurLock(string ours)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var dir = new TempDir("ostree-lock");
        string repo = NewRepo(dir, "60"); // bounded even if the assertion below fails before our lock is released
        string tree = dir.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "f"), "f\n");
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree);
        using var r = OstreeRepo.Open(repo);
        var handle = await r.LockAsync(ours == "shared" ? RepoLockMode.Shared : RepoLockMode.Exclusive);
        // prune needs the exclusive lock (blocked by either of ours); commit the shared one (blocked by our exclusive).
        string[] theirs = ours == "shared"
            ? ["prune", "--repo=" + repo, "--refs-only"]
            : ["commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree, "-s", "waited"];
        var run = Task.Run(() => RealOstree.Run(theirs));
        await Task.Delay(1500);
        Assert.False(run.IsCompleted, $"ostree {theirs[0]} did not wait for ostree-sharp's {ours} lock");
        handle.Dispose();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
