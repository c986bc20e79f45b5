using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary>Why a path does not resolve in a commit, worded as ostree words it.</summary>
internal static class PathErrors
{
    /// <summary>
    /// "No such file or directory: /FIRST/MISSING" (the shortest missing prefix), or "Not a directory" when a
    /// component below a file is asked for.
    /// </summary>
    public static string Describe(OstreeRepo repo, Checksum commit, string path)
    {
        string prefix = "";
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (prefix.Length > 0 && repo.TryResolvePath(commit, prefix, out var parent) && parent.Kind != TreeEntryKind.Directory)
                return "Not a directory";
            prefix += "/" + part;
            if (!repo.TryResolvePath(commit, prefix, out _))
                return $"No such file or directory: {prefix}";
        }
        return $"No such file or directory: {(prefix.Length == 0 ? "/" : prefix)}";
    }
}
