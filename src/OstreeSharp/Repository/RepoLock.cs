using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;
using OstreeSharp.Native;

namespace OstreeSharp.Repository;

/// <summary>
/// The repository lock, interoperable with libostree (spec §5.5): an open-file-description lock over the whole
/// of <c>REPO/.lock</c> (created with mode 0660 minus the umask), falling back to <c>flock(2)</c> on kernels
/// without OFD locks.
/// </summary>
/// <remarks>
/// <para>
/// Locking is recursive per <see cref="RepoLock"/> instance: every <see cref="Acquire"/> returns a
/// <see cref="RepoLockHandle"/> and the lock is held until all handles are disposed. Requesting
/// <see cref="RepoLockMode.Shared"/> while any lock is held only bumps a counter. Requesting
/// <see cref="RepoLockMode.Exclusive"/> while only shared handles are outstanding upgrades the file lock in place;
/// when the last exclusive handle goes, the lock drops back to shared if shared handles remain.
/// </para>
/// <para>
/// A contended request is retried until <see cref="Timeout"/> has elapsed (libostree: <c>core.lock-timeout-secs</c>,
/// default 300; 0 means a single attempt; negative means wait forever), then fails with
/// <see cref="RepoLockedException"/> carrying libostree's message. Waiting honours a <see cref="CancellationToken"/>.
/// The instance is thread-safe; a thread waiting for the lock does not block other threads releasing handles.
/// </para>
/// </remarks>
public sealed class RepoLock : IDisposable
{
    /// <summary>Name of the lock file inside the repository directory.</summary>
    public const string LockFileName = ".lock";

    /// <summary>Permission bits libostree creates the lock file with (before the umask).</summary>
    public const UnixFileMode LockFileCreateMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private SafeFileHandle? _file;
    private int _sharedCount;
    private int _exclusiveCount;
    private bool _disposed;

    /// <summary>Creates the lock for a repository with the default timeout of 300 seconds.</summary>
    /// <param name="repositoryPath">The repository directory.</param>
    public RepoLock(string repositoryPath)
        : this(repositoryPath, DefaultTimeout)
    {
    }

    /// <summary>Creates the lock for a repository.</summary>
    /// <param name="repositoryPath">The repository directory.</param>
    /// <param name="timeout">
    /// How long a contended request waits; <see cref="TimeSpan.Zero"/> tries once,
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits forever.
    /// </param>
    public RepoLock(string repositoryPath, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(repositoryPath);
        if (timeout < TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Timeout must be non-negative or infinite.");
        }

        LockFilePath = Path.Combine(repositoryPath, LockFileName);
        Timeout = timeout;
    }

    /// <summary>libostree's default lock timeout: 300 seconds.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(300);

    /// <summary>Full path of the lock file.</summary>
    public string LockFilePath { get; }

    /// <summary>How long a contended request waits before failing.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The mode currently held by this instance, or <see langword="null"/> when unlocked.</summary>
    public RepoLockMode? CurrentMode
    {
        get
        {
            lock (_gate)
            {
                return _exclusiveCount > 0 ? RepoLockMode.Exclusive
                    : _sharedCount > 0 ? RepoLockMode.Shared
                    : null;
            }
        }
    }

    /// <summary>Number of outstanding handles.</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _sharedCount + _exclusiveCount;
            }
        }
    }

    /// <summary>
    /// Converts a <c>core.lock-timeout-secs</c> value the way libostree interprets it:
    /// negative waits forever, 0 tries once.
    /// </summary>
    /// <param name="lockTimeoutSeconds">The configured value.</param>
    /// <returns>The timeout to pass to the constructor.</returns>
    public static TimeSpan TimeoutFromSeconds(long lockTimeoutSeconds)
        => lockTimeoutSeconds < 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(lockTimeoutSeconds);

    /// <summary>Acquires (or recursively re-acquires) the lock, waiting up to <see cref="Timeout"/>.</summary>
    /// <param name="mode">Shared or exclusive.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A handle that releases this acquisition when disposed.</returns>
    /// <exception cref="RepoLockedException">The lock stayed contended for the whole timeout.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    public RepoLockHandle Acquire(RepoLockMode mode, CancellationToken cancellationToken = default)
    {
        ValidateMode(mode);
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryPush(mode))
            {
                return new RepoLockHandle(this, mode);
            }

            TimeSpan wait = NextWait(start, mode);
            if (cancellationToken.WaitHandle.WaitOne(wait))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Asynchronously acquires (or recursively re-acquires) the lock, waiting up to <see cref="Timeout"/>.</summary>
    /// <param name="mode">Shared or exclusive.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A handle that releases this acquisition when disposed.</returns>
    /// <exception cref="RepoLockedException">The lock stayed contended for the whole timeout.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    public async ValueTask<RepoLockHandle> AcquireAsync(RepoLockMode mode, CancellationToken cancellationToken = default)
    {
        ValidateMode(mode);
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryPush(mode))
            {
                return new RepoLockHandle(this, mode);
            }

            await Task.Delay(NextWait(start, mode), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Tries once, without waiting, to acquire (or recursively re-acquire) the lock.</summary>
    /// <param name="mode">Shared or exclusive.</param>
    /// <param name="handle">The handle on success.</param>
    /// <returns><see langword="false"/> when another holder conflicts.</returns>
    public bool TryAcquire(RepoLockMode mode, [NotNullWhen(true)] out RepoLockHandle? handle)
    {
        ValidateMode(mode);
        handle = TryPush(mode) ? new RepoLockHandle(this, mode) : null;
        return handle is not null;
    }

    /// <summary>Releases the file lock and closes the lock file; outstanding handles become no-ops.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _sharedCount = 0;
            _exclusiveCount = 0;
            CloseFile();
        }
    }

    /// <summary>Pops one acquisition of <paramref name="mode"/>.</summary>
    internal void Release(RepoLockMode mode)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (mode == RepoLockMode.Exclusive)
            {
                if (_exclusiveCount == 0)
                {
                    throw new InvalidOperationException("Repository lock released more often than acquired.");
                }

                _exclusiveCount--;
            }
            else
            {
                if (_sharedCount == 0)
                {
                    throw new InvalidOperationException("Repository lock released more often than acquired.");
                }

                _sharedCount--;
            }

            if (_sharedCount == 0 && _exclusiveCount == 0)
            {
                CloseFile();
            }
            else if (mode == RepoLockMode.Exclusive && _exclusiveCount == 0)
            {
                // Drop back to shared. With OFD locks a downgrade always succeeds; a flock conversion is
                // not atomic and may need to wait for the shared lock again.
                if (!FileLock.TryLock(_file!, FileLockKind.Shared))
                {
                    FileLock.Lock(_file!, FileLockKind.Shared);
                }
            }
        }
    }

    private static void ValidateMode(RepoLockMode mode)
    {
        if (mode is not (RepoLockMode.Shared or RepoLockMode.Exclusive))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown lock mode.");
        }
    }

    private TimeSpan NextWait(long start, RepoLockMode mode)
    {
        if (Timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return s_pollInterval;
        }

        TimeSpan remaining = Timeout - Stopwatch.GetElapsedTime(start);
        if (remaining <= TimeSpan.Zero)
        {
            string kind = mode == RepoLockMode.Exclusive ? "exclusive" : "shared";
            throw new RepoLockedException(
                $"Locking repo {kind} failed: {NativeErrors.Describe(LibC.EAGAIN)}", mode, LockFilePath);
        }

        return remaining < s_pollInterval ? remaining : s_pollInterval;
    }

    private bool TryPush(RepoLockMode mode)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (mode == RepoLockMode.Shared && _sharedCount + _exclusiveCount > 0)
            {
                _sharedCount++;
                return true;
            }

            if (mode == RepoLockMode.Exclusive && _exclusiveCount > 0)
            {
                _exclusiveCount++;
                return true;
            }

            _file ??= NativeFile.OpenLockFile(LockFilePath, LockFileCreateMode);
            FileLockKind kind = mode == RepoLockMode.Exclusive ? FileLockKind.Exclusive : FileLockKind.Shared;
            if (!FileLock.TryLock(_file, kind))
            {
                if (_sharedCount == 0)
                {
                    CloseFile();
                }

                return false;
            }

            if (mode == RepoLockMode.Exclusive)
            {
                _exclusiveCount++;
            }
            else
            {
                _sharedCount++;
            }

            return true;
        }
    }

    private void CloseFile()
    {
        if (_file is null)
        {
            return;
        }

        try
        {
            FileLock.Unlock(_file);
        }
        finally
        {
            _file.Dispose();
            _file = null;
        }
    }
}
