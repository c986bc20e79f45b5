namespace OstreeSharp.Diff;

/// <summary>How filesystem directories are read for <see cref="TreeDiff.Compare"/>.</summary>
public sealed class TreeDiffOptions
{
    /// <summary>Read extended attributes of filesystem entries (ostree: unless <c>--no-xattrs</c>).</summary>
    public bool ReadXattrs { get; init; } = true;

    /// <summary>Owner uid assumed for the entries of the <b>second</b> tree when it is a directory (<c>--owner-uid</c>).</summary>
    public uint? OwnerUid { get; init; }

    /// <summary>Owner gid assumed for the entries of the <b>second</b> tree when it is a directory (<c>--owner-gid</c>).</summary>
    public uint? OwnerGid { get; init; }
}
