namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>gpg-sign</c> arguments.</summary>
public sealed record GpgSignCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The commit (a rev).</summary>
    public required string Commit { get; init; }

    /// <summary>GPG key IDs (fingerprints, key IDs or user IDs).</summary>
    public required IReadOnlyList<string> KeyIds { get; init; }

    /// <summary><c>-d</c>: delete signatures by these keys instead of adding.</summary>
    public bool Delete { get; init; }

    /// <summary><c>--gpg-homedir</c>.</summary>
    public string? GpgHomedir { get; init; }
}
