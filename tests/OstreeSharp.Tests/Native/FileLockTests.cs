using System.Diagnostics;
using OstreeSharp.Native;

namespace OstreeSharp.Tests.Native;

public class FileLockTests
{
    internal const string HoldScript =
        "import fcntl, os, struct, sys\n" +
        "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o660)\n" +
        "typ = fcntl.F_WRLCK if sys.argv[2] == 'ex' else fcntl.F_RDLCK\n" +
        "fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack('hhqqi', typ, 0, 0, 0, 0))\n" +
        "print('locked', flush=True)\n" +
        "sys.stdin.read()\n";

    /// <summary>Starts python holding an OFD lock on <paramref name="path"/> until its stdin is closed.</summary>
    internal static Process HoldWithPython(string path, bool exclusive)
    {
        Process p = TestProcess.Start(TestProcess.Python, "-c", HoldScript, path, exclusive ? "ex" : "sh");
        Assert.Equal("locked", p.StandardOutput.ReadLine());
        return p;
    }

    internal static void Release(Process p)
    {
        p.StandardInput.Close();
        p.WaitForExit();
        p.Dispose();
    }

    [Fact]
    public void TwoOpenFileDescriptionsConflictInProcess()
    {
        using var dir = new TempDir();
        string path = dir.Combine("lock");
        using var a = NativeFile.OpenLockFile(path, (UnixFileMode)0x1B0);
        using var b = NativeFile.OpenLockFile(path, (UnixFileMode)0x1B0);

        Assert.True(FileLock.TryLock(a, FileLockKind.Shared));
        Assert.True(FileLock.TryLock(b, FileLockKind.Shared));
        Assert.False(FileLock.TryLock(b, FileLockKind.Exclusive));
        FileLock.Unlock(b);
        Assert.Equal(FileLockKind.Shared, FileLock.GetConflict(b, FileLockKind.Exclusive));
        Assert.Null(FileLock.GetConflict(b, FileLockKind.Shared));

        // upgrade a (sole holder) to exclusive, then b cannot share
        Assert.True(FileLock.TryLock(a, FileLockKind.Exclusive));
        Assert.False(FileLock.TryLock(b, FileLockKind.Shared));
        Assert.Equal(FileLockKind.Exclusive, FileLock.GetConflict(b, FileLockKind.Shared));
        // downgrade
        Assert.True(FileLock.TryLock(a, FileLockKind.Shared));
        Assert.True(FileLock.TryLock(b, FileLockKind.Shared));
        FileLock.Unlock(a);
        FileLock.Unlock(b);
        Assert.Null(FileLock.GetConflict(b, FileLockKind.Exclusive));
    }

    [Fact]
    public void ClosingTheHandleReleasesTheLock()
    {
        using var dir = new TempDir();
        string path = dir.Combine("lock");
        var a = NativeFile.OpenLockFile(path, (UnixFileMode)0x1B0);
        using var b = NativeFile.OpenLockFile(path, (UnixFileMode)0x1B0);
        Assert.True(FileLock.TryLock(a, FileLockKind.Exclusive));
        Assert.False(FileLock.TryLock(b, FileLockKind.Exclusive));
        a.Dispose();
        Assert.True(FileLock.TryLock(b, FileLockKind.Exclusive));
    }

    [Fact]
    public async Task BlockingLockWaitsForRelease()
    {
        using var dir = new TempDir();
        string path = dir.Combine("lock");
        using var a = NativeFile.OpenLockFile(path, (UnixFileMode)0x1B0);
        using var b = NativeFile.OpenLockFile(path, (UnixFileMode)0x1B0);
        Assert.True(FileLock.TryLock(a, FileLockKind.Exclusive));
        var waiter = Task.Run(() => FileLock.Lock(b, FileLockKind.Exclusive));
        await Task.Delay(200);
        Assert.False(waiter.IsCompleted);
        FileLock.Unlock(a);
        await waiter.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void InteroperatesWithOfdLocksOfOtherProcesses()
    {
        using var dir = new TempDir();
        string path = dir.Combine("lock");
        using var h = NativeFile.OpenLockFile(path, (UnixFileMode)0x1B0);

        Process holder = HoldWithPython(path, exclusive: false);
        try
        {
            Assert.True(FileLock.TryLock(h, FileLockKind.Shared));
            Assert.False(FileLock.TryLock(h, FileLockKind.Exclusive));
            Assert.Contains("OFDLCK", File.ReadAllText("/proc/locks"));
        }
        finally
        {
            Release(holder);
        }

        Assert.True(FileLock.TryLock(h, FileLockKind.Exclusive));
        // python's non-blocking OFD lock attempt now fails
        var r = TestProcess.Run(TestProcess.Python, "-c", HoldScript, path, "sh");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Resource temporarily unavailable", r.StdErr);
        FileLock.Unlock(h);
        Assert.False(FileLock.UsesFlockFallback);
    }
}
