using System.Text;
using OstreeSharp.Native;
using OstreeSharp.Objects;

namespace OstreeSharp.Repository;

/// <summary>The filesystem operations the repository layer needs, over <see cref="OstreeSharp.Native"/>.</summary>
internal static class FileSystem
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static bool TryLstat(string path, out FileStatus status) => FileStatus.TryLstat(path, out status);

    /// <summary>True if something (file, directory, symlink even dangling) exists at <paramref name="path"/>.</summary>
    public static bool Exists(string path) => FileStatus.TryLstat(path, out _);

    /// <summary>Xattrs of a path (not following symlinks), canonical order, empty values skipped.</summary>
    public static XattrSet ReadXattrs(string path)
    {
        var list = Xattrs.List(path);
        if (list.Count == 0)
            return XattrSet.Empty;
        return XattrSet.Create(list.Where(x => x.Value.Length > 0).Select(x => new Xattr(x.Name, x.Value)));
    }

    public static byte[]? GetXattr(string path, ReadOnlySpan<byte> name) => Xattrs.Get(path, name);

    public static void SetXattrs(string path, XattrSet xattrs)
    {
        foreach (var x in xattrs)
            Xattrs.Set(path, x.Name, x.Value);
    }

    /// <summary>The target of a symlink; non-UTF-8 targets are an error (ostree stores targets as strings).</summary>
    public static string ReadLink(string path)
    {
        var raw = NativeFile.ReadLink(path);
        try
        {
            return StrictUtf8.GetString(raw);
        }
        catch (DecoderFallbackException ex)
        {
            throw new OstreeDataException($"Symbolic link target of {path} is not valid UTF-8.", ex);
        }
    }

    public static void Symlink(string target, string linkPath) => NativeFile.CreateSymbolicLink(target, linkPath);

    public static void Lchown(string path, uint uid, uint gid) => NativeFile.Lchown(path, uid, gid);

    public static void DeleteFileOrLink(string path) => File.Delete(path);

    public static void FsyncDirectory(string path) => NativeFile.FsyncDirectory(path);

    public static void Syncfs(string pathOnFilesystem)
    {
        using var handle = NativeFile.OpenDirectory(pathOnFilesystem);
        NativeFile.Syncfs(handle);
    }
}
