namespace OstreeSharp.Verification;

/// <summary>The outcome of <see cref="RepoFsck.Run"/>.</summary>
/// <param name="CommitsVerified">Complete commits whose trees were verified.</param>
/// <param name="PartialCommits">Commits marked partial (not verified).</param>
/// <param name="ObjectsVerified">Unique objects re-hashed.</param>
/// <param name="Errors">Problems found; empty when the repository is sound.</param>
public sealed record FsckResult(int CommitsVerified, int PartialCommits, long ObjectsVerified, IReadOnlyList<FsckError> Errors)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Errors.Count == 0;
}
