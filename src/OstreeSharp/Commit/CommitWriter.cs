using OstreeSharp.GVariant;
using OstreeSharp.Native;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Summary;

namespace OstreeSharp.Commit;

/// <summary>
/// Imports directories into a <see cref="MutableTree"/> and writes commits. Content is hashed and stored on all
/// cores; memory stays proportional to the number of entries, never to file sizes.
/// </summary>
public static class CommitWriter
{
    /// <summary>A file found by the scan; <see cref="Result"/> is set by the worker that stores it.</summary>
    private sealed class FileWork(MutableTree node, string name, string path, FileHeader header, ulong size, Checksum? cached)
    {
        public MutableTree Node { get; } = node;
        public string Name { get; } = name;
        public string Path { get; } = path;
        public FileHeader Header { get; } = header;
        public ulong Size { get; } = size;
        public Checksum? Cached { get; } = cached;
        public Checksum Result { get; set; }
    }

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
        modifier = ForRepository(repo, modifier);
        bool readXattrs = ReadsXattrs(repo, modifier);

        if (!FileStatus.TryLstat(path, out var rootStat) || !rootStat.IsDirectory)
            throw new DirectoryNotFoundException($"opendir({path}): No such file or directory");
        target.MetaChecksum = WriteDirMeta(transaction, path, "/", rootStat, modifier, readXattrs);

        // The scan (lstat, xattrs, readlink of every entry) runs on this thread while the other cores already store
        // what it found, instead of leaving them idle until it is complete; then this thread becomes a worker too.
        var work = new List<FileWork>();
        var consumedDirs = new List<string>();
        long bytesTotal = 0, filesFound = 0;
        long filesDone = 0, bytesDone = 0, bytesHashed = 0, fromCache = 0;
        // Large files first once the scan is complete, so no large file is left to one core at the end.
        StreamingWork.Run<FileWork>(add => Scan(w =>
        {
            work.Add(w);
            Interlocked.Increment(ref filesFound);
            Interlocked.Add(ref bytesTotal, (long)w.Size);
            add(w);
        }), (a, b) => b.Size.CompareTo(a.Size), w =>
        {
            long hashed;
            if (w.Cached is { } c)
            {
                w.Result = c;
                hashed = Interlocked.Read(ref bytesHashed);
                Interlocked.Increment(ref fromCache);
            }
            else
            {
                w.Result = transaction.WriteContentFromFile(w.Path, w.Header, w.Size);
                hashed = Interlocked.Add(ref bytesHashed, (long)w.Size);
            }
            if (modifier.Consume)
                File.Delete(w.Path);
            long done = Interlocked.Increment(ref filesDone);
            long bytes = Interlocked.Add(ref bytesDone, (long)w.Size);
            progress?.Report(new CommitProgress(done, Volatile.Read(ref filesFound), bytes, Interlocked.Read(ref bytesTotal))
            {
                BytesHashed = hashed,
                FilesFromCache = Interlocked.Read(ref fromCache),
            });
        }, cancellationToken);

        foreach (var w in work)
            w.Node.ReplaceFile(w.Name, w.Result);
        if (modifier.Consume)
        {
            for (int i = consumedDirs.Count - 1; i >= 0; i--)
            {
                if (Directory.Exists(consumedDirs[i]) && !Directory.EnumerateFileSystemEntries(consumedDirs[i]).Any())
                    Directory.Delete(consumedDirs[i]);
            }
        }
        progress?.Report(new CommitProgress(filesDone, work.Count, bytesDone, bytesTotal) { BytesHashed = bytesHashed, FilesFromCache = fromCache });

        void Scan(Action<FileWork> add)
        {
            var stack = new Stack<(string Dir, string CommitPath, MutableTree Node)>();
            stack.Push((path, "/", target));
            while (stack.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (dir, commitDir, node) = stack.Pop();
                if (modifier.Consume)
                    consumedDirs.Add(dir);
                var entries = Directory.GetFileSystemEntries(dir);
                if (modifier.ProcessWhiteouts)
                {
                    foreach (var entryPath in entries)
                    {
                        string name = System.IO.Path.GetFileName(entryPath);
                        if (name == Whiteouts.OpaqueMarker)
                            node.Clear();
                    }
                    foreach (var entryPath in entries)
                    {
                        string name = System.IO.Path.GetFileName(entryPath);
                        if (Whiteouts.TryParse(name, out var victim) && victim is not null)
                            node.Remove(victim);
                        else if (FileStatus.TryLstat(entryPath, out var wst) && (wst.Mode & FileStatus.TypeMask) == 0x2000 && wst.Rdev == 0)
                            node.Remove(name); // overlayfs upper-dir whiteout: a 0:0 character device
                    }
                }
                foreach (var entryPath in entries)
                {
                    string name = System.IO.Path.GetFileName(entryPath);
                    string commitPath = commitDir == "/" ? "/" + name : commitDir + "/" + name;
                    if (!FileStatus.TryLstat(entryPath, out var st))
                    {
                        if (name.Contains('\uFFFD', StringComparison.Ordinal))
                            throw new OstreeException($"Invalid UTF-8 in filename {name}");
                        continue; // vanished while scanning
                    }
                    if (modifier.ProcessWhiteouts && (Whiteouts.TryParse(name, out _) || ((st.Mode & FileStatus.TypeMask) == 0x2000 && st.Rdev == 0)))
                    {
                        if (modifier.Consume)
                            File.Delete(entryPath);
                        continue;
                    }
                    if (modifier.IsSkipped(commitPath))
                        continue;
                    if (st.IsDirectory)
                    {
                        var meta = WriteDirMeta(transaction, entryPath, commitPath, st, modifier, readXattrs);
                        var sub = node.EnsureDirectory(name);
                        sub.MetaChecksum = meta;
                        stack.Push((entryPath, commitPath, sub));
                    }
                    else if (st.IsRegularFile || st.IsSymbolicLink)
                    {
                        ulong size = st.IsRegularFile ? (ulong)st.Size : 0;
                        if (modifier.DevInoCache is { } cache && st.IsRegularFile && st.Nlink > 1 && cache.TryGetValue(st.Dev, st.Ino, out var known))
                        {
                            FileHeader objHeader;
                            using (var obj = repo.ReadContent(known))
                                objHeader = obj.Header;
                            var header = ApplyModifier(objHeader, commitPath, modifier, readXattrs);
                            add(new FileWork(node, name, entryPath, header, size, header.Equals(objHeader) ? known : null));
                        }
                        else
                        {
                            var header = BuildHeader(entryPath, commitPath, st, modifier, readXattrs);
                            add(new FileWork(node, name, entryPath, header, size, null));
                        }
                    }
                    else
                    {
                        throw new OstreeException($"Not a regular file or symlink: {name}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// Layers an existing tree of the repository (a dirtree/dirmeta pair, such as a commit's root for
    /// <c>ostree commit --tree=ref=</c>) onto <paramref name="target"/>, as <see cref="MutableTree.Overlay"/> does.
    /// When <paramref name="modifier"/> does not rewrite existing trees (<see cref="CommitModifier.RewritesExistingTrees"/>),
    /// the tree is attached as it is: its objects are reused and nothing is read except the dirtrees where it merges
    /// with what <paramref name="target"/> already holds. Otherwise, as ostree does, every entry goes through the
    /// modifier with its path in the commit: skip-list paths are left out (a directory with its contents), and each file
    /// and directory is recorded again with the modified owner, mode and xattrs; a file whose metadata changes is stored
    /// as a new object with the same content (read back from the stored object: decompressed and recompressed in
    /// archive repositories, copied in bare ones), a file whose metadata does not change keeps its object unread.
    /// </summary>
    /// <param name="transaction">The transaction the new objects are written to.</param>
    /// <param name="target">The tree to layer onto.</param>
    /// <param name="tree">The root dirtree of the tree to layer (it must be stored in the repository).</param>
    /// <param name="meta">Its root dirmeta.</param>
    /// <param name="modifier">The commit modifier; null for none.</param>
    /// <param name="progress">Files done, when the tree is rewritten.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <exception cref="ObjectNotFoundException">An object of the tree is missing.</exception>
    public static void ImportTree(RepoTransaction transaction, MutableTree target, Checksum tree, Checksum meta, CommitModifier? modifier = null,
        IProgress<CommitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(target);
        var repo = transaction.Repository;
        modifier ??= CommitModifier.Default;
        if (!modifier.RewritesExistingTrees)
        {
            OverlayStored(transaction, target, tree, meta);
            return;
        }
        var effective = ForRepository(repo, modifier);
        bool keepXattrs = ReadsXattrs(repo, effective);
        var layer = new MutableTree { MetaChecksum = RewriteDirMeta(transaction, meta, "/", effective, keepXattrs) };
        var work = new List<(MutableTree Node, string Name, string CommitPath, Checksum Source)>();
        var stack = new Stack<(Checksum Tree, string CommitPath, MutableTree Node)>();
        stack.Push((tree, "/", layer));
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (dirTree, dirPath, node) = stack.Pop();
            var dt = repo.ReadDirTree(dirTree);
            foreach (var f in dt.Files)
            {
                string path = dirPath == "/" ? "/" + f.Name : dirPath + "/" + f.Name;
                if (!effective.IsSkipped(path))
                    work.Add((node, f.Name, path, f.Checksum));
            }
            foreach (var d in dt.Directories)
            {
                string path = dirPath == "/" ? "/" + d.Name : dirPath + "/" + d.Name;
                if (effective.IsSkipped(path))
                    continue;
                var sub = node.EnsureDirectory(d.Name);
                sub.MetaChecksum = RewriteDirMeta(transaction, d.MetaChecksum, path, effective, keepXattrs);
                stack.Push((d.TreeChecksum, path, sub));
            }
        }

        var results = new Checksum[work.Count];
        long filesDone = 0, bytesDone = 0, bytesHashed = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        ParallelWork.ForEach(Enumerable.Range(0, work.Count), options, i =>
        {
            var w = work[i];
            long size;
            using (var obj = repo.ReadContent(w.Source))
            {
                size = (long)obj.Size;
                var header = ApplyModifier(obj.Header, w.CommitPath, effective, keepXattrs);
                if (header.Equals(obj.Header))
                {
                    transaction.NoteExisting(w.Source, ObjectType.File);
                    results[i] = w.Source;
                }
                else
                {
                    results[i] = transaction.WriteContent(header, obj.Content, obj.Size);
                    Interlocked.Add(ref bytesHashed, size);
                }
            }
            long done = Interlocked.Increment(ref filesDone);
            long bytes = Interlocked.Add(ref bytesDone, size);
            progress?.Report(new CommitProgress(done, work.Count, bytes, bytes) { BytesHashed = Interlocked.Read(ref bytesHashed) });
        });
        for (int i = 0; i < work.Count; i++)
            work[i].Node.ReplaceFile(work[i].Name, results[i]);
        target.Overlay(layer);
    }

    /// <summary>
    /// <see cref="MutableTree.Overlay"/> of a stored tree that also counts, as ostree does, each file of a directory that
    /// merges with an existing one as re-stored (<see cref="RepoTransaction.Stats"/>), without reading it.
    /// </summary>
    private static void OverlayStored(RepoTransaction tx, MutableTree node, Checksum tree, Checksum meta)
    {
        var repo = tx.Repository;
        if (node.IsEmptyOrBackedBy(tree))
        {
            node.Overlay(MutableTree.FromTree(repo, tree, meta));
            return;
        }
        node.MetaChecksum = meta;
        var dt = repo.ReadDirTree(tree);
        foreach (var f in dt.Files)
        {
            tx.NoteExisting(f.Checksum, ObjectType.File);
            node.ReplaceFile(f.Name, f.Checksum);
        }
        foreach (var d in dt.Directories)
        {
            if (node.Directories.TryGetValue(d.Name, out var existing))
                OverlayStored(tx, existing, d.TreeChecksum, d.MetaChecksum);
            else
                node.ReplaceDirectory(d.Name, MutableTree.FromTree(repo, d.TreeChecksum, d.MetaChecksum));
        }
    }

    private static Checksum RewriteDirMeta(RepoTransaction tx, Checksum meta, string commitPath, CommitModifier modifier, bool keepXattrs)
    {
        var dm = tx.Repository.ReadDirMeta(meta);
        uint uid = dm.Uid, gid = dm.Gid, mode = dm.Mode;
        modifier.Apply(commitPath, ref uid, ref gid, ref mode);
        return tx.WriteMetadata(ObjectType.DirMeta, DirMetaObject.Serialize(uid, gid, mode, keepXattrs ? dm.Xattrs : XattrSet.Empty));
    }

    /// <summary>bare-user-only repositories force canonical permissions without xattrs.</summary>
    internal static CommitModifier ForRepository(OstreeRepo repo, CommitModifier modifier)
    {
        if (repo.Mode == RepoMode.BareUserOnly && !(modifier.CanonicalPermissions && modifier.SkipXattrs))
        {
            return new CommitModifier
            {
                CanonicalPermissions = true,
                SkipXattrs = true,
                ReadOnlyExecutables = modifier.ReadOnlyExecutables,
                SkipPaths = modifier.SkipPaths,
                SkipHits = modifier.SkipHits,
                StatOverrides = modifier.StatOverrides,
                DevInoCache = modifier.DevInoCache,
                ProcessWhiteouts = modifier.ProcessWhiteouts,
                Consume = modifier.Consume,
            };
        }
        return modifier;
    }

    internal static bool ReadsXattrs(OstreeRepo repo, CommitModifier modifier) =>
        !(modifier.SkipXattrs || modifier.CanonicalPermissions || repo.DisableXattrs);

    private static FileHeader ApplyModifier(FileHeader h, string commitPath, CommitModifier modifier, bool keepXattrs)
    {
        uint uid = h.Uid, gid = h.Gid, mode = h.Mode;
        modifier.Apply(commitPath, ref uid, ref gid, ref mode);
        var xattrs = keepXattrs ? h.Xattrs : XattrSet.Empty;
        return h.IsSymlink
            ? new FileHeader(uid, gid, mode, h.SymlinkTarget, xattrs)
            : new FileHeader(uid, gid, mode, "", xattrs);
    }

    private static FileHeader BuildHeader(string path, string commitPath, FileStatus st, CommitModifier modifier, bool readXattrs)
    {
        uint uid = st.Uid, gid = st.Gid, mode = st.Mode;
        modifier.Apply(commitPath, ref uid, ref gid, ref mode);
        var xattrs = readXattrs ? FileSystem.ReadXattrs(path) : XattrSet.Empty;
        return st.IsSymbolicLink
            ? new FileHeader(uid, gid, mode, FileSystem.ReadLink(path), xattrs)
            : new FileHeader(uid, gid, mode, "", xattrs);
    }

    private static Checksum WriteDirMeta(RepoTransaction tx, string path, string commitPath, FileStatus st, CommitModifier modifier, bool readXattrs)
    {
        uint uid = st.Uid, gid = st.Gid, mode = st.Mode;
        modifier.Apply(commitPath, ref uid, ref gid, ref mode);
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
        // sorts the ref list without removing repeats: both matter for the commit checksum. A bootable commit
        // instead passes all of it through a GVariantDict (hash order, repeats merged), and only then adds the sizes.
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
        if (options.BootableKernelVersion is { } kernel)
        {
            metadata.Add("ostree.bootable", GVariantType.Boolean, GVariantWriter.Serialize(GVariantType.Boolean, w => w.WriteBoolean(true)));
            metadata.AddString("ostree.linux", kernel);
            metadata = GVariantDictOrder.Order(metadata);
        }
        if (options.Sizes is { } sizes)
            CommitSizes.AddTo(metadata, sizes);
        // ostree stores the seconds as uint64 without a range check: a pre-1970 time wraps around, as it does there.
        ulong timestamp = unchecked((ulong)(options.Timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds());
        var commit = CommitObject.Create(metadata, options.Parent, options.Subject, options.Body, timestamp, rootTree, rootMeta);
        return transaction.WriteMetadata(ObjectType.Commit, commit.RawBytes.Span);
    }
}
