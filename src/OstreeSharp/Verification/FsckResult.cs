using OstreeSharp.Objects;

namespace OstreeSharp.Verification;

/// <summary>The outcome of <see cref="RepoFsck.Run"/>.</summary>
/// <param name="CommitsVerified">Complete commits whose trees were verified.</param>
/// <param name="PartialCommits">Commits marked partial (not verified).</param>
/// <param name="ObjectsVerified">Unique objects re-hashed.</param>
/// <param name="Errors">Problems found; empty when the repository is sound.</param>
/// <param name="FsckPartialCommits">Of <paramref name="PartialCommits"/>, those an earlier fsck marked partial
/// because objects were missing (their <c>state/*.commitpartial</c> holds <c>f</c>): the repository is still damaged.</param>
public sealed record FsckResult(int CommitsVerified, int PartialCommits, long ObjectsVerified, IReadOnlyList<FsckError> Errors, int FsckPartialCommits = 0)
{
    /// <summary>Commits replaced by tombstones (<see cref="FsckOptions.AddTombstones"/>), sorted.</summary>
    public IReadOnlyList<Checksum> TombstonesAdded { get; init; } = [];

    /// <summary>True when no problem was found (commits marked partial by an earlier fsck count as a problem).</summary>
    public bool IsValid => Errors.Count == 0 && FsckPartialCommits == 0;
}
