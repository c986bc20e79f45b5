namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed arguments of every <c>remote</c> subcommand (fields unused by a subcommand keep their defaults).</summary>
public sealed record RemoteCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The subcommand.</summary>
    public required RemoteOperation Operation { get; init; }

    /// <summary>The remote NAME (null only for <c>list</c>).</summary>
    public string? Name { get; init; }

    /// <summary><c>add</c>: the URL.</summary>
    public string? Url { get; init; }

    /// <summary><c>add</c>: BRANCH arguments.</summary>
    public IReadOnlyList<string> Branches { get; init; } = [];

    /// <summary><c>add --set=KEY=VALUE</c>, unparsed, in order.</summary>
    public IReadOnlyList<string> Set { get; init; } = [];

    /// <summary><c>add --no-gpg-verify</c>.</summary>
    public bool NoGpgVerify { get; init; }

    /// <summary><c>add --no-sign-verify</c>.</summary>
    public bool NoSignVerify { get; init; }

    /// <summary><c>add --sign-verify=…</c> in order.</summary>
    public IReadOnlyList<string> SignVerify { get; init; } = [];

    /// <summary><c>add --if-not-exists</c>.</summary>
    public bool IfNotExists { get; init; }

    /// <summary><c>add --force</c>.</summary>
    public bool Force { get; init; }

    /// <summary><c>add --gpg-import=FILE</c>.</summary>
    public string? GpgImport { get; init; }

    /// <summary><c>add --custom-backend=NAME</c>.</summary>
    public string? CustomBackend { get; init; }

    /// <summary><c>add --contenturl=URL</c>.</summary>
    public string? ContentUrl { get; init; }

    /// <summary><c>add --collection-id=ID</c>.</summary>
    public string? CollectionId { get; init; }

    /// <summary><c>delete --if-exists</c>.</summary>
    public bool IfExists { get; init; }

    /// <summary><c>list -u</c>.</summary>
    public bool ShowUrls { get; init; }

    /// <summary><c>summary --raw</c>.</summary>
    public bool Raw { get; init; }

    /// <summary><c>gpg-import</c>: KEY-ID arguments.</summary>
    public IReadOnlyList<string> KeyIds { get; init; } = [];

    /// <summary><c>gpg-import -k FILE</c> in order.</summary>
    public IReadOnlyList<string> Keyrings { get; init; } = [];

    /// <summary><c>gpg-import --stdin</c>.</summary>
    public bool Stdin { get; init; }
}
