using OstreeSharp.Cli.Errors;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Signing;

namespace OstreeSharp.Cli.Handlers;

/// <summary>
/// The GPG part of <c>show</c>: after a commit whose detached metadata has <c>ostree.gpgsigs</c> (the commit text
/// already ends with a blank line), "Found N signature(s):" blocks. Keyrings: <c>--gpg-verify-remote=REMOTE</c> uses that remote's (spec §7.1); without
/// it, every <c>*.gpg</c> in the repository directory plus the global directory; <c>--gpg-homedir</c> adds its <c>*.gpg</c>.
/// </summary>
internal static class ShowSignatures
{
    public static void Print(TextWriter o, OstreeRepo repo, Checksum commit, string? remote, string? homedir)
    {
        IReadOnlyList<string> keyPaths = [];
        if (remote is not null)
        {
            string group = $"remote \"{remote}\"";
            if (!repo.Config.HasGroup(group))
                throw new CliException($"Remote \"{remote}\" not found");
            if (repo.Config.GetString(group, "gpgkeypath") is { Length: > 0 } paths)
                keyPaths = paths.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        var detached = repo.ReadDetachedMetadata(commit);
        if (detached is null || !detached.TryGetValue(SignatureMetadataKeys.Gpg, out _))
            return;
        var keyring = GpgKeyringResolver.ForRemote(repo.Path, remote, keyPaths, null, homedir);
        var report = CommitVerifier.VerifyGpg(repo, commit, keyring);
        o.Write(report.Describe());
    }
}
