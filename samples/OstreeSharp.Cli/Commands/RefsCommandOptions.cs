namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>refs</c> arguments.</summary>
public sealed record RefsCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>PREFIX arguments (listing uses the first; <c>--delete</c> uses all; <c>--create</c> uses the single target).</summary>
    public required IReadOnlyList<string> Prefixes { get; init; }

    /// <summary><c>--delete</c>.</summary>
    public bool Delete { get; init; }

    /// <summary><c>--list</c>: do not remove the prefix from listed refs.</summary>
    public bool List { get; init; }

    /// <summary><c>-A</c>: create an alias with <see cref="Create"/>, otherwise list aliases.</summary>
    public bool Alias { get; init; }

    /// <summary><c>--create=NEWREF</c>; the target is <c>Prefixes[0]</c>.</summary>
    public string? Create { get; init; }

    /// <summary><c>-c</c>: list collection IDs.</summary>
    public bool Collections { get; init; }

    /// <summary><c>--force</c>: overwrite existing refs when creating.</summary>
    public bool Force { get; init; }
}
