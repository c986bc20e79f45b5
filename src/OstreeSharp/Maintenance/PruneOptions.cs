using OstreeSharp.Objects;

namespace OstreeSharp.Maintenance;

/// <summary>
/// What <see cref="RepoPruner.Prune"/> keeps and deletes; the properties mirror <c>ostree prune</c>'s options.
/// </summary>
public sealed class PruneOptions
{
    /// <summary>Only report what would be deleted (<c>--no-prune</c>). As in ostree 2022.7, static deltas whose target
    /// commit does not exist are still removed.</summary>
    public bool DryRun { get; init; }

    /// <summary>Compute reachability from refs only (<c>--refs-only</c>); otherwise every commit object is a root.</summary>
    public bool RefsOnly { get; init; }

    /// <summary>
    /// Parents traversed from each root (<c>--depth</c>): -1 for all, 0 for the root commit only, N for N parents.
    /// Other negative values behave like 0, as in ostree.
    /// </summary>
    public int Depth { get; init; } = -1;

    /// <summary>
    /// Delete commits older than this (<c>--keep-younger-than</c>): from every ref (or every <see cref="OnlyBranches"/>
    /// ref), the parent chain is followed while commits are at least this recent; the ref's own commit is always kept.
    /// Implies ref-based reachability; <see cref="Depth"/> is then not used.
    /// </summary>
    public DateTimeOffset? KeepYoungerThan { get; init; }

    /// <summary>A commit to delete first (<c>--delete-commit</c>); refused while a ref points at it. Like ostree 2022.7,
    /// this first saves <c>core.tombstone-commits=true</c> to the config, so it and every commit deleted afterwards
    /// leave a tombstone; the deleted commit's partial marker stays.</summary>
    public Checksum? DeleteCommit { get; init; }

    /// <summary>With <see cref="DeleteCommit"/>: delete only the static deltas that lead to it (<c>--static-deltas-only</c>).</summary>
    public bool StaticDeltasOnly { get; init; }

    /// <summary>Per-ref depth overrides (<c>--retain-branch-depth=BRANCH=DEPTH</c>); implies ref-based reachability.
    /// Ignored with <see cref="KeepYoungerThan"/>, as in ostree 2022.7.</summary>
    public IReadOnlyDictionary<string, int> RetainBranchDepth { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Only prune these refs (<c>--only-branch</c>): they are walked with <see cref="Depth"/>, every other ref is kept
    /// whole. Implies ref-based reachability. Names are as <c>ostree refs</c> prints them (<c>REMOTE:NAME</c> for remotes).
    /// </summary>
    public IReadOnlyList<string> OnlyBranches { get; init; } = [];

    /// <summary>Only traverse and delete commit objects (<c>--commit-only</c>).</summary>
    public bool CommitOnly { get; init; }

    /// <summary>Threads used to walk trees; 0 means <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; init; }
}
