using OstreeSharp.Repository;

namespace OstreeSharp.Remotes;

/// <summary>
/// Reads and edits a repository's remotes as <c>ostree remote add/delete/list/show-url</c> do: the
/// <c>[remote "NAME"]</c> groups of <c>config</c>, plus (read side) the <c>*.conf</c> files of a remotes
/// configuration directory. New remotes are written to the repository <c>config</c> with the key order ostree
/// 2022.7 uses: <c>url</c>, <c>branches</c>, <c>contenturl</c>, <c>custom-backend</c>, the <c>--set</c> keys,
/// <c>gpg-verify</c>, the <c>verification-TYPE-*</c> keys, <c>sign-verify</c>, <c>collection-id</c>.
/// </summary>
public sealed class RemoteConfigStore
{
    /// <summary>The system remotes directory used when <c>core.add-remotes-config-dir</c> is true.</summary>
    public const string SystemRemotesDirectory = "/etc/ostree/remotes.d";

    private static readonly string[] s_signatureTypes = ["ed25519", "dummy"];

    private readonly OstreeRepo _repo;

    /// <summary>Creates a store over <paramref name="repo"/>.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="remotesDirectory">
    /// A directory of <c>*.conf</c> files with more remotes; by default <see cref="SystemRemotesDirectory"/> when the
    /// repository sets <c>core.add-remotes-config-dir=true</c>, otherwise none.
    /// </param>
    public RemoteConfigStore(OstreeRepo repo, string? remotesDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(repo);
        _repo = repo;
        RemotesDirectory = remotesDirectory
            ?? (repo.Config.GetString("core", "add-remotes-config-dir") == "true" ? SystemRemotesDirectory : null);
    }

    /// <summary>The remotes configuration directory consulted, if any.</summary>
    public string? RemotesDirectory { get; }

    /// <summary>The key-file group of a remote: <c>remote "NAME"</c>.</summary>
    public static string GetGroupName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "remote \"" + name + "\"";
    }

    /// <summary>All remotes, sorted by name (the repository config wins over a <c>remotes.d</c> file).</summary>
    public IReadOnlyList<OstreeRemote> List()
    {
        var result = new SortedDictionary<string, OstreeRemote>(StringComparer.Ordinal);
        foreach (var (file, path) in Sources().Reverse())
        {
            foreach (var group in file.GetGroups())
            {
                if (TryParseGroupName(group, out var name))
                    result[name] = new OstreeRemote(name, file, path);
            }
        }
        return [.. result.Values];
    }

    /// <summary>Looks a remote up by name.</summary>
    public bool TryGet(string name, out OstreeRemote remote)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (file, path) in Sources())
        {
            if (file.HasGroup(GetGroupName(name)))
            {
                remote = new OstreeRemote(name, file, path);
                return true;
            }
        }
        remote = null!;
        return false;
    }

    /// <summary>Looks a remote up by name.</summary>
    /// <exception cref="RemoteNotFoundException"><c>Remote "NAME" not found</c>.</exception>
    public OstreeRemote Get(string name) =>
        TryGet(name, out var remote) ? remote : throw new RemoteNotFoundException($"Remote \"{name}\" not found");

    /// <summary>Adds a remote to the repository <c>config</c>.</summary>
    /// <returns>False when the remote existed and <see cref="RemoteAddOptions.IfNotExists"/> was set.</returns>
    /// <exception cref="InvalidRemoteNameException">The name is not a valid remote name.</exception>
    /// <exception cref="RemoteExistsException">The remote exists and neither <c>IfNotExists</c> nor <c>Force</c> is set.</exception>
    /// <exception cref="FormatException">A <see cref="RemoteAddOptions.SignVerify"/> spec is malformed.</exception>
    /// <exception cref="NotSupportedException">A signature type is not implemented.</exception>
    public bool Add(string name, string url, RemoteAddOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        NameValidation.ValidateRemoteName(name);
        options ??= new RemoteAddOptions();
        var verification = ParseSignVerify(options.SignVerify);
        if (TryGet(name, out var existing))
        {
            if (options.IfNotExists)
                return false;
            if (!options.Force)
                throw new RemoteExistsException($"Remote configuration for \"{name}\" already exists: {existing.SourceFile ?? "(in config)"}");
            Delete(name, ifExists: true);
        }

        var config = _repo.Config;
        string group = GetGroupName(name);
        config.SetString(group, "url", url);
        if (options.Branches.Count > 0)
            config.SetStringList(group, "branches", options.Branches);
        if (options.ContentUrl is { } contentUrl)
            config.SetString(group, "contenturl", contentUrl);
        if (options.CustomBackend is { } backend)
            config.SetString(group, "custom-backend", backend);
        foreach (var (key, value) in options.Settings)
        {
            // ostree passes invalid key names to GKeyFile, which refuses them with a warning; the remote is still added.
            if (KeyFile.IsValidKeyName(key))
                config.SetString(group, key, value);
        }
        if (options.NoGpgVerify)
            config.SetBoolean(group, "gpg-verify", false);
        if (options.NoSignVerify)
        {
            config.SetBoolean(group, "sign-verify", false);
        }
        else if (verification.Count > 0)
        {
            foreach (var (type, kind, data) in verification)
                config.SetString(group, $"verification-{type}-{kind}", data);
            config.SetString(group, "sign-verify", string.Join(',', verification.Select(v => v.Type)));
        }
        if (options.CollectionId is { } collectionId)
            config.SetString(group, "collection-id", collectionId);
        _repo.SaveConfig();
        return true;
    }

    /// <summary>Deletes a remote from the repository <c>config</c> or from its <c>remotes.d</c> file.</summary>
    /// <returns>False when it did not exist and <paramref name="ifExists"/> was set.</returns>
    /// <exception cref="RemoteNotFoundException">It did not exist and <paramref name="ifExists"/> was false.</exception>
    public bool Delete(string name, bool ifExists = false)
    {
        NameValidation.ValidateRemoteName(name);
        if (!TryGet(name, out var remote))
        {
            if (ifExists)
                return false;
            throw new RemoteNotFoundException($"Remote \"{name}\" not found");
        }
        string group = GetGroupName(name);
        if (remote.SourceFile is { } path)
        {
            var file = KeyFile.Load(path);
            file.RemoveGroup(group);
            if (file.GetGroups().Count == 0)
                File.Delete(path);
            else
                AtomicFile.WriteAllBytes(path, file.ToBytes(), _repo.FsyncEnabled);
        }
        else
        {
            _repo.Config.RemoveGroup(group);
            _repo.SaveConfig();
        }
        return true;
    }

    private IEnumerable<(KeyFile File, string? Path)> Sources()
    {
        yield return (_repo.Config, null);
        if (RemotesDirectory is { } dir && Directory.Exists(dir))
        {
            foreach (var path in Directory.EnumerateFiles(dir, "*.conf").Order(StringComparer.Ordinal))
                yield return (KeyFile.Load(path), path);
        }
    }

    private static bool TryParseGroupName(string group, out string name)
    {
        const string prefix = "remote \"";
        if (group.Length > prefix.Length + 1 && group.StartsWith(prefix, StringComparison.Ordinal) && group.EndsWith('"'))
        {
            name = group[prefix.Length..^1];
            return true;
        }
        name = "";
        return false;
    }

    private static List<(string Type, string Kind, string Data)> ParseSignVerify(IReadOnlyList<string> specs)
    {
        var result = new List<(string, string, string)>();
        foreach (var spec in specs)
        {
            int eq = spec.IndexOf('=', StringComparison.Ordinal);
            int colon = eq < 0 ? -1 : spec.IndexOf(':', eq + 1);
            if (eq < 0 || colon < 0)
                throw new FormatException($"Failed to parse KEYTYPE=[inline|file]:DATA in {spec}");
            string type = spec[..eq];
            string reference = spec[(eq + 1)..colon];
            string data = spec[(colon + 1)..];
            if (!s_signatureTypes.Contains(type, StringComparer.Ordinal))
                throw new NotSupportedException("Requested signature type is not implemented");
            string kind = reference switch
            {
                "inline" => "key",
                "file" => "file",
                _ => throw new FormatException($"Invalid key reference {reference}, expected inline|file"),
            };
            result.Add((type, kind, data));
        }
        return result;
    }

    /// <summary>
    /// The local directory of a <c>file://</c> URL, or null for other schemes (<c>http(s)://</c>, mirror lists).
    /// </summary>
    public static string? GetLocalPath(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.StartsWith("file://", StringComparison.Ordinal))
            return null;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsFile
            ? Uri.UnescapeDataString(uri.AbsolutePath)
            : url[7..];
    }
}
