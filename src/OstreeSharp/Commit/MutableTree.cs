using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Commit;

/// <summary>
/// An in-memory directory tree being composed for a commit: files (name → content checksum) and subdirectories,
/// each with a dirmeta checksum. A tree can start from an existing dirtree (<see cref="FromTree"/>), which is only
/// read when something below it changes, so layering files onto a large base commit does not re-hash the base.
/// Not thread-safe.
/// </summary>
public sealed class MutableTree
{
    private OstreeRepo? _lazyRepo;
    private Checksum? _lazyTree;
    private SortedDictionary<string, Checksum>? _files;
    private SortedDictionary<string, MutableTree>? _dirs;

    /// <summary>Creates an empty tree (its dirmeta must be set before writing).</summary>
    public MutableTree() { }

    private MutableTree(OstreeRepo repo, Checksum tree, Checksum meta)
    {
        _lazyRepo = repo;
        _lazyTree = tree;
        MetaChecksum = meta;
    }

    /// <summary>A tree backed by an existing dirtree/dirmeta pair in <paramref name="repo"/>.</summary>
    public static MutableTree FromTree(OstreeRepo repo, Checksum tree, Checksum meta)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return new MutableTree(repo, tree, meta);
    }

    /// <summary>The dirmeta checksum of this directory.</summary>
    public Checksum? MetaChecksum { get; set; }

    /// <summary>
    /// The dirtree checksum while this directory is still backed, unread, by the dirtree it was created from
    /// (<see cref="FromTree"/>); null once its entries have been read or changed.
    /// </summary>
    public Checksum? CachedTreeChecksum => _files is null ? _lazyTree : null;

    /// <summary>The dirtree checksum this node was created from or last written as (null if never written).</summary>
    internal Checksum? TreeChecksum => _lazyTree;

    /// <summary>True once the entries are in memory (the node was read or changed).</summary>
    internal bool IsExpanded => _files is not null;

    private void Expand()
    {
        if (_files is not null)
            return;
        _files = new SortedDictionary<string, Checksum>(Utf8NameComparer.Instance);
        _dirs = new SortedDictionary<string, MutableTree>(Utf8NameComparer.Instance);
        if (_lazyTree is { } t && _lazyRepo is not null)
        {
            var dt = _lazyRepo.ReadDirTree(t);
            foreach (var f in dt.Files)
                _files[f.Name] = f.Checksum;
            foreach (var d in dt.Directories)
                _dirs[d.Name] = new MutableTree(_lazyRepo, d.TreeChecksum, d.MetaChecksum);
        }
    }

    private void Modified()
    {
        Expand();
        _lazyTree = null;
    }

    /// <summary>Files in this directory, sorted by name.</summary>
    public IReadOnlyDictionary<string, Checksum> Files
    {
        get
        {
            Expand();
            return _files!;
        }
    }

    /// <summary>Subdirectories, sorted by name.</summary>
    public IReadOnlyDictionary<string, MutableTree> Directories
    {
        get
        {
            Expand();
            return _dirs!;
        }
    }

    /// <summary>Adds or replaces a file (a directory of the same name is removed).</summary>
    public void ReplaceFile(string name, Checksum content)
    {
        ValidateName(name);
        Modified();
        _dirs!.Remove(name);
        _files![name] = content;
    }

    /// <summary>Returns the subdirectory <paramref name="name"/>, creating it (and removing a file of that name).</summary>
    public MutableTree EnsureDirectory(string name, Checksum? metaIfCreated = null)
    {
        ValidateName(name);
        Expand();
        if (_dirs!.TryGetValue(name, out var existing))
            return existing;
        Modified();
        _files!.Remove(name);
        var dir = new MutableTree { MetaChecksum = metaIfCreated };
        _dirs[name] = dir;
        return dir;
    }

    /// <summary>Replaces the subdirectory <paramref name="name"/> with <paramref name="tree"/>.</summary>
    public void ReplaceDirectory(string name, MutableTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ValidateName(name);
        Modified();
        _files!.Remove(name);
        _dirs![name] = tree;
    }

    /// <summary>Removes a file or directory; true if something was removed.</summary>
    public bool Remove(string name)
    {
        Expand();
        if (!_files!.ContainsKey(name) && !_dirs!.ContainsKey(name))
            return false;
        Modified();
        return _files.Remove(name) | _dirs!.Remove(name);
    }

    /// <summary>Removes every entry (the directory keeps its dirmeta); used for opaque whiteouts.</summary>
    public void Clear()
    {
        Modified();
        _files!.Clear();
        _dirs!.Clear();
    }

    /// <summary>
    /// Applies an OCI/overlayfs whiteout named <paramref name="whiteoutName"/> (<see cref="Whiteouts"/>) to this
    /// directory: <c>.wh.NAME</c> removes NAME, <c>.wh..wh..opq</c> removes everything. Returns false if the name is
    /// not a whiteout.
    /// </summary>
    public bool ApplyWhiteout(string whiteoutName)
    {
        ArgumentNullException.ThrowIfNull(whiteoutName);
        if (!Whiteouts.TryParse(whiteoutName, out var target))
            return false;
        if (target is null)
            Clear();
        else
            Remove(target);
        return true;
    }

    /// <summary>
    /// Overlays <paramref name="source"/> onto this tree: its files replace files of the same name, its directories
    /// merge recursively, and its dirmeta wins (how <c>ostree commit --tree=A --tree=B</c> composes trees).
    /// Subtrees that exist only in <paramref name="source"/> are attached without being read.
    /// </summary>
    public void Overlay(MutableTree source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.MetaChecksum is { } meta)
            MetaChecksum = meta;
        if (source._files is null && source._lazyTree is { } sourceTree && source._lazyRepo is not null)
        {
            // An unread source over an empty directory, or over the same unread dirtree, is taken as it is: the
            // result stays backed by the source's dirtree and nothing below it is read (nor its dirtree rewritten).
            if (IsEmptyOrBackedBy(sourceTree))
            {
                _lazyRepo = source._lazyRepo;
                _lazyTree = sourceTree;
                _files = null;
                _dirs = null;
                return;
            }
        }
        foreach (var (name, checksum) in source.Files)
            ReplaceFile(name, checksum);
        foreach (var (name, sub) in source.Directories)
        {
            Expand();
            if (_dirs!.TryGetValue(name, out var existing))
            {
                Modified();
                existing.Overlay(sub);
            }
            else
            {
                ReplaceDirectory(name, sub);
            }
        }
    }

    /// <summary>True if this directory has no entries, or is still backed, unread, by <paramref name="tree"/>.</summary>
    internal bool IsEmptyOrBackedBy(Checksum tree) =>
        _files is null ? _lazyTree is null || _lazyTree == tree : _files.Count == 0 && _dirs!.Count == 0;

    /// <summary>Walks a relative path of directories, creating them with <paramref name="meta"/> as needed.</summary>
    public MutableTree EnsureParents(IEnumerable<string> components, Checksum meta)
    {
        ArgumentNullException.ThrowIfNull(components);
        var node = this;
        foreach (var c in components)
            node = node.EnsureDirectory(c, meta);
        return node;
    }

    private static void ValidateName(string name)
    {
        if (DirTreeObject.ValidateName(name) is { } error)
            throw new ArgumentException(error, nameof(name));
    }

    /// <summary>
    /// Writes every changed dirtree (bottom up) into <paramref name="transaction"/> and returns the root's
    /// dirtree and dirmeta checksums.
    /// </summary>
    /// <exception cref="InvalidOperationException">A directory has no dirmeta.</exception>
    public (Checksum Tree, Checksum Meta) Write(RepoTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var meta = MetaChecksum ?? throw new InvalidOperationException("A directory in the tree has no metadata (dirmeta).");
        // Only a directory that was never opened can reuse its dirtree: once expanded, a change anywhere below
        // (a file, a subdirectory's dirmeta) may have happened without this node being told.
        if (_files is null && _lazyTree is { } cached)
            return (cached, meta);
        Expand();
        var dirs = new List<DirTreeDirectory>(_dirs!.Count);
        foreach (var (name, sub) in _dirs)
        {
            var (t, m) = sub.Write(transaction);
            dirs.Add(new DirTreeDirectory(name, t, m));
        }
        var files = _files!.Select(kv => new DirTreeFile(kv.Key, kv.Value));
        var tree = DirTreeObject.Create(files, dirs);
        var checksum = transaction.WriteMetadata(ObjectType.DirTree, tree.RawBytes.Span);
        _lazyTree = checksum;
        return (checksum, meta);
    }
}
