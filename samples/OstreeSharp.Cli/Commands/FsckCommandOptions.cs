namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>fsck</c> arguments.</summary>
public sealed record FsckCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary><c>--add-tombstones</c>.</summary>
    public bool AddTombstones { get; init; }

    /// <summary><c>-q</c>: only print error messages (drops the four leading status lines).</summary>
    public bool Quiet { get; init; }

    /// <summary><c>-a</c>: don't stop on first error.</summary>
    public bool All { get; init; }

    /// <summary><c>--delete</c>: remove corrupted objects.</summary>
    public bool Delete { get; init; }

    /// <summary><c>--verify-bindings</c>.</summary>
    public bool VerifyBindings { get; init; }

    /// <summary><c>--verify-back-refs</c> (implies <see cref="VerifyBindings"/>).</summary>
    public bool VerifyBackRefs { get; init; }
}
