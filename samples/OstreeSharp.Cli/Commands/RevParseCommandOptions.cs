namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>rev-parse</c> arguments.</summary>
public sealed record RevParseCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>Revs to resolve, one output line each (empty with <see cref="Single"/>).</summary>
    public required IReadOnlyList<string> Revs { get; init; }

    /// <summary><c>-S</c>: print the only commit of the repository.</summary>
    public bool Single { get; init; }
}
