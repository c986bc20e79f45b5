namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>prune</c> arguments.</summary>
public sealed record PruneCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary><c>--no-prune</c>: only report.</summary>
    public bool NoPrune { get; init; }

    /// <summary><c>--refs-only</c>.</summary>
    public bool RefsOnly { get; init; }

    /// <summary><c>--depth</c> (-1 = infinite).</summary>
    public int Depth { get; init; } = -1;

    /// <summary><c>--delete-commit</c>, as given.</summary>
    public string? DeleteCommit { get; init; }

    /// <summary><c>--keep-younger-than</c>, as given.</summary>
    public string? KeepYoungerThan { get; init; }

    /// <summary><c>--static-deltas-only</c>.</summary>
    public bool StaticDeltasOnly { get; init; }

    /// <summary><c>--retain-branch-depth</c> values (<c>BRANCH=DEPTH</c>), as given.</summary>
    public IReadOnlyList<string> RetainBranchDepth { get; init; } = [];

    /// <summary><c>--only-branch</c> values.</summary>
    public IReadOnlyList<string> OnlyBranches { get; init; } = [];

    /// <summary><c>--commit-only</c>.</summary>
    public bool CommitOnly { get; init; }
}
