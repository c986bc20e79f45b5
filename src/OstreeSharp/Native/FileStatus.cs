using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OstreeSharp.Native;

/// <summary>
/// The result of <c>statx(2)</c>: file type and permission bits, ownership, size, identity and times.
/// Obtained with <see cref="Lstat(string)"/> (does not follow a final symlink) or <see cref="Fstat(SafeFileHandle)"/>.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly struct FileStatus : IEquatable<FileStatus>
{
    /// <summary>Mask of the file-type bits in <see cref="Mode"/> (<c>S_IFMT</c>).</summary>
    public const uint TypeMask = 0xF000;

    /// <summary>File-type bits of a directory (<c>S_IFDIR</c>).</summary>
    public const uint DirectoryType = 0x4000;

    /// <summary>File-type bits of a regular file (<c>S_IFREG</c>).</summary>
    public const uint RegularFileType = 0x8000;

    /// <summary>File-type bits of a symbolic link (<c>S_IFLNK</c>).</summary>
    public const uint SymbolicLinkType = 0xA000;

    private FileStatus(ReadOnlySpan<byte> b)
    {
        Nlink = Read<uint>(b, 16);
        Uid = Read<uint>(b, 20);
        Gid = Read<uint>(b, 24);
        Mode = Read<ushort>(b, 28);
        Ino = Read<ulong>(b, 32);
        Size = Read<long>(b, 40);
        Blocks = Read<long>(b, 48);
        AtimeSeconds = Read<long>(b, 64);
        AtimeNanoseconds = Read<uint>(b, 72);
        CtimeSeconds = Read<long>(b, 96);
        CtimeNanoseconds = Read<uint>(b, 104);
        MtimeSeconds = Read<long>(b, 112);
        MtimeNanoseconds = Read<uint>(b, 120);
        Rdev = MakeDev(Read<uint>(b, 128), Read<uint>(b, 132));
        DevMajor = Read<uint>(b, 136);
        DevMinor = Read<uint>(b, 140);
        Dev = MakeDev(DevMajor, DevMinor);
    }

    /// <summary>Full <c>st_mode</c>: file-type bits (<see cref="TypeMask"/>) and permission bits.</summary>
    public uint Mode { get; }

    /// <summary>Owner user id.</summary>
    public uint Uid { get; }

    /// <summary>Owner group id.</summary>
    public uint Gid { get; }

    /// <summary>Size in bytes (for symlinks: length of the target).</summary>
    public long Size { get; }

    /// <summary>Number of 512-byte blocks allocated.</summary>
    public long Blocks { get; }

    /// <summary>Device containing the file, encoded like glibc's <c>st_dev</c> (<c>makedev(major, minor)</c>).</summary>
    public ulong Dev { get; }

    /// <summary>Major number of <see cref="Dev"/>.</summary>
    public uint DevMajor { get; }

    /// <summary>Minor number of <see cref="Dev"/>.</summary>
    public uint DevMinor { get; }

    /// <summary>Inode number.</summary>
    public ulong Ino { get; }

    /// <summary>Number of hard links.</summary>
    public uint Nlink { get; }

    /// <summary>Device represented by a character/block special file, encoded like <c>st_rdev</c>.</summary>
    public ulong Rdev { get; }

    /// <summary>Modification time, seconds since the epoch.</summary>
    public long MtimeSeconds { get; }

    /// <summary>Nanoseconds part of the modification time.</summary>
    public uint MtimeNanoseconds { get; }

    /// <summary>Access time, seconds since the epoch.</summary>
    public long AtimeSeconds { get; }

    /// <summary>Nanoseconds part of the access time.</summary>
    public uint AtimeNanoseconds { get; }

    /// <summary>Status-change time, seconds since the epoch.</summary>
    public long CtimeSeconds { get; }

    /// <summary>Nanoseconds part of the status-change time.</summary>
    public uint CtimeNanoseconds { get; }

    /// <summary>The permission bits (<c>Mode &amp; 07777</c>).</summary>
    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);

    /// <summary>Whether this is a directory.</summary>
    public bool IsDirectory => (Mode & TypeMask) == DirectoryType;

    /// <summary>Whether this is a regular file.</summary>
    public bool IsRegularFile => (Mode & TypeMask) == RegularFileType;

    /// <summary>Whether this is a symbolic link.</summary>
    public bool IsSymbolicLink => (Mode & TypeMask) == SymbolicLinkType;

    /// <summary>Status of <paramref name="path"/> without following a final symbolic link (<c>lstat</c>).</summary>
    /// <param name="path">The path to examine.</param>
    /// <returns>The status.</returns>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    public static unsafe FileStatus Lstat(string path)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        byte* buf = stackalloc byte[LibC.StatxBufferSize];
        if (LibC.statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_BASIC_STATS, buf) != 0)
        {
            throw NativeErrors.Last("statx", path);
        }

        return new FileStatus(new ReadOnlySpan<byte>(buf, LibC.StatxBufferSize));
    }

    /// <summary>Like <see cref="Lstat(string)"/>, but returns <see langword="false"/> when the path does not exist.</summary>
    /// <param name="path">The path to examine.</param>
    /// <param name="status">The status when found.</param>
    /// <returns>Whether the path exists.</returns>
    public static unsafe bool TryLstat(string path, out FileStatus status)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        byte* buf = stackalloc byte[LibC.StatxBufferSize];
        if (LibC.statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_BASIC_STATS, buf) != 0)
        {
            int errno = NativeErrors.LastErrno;
            if (errno is LibC.ENOENT or LibC.ENOTDIR)
            {
                status = default;
                return false;
            }

            throw NativeErrors.Create(errno, "statx", path);
        }

        status = new FileStatus(new ReadOnlySpan<byte>(buf, LibC.StatxBufferSize));
        return true;
    }

    /// <summary>
    /// <c>lstat</c> of <paramref name="path"/> without allocating: the path is converted to UTF-8 on the stack. For
    /// short paths on hot paths (object lookups); a path with a NUL character does not exist.
    /// </summary>
    /// <param name="path">The path to examine (at most 1 KiB of characters).</param>
    /// <param name="status">The status when found.</param>
    /// <returns>Whether the path exists.</returns>
    public static unsafe bool TryLstat(ReadOnlySpan<char> path, out FileStatus status)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(path.Length, 1024, nameof(path));
        status = default;
        if (path.IsEmpty || path.Contains('\0'))
            return false;
        byte* utf8 = stackalloc byte[path.Length * 3 + 1];
        int n = System.Text.Encoding.UTF8.GetBytes(path, new Span<byte>(utf8, path.Length * 3));
        utf8[n] = 0;
        byte* buf = stackalloc byte[LibC.StatxBufferSize];
        if (LibC.statx(LibC.AT_FDCWD, utf8, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_BASIC_STATS, buf) != 0)
        {
            int errno = NativeErrors.LastErrno;
            if (errno is LibC.ENOENT or LibC.ENOTDIR)
                return false;
            throw NativeErrors.Create(errno, "statx", path.ToString());
        }

        status = new FileStatus(new ReadOnlySpan<byte>(buf, LibC.StatxBufferSize));
        return true;
    }

    /// <summary>Status of an open file (<c>fstat</c>, via <c>statx(fd, "", AT_EMPTY_PATH)</c>).</summary>
    /// <param name="handle">An open file descriptor (any kind, including directories and <c>O_PATH</c>).</param>
    /// <returns>The status.</returns>
    public static unsafe FileStatus Fstat(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        byte* buf = stackalloc byte[LibC.StatxBufferSize];
        if (LibC.statx(handle, string.Empty, LibC.AT_EMPTY_PATH | LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_BASIC_STATS, buf) != 0)
        {
            throw NativeErrors.Last("statx", null, "fd");
        }

        return new FileStatus(new ReadOnlySpan<byte>(buf, LibC.StatxBufferSize));
    }

    /// <summary>Combines device numbers exactly like glibc's <c>makedev</c>.</summary>
    /// <param name="major">Major number.</param>
    /// <param name="minor">Minor number.</param>
    /// <returns>The <c>dev_t</c> value.</returns>
    public static ulong MakeDev(uint major, uint minor)
        => ((ulong)(major & 0xFFFFF000u) << 32) | ((ulong)(major & 0xFFFu) << 8)
         | ((ulong)(minor & 0xFFFFFF00u) << 12) | (minor & 0xFFu);

    private static T Read<T>(ReadOnlySpan<byte> buffer, int offset) where T : unmanaged
        => MemoryMarshal.Read<T>(buffer[offset..]);

    /// <inheritdoc/>
    public bool Equals(FileStatus other)
        => Mode == other.Mode && Uid == other.Uid && Gid == other.Gid && Size == other.Size && Dev == other.Dev
        && Ino == other.Ino && Nlink == other.Nlink && Rdev == other.Rdev && Blocks == other.Blocks
        && MtimeSeconds == other.MtimeSeconds && MtimeNanoseconds == other.MtimeNanoseconds
        && AtimeSeconds == other.AtimeSeconds && AtimeNanoseconds == other.AtimeNanoseconds
        && CtimeSeconds == other.CtimeSeconds && CtimeNanoseconds == other.CtimeNanoseconds;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FileStatus other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Dev, Ino, Mode, Size, MtimeSeconds, MtimeNanoseconds, CtimeNanoseconds);

    /// <summary>Compares two statuses field by field.</summary>
    /// <param name="left">First status.</param>
    /// <param name="right">Second status.</param>
    /// <returns>Whether all fields are equal.</returns>
    public static bool operator ==(FileStatus left, FileStatus right) => left.Equals(right);

    /// <summary>Compares two statuses field by field.</summary>
    /// <param name="left">First status.</param>
    /// <param name="right">Second status.</param>
    /// <returns>Whether any field differs.</returns>
    public static bool operator !=(FileStatus left, FileStatus right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString()
        => $"mode={Convert.ToString(Mode, 8)} uid={Uid} gid={Gid} size={Size} dev={DevMajor}:{DevMinor} ino={Ino} nlink={Nlink} mtime={MtimeSeconds}.{MtimeNanoseconds:D9}";
}
