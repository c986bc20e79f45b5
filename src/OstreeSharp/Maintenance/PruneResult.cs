using OstreeSharp.Objects;

namespace OstreeSharp.Maintenance;

/// <summary>The outcome of <see cref="RepoPruner.Prune"/>.</summary>
/// <param name="TotalObjects">Objects considered: commits, dirtrees, dirmetas and files (only commits with
/// <see cref="PruneOptions.CommitOnly"/>); detached metadata and tombstones are not counted.</param>
/// <param name="PrunedObjects">Objects deleted (or, for a dry run, that would be).</param>
/// <param name="FreedBytes">Sum of the deleted objects' file sizes.</param>
/// <param name="DeletedCommits">Commits deleted (or that would be), sorted.</param>
/// <param name="DeletedDeltas">Static deltas removed, as <c>FROM-TO</c> or <c>TO</c> hex names, sorted.</param>
/// <param name="TombstonesWritten">Tombstone objects written for deleted commits.</param>
/// <param name="DryRun">True when nothing was deleted (<see cref="PruneOptions.DryRun"/>).</param>
public sealed record PruneResult(long TotalObjects, long PrunedObjects, long FreedBytes, IReadOnlyList<Checksum> DeletedCommits,
    IReadOnlyList<string> DeletedDeltas, int TombstonesWritten, bool DryRun);
