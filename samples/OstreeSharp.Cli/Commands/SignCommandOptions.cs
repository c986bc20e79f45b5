namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>sign</c> arguments.</summary>
public sealed record SignCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The commit (a rev).</summary>
    public required string Commit { get; init; }

    /// <summary>Keys: base64 secret keys to sign with, or base64 public keys with <see cref="Verify"/>/<see cref="Delete"/>.</summary>
    public required IReadOnlyList<string> Keys { get; init; }

    /// <summary><c>-d</c>: delete signatures made by these keys.</summary>
    public bool Delete { get; init; }

    /// <summary><c>--verify</c>: verify instead of signing.</summary>
    public bool Verify { get; init; }

    /// <summary><c>-s</c>: signature type (default <c>ed25519</c>).</summary>
    public string? SignType { get; init; }

    /// <summary><c>--keys-file</c>: a file of base64 keys, one per line (secret keys to sign, public keys to verify or delete).</summary>
    public string? KeysFile { get; init; }
}
