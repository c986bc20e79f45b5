namespace OstreeSharp.Objects;

/// <summary>The POSIX <c>st_mode</c> bits ostree stores (type bits included).</summary>
public static class UnixMode
{
    /// <summary>File type mask.</summary>
    public const uint TypeMask = 0xF000; // 0170000

    /// <summary>Regular file.</summary>
    public const uint Regular = 0x8000; // 0100000

    /// <summary>Symbolic link.</summary>
    public const uint Symlink = 0xA000; // 0120000

    /// <summary>Directory.</summary>
    public const uint Directory = 0x4000; // 0040000

    /// <summary>Permission and set-id/sticky bits.</summary>
    public const uint PermissionMask = 0xFFF; // 07777

    /// <summary>True if <paramref name="mode"/> describes a regular file.</summary>
    public static bool IsRegular(uint mode) => (mode & TypeMask) == Regular;

    /// <summary>True if <paramref name="mode"/> describes a symbolic link.</summary>
    public static bool IsSymlink(uint mode) => (mode & TypeMask) == Symlink;

    /// <summary>True if <paramref name="mode"/> describes a directory.</summary>
    public static bool IsDirectory(uint mode) => (mode & TypeMask) == Directory;
}
