namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>init</c> arguments.</summary>
public sealed record InitCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary><c>--mode</c>: bare, bare-user, bare-user-only or archive (null: bare). Validated by the handler.</summary>
    public string? Mode { get; init; }

    /// <summary><c>--collection-id</c>.</summary>
    public string? CollectionId { get; init; }
}
