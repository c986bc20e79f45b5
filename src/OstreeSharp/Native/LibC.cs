using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OstreeSharp.Native;

/// <summary>
/// Raw bindings into the C library (Linux, 64-bit). Callers use the safe wrappers
/// (<see cref="Xattrs"/>, <see cref="FileStatus"/>, <see cref="NativeFile"/>, <see cref="FileLock"/>,
/// <see cref="NativeProcess"/>) instead.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    // errno values (identical on every Linux architecture .NET supports).
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EBADF = 9;
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;
    internal const int EEXIST = 17;
    internal const int EXDEV = 18;
    internal const int ENOTDIR = 20;
    internal const int EISDIR = 21;
    internal const int EINVAL = 22;
    internal const int EMLINK = 31;
    internal const int ERANGE = 34;
    internal const int ENOSYS = 38;
    internal const int ENODATA = 61;
    internal const int EOPNOTSUPP = 95;
    internal const int EROFS = 30;

    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const int AT_EMPTY_PATH = 0x1000;

    internal const uint STATX_BASIC_STATS = 0x7ff;
    internal const int StatxBufferSize = 256;

    internal const uint RENAME_NOREPLACE = 1;

    internal const int O_RDONLY = 0;
    internal const int O_WRONLY = 1;
    internal const int O_RDWR = 2;
    internal const int O_EXCL = 0x80;
    internal const int O_CREAT = 0x40;
    internal const int O_NOCTTY = 0x100;
    internal const int O_CLOEXEC = 0x80000;
    internal const int O_NONBLOCK = 0x800;

    /// <summary>O_DIRECTORY: 040000 on ARM and POWER, 0200000 elsewhere.</summary>
    internal static readonly int O_DIRECTORY = UsesArmOpenFlags ? 0x4000 : 0x10000;

    /// <summary>O_NOFOLLOW: 0100000 on ARM and POWER, 0400000 elsewhere.</summary>
    internal static readonly int O_NOFOLLOW = UsesArmOpenFlags ? 0x8000 : 0x20000;

    private static bool UsesArmOpenFlags => RuntimeInformation.ProcessArchitecture is
        Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le;

    internal const int F_OFD_GETLK = 36;
    internal const int F_OFD_SETLK = 37;
    internal const int F_OFD_SETLKW = 38;
    internal const short F_RDLCK = 0;
    internal const short F_WRLCK = 1;
    internal const short F_UNLCK = 2;

    internal const int LOCK_SH = 1;
    internal const int LOCK_EX = 2;
    internal const int LOCK_NB = 4;
    internal const int LOCK_UN = 8;

    internal const long UTIME_NOW = (1L << 30) - 1;
    internal const long UTIME_OMIT = (1L << 30) - 2;

    /// <summary><c>struct flock</c> on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Flock
    {
        public short l_type;
        public short l_whence;
        public long l_start;
        public long l_len;
        public int l_pid;
    }

    /// <summary><c>struct timespec</c> on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long tv_sec;
        public long tv_nsec;
    }

    // ---- extended attributes ----

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint lgetxattr(string path, byte* name, byte* value, nuint size);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint fgetxattr(SafeFileHandle fd, byte* name, byte* value, nuint size);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint llistxattr(string path, byte* list, nuint size);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint flistxattr(SafeFileHandle fd, byte* list, nuint size);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int lsetxattr(string path, byte* name, byte* value, nuint size, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int fsetxattr(SafeFileHandle fd, byte* name, byte* value, nuint size, int flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int lremovexattr(string path, byte* name);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int fremovexattr(SafeFileHandle fd, byte* name);

    // ---- stat ----

    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statx(int dirfd, string path, int flags, uint mask, byte* statxbuf);

    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true)]
    internal static partial int statx(int dirfd, byte* path, int flags, uint mask, byte* statxbuf);

    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statx(SafeFileHandle dirfd, string path, int flags, uint mask, byte* statxbuf);

    // ---- ownership, permissions, times ----

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int lchown(string path, uint owner, uint group);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int fchown(SafeFileHandle fd, uint owner, uint group);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int fchmod(SafeFileHandle fd, uint mode);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int utimensat(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int futimens(SafeFileHandle fd, Timespec* times);

    // ---- names ----

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int linkat(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rename(string oldpath, string newpath);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int unlink(string path);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int symlink(byte* target, string linkpath);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint readlink(string path, byte* buf, nuint bufsiz);

    // ---- descriptors ----

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int fsync(SafeFileHandle fd);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int syncfs(SafeFileHandle fd);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int fcntl(SafeFileHandle fd, int cmd, Flock* lk);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int flock(SafeFileHandle fd, int operation);

    // ---- process ----

    [LibraryImport(Lib)]
    internal static partial uint getuid();

    [LibraryImport(Lib)]
    internal static partial uint geteuid();

    [LibraryImport(Lib)]
    internal static partial uint getgid();

    [LibraryImport(Lib)]
    internal static partial uint getegid();

    [LibraryImport(Lib)]
    internal static partial uint umask(uint mask);

    // ---- memory ----

    internal const int MADV_RANDOM = 1;
    internal const int MADV_DONTNEED = 4;
    internal const int MADV_HUGEPAGE = 14;

    [LibraryImport(Lib)]
    internal static partial int madvise(void* addr, nuint length, int advice);
}
