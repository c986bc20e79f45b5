using System.Text;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Commit;

/// <summary>
/// Builds the <c>ostree.sizes</c> commit metadata (<c>ostree commit --generate-sizes</c>, archive repositories only):
/// one entry per distinct file, dirtree and dirmeta object, sorted by checksum, with the archived size (the stored
/// <c>.filez</c> or metadata object) and the unpacked size (content length; a symlink's target length). Either every
/// object of the tree (<see cref="Compute(RepoTransaction, MutableTree)"/>) or, as the ostree CLI does, what the last
/// layer wrote plus the tree's dirtrees (<see cref="Compute(RepoTransaction, MutableTree, IEnumerable{ObjectName})"/>).
/// </summary>
public static class CommitSizes
{
    /// <summary>
    /// Computes the entries for <paramref name="root"/>, which must have been written (<see cref="MutableTree.Write"/>)
    /// in <paramref name="transaction"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The repository is not an archive, or the tree was not written.</exception>
    public static IReadOnlyList<SizesEntry> Compute(RepoTransaction transaction, MutableTree root)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(root);
        var repo = transaction.Repository;
        if (!repo.IsArchive)
            throw new InvalidOperationException("ostree.sizes is only generated in archive repositories.");
        var entries = new SortedDictionary<Checksum, SizesEntry>();
        var stack = new Stack<MutableTree>();
        var lazy = new Stack<(Checksum Tree, Checksum Meta)>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            var tree = node.TreeChecksum ?? throw new InvalidOperationException("The tree has not been written.");
            var meta = node.MetaChecksum ?? throw new InvalidOperationException("A directory in the tree has no metadata (dirmeta).");
            if (!node.IsExpanded)
            {
                lazy.Push((tree, meta));
                continue;
            }
            AddMetadata(transaction, entries, tree, ObjectType.DirTree);
            AddMetadata(transaction, entries, meta, ObjectType.DirMeta);
            foreach (var f in node.Files.Values)
                AddFile(transaction, entries, f);
            foreach (var d in node.Directories.Values)
                stack.Push(d);
        }
        while (lazy.Count > 0)
        {
            var (tree, meta) = lazy.Pop();
            AddMetadata(transaction, entries, meta, ObjectType.DirMeta);
            if (!AddMetadata(transaction, entries, tree, ObjectType.DirTree))
                continue;
            var dt = repo.ReadDirTree(tree);
            foreach (var f in dt.Files)
                AddFile(transaction, entries, f.Checksum);
            foreach (var d in dt.Directories)
                lazy.Push((d.TreeChecksum, d.MetaChecksum));
        }
        return [.. entries.Values];
    }

    /// <summary>
    /// Computes the entries as the ostree 2022.7 CLI does: the objects in <paramref name="layerObjects"/> (what the last
    /// <c>--tree</c> layer wrote, including objects that a later entry of that layer replaced, such as the first of two
    /// tar entries with the same path, and objects that were already in the repository) plus every dirtree of
    /// <paramref name="root"/> (all of them are written with the tree). Objects that only earlier layers wrote are not
    /// listed, even when they are in the final tree. <paramref name="root"/> must have been written
    /// (<see cref="MutableTree.Write"/>) in <paramref name="transaction"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The repository is not an archive, or the tree was not written.</exception>
    public static IReadOnlyList<SizesEntry> Compute(RepoTransaction transaction, MutableTree root, IEnumerable<ObjectName> layerObjects)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(layerObjects);
        var repo = transaction.Repository;
        if (!repo.IsArchive)
            throw new InvalidOperationException("ostree.sizes is only generated in archive repositories.");
        var entries = new SortedDictionary<Checksum, SizesEntry>();
        foreach (var name in layerObjects)
        {
            if (name.Type == ObjectType.File)
                AddFile(transaction, entries, name.Checksum);
            else if (name.Type is ObjectType.DirTree or ObjectType.DirMeta)
                AddMetadata(transaction, entries, name.Checksum, name.Type);
        }
        var stack = new Stack<MutableTree>();
        var lazy = new Stack<Checksum>();
        var seen = new HashSet<Checksum>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            var tree = node.TreeChecksum ?? throw new InvalidOperationException("The tree has not been written.");
            if (!node.IsExpanded)
            {
                lazy.Push(tree);
                continue;
            }
            AddMetadata(transaction, entries, tree, ObjectType.DirTree);
            foreach (var d in node.Directories.Values)
                stack.Push(d);
        }
        while (lazy.Count > 0)
        {
            var tree = lazy.Pop();
            if (!seen.Add(tree))
                continue;
            AddMetadata(transaction, entries, tree, ObjectType.DirTree);
            foreach (var d in repo.ReadDirTree(tree).Directories)
                lazy.Push(d.TreeChecksum);
        }
        return [.. entries.Values];
    }

    /// <summary>
    /// The content and dirmeta objects of a stored tree: what ostree 2022.7 writes again, for
    /// <c>--generate-sizes</c>, when a <c>--tree=ref=</c> layer is committed (its dirtrees are not among them).
    /// </summary>
    public static IEnumerable<ObjectName> EnumerateLayerObjects(OstreeRepo repo, Checksum tree, Checksum meta)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var result = new HashSet<ObjectName> { new(meta, ObjectType.DirMeta) };
        var seen = new HashSet<Checksum>();
        var stack = new Stack<Checksum>();
        stack.Push(tree);
        while (stack.Count > 0)
        {
            var t = stack.Pop();
            if (!seen.Add(t))
                continue;
            var dt = repo.ReadDirTree(t);
            foreach (var f in dt.Files)
                result.Add(new ObjectName(f.Checksum, ObjectType.File));
            foreach (var d in dt.Directories)
            {
                result.Add(new ObjectName(d.MetaChecksum, ObjectType.DirMeta));
                stack.Push(d.TreeChecksum);
            }
        }
        return result;
    }

    /// <summary>Serializes entries as the <c>aay</c> value of <c>ostree.sizes</c>.</summary>
    public static void AddTo(MetadataDictionary metadata, IEnumerable<SizesEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(entries);
        metadata.Add("ostree.sizes", GVariant.GVariantType.Parse("aay"), GVariant.GVariantWriter.Serialize(GVariant.GVariantType.Parse("aay"), w =>
        {
            w.StartArray();
            foreach (var e in entries)
                w.WriteBytes(e.Serialize());
            w.EndArray();
        }));
    }

    private static bool AddMetadata(RepoTransaction tx, SortedDictionary<Checksum, SizesEntry> entries, Checksum checksum, ObjectType type)
    {
        if (entries.ContainsKey(checksum))
            return false;
        long len = new FileInfo(tx.GetObjectFilePath(new ObjectName(checksum, type))).Length;
        entries[checksum] = new SizesEntry(checksum, (ulong)len, (ulong)len, type);
        return true;
    }

    private static void AddFile(RepoTransaction tx, SortedDictionary<Checksum, SizesEntry> entries, Checksum checksum)
    {
        if (entries.ContainsKey(checksum))
            return;
        string path = tx.GetObjectFilePath(new ObjectName(checksum, ObjectType.File));
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        Span<byte> prefix = stackalloc byte[8];
        fs.ReadExactly(prefix);
        int len = FileHeader.ReadPrefixLength(prefix, 10 * 1024 * 1024);
        var buf = new byte[8 + len];
        prefix.CopyTo(buf);
        fs.ReadExactly(buf.AsSpan(8));
        var header = FileHeader.ParseArchiveHeader(buf, out ulong size, out _);
        ulong unpacked = header.IsSymlink ? (ulong)Encoding.UTF8.GetByteCount(header.SymlinkTarget) : size;
        entries[checksum] = new SizesEntry(checksum, (ulong)fs.Length, unpacked, ObjectType.File);
    }
}
