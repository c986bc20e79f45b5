namespace OstreeSharp.Commit;

/// <summary>
/// How files are recorded when importing a directory (libostree's "commit modifier"): ownership overrides,
/// permission canonicalisation, xattr handling.
/// </summary>
public sealed class CommitModifier
{
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

    /// <summary>The default: record what is on disk.</summary>
    public static CommitModifier Default { get; } = new();
}
