namespace OstreeSharp.Commit;

/// <summary>
/// How files are recorded when importing a directory or a tar archive (libostree's "commit modifier"): ownership
/// overrides, permission canonicalisation, xattr handling, skip list, stat overrides, the devino cache.
/// Paths given to the path-based options are absolute within the commit (<c>/usr/bin/sh</c>; the root is <c>/</c>).
/// </summary>
public sealed class CommitModifier
{
    private const uint TypeMask = 0xF000;
    private const uint RegularType = 0x8000;
    private const uint CanonicalFileMask = 0x81ED; // 0100755
    private const uint CanonicalDirMask = 0x41ED;  // 040755

    /// <summary>Do not record xattrs (<c>--no-xattrs</c>).</summary>
    public bool SkipXattrs { get; init; }

    /// <summary>
    /// uid/gid 0, modes masked to 0755 (files and directories) and no xattrs (<c>--canonical-permissions</c>;
    /// always on for bare-user-only repositories). <see cref="OwnerUid"/> and <see cref="OwnerGid"/> are ignored
    /// then, as libostree ignores them in bare-user-only repositories.
    /// </summary>
    public bool CanonicalPermissions { get; init; }

    /// <summary>Record this uid for every file and directory (<c>--owner-uid</c>).</summary>
    public uint? OwnerUid { get; init; }

    /// <summary>Record this gid for every file and directory (<c>--owner-gid</c>).</summary>
    public uint? OwnerGid { get; init; }

    /// <summary>Clear the write bits of regular files that have an execute bit (<c>--mode-ro-executables</c>).</summary>
    public bool ReadOnlyExecutables { get; init; }

    /// <summary>Paths to leave out, with everything below them (<c>--skip-list</c>), each once (<see cref="IsSkipped"/>).</summary>
    public IReadOnlySet<string>? SkipPaths { get; init; }

    /// <summary>Per-path mode changes (<c>--statoverride</c>; see <see cref="StatOverrideTable.Apply"/> for which entries apply to later layers).</summary>
    public StatOverrideTable? StatOverrides { get; init; }

    /// <summary>
    /// (device, inode) → object map of a bare or bare-user repository (<c>--link-checkout-speedup</c>): a file that
    /// is a hard link to a known object takes that object's metadata and checksum without its content being read.
    /// </summary>
    public DevInoCache? DevInoCache { get; init; }

    /// <summary>
    /// Treat OCI/overlayfs whiteouts in the imported tree as deletions from the tree below it: <c>.wh.NAME</c>
    /// removes NAME, <c>.wh..wh..opq</c> empties its directory of lower entries; neither is recorded
    /// (ostree-sharp's <c>--process-whiteouts</c>; ostree has no equivalent).
    /// </summary>
    public bool ProcessWhiteouts { get; init; }

    /// <summary>Delete each source file once it is stored, and each source directory once emptied (<c>--consume</c>;
    /// directory imports only).</summary>
    public bool Consume { get; init; }

    /// <summary>The default: record what is on disk.</summary>
    public static CommitModifier Default { get; } = new();

    /// <summary>True if the modifier can change ownership or modes of a file other than through <see cref="CanonicalPermissions"/>.</summary>
    internal bool ChangesMetadata => OwnerUid is not null || OwnerGid is not null || ReadOnlyExecutables || StatOverrides is not null || CanonicalPermissions || SkipXattrs;

    /// <summary>
    /// True if layering an existing tree (<see cref="CommitWriter.ImportTree"/>, <c>--tree=ref=</c>) with this modifier
    /// must rewrite that tree: the modifier changes metadata or leaves paths out. Otherwise the tree is reused as it is.
    /// </summary>
    public bool RewritesExistingTrees => ChangesMetadata || SkipPaths is not null;

    /// <summary>Skip-list paths matched so far (shared with copies made for a repository mode).</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, bool> SkipHits { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// True if <paramref name="path"/> is to be left out (the path is then recorded as matched). As in ostree, each
    /// listed path is skipped once: the first entry with that path (in the first <c>--tree</c> layer that has it) is
    /// left out, later ones are kept.
    /// </summary>
    public bool IsSkipped(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (SkipPaths is not { } s || !s.Contains(path))
            return false;
        return SkipHits.TryAdd(path, true);
    }

    /// <summary>Paths of <see cref="SkipPaths"/> that no imported entry matched so far, in ordinal order (ostree
    /// fails the commit when there are any).</summary>
    public IReadOnlyList<string> UnmatchedSkipPaths =>
        SkipPaths is { } s ? [.. s.Where(p => !SkipHits.ContainsKey(p)).Order(StringComparer.Ordinal)] : [];

    /// <summary>
    /// Applies ownership overrides, <see cref="ReadOnlyExecutables"/>, <see cref="StatOverrides"/> and
    /// <see cref="CanonicalPermissions"/>, in that order, to what would be recorded for <paramref name="path"/>.
    /// </summary>
    /// <param name="path">Absolute path inside the commit.</param>
    /// <param name="uid">Owner, replaced in place.</param>
    /// <param name="gid">Group, replaced in place.</param>
    /// <param name="mode">Full mode (type and permission bits), replaced in place.</param>
    public void Apply(string path, ref uint uid, ref uint gid, ref uint mode)
    {
        ArgumentNullException.ThrowIfNull(path);
        uid = OwnerUid ?? uid;
        gid = OwnerGid ?? gid;
        bool regular = (mode & TypeMask) == RegularType;
        if (ReadOnlyExecutables && regular && (mode & 0x49) != 0)
            mode &= ~0x92u;
        if (StatOverrides is { } so)
            mode = so.Apply(path, mode);
        if (CanonicalPermissions)
        {
            uid = 0;
            gid = 0;
            if (regular)
                mode &= CanonicalFileMask;
            else if ((mode & TypeMask) == 0x4000)
                mode &= CanonicalDirMask;
        }
    }
}
