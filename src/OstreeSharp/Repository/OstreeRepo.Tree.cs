using OstreeSharp.Objects;

namespace OstreeSharp.Repository;

public sealed partial class OstreeRepo
{
    /// <summary>The root entry of a commit.</summary>
    public TreeEntry GetRoot(Checksum commit)
    {
        var c = ReadCommit(commit);
        return new TreeEntry("/", TreeEntryKind.Directory, c.RootTree, c.RootMeta);
    }

    /// <summary>
    /// Finds the entry at <paramref name="path"/> (absolute or relative to the root; symlinks are not followed).
    /// </summary>
    public bool TryResolvePath(Checksum commit, string path, out TreeEntry entry)
    {
        ArgumentNullException.ThrowIfNull(path);
        entry = GetRoot(commit);
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string current = "";
        for (int i = 0; i < parts.Length; i++)
        {
            if (entry.Kind != TreeEntryKind.Directory)
                return false;
            var dt = ReadDirTree(entry.Checksum);
            current += "/" + parts[i];
            if (dt.TryGetDirectory(parts[i], out var d))
            {
                entry = new TreeEntry(current, TreeEntryKind.Directory, d.TreeChecksum, d.MetaChecksum);
            }
            else if (dt.TryGetFile(parts[i], out var f))
            {
                entry = new TreeEntry(current, TreeEntryKind.File, f.Checksum, default);
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Lists a directory's children in ostree's order (files sorted by name, then directories sorted by name);
    /// with <paramref name="recursive"/>, each directory is followed immediately by its own listing.
    /// </summary>
    public IEnumerable<TreeEntry> EnumerateDirectory(TreeEntry directory, bool recursive = false)
    {
        if (directory.Kind != TreeEntryKind.Directory)
            throw new ArgumentException("Not a directory entry.", nameof(directory));
        return EnumerateCore(directory, recursive, 0, null);
    }

    /// <summary>The dirtrees on the path from the walk's root to the current directory (a dirtree that reaches itself is a cycle).</summary>
    private sealed record TreeAncestor(Checksum Tree, TreeAncestor? Parent)
    {
        public bool Contains(Checksum tree)
        {
            for (var a = this; a is not null; a = a.Parent)
            {
                if (a.Tree == tree)
                    return true;
            }
            return false;
        }
    }

    private IEnumerable<TreeEntry> EnumerateCore(TreeEntry directory, bool recursive, int depth, TreeAncestor? ancestors)
    {
        if (depth > Limits.MaxTreeDepth)
            throw new OstreeDataException($"Tree nested deeper than {Limits.MaxTreeDepth} levels");
        if (ancestors is not null && ancestors.Contains(directory.Checksum))
            throw new CorruptObjectException(new ObjectName(directory.Checksum, ObjectType.DirTree), $"dirtree contains itself (at {directory.Path})");
        var dt = ReadDirTree(directory.Checksum);
        string prefix = directory.Path == "/" ? "/" : directory.Path + "/";
        foreach (var f in dt.Files)
            yield return new TreeEntry(prefix + f.Name, TreeEntryKind.File, f.Checksum, default);
        var self = recursive ? new TreeAncestor(directory.Checksum, ancestors) : null;
        foreach (var d in dt.Directories)
        {
            var e = new TreeEntry(prefix + d.Name, TreeEntryKind.Directory, d.TreeChecksum, d.MetaChecksum);
            yield return e;
            if (recursive)
            {
                foreach (var child in EnumerateCore(e, true, depth + 1, self))
                    yield return child;
            }
        }
    }
}
