namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>reset</c> arguments.</summary>
public sealed record ResetCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The ref to move (<c>NAME</c> or <c>REMOTE:NAME</c>).</summary>
    public required string Ref { get; init; }

    /// <summary>The commit (any rev) to move it to.</summary>
    public required string Commit { get; init; }
}
