namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>export</c> arguments.</summary>
public sealed record ExportCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The commit (rev) to export.</summary>
    public required string Commit { get; init; }

    /// <summary><c>--no-xattrs</c>.</summary>
    public bool NoXattrs { get; init; }

    /// <summary><c>--subpath=PATH</c>.</summary>
    public string? Subpath { get; init; }

    /// <summary><c>--prefix=PATH</c>.</summary>
    public string? Prefix { get; init; }

    /// <summary><c>-o</c>/<c>--output=PATH</c>; null writes to standard output.</summary>
    public string? Output { get; init; }
}
