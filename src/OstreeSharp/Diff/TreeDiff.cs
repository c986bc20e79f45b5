using OstreeSharp.Maintenance;
using OstreeSharp.Native;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Diff;

/// <summary>
/// Compares two trees like <c>ostree diff</c>: commits are compared by the checksums recorded in their dirtrees
/// (identical subtrees are skipped without reading them); directories on disk are hashed as a commit would hash
/// them (owner, mode, xattrs, content), lazily and only where a same-named entry exists on the other side.
/// </summary>
/// <remarks>
/// Rules (✅ ostree 2022.7): the roots themselves are never reported; a directory whose metadata differs is reported
/// as modified and still descended into; a type change (file ↔ directory ↔ symlink) is a single modification;
/// children are visited in dirtree order (files, then directories) for commits and in directory-listing order on
/// disk.
/// </remarks>
public static class TreeDiff
{
    /// <summary>Compares <paramref name="a"/> (old) with <paramref name="b"/> (new).</summary>
    public static TreeDiffResult Compare(DiffTree a, DiffTree b, TreeDiffOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        options ??= new TreeDiffOptions();
        var state = new State(options, cancellationToken);
        var rootA = Root(a, options, false);
        var rootB = Root(b, options, true);
        DiffDirectories(rootA, rootB, state, 0);
        return new TreeDiffResult(state.Modified, state.Removed, state.Added);
    }

    /// <summary>Counts the objects reachable from two commits and what they share (<c>ostree diff --stats</c>).</summary>
    public static DiffStats ComputeStats(OstreeRepo repo, Checksum a, Checksum b, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var setA = ReachabilityWalker.Walk(repo, [new ReachabilityRoot(a, 0)], cancellationToken: cancellationToken);
        var setB = ReachabilityWalker.Walk(repo, [new ReachabilityRoot(b, 0)], cancellationToken: cancellationToken);
        long common = 0, size = 0;
        foreach (var name in setA.ToList())
        {
            if (!setB.Contains(name))
                continue;
            common++;
            if (FileSystem.TryLstat(repo.GetObjectPath(name), out var st))
                size += st.Size;
        }
        return new DiffStats(setA.Count, setB.Count, common, size);
    }

    private sealed class State(TreeDiffOptions options, CancellationToken cancellationToken)
    {
        public List<TreeDiffEntry> Modified { get; } = [];
        public List<TreeDiffEntry> Removed { get; } = [];
        public List<TreeDiffEntry> Added { get; } = [];
        public TreeDiffOptions Options { get; } = options;
        public CancellationToken CancellationToken { get; } = cancellationToken;
    }

    private static Node Root(DiffTree tree, TreeDiffOptions options, bool isTarget)
    {
        if (tree.Repository is { } repo)
        {
            var commit = repo.ReadCommit(tree.Commit);
            return new RepoNode(repo, "", "/", true, commit.RootTree, commit.RootMeta);
        }
        string dir = Path.GetFullPath(tree.Directory!);
        if (dir.Length > 1)
            dir = dir.TrimEnd('/');
        if (!FileStatus.TryLstat(dir, out var st))
            throw new IOException($"Error when getting information for file \u201c{dir}\u201d: No such file or directory");
        return new LocalNode(dir, "", "", st, options.ReadXattrs, isTarget ? options.OwnerUid : null, isTarget ? options.OwnerGid : null);
    }

    private static void DiffDirectories(Node a, Node b, State state, int depth)
    {
        state.CancellationToken.ThrowIfCancellationRequested();
        if (depth > ReadLimits.Trusted.MaxTreeDepth)
            throw new OstreeDataException($"Tree nested deeper than {ReadLimits.Trusted.MaxTreeDepth} levels");
        if (!b.IsDirectory && b is LocalNode lb)
        {
            var first = a.Children().FirstOrDefault();
            if (first is null)
                return;
            throw new IOException($"Error when getting information for file \u201c{lb.FullPath}/{first.Name}\u201d: Not a directory");
        }
        var childrenB = b.Children();
        var byName = new Dictionary<string, Node>(childrenB.Count, StringComparer.Ordinal);
        foreach (var c in childrenB)
            byName[c.Name] = c;
        var namesA = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ca in a.Children())
        {
            namesA.Add(ca.Name);
            if (!byName.TryGetValue(ca.Name, out var cb))
            {
                state.Removed.Add(new TreeDiffEntry(DiffChangeKind.Removed, ca.Path));
            }
            else if (ca.IsDirectory && cb.IsDirectory)
            {
                if (ca.MetaChecksum != cb.MetaChecksum)
                    state.Modified.Add(new TreeDiffEntry(DiffChangeKind.Modified, ca.Path));
                if (ca.TreeChecksum is null || cb.TreeChecksum is null || ca.TreeChecksum != cb.TreeChecksum)
                    DiffDirectories(ca, cb, state, depth + 1);
            }
            else if (ca.IsDirectory != cb.IsDirectory || ca.ContentChecksum != cb.ContentChecksum)
            {
                state.Modified.Add(new TreeDiffEntry(DiffChangeKind.Modified, ca.Path));
            }
        }
        foreach (var cb in childrenB)
        {
            if (!namesA.Contains(cb.Name))
                AddAll(cb, state, depth + 1);
        }
    }

    private static void AddAll(Node node, State state, int depth)
    {
        state.CancellationToken.ThrowIfCancellationRequested();
        if (depth > ReadLimits.Trusted.MaxTreeDepth)
            throw new OstreeDataException($"Tree nested deeper than {ReadLimits.Trusted.MaxTreeDepth} levels");
        state.Added.Add(new TreeDiffEntry(DiffChangeKind.Added, node.Path));
        if (!node.IsDirectory)
            return;
        foreach (var c in node.Children())
            AddAll(c, state, depth + 1);
    }

    /// <summary>An entry of either kind of tree.</summary>
    private abstract class Node(string name, string path, bool isDirectory)
    {
        public string Name { get; } = name;

        public string Path { get; } = path;

        public bool IsDirectory { get; } = isDirectory;

        /// <summary>The dirtree checksum when known without reading (commits only).</summary>
        public abstract Checksum? TreeChecksum { get; }

        public abstract Checksum MetaChecksum { get; }

        public abstract Checksum ContentChecksum { get; }

        public abstract IReadOnlyList<Node> Children();

        protected static string ChildPath(string parent, string name, bool rooted) =>
            rooted ? (parent == "/" ? "/" + name : parent + "/" + name) : parent.Length == 0 ? name : parent + "/" + name;
    }

    private sealed class InodeOrder : IComparer<LocalNode>
    {
        public static readonly InodeOrder Instance = new();

        public int Compare(LocalNode? x, LocalNode? y) => x!.Inode.CompareTo(y!.Inode);
    }

    private sealed class RepoNode(OstreeRepo repo, string name, string path, bool isDirectory, Checksum checksum, Checksum meta)
        : Node(name, path, isDirectory)
    {
        public override Checksum? TreeChecksum => IsDirectory ? checksum : null;

        public override Checksum MetaChecksum => meta;

        public override Checksum ContentChecksum => checksum;

        public override IReadOnlyList<Node> Children()
        {
            var dt = repo.ReadDirTree(checksum);
            var list = new List<Node>(dt.Files.Count + dt.Directories.Count);
            foreach (var f in dt.Files)
                list.Add(new RepoNode(repo, f.Name, ChildPath(Path, f.Name, true), false, f.Checksum, default));
            foreach (var d in dt.Directories)
                list.Add(new RepoNode(repo, d.Name, ChildPath(Path, d.Name, true), true, d.TreeChecksum, d.MetaChecksum));
            return list;
        }
    }

    private sealed class LocalNode(string fullPath, string name, string path, FileStatus st, bool readXattrs, uint? ownerUid, uint? ownerGid)
        : Node(name, path, st.IsDirectory)
    {
        private const int EnumeratorChunkSize = 1000;

        private Checksum? _checksum;

        public string FullPath => fullPath;

        public ulong Inode => st.Ino;

        public override Checksum? TreeChecksum => null;

        public override Checksum MetaChecksum => IsDirectory ? _checksum ??= ComputeMeta() : default;

        public override Checksum ContentChecksum => IsDirectory ? default : _checksum ??= ComputeContent();

        private uint Uid => ownerUid ?? st.Uid;

        private uint Gid => ownerGid ?? st.Gid;

        private XattrSet Xattrs => readXattrs ? FileSystem.ReadXattrs(fullPath) : XattrSet.Empty;

        private Checksum ComputeMeta() => Checksum.Compute(DirMetaObject.Serialize(Uid, Gid, st.Mode, Xattrs));

        private Checksum ComputeContent()
        {
            if (st.IsSymbolicLink)
                return ContentHasher.Compute(new FileHeader(Uid, Gid, st.Mode, FileSystem.ReadLink(fullPath), Xattrs), ReadOnlySpan<byte>.Empty);
            var header = new FileHeader(Uid, Gid, st.Mode, "", Xattrs);
            if (!st.IsRegularFile)
                return ContentHasher.Compute(header, ReadOnlySpan<byte>.Empty);
            using var stream = new FileStream(NativeFile.OpenRead(fullPath), FileAccess.Read, 64 * 1024);
            return ContentHasher.Compute(header, stream);
        }

        public override IReadOnlyList<Node> Children()
        {
            if (!IsDirectory)
                throw new IOException($"Error when getting information for file \u201c{fullPath}/\u2026\u201d: Not a directory");
            var list = new List<LocalNode>();
            foreach (string child in System.IO.Directory.EnumerateFileSystemEntries(fullPath, "*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false }))
            {
                string childName = System.IO.Path.GetFileName(child);
                var cst = FileStatus.Lstat(child);
                list.Add(new LocalNode(child, childName, ChildPath(Path, childName, false), cst, readXattrs, ownerUid, ownerGid));
            }
            // GLib's local enumerator (which ostree uses) reads the directory in chunks of 1000 entries and hands each
            // chunk out sorted by inode number (✅ observed with ostree 2022.7).
            for (int start = 0; start < list.Count; start += EnumeratorChunkSize)
                list.Sort(start, Math.Min(EnumeratorChunkSize, list.Count - start), InodeOrder.Instance);
            return list;
        }
    }
}
