namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>commit</c> arguments.</summary>
public sealed record CommitCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>Tree sources overlaid in order: every <c>--tree</c>, then the positional PATH (as <c>dir=</c>) if given.
    /// Empty means the current directory.</summary>
    public required IReadOnlyList<CommitTreeSource> Trees { get; init; }

    /// <summary><c>--parent=COMMIT</c> (<c>none</c> for no parent).</summary>
    public string? Parent { get; init; }

    /// <summary><c>-s</c>.</summary>
    public string? Subject { get; init; }

    /// <summary><c>-m</c>.</summary>
    public string? Body { get; init; }

    /// <summary><c>-F</c>: read the commit message from this file.</summary>
    public string? BodyFile { get; init; }

    /// <summary><c>-e</c>.</summary>
    public bool Editor { get; init; }

    /// <summary><c>-b</c>; null only with <see cref="Orphan"/>.</summary>
    public string? Branch { get; init; }

    /// <summary><c>--orphan</c>.</summary>
    public bool Orphan { get; init; }

    /// <summary><c>--no-bindings</c>.</summary>
    public bool NoBindings { get; init; }

    /// <summary><c>--bind-ref</c> (repeatable).</summary>
    public IReadOnlyList<string> BindRefs { get; init; } = [];

    /// <summary><c>--base=REV</c>.</summary>
    public string? Base { get; init; }

    /// <summary><c>--add-metadata-string=KEY=VALUE</c> (repeatable; for a duplicate key the first wins).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AddMetadataStrings { get; init; } = [];

    /// <summary><c>--add-metadata=KEY=VALUE</c>, VALUE in GVariant text format (unparsed).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AddMetadata { get; init; } = [];

    /// <summary><c>--keep-metadata=KEY</c> (repeatable).</summary>
    public IReadOnlyList<string> KeepMetadata { get; init; } = [];

    /// <summary><c>--add-detached-metadata-string=KEY=VALUE</c> (repeatable).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AddDetachedMetadataStrings { get; init; } = [];

    /// <summary><c>--owner-uid</c>.</summary>
    public int? OwnerUid { get; init; }

    /// <summary><c>--owner-gid</c>.</summary>
    public int? OwnerGid { get; init; }

    /// <summary><c>--canonical-permissions</c>.</summary>
    public bool CanonicalPermissions { get; init; }

    /// <summary><c>--bootable</c>.</summary>
    public bool Bootable { get; init; }

    /// <summary><c>--mode-ro-executables</c>.</summary>
    public bool ModeReadOnlyExecutables { get; init; }

    /// <summary><c>--no-xattrs</c>.</summary>
    public bool NoXattrs { get; init; }

    /// <summary><c>--selinux-policy=PATH</c>.</summary>
    public string? SelinuxPolicy { get; init; }

    /// <summary><c>-P</c>.</summary>
    public bool SelinuxPolicyFromBase { get; init; }

    /// <summary><c>--link-checkout-speedup</c> (also set by <see cref="DevinoCanonical"/>).</summary>
    public bool LinkCheckoutSpeedup { get; init; }

    /// <summary><c>-I</c>.</summary>
    public bool DevinoCanonical { get; init; }

    /// <summary><c>--tar-autocreate-parents</c>.</summary>
    public bool TarAutocreateParents { get; init; }

    /// <summary><c>--tar-pathname-filter=REGEX,REPLACEMENT</c>.</summary>
    public string? TarPathnameFilter { get; init; }

    /// <summary><c>--skip-if-unchanged</c>: print the parent checksum and write nothing when the tree is unchanged.</summary>
    public bool SkipIfUnchanged { get; init; }

    /// <summary><c>--statoverride=PATH</c>.</summary>
    public string? StatOverride { get; init; }

    /// <summary><c>--skip-list=PATH</c>.</summary>
    public string? SkipList { get; init; }

    /// <summary><c>--consume</c>.</summary>
    public bool Consume { get; init; }

    /// <summary><c>--table-output</c>.</summary>
    public bool TableOutput { get; init; }

    /// <summary><c>--gpg-sign=KEY-ID</c> (repeatable).</summary>
    public IReadOnlyList<string> GpgSign { get; init; } = [];

    /// <summary><c>--gpg-homedir</c>.</summary>
    public string? GpgHomedir { get; init; }

    /// <summary><c>--sign=KEY_ID</c> (repeatable).</summary>
    public IReadOnlyList<string> Sign { get; init; } = [];

    /// <summary><c>--sign-type=NAME</c>.</summary>
    public string? SignType { get; init; }

    /// <summary><c>--generate-sizes</c>.</summary>
    public bool GenerateSizes { get; init; }

    /// <summary><c>--fsync=POLICY</c>; null when not given.</summary>
    public bool? Fsync { get; init; }

    /// <summary><c>--timestamp</c>; null means now.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary><c>--process-whiteouts</c> (ostree-sharp only): OCI/overlayfs whiteouts delete from the lower trees.</summary>
    public bool ProcessWhiteouts { get; init; }
}
