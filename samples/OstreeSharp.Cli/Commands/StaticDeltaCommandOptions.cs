namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>static-delta SUBCOMMAND</c> arguments (fields not used by a subcommand keep their defaults).</summary>
public sealed record StaticDeltaCommandOptions
{
    /// <summary>Which subcommand.</summary>
    public required StaticDeltaSubcommand Subcommand { get; init; }

    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>Positional arguments after the subcommand.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary><c>--from=REV</c>.</summary>
    public string? From { get; init; }

    /// <summary><c>--to=REV</c> (generate, reindex).</summary>
    public string? To { get; init; }

    /// <summary><c>--empty</c>.</summary>
    public bool Empty { get; init; }

    /// <summary><c>--inline</c>.</summary>
    public bool Inline { get; init; }

    /// <summary><c>--disable-bsdiff</c>.</summary>
    public bool DisableBsdiff { get; init; }

    /// <summary><c>--low-memory</c> (ostree-sharp only): see <see cref="OstreeSharp.Deltas.StaticDeltaGeneratorOptions.LowMemory"/>.</summary>
    public bool LowMemory { get; init; }

    /// <summary><c>-n, --if-not-exists</c>.</summary>
    public bool IfNotExists { get; init; }

    /// <summary><c>--set-endianness=ENDIAN</c>.</summary>
    public string? SetEndianness { get; init; }

    /// <summary><c>--swap-endianness</c>.</summary>
    public bool SwapEndianness { get; init; }

    /// <summary><c>--min-fallback-size</c> (megabytes, as text).</summary>
    public string? MinFallbackSize { get; init; }

    /// <summary><c>--max-bsdiff-size</c> (megabytes, as text).</summary>
    public string? MaxBsdiffSize { get; init; }

    /// <summary><c>--max-chunk-size</c> (megabytes, as text).</summary>
    public string? MaxChunkSize { get; init; }

    /// <summary><c>--filename=PATH</c>.</summary>
    public string? Filename { get; init; }

    /// <summary><c>--sign=KEY_ID</c> (repeatable).</summary>
    public IReadOnlyList<string> Sign { get; init; } = [];

    /// <summary><c>--sign-type=NAME</c>.</summary>
    public string? SignType { get; init; }
}
