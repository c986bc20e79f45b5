namespace OstreeSharp.Cli.Commands;

/// <summary>Parsed <c>checkout</c> arguments.</summary>
public sealed record CheckoutCommandOptions
{
    /// <summary>Repository path.</summary>
    public required string Repository { get; init; }

    /// <summary>The commit (rev) to check out.</summary>
    public required string Commit { get; init; }

    /// <summary>Destination directory; null means <c>./BASENAME(Commit)</c>, as ostree does.</summary>
    public string? Destination { get; init; }

    /// <summary><c>-U</c>: do not change file ownership or initialize extended attributes.</summary>
    public bool UserMode { get; init; }

    /// <summary><c>--disable-cache</c>.</summary>
    public bool DisableCache { get; init; }

    /// <summary><c>--subpath=PATH</c>.</summary>
    public string? Subpath { get; init; }

    /// <summary><c>--union</c>.</summary>
    public bool Union { get; init; }

    /// <summary><c>--union-add</c>.</summary>
    public bool UnionAdd { get; init; }

    /// <summary><c>--union-identical</c>.</summary>
    public bool UnionIdentical { get; init; }

    /// <summary><c>--whiteouts</c>.</summary>
    public bool Whiteouts { get; init; }

    /// <summary><c>--process-passthrough-whiteouts</c>.</summary>
    public bool ProcessPassthroughWhiteouts { get; init; }

    /// <summary><c>--allow-noent</c>.</summary>
    public bool AllowNoent { get; init; }

    /// <summary><c>--from-stdin</c>.</summary>
    public bool FromStdin { get; init; }

    /// <summary><c>--from-file=FILE</c>.</summary>
    public string? FromFile { get; init; }

    /// <summary><c>--fsync=POLICY</c>; null when not given.</summary>
    public bool? Fsync { get; init; }

    /// <summary><c>-H</c>: do not fall back to full copies if hardlinking fails.</summary>
    public bool RequireHardlinks { get; init; }

    /// <summary><c>-C</c>: never hardlink.</summary>
    public bool ForceCopy { get; init; }

    /// <summary><c>-M</c>: suppress mode bits outside of 0775 for directories.</summary>
    public bool BareUserOnlyDirs { get; init; }

    /// <summary><c>--skip-list=FILE</c>.</summary>
    public string? SkipList { get; init; }

    /// <summary><c>--selinux-policy=PATH</c>.</summary>
    public string? SelinuxPolicy { get; init; }

    /// <summary><c>--selinux-prefix=PREFIX</c>.</summary>
    public string? SelinuxPrefix { get; init; }
}
