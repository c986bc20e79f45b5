using OstreeSharp.Repository;

namespace OstreeSharp.Remotes;

/// <summary>
/// One configured remote: a <c>[remote "NAME"]</c> group of the repository <c>config</c> or of a
/// <c>remotes.d/*.conf</c> file (spec §5.1). Values are read with GKeyFile semantics.
/// </summary>
public sealed class OstreeRemote
{
    private readonly KeyFile _file;

    internal OstreeRemote(string name, KeyFile file, string? sourceFile)
    {
        Name = name;
        _file = file;
        SourceFile = sourceFile;
    }

    /// <summary>The remote name.</summary>
    public string Name { get; }

    /// <summary>The key-file group: <c>remote "NAME"</c>.</summary>
    public string GroupName => RemoteConfigStore.GetGroupName(Name);

    /// <summary>The <c>remotes.d</c> file that defines the remote, or null for the repository <c>config</c>.</summary>
    public string? SourceFile { get; }

    /// <summary><c>url</c> (<c>http(s)://</c>, <c>file://</c>, <c>mirrorlist=URL</c> or <c>metalink=URL</c>), if set.</summary>
    public string? Url => GetString("url");

    /// <summary><c>contenturl</c>, if set.</summary>
    public string? ContentUrl => GetString("contenturl");

    /// <summary><c>collection-id</c>, if set.</summary>
    public string? CollectionId => GetString("collection-id");

    /// <summary><c>branches</c> (a list), empty if unset.</summary>
    public IReadOnlyList<string> Branches => _file.GetStringList(GroupName, "branches") ?? [];

    /// <summary><c>gpg-verify</c> (default true).</summary>
    public bool GpgVerify => _file.GetBoolean(GroupName, "gpg-verify") ?? true;

    /// <summary><c>gpg-verify-summary</c> (default false).</summary>
    public bool GpgVerifySummary => _file.GetBoolean(GroupName, "gpg-verify-summary") ?? false;

    /// <summary>The keys of the group in file order.</summary>
    public IReadOnlyList<string> Keys => _file.GetKeys(GroupName);

    /// <summary>A value with escapes decoded, or null when absent.</summary>
    public string? GetString(string key) => _file.GetString(GroupName, key);

    /// <summary>A boolean value, or null when absent.</summary>
    /// <exception cref="KeyFileFormatException">The value is not a boolean.</exception>
    public bool? GetBoolean(string key) => _file.GetBoolean(GroupName, key);
}
