namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>log</c> arguments.</summary>
public sealed record LogCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The rev to start from.</summary>
    public required string Rev { get; init; }

    /// <summary><c>--raw</c>.</summary>
    public bool Raw { get; init; }
}
