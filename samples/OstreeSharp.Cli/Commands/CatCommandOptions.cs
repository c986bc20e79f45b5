namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>cat</c> arguments.</summary>
public sealed record CatCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The commit (rev).</summary>
    public required string Commit { get; init; }

    /// <summary>Paths whose contents are concatenated to stdout (at least one).</summary>
    public required IReadOnlyList<string> Paths { get; init; }
}
