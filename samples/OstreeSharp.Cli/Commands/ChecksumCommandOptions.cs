namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>checksum</c> arguments (no repository involved).</summary>
public sealed record ChecksumCommandOptions
{
    /// <summary>The file or directory to checksum (only the first positional is used).</summary>
    public required string Path { get; init; }

    /// <summary><c>--ignore-xattrs</c>.</summary>
    public bool IgnoreXattrs { get; init; }
}
