using Microsoft.Win32.SafeHandles;
using OstreeSharp.Native;

namespace OstreeSharp.Repository;

/// <summary>
/// A transaction's staging directory <c>tmp/staging-BOOTID-XXXXXX</c>, owned through an exclusive lock on the sibling
/// file <c>…-lock</c> (spec §5.4). An unlocked staging directory from the same boot is reused after its leftovers
/// (temporary files of an interrupted transaction, never trusted) are removed; those from other boots are deleted.
/// </summary>
internal sealed class StagingDirectory : IDisposable
{
    private readonly SafeFileHandle _lockHandle;

    private StagingDirectory(string path, SafeFileHandle lockHandle)
    {
        Path = path;
        _lockHandle = lockHandle;
    }

    public string Path { get; }

    private string LockPath => Path + "-lock";

    internal static string BootId
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("OSTREE_BOOTID");
            if (!string.IsNullOrEmpty(env))
                return env;
            try
            {
                // Verbatim, dashes included: libostree names its staging directories the same way, so each reuses
                // (or leaves alone) the other's same-boot directories rather than treating them as from another boot.
                return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
            }
            catch (IOException)
            {
                return "unknown";
            }
        }
    }

    public static StagingDirectory Allocate(string tmpPath)
    {
        Directory.CreateDirectory(tmpPath);
        string boot = BootId;
        string prefix = "staging-" + boot + "-";
        foreach (var dir in Directory.EnumerateDirectories(tmpPath, "staging-*"))
        {
            string name = System.IO.Path.GetFileName(dir);
            var handle = TryLockLeftover(dir);
            if (handle is null)
                continue;
            if (!Directory.Exists(dir))
            {
                handle.Dispose(); // deleted by its owner meanwhile
                continue;
            }
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
                {
                    if (entry is DirectoryInfo d && d.LinkTarget is null)
                        d.Delete(recursive: true);
                    else
                        entry.Delete();
                }
                return new StagingDirectory(dir, handle);
            }
            try
            {
                Directory.Delete(dir, recursive: true);
                File.Delete(dir + "-lock");
            }
            finally
            {
                handle.Dispose();
            }
        }
        while (true)
        {
            string path = System.IO.Path.Combine(tmpPath, prefix + RandomSuffix());
            var handle = TryLock(path + "-lock");
            if (handle is null)
                continue;
            if (Directory.Exists(path))
            {
                handle.Dispose();
                continue;
            }
            Directory.CreateDirectory(path);
            return new StagingDirectory(path, handle);
        }
    }

    private static string RandomSuffix()
    {
        const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> s = stackalloc char[6];
        for (int i = 0; i < s.Length; i++)
            s[i] = chars[System.Security.Cryptography.RandomNumberGenerator.GetInt32(chars.Length)];
        return new string(s);
    }

    /// <summary>
    /// Locks the lock file of a staging directory found in <c>tmp/</c>, to reuse or delete the directory. libostree
    /// creates a staging directory first and its lock file next: a directory without a lock file may be another
    /// process's, between the two steps, and is left alone (creating the lock file and taking it there made that
    /// process give the directory up and delete it under the transaction now using it, seen with concurrent commits).
    /// Only a lock-less directory older than <see cref="AbandonedAfter"/> counts as left over by a crash.
    /// </summary>
    private static SafeFileHandle? TryLockLeftover(string dir)
    {
        string lockPath = dir + "-lock";
        var handle = NativeFile.OpenExistingLockFile(lockPath);
        if (handle is null)
        {
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir) < AbandonedAfter)
                return null;
            return TryLock(lockPath);
        }
        if (FileLock.TryLock(handle, FileLockKind.Exclusive))
            return handle;
        handle.Dispose();
        return null;
    }

    /// <summary>How old a staging directory without a lock file must be to count as abandoned.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    private static SafeFileHandle? TryLock(string lockPath)
    {
        var handle = NativeFile.OpenLockFile(lockPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        if (FileLock.TryLock(handle, FileLockKind.Exclusive))
            return handle;
        handle.Dispose();
        return null;
    }

    /// <summary>Deletes the directory and its lock file (the lock is held until <see cref="Dispose"/>).</summary>
    public void Delete()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
        File.Delete(LockPath);
    }

    public void Dispose() => _lockHandle.Dispose();
}
