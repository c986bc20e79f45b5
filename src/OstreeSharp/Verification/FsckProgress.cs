namespace OstreeSharp.Verification;

/// <summary>Progress of a repository check.</summary>
/// <param name="Phase">The current stage.</param>
/// <param name="Done">Objects verified (in <see cref="FsckPhase.VerifyingObjects"/>).</param>
/// <param name="Total">Objects to verify; for earlier phases, the number of commits found.</param>
public readonly record struct FsckProgress(FsckPhase Phase, long Done, long Total);
