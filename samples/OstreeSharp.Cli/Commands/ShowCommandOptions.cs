namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>show</c> arguments.</summary>
public sealed record ShowCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The object: a rev, a commit prefix, a full object checksum, or a file path with <see cref="PrintVariantType"/>.</summary>
    public required string Object { get; init; }

    /// <summary><c>--print-related</c>.</summary>
    public bool PrintRelated { get; init; }

    /// <summary><c>--print-variant-type=TYPE</c>.</summary>
    public string? PrintVariantType { get; init; }

    /// <summary><c>--print-metadata-key=KEY</c>.</summary>
    public string? PrintMetadataKey { get; init; }

    /// <summary><c>--print-detached-metadata-key=KEY</c>.</summary>
    public string? PrintDetachedMetadataKey { get; init; }

    /// <summary><c>--print-sizes</c>.</summary>
    public bool PrintSizes { get; init; }

    /// <summary><c>--raw</c>.</summary>
    public bool Raw { get; init; }

    /// <summary><c>-B</c>: do not byteswap metadata values printed by the <c>--print-*-key</c> options.</summary>
    public bool NoByteswap { get; init; }

    /// <summary><c>--gpg-homedir</c>.</summary>
    public string? GpgHomedir { get; init; }

    /// <summary><c>--gpg-verify-remote</c>.</summary>
    public string? GpgVerifyRemote { get; init; }
}
