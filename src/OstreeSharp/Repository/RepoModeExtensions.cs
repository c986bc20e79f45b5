namespace OstreeSharp.Repository;

/// <summary>Conversions between <see cref="RepoMode"/> and the strings of <c>core.mode</c> and the CLI.</summary>
public static class RepoModeExtensions
{
    /// <summary>The string written to <c>core.mode</c> (archive is written as <c>archive-z2</c>, as <c>ostree init</c> does).</summary>
    public static string ToConfigString(this RepoMode mode) => mode switch
    {
        RepoMode.Bare => "bare",
        RepoMode.Archive => "archive-z2",
        RepoMode.BareUser => "bare-user",
        RepoMode.BareUserOnly => "bare-user-only",
        RepoMode.BareSplitXattrs => "bare-split-xattrs",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>True for the modes whose content objects are plain files (everything but archive).</summary>
    public static bool IsBare(this RepoMode mode) => mode != RepoMode.Archive;

    /// <summary>Parses a mode as <c>ostree init --mode</c> and <c>core.mode</c> accept it.</summary>
    public static bool TryParse(string? text, out RepoMode mode)
    {
        switch (text)
        {
            case "bare": mode = RepoMode.Bare; return true;
            case "archive": case "archive-z2": mode = RepoMode.Archive; return true;
            case "bare-user": mode = RepoMode.BareUser; return true;
            case "bare-user-only": mode = RepoMode.BareUserOnly; return true;
            case "bare-split-xattrs": mode = RepoMode.BareSplitXattrs; return true;
            default: mode = default; return false;
        }
    }

    /// <summary>Parses a mode, throwing ostree's error for unknown strings.</summary>
    /// <exception cref="ArgumentException">Unknown mode.</exception>
    public static RepoMode Parse(string text) =>
        TryParse(text, out var mode) ? mode : throw new ArgumentException($"Invalid mode '{text}' in repository configuration", nameof(text));
}
