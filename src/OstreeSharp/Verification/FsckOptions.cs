namespace OstreeSharp.Verification;

/// <summary>Options for <see cref="RepoFsck.Run"/>.</summary>
public sealed class FsckOptions
{
    /// <summary>Keep going after the first corrupt object (<c>ostree fsck -a</c>) instead of stopping.</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>
    /// Delete corrupt objects (<c>--delete</c>): like a missing object, a corrupt one is then reported, removed, and
    /// every commit that needs it is marked partial (<c>state/*.commitpartial</c> holding <c>f</c>); the check goes on.
    /// </summary>
    public bool DeleteCorrupt { get; init; }

    /// <summary>
    /// After the check, replace every commit whose parent is missing by a tombstone (<c>--add-tombstones</c>, see
    /// <see cref="Maintenance.TombstoneCommits.AddForMissingParents"/>).
    /// </summary>
    public bool AddTombstones { get; init; }

    /// <summary>
    /// How many content objects the walk may queue ahead of the hashing workers (tests lower it to exercise a full
    /// queue). 65,536 checksums take about 3 MB, and the walk of a whole minbase tree fits without waiting.
    /// </summary>
    internal int QueueCapacity { get; init; } = 1 << 16;
}
