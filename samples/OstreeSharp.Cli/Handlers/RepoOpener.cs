using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary>Opens the repository named by <c>--repo</c> the way every command does.</summary>
internal static class RepoOpener
{
    public static OstreeRepo Open(string path) => OstreeRepo.Open(path);
}
