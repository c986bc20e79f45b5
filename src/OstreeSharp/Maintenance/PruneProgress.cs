namespace OstreeSharp.Maintenance;

/// <summary>Progress of a prune.</summary>
/// <param name="Phase">The current stage.</param>
/// <param name="Done">Objects found reachable (<see cref="PrunePhase.ComputingReachability"/>), or objects examined
/// (<see cref="PrunePhase.DeletingObjects"/>).</param>
/// <param name="Pruned">Objects deleted so far.</param>
public readonly record struct PruneProgress(PrunePhase Phase, long Done, long Pruned);
