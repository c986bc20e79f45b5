namespace OstreeSharp.Verification;

/// <summary>Options for <see cref="RepoFsck.Run"/>.</summary>
public sealed class FsckOptions
{
    /// <summary>Keep going after the first corrupt object (<c>ostree fsck -a</c>) instead of stopping.</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>Delete corrupt objects (<c>--delete</c>) and mark affected commits partial.</summary>
    public bool DeleteCorrupt { get; init; }
}
