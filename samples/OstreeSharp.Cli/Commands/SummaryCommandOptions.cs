namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>summary</c> arguments.</summary>
public sealed record SummaryCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary><c>-u</c>: regenerate the summary.</summary>
    public bool Update { get; init; }

    /// <summary><c>-v</c>: print the summary.</summary>
    public bool View { get; init; }

    /// <summary><c>--raw</c>: print the summary as GVariant text.</summary>
    public bool Raw { get; init; }

    /// <summary><c>--gpg-sign=KEY-ID</c> (repeatable).</summary>
    public IReadOnlyList<string> GpgSign { get; init; } = [];

    /// <summary><c>--gpg-homedir</c>.</summary>
    public string? GpgHomedir { get; init; }

    /// <summary><c>--sign=KEY-ID</c> (repeatable).</summary>
    public IReadOnlyList<string> Sign { get; init; } = [];

    /// <summary><c>--sign-type</c>.</summary>
    public string? SignType { get; init; }

    /// <summary><c>-m KEY=VALUE</c> in order, not yet parsed.</summary>
    public IReadOnlyList<string> AddMetadata { get; init; } = [];
}
