using OstreeSharp.GVariant;
using OstreeSharp.Native;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Commit;

/// <summary>
/// Imports directories into a <see cref="MutableTree"/> and writes commits. Content is hashed and stored on all
/// cores; memory stays proportional to the number of entries, never to file sizes.
/// </summary>
public static class CommitWriter
{
    private const uint CanonicalFileMask = 0x81ED; // 0100755
    private const uint CanonicalDirMask = 0x41ED;  // 040755

    private readonly record struct FileWork(MutableTree Node, string Name, string Path, FileHeader Header, ulong Size);

    /// <summary>
    /// Imports the directory at <paramref name="path"/> into <paramref name="target"/> (overlaying what is there):
    /// content objects and dirmeta are written to <paramref name="transaction"/>; dirtrees are written later by
    /// <see cref="MutableTree.Write"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="OstreeException">The tree holds something ostree cannot store (device, FIFO, socket,
    /// non-UTF-8 name).</exception>
    public static void ImportDirectory(RepoTransaction transaction, MutableTree target, string path, CommitModifier? modifier = null,
        IProgress<CommitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(path);
        modifier ??= CommitModifier.Default;
        var repo = transaction.Repository;
        if (repo.Mode == RepoMode.BareUserOnly && !modifier.CanonicalPermissions)
            modifier = new CommitModifier { CanonicalPermissions = true, SkipXattrs = true };
        bool readXattrs = !(modifier.SkipXattrs || modifier.CanonicalPermissions || repo.DisableXattrs);

        if (!FileStatus.TryLstat(path, out var rootStat) || !rootStat.IsDirectory)
            throw new DirectoryNotFoundException($"opendir({path}): No such file or directory");
        target.MetaChecksum = WriteDirMeta(transaction, path, rootStat, modifier, readXattrs);

        var work = new List<FileWork>();
        long bytesTotal = 0;
        var stack = new Stack<(string Dir, MutableTree Node)>();
        stack.Push((path, target));
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (dir, node) = stack.Pop();
            foreach (var entryPath in Directory.EnumerateFileSystemEntries(dir))
            {
                string name = System.IO.Path.GetFileName(entryPath);
                if (!FileStatus.TryLstat(entryPath, out var st))
                {
                    if (name.Contains('\uFFFD', StringComparison.Ordinal))
                        throw new OstreeException($"Invalid UTF-8 in filename {name}");
                    continue; // vanished while scanning
                }
                if (st.IsDirectory)
                {
                    var meta = WriteDirMeta(transaction, entryPath, st, modifier, readXattrs);
                    var sub = node.EnsureDirectory(name);
                    sub.MetaChecksum = meta;
                    stack.Push((entryPath, sub));
                }
                else if (st.IsRegularFile || st.IsSymbolicLink)
                {
                    var header = BuildHeader(entryPath, st, modifier, readXattrs);
                    ulong size = st.IsRegularFile ? (ulong)st.Size : 0;
                    bytesTotal += (long)size;
                    work.Add(new FileWork(node, name, entryPath, header, size));
                }
                else
                {
                    throw new OstreeException($"Not a regular file or symlink: {name}");
                }
            }
        }

        var results = new Checksum[work.Count];
        long filesDone = 0, bytesDone = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        // Large files first so the cores stay busy to the end.
        var order = Enumerable.Range(0, work.Count).OrderByDescending(i => work[i].Size).ToArray();
        ParallelWork.ForEach(order, options, i =>
        {
            var w = work[i];
            results[i] = transaction.WriteContentFromFile(w.Path, w.Header, w.Size);
            long done = Interlocked.Increment(ref filesDone);
            long bytes = Interlocked.Add(ref bytesDone, (long)w.Size);
            progress?.Report(new CommitProgress(done, work.Count, bytes, bytesTotal));
        });
        for (int i = 0; i < work.Count; i++)
            work[i].Node.ReplaceFile(work[i].Name, results[i]);
    }

    private static FileHeader BuildHeader(string path, FileStatus st, CommitModifier modifier, bool readXattrs)
    {
        uint uid = modifier.OwnerUid ?? st.Uid;
        uint gid = modifier.OwnerGid ?? st.Gid;
        uint mode = st.Mode;
        if (modifier.CanonicalPermissions)
        {
            uid = 0;
            gid = 0;
            if (st.IsRegularFile)
                mode &= CanonicalFileMask;
        }
        var xattrs = readXattrs ? FileSystem.ReadXattrs(path) : XattrSet.Empty;
        return st.IsSymbolicLink
            ? new FileHeader(uid, gid, mode, FileSystem.ReadLink(path), xattrs)
            : new FileHeader(uid, gid, mode, "", xattrs);
    }

    private static Checksum WriteDirMeta(RepoTransaction tx, string path, FileStatus st, CommitModifier modifier, bool readXattrs)
    {
        uint uid = modifier.OwnerUid ?? st.Uid;
        uint gid = modifier.OwnerGid ?? st.Gid;
        uint mode = st.Mode;
        if (modifier.CanonicalPermissions)
        {
            uid = 0;
            gid = 0;
            mode &= CanonicalDirMask;
        }
        var xattrs = readXattrs ? FileSystem.ReadXattrs(path) : XattrSet.Empty;
        return tx.WriteMetadata(ObjectType.DirMeta, DirMetaObject.Serialize(uid, gid, mode, xattrs));
    }

    /// <summary>Writes the dirtrees of <paramref name="root"/> and a commit pointing at them.</summary>
    /// <returns>The commit checksum.</returns>
    public static Checksum WriteCommit(RepoTransaction transaction, MutableTree root, CommitOptions options)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(root);
        var (tree, meta) = root.Write(transaction);
        return WriteCommit(transaction, tree, meta, options);
    }

    /// <summary>Writes a commit for an already written root dirtree/dirmeta pair.</summary>
    /// <returns>The commit checksum.</returns>
    public static Checksum WriteCommit(RepoTransaction transaction, Checksum rootTree, Checksum rootMeta, CommitOptions options)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(options);
        // ostree appends its binding keys after the caller's entries (even if the caller used the same keys) and
        // sorts the ref list without removing repeats: both matter for the commit checksum.
        var metadata = new MetadataDictionary(options.Metadata);
        if (options.RefBindings is { } refBindings)
        {
            var sorted = refBindings.Order(StringComparer.Ordinal).ToArray();
            metadata.Add("ostree.ref-binding", GVariantType.StringArray, GVariantWriter.Serialize(GVariantType.StringArray, w =>
            {
                w.StartArray();
                foreach (var r in sorted)
                    w.WriteString(r);
                w.EndArray();
            }));
        }
        if (options.CollectionBinding is { } coll)
            metadata.AddString("ostree.collection-binding", coll);
        ulong timestamp = (ulong)Math.Max(0, (options.Timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds());
        var commit = CommitObject.Create(metadata, options.Parent, options.Subject, options.Body, timestamp, rootTree, rootMeta);
        return transaction.WriteMetadata(ObjectType.Commit, commit.RawBytes.Span);
    }
}
