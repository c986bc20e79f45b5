using Microsoft.Win32.SafeHandles;

namespace OstreeSharp.Native;

/// <summary>
/// Whole-file advisory locks as libostree takes them: open-file-description locks
/// (<c>fcntl(F_OFD_SETLK/F_OFD_SETLKW)</c>), falling back to <c>flock(2)</c> on kernels without OFD locks
/// (<c>EINVAL</c>). Both lock kinds belong to the open file description, so they are shared by all threads
/// using the descriptor and are released when it is closed. Converting a held lock to the other kind is done
/// by locking again with the new kind.
/// </summary>
public static unsafe class FileLock
{
    private static volatile bool s_ofdUnsupported;

    /// <summary>Whether the running kernel rejected OFD locks and <c>flock(2)</c> is used instead.</summary>
    public static bool UsesFlockFallback => s_ofdUnsupported;

    /// <summary>Tries once to take (or convert to) a lock of <paramref name="kind"/> on the whole file.</summary>
    /// <param name="handle">An open descriptor; exclusive locks need it opened for writing.</param>
    /// <param name="kind">Shared or exclusive.</param>
    /// <returns><see langword="false"/> when a conflicting lock is held elsewhere.</returns>
    public static bool TryLock(SafeFileHandle handle, FileLockKind kind)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return Apply(handle, kind == FileLockKind.Exclusive ? LibC.F_WRLCK : LibC.F_RDLCK, wait: false);
    }

    /// <summary>Takes (or converts to) a lock of <paramref name="kind"/>, blocking until it is granted.</summary>
    /// <param name="handle">An open descriptor; exclusive locks need it opened for writing.</param>
    /// <param name="kind">Shared or exclusive.</param>
    public static void Lock(SafeFileHandle handle, FileLockKind kind)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Apply(handle, kind == FileLockKind.Exclusive ? LibC.F_WRLCK : LibC.F_RDLCK, wait: true);
    }

    /// <summary>Releases any lock held through this open file description.</summary>
    /// <param name="handle">The descriptor the lock was taken on.</param>
    public static void Unlock(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Apply(handle, LibC.F_UNLCK, wait: false);
    }

    /// <summary>
    /// Reports the kind of lock that would prevent taking <paramref name="kind"/> through
    /// <paramref name="handle"/> (<c>F_OFD_GETLK</c>), or <see langword="null"/> when it could be taken now.
    /// With the <c>flock</c> fallback this probes by locking and unlocking.
    /// </summary>
    /// <param name="handle">An open descriptor that holds no lock itself.</param>
    /// <param name="kind">The lock kind to test for.</param>
    /// <returns>The conflicting lock kind, or <see langword="null"/>.</returns>
    public static FileLockKind? GetConflict(SafeFileHandle handle, FileLockKind kind)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!s_ofdUnsupported)
        {
            var fl = new LibC.Flock { l_type = kind == FileLockKind.Exclusive ? LibC.F_WRLCK : LibC.F_RDLCK };
            if (LibC.fcntl(handle, LibC.F_OFD_GETLK, &fl) == 0)
            {
                return fl.l_type switch
                {
                    LibC.F_UNLCK => null,
                    LibC.F_RDLCK => FileLockKind.Shared,
                    _ => FileLockKind.Exclusive,
                };
            }

            int errno = NativeErrors.LastErrno;
            if (errno != LibC.EINVAL)
            {
                throw NativeErrors.Create(errno, "fcntl", null, "F_OFD_GETLK");
            }

            s_ofdUnsupported = true;
        }

        if (!TryLock(handle, kind))
        {
            return kind == FileLockKind.Shared ? FileLockKind.Exclusive : FileLockKind.Shared;
        }

        Unlock(handle);
        return null;
    }

    private static bool Apply(SafeFileHandle handle, short type, bool wait)
    {
        if (!s_ofdUnsupported)
        {
            var fl = new LibC.Flock { l_type = type, l_whence = 0, l_start = 0, l_len = 0 };
            while (true)
            {
                if (LibC.fcntl(handle, wait ? LibC.F_OFD_SETLKW : LibC.F_OFD_SETLK, &fl) == 0)
                {
                    return true;
                }

                int errno = NativeErrors.LastErrno;
                if (errno == LibC.EINTR)
                {
                    continue;
                }

                if (errno is LibC.EAGAIN or LibC.EACCES && !wait)
                {
                    return false;
                }

                if (errno == LibC.EINVAL)
                {
                    s_ofdUnsupported = true;
                    break;
                }

                throw NativeErrors.Create(errno, "fcntl", null, wait ? "F_OFD_SETLKW" : "F_OFD_SETLK");
            }
        }

        int op = type switch
        {
            LibC.F_UNLCK => LibC.LOCK_UN,
            LibC.F_RDLCK => LibC.LOCK_SH,
            _ => LibC.LOCK_EX,
        };
        if (!wait)
        {
            op |= LibC.LOCK_NB;
        }

        while (true)
        {
            if (LibC.flock(handle, op) == 0)
            {
                return true;
            }

            int errno = NativeErrors.LastErrno;
            if (errno == LibC.EINTR)
            {
                continue;
            }

            if (errno == LibC.EAGAIN && !wait)
            {
                return false;
            }

            throw NativeErrors.Create(errno, "flock", null, "fd");
        }
    }
}
