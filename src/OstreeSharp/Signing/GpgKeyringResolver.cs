using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Signing;

/// <summary>
/// Builds the trusted OpenPGP keyring for verifying a remote's commits and summaries (spec §7.1): the per-remote keyring
/// <c>REPO/REMOTE.trustedkeys.gpg</c> (else <c>REPO/remotes.d/REMOTE.trustedkeys.gpg</c>); when none exists, the global
/// directory (<c>$OSTREE_GPG_HOME</c> or <c>/usr/share/ostree/trusted.gpg.d</c>); plus every file or directory listed in
/// the remote's <c>gpgkeypath</c>. Without a remote (as <c>ostree show</c> without <c>--gpg-verify-remote</c>),
/// ostree 2022.7 reads every <c>*.gpg</c> file in the repository directory plus the global directory (observed with
/// strace). Directories contribute their <c>*.gpg</c> files in name order; an optional gpg homedir
/// (<c>--gpg-homedir</c>) likewise contributes its <c>*.gpg</c> files (gpg 2.2's <c>pubring.kbx</c> is not read).
/// </summary>
public static class GpgKeyringResolver
{
    /// <summary>The default global directory of trusted keyrings.</summary>
    public const string DefaultGlobalDirectory = "/usr/share/ostree/trusted.gpg.d";

    /// <summary>The per-remote keyring file name.</summary>
    public static string RemoteKeyringFileName(string remoteName)
    {
        ArgumentException.ThrowIfNullOrEmpty(remoteName);
        return remoteName + ".trustedkeys.gpg";
    }

    /// <summary>Resolves the keyring for <paramref name="remoteName"/> in the repository at <paramref name="repoPath"/>.</summary>
    /// <param name="repoPath">The repository directory.</param>
    /// <param name="remoteName">The remote; null uses only the global keyrings and <paramref name="gpgKeyPaths"/>.</param>
    /// <param name="gpgKeyPaths">The remote's <c>gpgkeypath</c> entries (files or directories).</param>
    /// <param name="globalDirectory">Global keyring directory; null means <c>$OSTREE_GPG_HOME</c> or <see cref="DefaultGlobalDirectory"/>.</param>
    /// <exception cref="OpenPgpFormatException">A keyring file is malformed.</exception>
    /// <param name="homedir">A gpg homedir whose <c>*.gpg</c> keyrings are added (<c>--gpg-homedir</c>), or null.</param>
    public static OpenPgpKeyring ForRemote(string repoPath, string? remoteName, IEnumerable<string>? gpgKeyPaths = null, string? globalDirectory = null,
        string? homedir = null)
    {
        var keyring = new OpenPgpKeyring();
        foreach (string file in GetKeyringFiles(repoPath, remoteName, gpgKeyPaths, globalDirectory, homedir))
        {
            keyring.Add(File.ReadAllBytes(file));
        }
        return keyring;
    }

    /// <summary>
    /// The keyring files <see cref="ForRemote"/> reads, in the order it reads them: directories are expanded to their
    /// <c>*.gpg</c> files in name order, and paths that do not exist are left out.
    /// </summary>
    /// <param name="repoPath">The repository directory.</param>
    /// <param name="remoteName">The remote; null uses only the global keyrings and <paramref name="gpgKeyPaths"/>.</param>
    /// <param name="gpgKeyPaths">The remote's <c>gpgkeypath</c> entries (files or directories).</param>
    /// <param name="globalDirectory">Global keyring directory; null means <c>$OSTREE_GPG_HOME</c> or <see cref="DefaultGlobalDirectory"/>.</param>
    /// <param name="homedir">A gpg homedir whose <c>*.gpg</c> keyrings are added (<c>--gpg-homedir</c>), or null.</param>
    public static IReadOnlyList<string> GetKeyringFiles(string repoPath, string? remoteName, IEnumerable<string>? gpgKeyPaths = null,
        string? globalDirectory = null, string? homedir = null)
    {
        ArgumentNullException.ThrowIfNull(repoPath);
        var files = new List<string>();
        bool perRemote = false;
        if (remoteName is not null)
        {
            foreach (string candidate in new[]
            {
                Path.Combine(repoPath, RemoteKeyringFileName(remoteName)),
                Path.Combine(repoPath, "remotes.d", RemoteKeyringFileName(remoteName)),
            })
            {
                if (File.Exists(candidate))
                {
                    files.Add(candidate);
                    perRemote = true;
                    break;
                }
            }
        }
        else
        {
            AddPath(files, repoPath);
        }
        if (!perRemote)
        {
            AddPath(files, globalDirectory ?? Environment.GetEnvironmentVariable("OSTREE_GPG_HOME") ?? DefaultGlobalDirectory);
        }
        if (homedir is not null)
        {
            AddPath(files, homedir);
        }
        foreach (string path in gpgKeyPaths ?? [])
        {
            AddPath(files, path);
        }
        return files;
    }

    /// <summary>Loads keyring files and directories of keyring files (missing paths are skipped).</summary>
    /// <exception cref="OpenPgpFormatException">A keyring file is malformed.</exception>
    public static OpenPgpKeyring FromPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (string path in paths)
        {
            AddPath(files, path);
        }
        var keyring = new OpenPgpKeyring();
        foreach (string file in files)
        {
            keyring.Add(File.ReadAllBytes(file));
        }
        return keyring;
    }

    private static void AddPath(List<string> files, string path)
    {
        if (File.Exists(path))
        {
            files.Add(path);
        }
        else if (Directory.Exists(path))
        {
            files.AddRange(Directory.GetFiles(path, "*.gpg").Order(StringComparer.Ordinal));
        }
    }
}
