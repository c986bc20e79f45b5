namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>config</c> arguments, with <c>SECTION.KEY</c> already split (at the last dot) or taken from <c>--group</c>.</summary>
public sealed record ConfigCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The operation.</summary>
    public required ConfigOperation Operation { get; init; }

    /// <summary>Key-file group, e.g. <c>core</c> or <c>remote "origin"</c>.</summary>
    public required string Section { get; init; }

    /// <summary>Key within <see cref="Section"/>.</summary>
    public required string Key { get; init; }

    /// <summary>The value for <see cref="ConfigOperation.Set"/>; null otherwise.</summary>
    public string? Value { get; init; }
}
