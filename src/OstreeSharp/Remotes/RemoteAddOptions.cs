namespace OstreeSharp.Remotes;

/// <summary>Options of <see cref="RemoteConfigStore.Add"/> (<c>ostree remote add</c>).</summary>
public sealed class RemoteAddOptions
{
    /// <summary>Branches to restrict pulls to (<c>branches</c>).</summary>
    public IReadOnlyList<string> Branches { get; init; } = [];

    /// <summary><c>--contenturl=URL</c>.</summary>
    public string? ContentUrl { get; init; }

    /// <summary><c>--custom-backend=NAME</c>.</summary>
    public string? CustomBackend { get; init; }

    /// <summary><c>--set=KEY=VALUE</c> pairs in order (a later value for a key replaces it in place).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];

    /// <summary><c>--no-gpg-verify</c>: writes <c>gpg-verify=false</c>.</summary>
    public bool NoGpgVerify { get; init; }

    /// <summary><c>--no-sign-verify</c>: writes <c>sign-verify=false</c>.</summary>
    public bool NoSignVerify { get; init; }

    /// <summary>
    /// <c>--sign-verify=TYPE=inline:KEY</c> / <c>TYPE=file:PATH</c> specs in order: each writes
    /// <c>verification-TYPE-key</c> or <c>verification-TYPE-file</c>, then <c>sign-verify</c> lists the types.
    /// </summary>
    public IReadOnlyList<string> SignVerify { get; init; } = [];

    /// <summary><c>--collection-id</c> (written as given, as ostree does).</summary>
    public string? CollectionId { get; init; }

    /// <summary><c>--if-not-exists</c>: do nothing when the remote exists.</summary>
    public bool IfNotExists { get; init; }

    /// <summary><c>--force</c>: replace an existing remote.</summary>
    public bool Force { get; init; }
}
