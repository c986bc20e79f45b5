using System.Text;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Commit;

/// <summary>
/// Builds the <c>ostree.sizes</c> commit metadata (<c>ostree commit --generate-sizes</c>, archive repositories only):
/// one entry per distinct file, dirtree and dirmeta object of the tree, sorted by checksum, with the archived size
/// (the stored <c>.filez</c> or metadata object) and the unpacked size (content length; a symlink's target length).
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
