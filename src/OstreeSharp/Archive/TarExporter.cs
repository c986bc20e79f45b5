using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Archive;

/// <summary>
/// Writes a commit as a tar stream, as <c>ostree export</c> does: the root first, then each directory's files and
/// subdirectories in dirtree order, depth first; every entry's mtime is the commit timestamp; hard links are not
/// recreated (each path carries its content). Unlike ostree 2022.7, which writes a GNU tar without xattrs,
/// extended attributes are kept, exactly, as PAX <c>SCHILY.xattr.*</c> records — in reverse stored order, because
/// ostree (through libarchive) records an archive's xattrs in reverse — so <c>export</c> followed by
/// <c>commit --tree=tar=</c>, ours or ostree's, reproduces the commit's root tree.
/// </summary>
public static class TarExporter
{
    /// <summary>Exports <paramref name="commit"/> to <paramref name="output"/>.</summary>
    /// <exception cref="ObjectNotFoundException">The commit or an object it references is missing.</exception>
    /// <exception cref="OstreeException">The subpath does not exist.</exception>
    public static void Export(OstreeRepo repo, Checksum commit, Stream output, TarExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new TarExportOptions();
        var c = repo.ReadCommit(commit);
        long mtime = (long)Math.Min(c.Timestamp, long.MaxValue);
        string subpath = "/" + (options.Subpath ?? "").Trim('/');
        if (!repo.TryResolvePath(commit, subpath, out var start))
            throw new OstreeException($"No such file or directory: {subpath}");
        string prefix = options.Prefix ?? "";
        using var writer = new TarArchiveWriter(output, leaveOpen: true);
        if (start.Kind != TreeEntryKind.Directory)
        {
            WriteFile(repo, writer, prefix + Path.GetFileName(start.Path), start.Checksum, mtime, options.SkipXattrs);
        }
        else
        {
            WriteDirectoryEntry(repo, writer, options.Prefix is null ? "./" : prefix, start.MetaChecksum, mtime, options.SkipXattrs);
            WriteChildren(repo, writer, start.Checksum, prefix, mtime, options.SkipXattrs, cancellationToken);
        }
        writer.Finish();
    }

    private static void WriteChildren(OstreeRepo repo, TarArchiveWriter writer, Checksum tree, string prefix, long mtime, bool skipXattrs, CancellationToken ct)
    {
        // Explicit stack (no recursion): a directory's header, its files, then its subdirectories depth first.
        var stack = new Stack<(Checksum Tree, Checksum? Meta, string Path)>();
        stack.Push((tree, null, prefix));
        while (stack.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var (t, meta, path) = stack.Pop();
            if (meta is { } m)
                WriteDirectoryEntry(repo, writer, path, m, mtime, skipXattrs);
            var dt = repo.ReadDirTree(t);
            foreach (var f in dt.Files)
                WriteFile(repo, writer, path + f.Name, f.Checksum, mtime, skipXattrs);
            for (int i = dt.Directories.Count - 1; i >= 0; i--)
            {
                var d = dt.Directories[i];
                stack.Push((d.TreeChecksum, d.MetaChecksum, path + d.Name + "/"));
            }
        }
    }

    private static void WriteDirectoryEntry(OstreeRepo repo, TarArchiveWriter writer, string name, Checksum meta, long mtime, bool skipXattrs)
    {
        var dm = repo.ReadDirMeta(meta);
        writer.WriteDirectory(name, dm.Mode, dm.Uid, dm.Gid, mtime, skipXattrs ? [] : [.. dm.Xattrs.Reverse()]);
    }

    private static void WriteFile(OstreeRepo repo, TarArchiveWriter writer, string name, Checksum checksum, long mtime, bool skipXattrs)
    {
        using var obj = repo.ReadContent(checksum);
        var h = obj.Header;
        IReadOnlyList<Xattr> xattrs = skipXattrs ? [] : [.. h.Xattrs.Reverse()];
        if (h.IsSymlink)
            writer.WriteSymbolicLink(name, h.SymlinkTarget, h.Mode, h.Uid, h.Gid, mtime, xattrs);
        else
            writer.WriteFile(name, h.Mode, h.Uid, h.Gid, mtime, xattrs, obj.Content!, (long)obj.Size);
    }
}
