using OstreeSharp.Commit;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Archive;

/// <summary>
/// Imports a tar archive into a <see cref="MutableTree"/>, as <c>ostree commit --tree=tar=</c> does: entries overlay
/// the tree in archive order (a later entry replaces an earlier one), ownership, modes and xattrs (PAX
/// <c>SCHILY.xattr.*</c> / <c>LIBARCHIVE.xattr.*</c>; recorded in reverse archive order, as libarchive hands them to ostree) come from the archive, hard links are resolved at the end
/// against the composed tree, and the root's metadata comes from the <c>./</c> entry. The archive is read once,
/// streaming; memory is bounded by the tree's entry count, never by file sizes.
/// </summary>
public static class TarImporter
{
    private const uint DirType = 0x4000;
    private const uint RegularType = 0x8000;
    private const uint SymlinkType = 0xA000;

    /// <summary>Opens <paramref name="path"/> (<c>-</c> for standard input) and imports it; see <see cref="Import"/>.</summary>
    /// <exception cref="FileNotFoundException">The archive does not exist.</exception>
    public static void ImportFile(RepoTransaction transaction, MutableTree target, string path, TarImportOptions? options = null,
        IProgress<CommitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using Stream source = path == "-" ? Console.OpenStandardInput() : OpenArchive(path);
        Import(transaction, target, source, options, progress, cancellationToken);
    }

    private static FileStream OpenArchive(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new FileNotFoundException($"archive_read_open_filename: Failed to open '{Path.GetFullPath(path)}'", path, e);
        }
    }

    /// <summary>
    /// Imports the (optionally gzip/xz/bzip2-compressed) tar stream <paramref name="archive"/> into <paramref name="target"/>,
    /// writing content and dirmeta objects to <paramref name="transaction"/>.
    /// </summary>
    /// <exception cref="TarFormatException">The archive is malformed or cannot be represented: a device or FIFO, a
    /// missing parent directory, a <c>..</c> component, a hard link to nothing, a file replacing a directory (the
    /// messages are ostree's).</exception>
    public static void Import(RepoTransaction transaction, MutableTree target, Stream archive, TarImportOptions? options = null,
        IProgress<CommitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(archive);
        options ??= new TarImportOptions();
        var repo = transaction.Repository;
        var modifier = CommitWriter.ForRepository(repo, options.Modifier ?? CommitModifier.Default);
        // Unlike a directory import, ostree keeps an archive's xattrs under --canonical-permissions.
        bool keepXattrs = !(modifier.SkipXattrs || repo.DisableXattrs);

        var hardlinks = new List<(MutableTree Parent, string Name, string Target)>();
        var added = new Dictionary<MutableTree, HashSet<string>>(ReferenceEqualityComparer.Instance);
        long files = 0, bytes = 0;

        using var reader = new TarArchiveReader(TarDecompression.Open(archive, leaveOpen: true));
        while (reader.ReadNext() is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var components = Normalize(entry.Name);
            if (options.PathnameFilter is { } filter)
            {
                // ostree matches a directory entry's path with its trailing slash.
                string joined = string.Join('/', components);
                if (entry.Type == TarArchiveEntryType.Directory && joined.Length > 0)
                    joined += "/";
                components = Normalize(filter.Apply(joined));
            }
            string commitPath = "/" + string.Join('/', components);
            // Only the listed entry is left out: as in ostree, a later entry below a skipped directory has no parent.
            if (components.Length > 0 && modifier.IsSkipped(commitPath))
                continue;

            if (components.Length == 0)
            {
                if (entry.Type == TarArchiveEntryType.Directory)
                {
                    target.MetaChecksum = WriteDirMeta(transaction, entry, commitPath, modifier, keepXattrs);
                }
                continue;
            }

            var parent = target;
            // When an entry needs parents created, ostree gives the created directories, and every existing ancestor
            // up to the root as well, mode 0755 and the entry's owner without xattrs.
            Checksum? createdMeta = null;
            Checksum CreatedMeta() => createdMeta ??= transaction.WriteMetadata(ObjectType.DirMeta, DirMetaObject.Serialize(entry.Uid, entry.Gid, DirType | 0x1ED, XattrSet.Empty));
            bool created = false;
            if (parent.MetaChecksum is null && options.AutoCreateParents)
            {
                parent.MetaChecksum = CreatedMeta();
                created = true;
            }
            for (int i = 0; i < components.Length - 1; i++)
            {
                string c = components[i];
                if (parent.Directories.TryGetValue(c, out var sub))
                {
                    parent = sub;
                }
                else if (options.AutoCreateParents && !parent.Files.ContainsKey(c))
                {
                    parent = parent.EnsureDirectory(c, CreatedMeta());
                    created = true;
                    MarkAdded(added, parent, c);
                }
                else
                {
                    throw new TarFormatException($"No such file or directory: {c}");
                }
            }
            if (created)
            {
                // Every directory on the path exists now: walk it again from the root.
                var ancestor = target;
                ancestor.MetaChecksum = CreatedMeta();
                foreach (string c in components.AsSpan(0, components.Length - 1))
                {
                    ancestor = ancestor.Directories[c];
                    ancestor.MetaChecksum = CreatedMeta();
                }
            }
            string name = components[^1];

            if (modifier.ProcessWhiteouts)
            {
                bool charWhiteout = entry.Type == TarArchiveEntryType.CharacterDevice && entry.Size == 0 && IsZeroDevice(entry);
                if (Whiteouts.TryParse(name, out var victim))
                {
                    if (victim is null)
                    {
                        added.TryGetValue(parent, out var mine);
                        foreach (var f in parent.Files.Keys.ToArray())
                        {
                            if (mine is null || !mine.Contains(f))
                                parent.Remove(f);
                        }
                        foreach (var d in parent.Directories.Keys.ToArray())
                        {
                            if (mine is null || !mine.Contains(d))
                                parent.Remove(d);
                        }
                    }
                    else if (!(added.TryGetValue(parent, out var mine) && mine.Contains(victim)))
                    {
                        parent.Remove(victim);
                    }
                    continue;
                }
                if (charWhiteout)
                {
                    parent.Remove(name);
                    continue;
                }
            }

            switch (entry.Type)
            {
                case TarArchiveEntryType.Directory:
                {
                    if (parent.Files.ContainsKey(name))
                        throw new TarFormatException($"Can't replace file with directory: {name}");
                    var meta = WriteDirMeta(transaction, entry, commitPath, modifier, keepXattrs);
                    parent.EnsureDirectory(name, meta).MetaChecksum = meta;
                    break;
                }
                case TarArchiveEntryType.RegularFile:
                case TarArchiveEntryType.SymbolicLink:
                {
                    if (parent.Directories.ContainsKey(name))
                        throw new TarFormatException($"ostree-tar: Failed to handle file: ostree-tar: Failed to import file: Can't replace directory with file: {name}");
                    bool symlink = entry.Type == TarArchiveEntryType.SymbolicLink;
                    // A symlink needs a target without NUL (a PAX linkpath may hold any byte but newline).
                    if (symlink && (entry.LinkName.Length == 0 || entry.LinkName.Contains('\0', StringComparison.Ordinal)))
                        throw new TarFormatException($"ostree-tar: Failed to handle file: Invalid symlink target for {name}");
                    uint uid = entry.Uid, gid = entry.Gid, mode = (symlink ? SymlinkType : RegularType) | entry.Mode;
                    modifier.Apply(commitPath, ref uid, ref gid, ref mode);
                    var xattrs = keepXattrs ? XattrSet.FromStoredOrder(entry.Xattrs.Reverse()) : XattrSet.Empty;
                    var header = new FileHeader(uid, gid, mode, symlink ? entry.LinkName : "", xattrs);
                    var checksum = symlink
                        ? transaction.WriteContent(header, ReadOnlySpan<byte>.Empty)
                        : transaction.WriteContent(header, reader.DataStream, (ulong)entry.Size);
                    parent.ReplaceFile(name, checksum);
                    files++;
                    bytes += entry.Size;
                    progress?.Report(new CommitProgress(files, files, bytes, bytes) { BytesHashed = bytes });
                    break;
                }
                case TarArchiveEntryType.HardLink:
                {
                    var linkComponents = Normalize(entry.LinkName);
                    if (options.PathnameFilter is { } f)
                        linkComponents = Normalize(f.Apply(string.Join('/', linkComponents)));
                    hardlinks.Add((parent, name, string.Join('/', linkComponents)));
                    break;
                }
                default:
                    throw new TarFormatException($"Unsupported file type for path \"{string.Join('/', components)}\"");
            }
            MarkAdded(added, parent, name);
        }

        foreach (var (parent, name, linkTarget) in hardlinks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var checksum = ResolveHardlink(target, linkTarget);
            if (parent.Directories.ContainsKey(name))
                throw new TarFormatException($"ostree-tar: Failed to handle file: ostree-tar: Failed to import file: Can't replace directory with file: {name}");
            parent.ReplaceFile(name, checksum);
        }
    }

    private static bool IsZeroDevice(TarArchiveEntry entry) => entry.DeviceMajor == 0 && entry.DeviceMinor == 0;

    private static void MarkAdded(Dictionary<MutableTree, HashSet<string>> added, MutableTree parent, string name)
    {
        if (!added.TryGetValue(parent, out var set))
            added[parent] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(name);
    }

    private static Checksum ResolveHardlink(MutableTree root, string linkTarget)
    {
        string Prefix() => $"ostree-tar: Processing deferred hardlink {linkTarget}: Failed to find object: ";
        var parts = linkTarget.Length == 0 ? [] : linkTarget.Split('/');
        var node = root;
        for (int i = 0; i < parts.Length; i++)
        {
            if (i == parts.Length - 1 && node.Files.TryGetValue(parts[i], out var checksum))
                return checksum;
            if (!node.Directories.TryGetValue(parts[i], out var sub))
                throw new TarFormatException(Prefix() + $"No such file or directory: {linkTarget}");
            node = sub;
        }
        throw new TarFormatException(Prefix() + $"Expected hardlink file target at \"{linkTarget}\" but found a directory");
    }

    private static Checksum WriteDirMeta(RepoTransaction tx, TarArchiveEntry entry, string commitPath, CommitModifier modifier, bool keepXattrs)
    {
        uint uid = entry.Uid, gid = entry.Gid, mode = DirType | entry.Mode;
        modifier.Apply(commitPath, ref uid, ref gid, ref mode);
        var xattrs = keepXattrs ? XattrSet.FromStoredOrder(entry.Xattrs.Reverse()) : XattrSet.Empty;
        return tx.WriteMetadata(ObjectType.DirMeta, DirMetaObject.Serialize(uid, gid, mode, xattrs));
    }

    /// <summary>Splits a tar path into components: leading and repeated slashes and <c>.</c> components vanish;
    /// <c>..</c> is refused.</summary>
    internal static string[] Normalize(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int n = 0;
        foreach (var p in parts)
        {
            if (p == ".")
                continue;
            if (p == "..")
                throw new TarFormatException($"While making relative path \"{path}\":Invalid uplink '..' in path {path}");
            if (p.Contains('\0', StringComparison.Ordinal))
                throw new TarFormatException($"Invalid NUL in path {path}");
            parts[n++] = p;
        }
        return parts[..n];
    }
}
