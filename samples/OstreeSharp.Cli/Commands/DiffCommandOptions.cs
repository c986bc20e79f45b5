namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>diff</c> arguments.</summary>
public sealed record DiffCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The old side: a rev, or a directory when it starts with <c>/</c> or <c>./</c>.</summary>
    public required string Old { get; init; }

    /// <summary>The new side: a rev, or a directory when it starts with <c>/</c> or <c>./</c>.</summary>
    public required string New { get; init; }

    /// <summary><c>--stats</c>.</summary>
    public bool Stats { get; init; }

    /// <summary><c>--fs-diff</c> (implied when <c>--stats</c> is absent).</summary>
    public bool FsDiff { get; init; }

    /// <summary><c>--no-xattrs</c>.</summary>
    public bool NoXattrs { get; init; }

    /// <summary><c>--owner-uid</c>.</summary>
    public int? OwnerUid { get; init; }

    /// <summary><c>--owner-gid</c>.</summary>
    public int? OwnerGid { get; init; }
}
