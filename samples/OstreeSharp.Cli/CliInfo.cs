using System.Reflection;

namespace OstreeSharp.Cli;

/// <summary>Program identity printed by <c>--help</c> and <c>--version</c>.</summary>
public static class CliInfo
{
    /// <summary>The executable name used in usage lines.</summary>
    public const string ProgramName = "ostree-sharp";

    /// <summary>The library name heading the <c>--version</c> block (ostree prints <c>libostree:</c>).</summary>
    public const string LibraryName = "OstreeSharp";

    /// <summary>Features listed by <c>--version</c>: what this implementation supports.</summary>
    public static IReadOnlyList<string> Features { get; } =
    [
        "managed",
        "repo-mode-bare",
        "repo-mode-bare-user",
        "repo-mode-bare-user-only",
        "repo-mode-archive",
        "xattrs",
    ];

    /// <summary>The informational version without the source-revision suffix.</summary>
    public static string Version
    {
        get
        {
            string? v = typeof(CliInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (string.IsNullOrEmpty(v))
            {
                return typeof(CliInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            }
            int plus = v.IndexOf('+', StringComparison.Ordinal);
            return plus >= 0 ? v[..plus] : v;
        }
    }

    /// <summary>Writes the version block in the same shape as <c>ostree --version</c>.</summary>
    public static void WriteVersion(TextWriter output)
    {
        output.Write(LibraryName);
        output.Write(":\n Version: '");
        output.Write(Version);
        output.Write("'\n Features:\n");
        foreach (string f in Features)
        {
            output.Write("  - ");
            output.Write(f);
            output.Write('\n');
        }
    }
}
