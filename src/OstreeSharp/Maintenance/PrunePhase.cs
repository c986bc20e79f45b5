namespace OstreeSharp.Maintenance;

/// <summary>The stages of a prune, in order.</summary>
public enum PrunePhase
{
    /// <summary>Deleting the commit named by <see cref="PruneOptions.DeleteCommit"/> (or its deltas).</summary>
    DeletingCommit,

    /// <summary>Walking commits and trees to find what must be kept.</summary>
    ComputingReachability,

    /// <summary>Listing objects and deleting the unreachable ones.</summary>
    DeletingObjects,

    /// <summary>Removing static deltas whose target commit is gone.</summary>
    PruningDeltas,
}
