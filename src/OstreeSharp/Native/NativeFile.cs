using System.Text;
using Microsoft.Win32.SafeHandles;

namespace OstreeSharp.Native;

/// <summary>
/// File-system calls that .NET does not expose (or exposes with different semantics):
/// ownership, hard links, no-replace renames, durability (<c>fsync</c>/<c>syncfs</c>), timestamps on
/// symlinks and raw symlink targets.
/// </summary>
public static unsafe class NativeFile
{
    /// <summary>Changes the owner of <paramref name="path"/> without following a final symlink (<c>lchown</c>).</summary>
    /// <param name="path">The file, directory or symbolic link.</param>
    /// <param name="uid">New owner user id.</param>
    /// <param name="gid">New owner group id.</param>
    public static void Lchown(string path, uint uid, uint gid)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        if (LibC.lchown(path, uid, gid) != 0)
        {
            throw NativeErrors.Last("lchown", path);
        }
    }

    /// <summary>Changes the owner of an open file (<c>fchown</c>).</summary>
    /// <param name="handle">An open file descriptor.</param>
    /// <param name="uid">New owner user id.</param>
    /// <param name="gid">New owner group id.</param>
    public static void Fchown(SafeFileHandle handle, uint uid, uint gid)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (LibC.fchown(handle, uid, gid) != 0)
        {
            throw NativeErrors.Last("fchown", null, "fd");
        }
    }

    /// <summary>Changes the permission bits (including setuid/setgid/sticky) of an open file (<c>fchmod</c>).</summary>
    /// <param name="handle">An open file descriptor.</param>
    /// <param name="mode">Permission bits; file-type bits are ignored.</param>
    public static void Fchmod(SafeFileHandle handle, uint mode)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (LibC.fchmod(handle, mode & 0xFFF) != 0)
        {
            throw NativeErrors.Last("fchmod", null, "fd");
        }
    }

    /// <summary>
    /// Creates a hard link <paramref name="newPath"/> to <paramref name="existingPath"/> (<c>linkat</c>, not
    /// following symlinks). The errors callers typically recover from are returned, not thrown.
    /// </summary>
    /// <param name="existingPath">The existing file.</param>
    /// <param name="newPath">The link to create.</param>
    /// <returns>Success, or the recoverable failure.</returns>
    /// <exception cref="NativeIOException">Any other failure.</exception>
    public static HardLinkResult TryHardLink(string existingPath, string newPath)
    {
        NativeErrors.ValidatePath(existingPath, nameof(existingPath));
        NativeErrors.ValidatePath(newPath, nameof(newPath));
        if (LibC.linkat(LibC.AT_FDCWD, existingPath, LibC.AT_FDCWD, newPath, 0) == 0)
        {
            return HardLinkResult.Success;
        }

        int errno = NativeErrors.LastErrno;
        return errno switch
        {
            LibC.EEXIST => HardLinkResult.AlreadyExists,
            LibC.EMLINK => HardLinkResult.TooManyLinks,
            LibC.EXDEV => HardLinkResult.CrossDevice,
            _ => throw NativeErrors.Create(errno, "linkat", existingPath, newPath),
        };
    }

    /// <summary>Atomically renames, replacing any existing destination (<c>rename</c>).</summary>
    /// <param name="sourcePath">The existing path.</param>
    /// <param name="destinationPath">The new path.</param>
    public static void Rename(string sourcePath, string destinationPath)
    {
        NativeErrors.ValidatePath(sourcePath, nameof(sourcePath));
        NativeErrors.ValidatePath(destinationPath, nameof(destinationPath));
        if (LibC.rename(sourcePath, destinationPath) != 0)
        {
            throw NativeErrors.Last("rename", sourcePath, destinationPath);
        }
    }

    /// <summary>
    /// Atomically renames only if <paramref name="destinationPath"/> does not exist
    /// (<c>renameat2(RENAME_NOREPLACE)</c>). On file systems without that flag, non-directories fall back to
    /// <c>link</c> + <c>unlink</c>, which has the same no-replace guarantee.
    /// </summary>
    /// <param name="sourcePath">The existing path.</param>
    /// <param name="destinationPath">The new path.</param>
    /// <returns><see langword="false"/> when the destination already exists (nothing is changed).</returns>
    public static bool TryRenameNoReplace(string sourcePath, string destinationPath)
    {
        NativeErrors.ValidatePath(sourcePath, nameof(sourcePath));
        NativeErrors.ValidatePath(destinationPath, nameof(destinationPath));
        if (LibC.renameat2(LibC.AT_FDCWD, sourcePath, LibC.AT_FDCWD, destinationPath, LibC.RENAME_NOREPLACE) == 0)
        {
            return true;
        }

        int errno = NativeErrors.LastErrno;
        if (errno == LibC.EEXIST)
        {
            return false;
        }

        if (errno is LibC.EINVAL or LibC.ENOSYS && !FileStatus.Lstat(sourcePath).IsDirectory)
        {
            if (LibC.linkat(LibC.AT_FDCWD, sourcePath, LibC.AT_FDCWD, destinationPath, 0) != 0)
            {
                int linkErrno = NativeErrors.LastErrno;
                if (linkErrno == LibC.EEXIST)
                {
                    return false;
                }

                throw NativeErrors.Create(linkErrno, "linkat", sourcePath, destinationPath);
            }

            if (LibC.unlink(sourcePath) != 0)
            {
                throw NativeErrors.Last("unlink", sourcePath);
            }

            return true;
        }

        throw NativeErrors.Create(errno, "renameat2", sourcePath, destinationPath);
    }

    /// <summary>Flushes an open file's data and metadata to stable storage (<c>fsync</c>).</summary>
    /// <param name="handle">An open file descriptor (files and directories alike).</param>
    public static void Fsync(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        while (LibC.fsync(handle) != 0)
        {
            if (NativeErrors.LastErrno != LibC.EINTR)
            {
                throw NativeErrors.Last("fsync", null, "fd");
            }
        }
    }

    /// <summary>Flushes the whole file system containing the open file (<c>syncfs</c>).</summary>
    /// <param name="handle">Any descriptor on the file system, e.g. from <see cref="OpenDirectory(string)"/>.</param>
    public static void Syncfs(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (LibC.syncfs(handle) != 0)
        {
            throw NativeErrors.Last("syncfs", null, "fd");
        }
    }

    /// <summary>Opens a directory read-only (<c>O_RDONLY | O_DIRECTORY | O_CLOEXEC</c>).</summary>
    /// <param name="path">The directory.</param>
    /// <returns>An owned descriptor.</returns>
    public static SafeFileHandle OpenDirectory(string path)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw NativeErrors.Last("open", path);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Makes the entries of a directory durable: opens it, <c>fsync</c>s it and closes it.</summary>
    /// <param name="path">The directory.</param>
    public static void FsyncDirectory(string path)
    {
        using SafeFileHandle handle = OpenDirectory(path);
        Fsync(handle);
    }

    /// <summary>
    /// Creates a new file for writing (<c>O_CREAT|O_EXCL|O_NOFOLLOW</c>) with <paramref name="mode"/> (umask applies).
    /// Unlike <see cref="FileStream"/>, this takes no advisory <c>flock</c>: two syscalls fewer per file on hot paths.
    /// </summary>
    public static SafeFileHandle CreateNew(string path, uint mode)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        int fd = LibC.open(path, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOCTTY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, mode & 0xFFF);
        if (fd < 0)
            throw NativeErrors.Last("openat", path);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Reads a small regular file whole, following symlinks, for files that others may have replaced with something
    /// hostile (refs): the open never blocks (a FIFO), anything but a regular file is refused, and at most
    /// <paramref name="maxBytes"/> bytes are read (so <c>/dev/zero</c> or a huge file cannot exhaust memory).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest size accepted.</param>
    /// <param name="contents">The bytes, when the result is true.</param>
    /// <returns>False if the file is missing, unreadable, not a regular file, or larger than <paramref name="maxBytes"/>.</returns>
    public static bool TryReadSmallRegularFile(string path, int maxBytes, out byte[] contents)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        contents = [];
        int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NOCTTY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        if (fd < 0)
            return false;
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var st = FileStatus.Fstat(handle);
        if (!st.IsRegularFile || st.Size > maxBytes)
            return false;
        var buffer = new byte[maxBytes + 1];
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (n == 0)
                break;
            total += n;
        }
        if (total > maxBytes)
            return false;
        contents = buffer.AsSpan(0, total).ToArray();
        return true;
    }

    /// <summary>Opens an existing file read-only without following a final symlink and without an advisory lock.</summary>
    public static SafeFileHandle OpenRead(string path)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NOCTTY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (fd < 0)
            throw NativeErrors.Last("openat", path);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Opens an existing lock file like <see cref="OpenLockFile"/>, without creating it: null when it does not exist.
    /// </summary>
    /// <param name="path">The lock file.</param>
    /// <returns>The open file, or null.</returns>
    public static SafeFileHandle? OpenExistingLockFile(string path)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        int fd = LibC.open(path, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            int errno = NativeErrors.LastErrno;
            if (errno == LibC.ENOENT)
                return null;
            if (errno is LibC.EACCES or LibC.EROFS)
                fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NOCTTY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
            if (fd < 0)
                throw NativeErrors.Create(errno, "openat", path);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Opens (creating with <paramref name="createMode"/> minus the umask if missing) a file for use as a lock
    /// file: <c>O_RDWR | O_CREAT | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC</c>. Unlike <see cref="File.OpenHandle"/>,
    /// no <c>flock</c> is taken behind the caller's back.
    /// When the file cannot be opened for writing (read-only repository), an existing file is opened read-only,
    /// which still permits shared locks.
    /// </summary>
    /// <param name="path">The lock file.</param>
    /// <param name="createMode">Permission bits for a newly created file (libostree uses 0660).</param>
    /// <returns>An owned descriptor.</returns>
    public static SafeFileHandle OpenLockFile(string path, UnixFileMode createMode)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        int flags = LibC.O_CREAT | LibC.O_NOCTTY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;
        int fd = LibC.open(path, LibC.O_RDWR | flags, (uint)createMode & 0xFFF);
        if (fd < 0)
        {
            int errno = NativeErrors.LastErrno;
            if (errno is LibC.EACCES or LibC.EROFS)
            {
                fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NOCTTY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
            }

            if (fd < 0)
            {
                throw NativeErrors.Create(errno, "openat", path);
            }
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Sets access and modification times of <paramref name="path"/> without following a final symlink
    /// (<c>utimensat(AT_SYMLINK_NOFOLLOW)</c>), so symlinks themselves can be given e.g. time 0.
    /// </summary>
    /// <param name="path">The file, directory or symbolic link.</param>
    /// <param name="atimeSeconds">Access time, seconds since the epoch.</param>
    /// <param name="atimeNanoseconds">Access time nanoseconds (0–999999999).</param>
    /// <param name="mtimeSeconds">Modification time, seconds since the epoch.</param>
    /// <param name="mtimeNanoseconds">Modification time nanoseconds (0–999999999).</param>
    public static void SetTimes(string path, long atimeSeconds, long atimeNanoseconds, long mtimeSeconds, long mtimeNanoseconds)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        LibC.Timespec* times = stackalloc LibC.Timespec[2];
        times[0] = MakeTimespec(atimeSeconds, atimeNanoseconds);
        times[1] = MakeTimespec(mtimeSeconds, mtimeNanoseconds);
        if (LibC.utimensat(LibC.AT_FDCWD, path, times, LibC.AT_SYMLINK_NOFOLLOW) != 0)
        {
            throw NativeErrors.Last("utimensat", path);
        }
    }

    /// <summary>Sets access and modification times of an open file (<c>futimens</c>).</summary>
    /// <param name="handle">An open file descriptor.</param>
    /// <param name="atimeSeconds">Access time, seconds since the epoch.</param>
    /// <param name="atimeNanoseconds">Access time nanoseconds (0–999999999).</param>
    /// <param name="mtimeSeconds">Modification time, seconds since the epoch.</param>
    /// <param name="mtimeNanoseconds">Modification time nanoseconds (0–999999999).</param>
    public static void SetTimes(SafeFileHandle handle, long atimeSeconds, long atimeNanoseconds, long mtimeSeconds, long mtimeNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(handle);
        LibC.Timespec* times = stackalloc LibC.Timespec[2];
        times[0] = MakeTimespec(atimeSeconds, atimeNanoseconds);
        times[1] = MakeTimespec(mtimeSeconds, mtimeNanoseconds);
        if (LibC.futimens(handle, times) != 0)
        {
            throw NativeErrors.Last("futimens", null, "fd");
        }
    }

    /// <summary>Creates a symbolic link whose target is exactly <paramref name="target"/> (no normalisation).</summary>
    /// <param name="target">Target bytes, without a NUL.</param>
    /// <param name="linkPath">The link to create.</param>
    public static void CreateSymbolicLink(ReadOnlySpan<byte> target, string linkPath)
    {
        NativeErrors.ValidatePath(linkPath, nameof(linkPath));
        if (target.IsEmpty || target.Contains((byte)0))
        {
            throw new ArgumentException("Symlink target must be non-empty and contain no NUL byte.", nameof(target));
        }

        byte[] buffer = new byte[target.Length + 1];
        target.CopyTo(buffer);
        int rc;
        fixed (byte* t = buffer)
        {
            rc = LibC.symlink(t, linkPath);
        }

        if (rc != 0)
        {
            throw NativeErrors.Last("symlinkat", linkPath);
        }
    }

    /// <summary>Creates a symbolic link whose target is <paramref name="target"/> encoded as UTF-8.</summary>
    /// <param name="target">Target text.</param>
    /// <param name="linkPath">The link to create.</param>
    public static void CreateSymbolicLink(string target, string linkPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        CreateSymbolicLink(Encoding.UTF8.GetBytes(target), linkPath);
    }

    /// <summary>Reads the raw target bytes of a symbolic link (<c>readlink</c>).</summary>
    /// <param name="path">The symbolic link.</param>
    /// <returns>The target exactly as stored.</returns>
    public static byte[] ReadLink(string path)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        int size = 256;
        while (true)
        {
            byte[] buffer = new byte[size];
            nint got;
            fixed (byte* b = buffer)
            {
                got = LibC.readlink(path, b, (nuint)size);
            }

            if (got < 0)
            {
                throw NativeErrors.Last("readlinkat", path);
            }

            if (got < size)
            {
                return buffer.AsSpan(0, (int)got).ToArray();
            }

            size *= 2;
        }
    }

    private static LibC.Timespec MakeTimespec(long seconds, long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nanoseconds, 999_999_999L);
        return new LibC.Timespec { tv_sec = seconds, tv_nsec = nanoseconds };
    }
}
