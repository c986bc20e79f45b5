namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>ls</c> arguments.</summary>
public sealed record LsCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The commit (rev) to list.</summary>
    public required string Commit { get; init; }

    /// <summary>Paths to list; <c>["/"]</c> when none were given. Relative paths are as typed (ostree treats them as absolute).</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary><c>-d</c>: do not recurse into directory arguments.</summary>
    public bool DirectoryOnly { get; init; }

    /// <summary><c>-R</c>.</summary>
    public bool Recursive { get; init; }

    /// <summary><c>-C</c>: print checksums.</summary>
    public bool Checksum { get; init; }

    /// <summary><c>-X</c>: print extended attributes.</summary>
    public bool Xattrs { get; init; }

    /// <summary><c>--nul-filenames-only</c>.</summary>
    public bool NulFilenamesOnly { get; init; }
}
