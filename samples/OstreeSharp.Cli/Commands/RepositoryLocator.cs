using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary>
/// Finds the repository like ostree: the <c>--repo</c> value if given; otherwise the current directory when it
/// is a repository (has <c>objects/</c> and <c>config</c>); otherwise <c>/sysroot/ostree/repo</c> if present;
/// otherwise a usage error <c>Command requires a --repo argument</c>.
/// </summary>
public static class RepositoryLocator
{
    /// <summary>The system repository location.</summary>
    public const string SystemRepository = "/sysroot/ostree/repo";

    /// <summary>Resolves the repository path.</summary>
    public static string Resolve(string? repoOption)
    {
        if (repoOption is not null)
        {
            return repoOption;
        }
        string cwd = Directory.GetCurrentDirectory();
        if (Directory.Exists(Path.Combine(cwd, "objects")) && File.Exists(Path.Combine(cwd, "config")))
        {
            return cwd;
        }
        if (Directory.Exists(SystemRepository))
        {
            return SystemRepository;
        }
        throw new CliUsageException("Command requires a --repo argument", blankLineAfterUsage: false);
    }
}
