using OstreeSharp.Commit;

namespace OstreeSharp.Archive;

/// <summary>Options of <see cref="TarImporter"/> (<c>ostree commit --tree=tar=</c>).</summary>
public sealed class TarImportOptions
{
    /// <summary>
    /// Create missing parent directories (mode 0755, no xattrs, the owner of the entry that needs them — whatever the
    /// modifier says) instead of failing (<c>--tar-autocreate-parents</c>); as in ostree, every existing ancestor of that
    /// entry, up to and including the root (even one set by a <c>./</c> entry), gets the same metadata. The root is
    /// created this way too when the archive has no <c>./</c> entry.
    /// </summary>
    public bool AutoCreateParents { get; init; }

    /// <summary>Rewrites path names before they are used (<c>--tar-pathname-filter</c>).</summary>
    public TarPathnameFilter? PathnameFilter { get; init; }

    /// <summary>Ownership/mode/xattr handling, skip list, stat overrides and whiteouts; null for the default.
    /// (<see cref="CommitModifier.Consume"/> and <see cref="CommitModifier.DevInoCache"/> do not apply to archives.)</summary>
    public CommitModifier? Modifier { get; init; }
}
