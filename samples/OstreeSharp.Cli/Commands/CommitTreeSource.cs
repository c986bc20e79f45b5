using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary>One <c>--tree</c> overlay (or the positional PATH, as a directory).</summary>
/// <param name="Kind">Source type.</param>
/// <param name="Value">Path, tar file or rev.</param>
public sealed record CommitTreeSource(CommitTreeKind Kind, string Value)
{
    /// <summary>Parses <c>dir=PATH</c>, <c>tar=TARFILE</c> or <c>ref=COMMIT</c> with ostree's error wording.</summary>
    public static CommitTreeSource Parse(string specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        int eq = specification.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            throw new CliException($"Missing type in tree specification '{specification}'");
        }
        string type = specification[..eq];
        string value = specification[(eq + 1)..];
        return type switch
        {
            "dir" => new CommitTreeSource(CommitTreeKind.Directory, value),
            "tar" => new CommitTreeSource(CommitTreeKind.Tar, value),
            "ref" => new CommitTreeSource(CommitTreeKind.Ref, value),
            _ => throw new CliException($"Invalid tree type specification '{type}'"),
        };
    }
}
