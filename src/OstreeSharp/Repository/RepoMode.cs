namespace OstreeSharp.Repository;

/// <summary>How a repository stores content objects (<c>core.mode</c>, spec §2.3).</summary>
public enum RepoMode
{
    /// <summary><c>bare</c>: files with real owner, mode and xattrs; needs root to write.</summary>
    Bare,

    /// <summary><c>archive-z2</c> (alias <c>archive</c>): compressed <c>.filez</c> objects, servable over HTTP.</summary>
    Archive,

    /// <summary><c>bare-user</c>: plain files owned by the writer, metadata in the <c>user.ostreemeta</c> xattr.</summary>
    BareUser,

    /// <summary><c>bare-user-only</c>: plain files, no owner or xattrs stored (for unprivileged checkouts).</summary>
    BareUserOnly,

    /// <summary><c>bare-split-xattrs</c>: like bare-user with xattrs in separate objects (read only here).</summary>
    BareSplitXattrs,
}
