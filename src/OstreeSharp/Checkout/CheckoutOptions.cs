namespace OstreeSharp.Checkout;

/// <summary>Options for <see cref="TreeCheckout.Run"/>.</summary>
public sealed class CheckoutOptions
{
    /// <summary>Ownership handling.</summary>
    public CheckoutMode Mode { get; init; } = CheckoutMode.None;

    /// <summary>Handling of existing entries in the destination.</summary>
    public CheckoutOverwriteMode Overwrite { get; init; } = CheckoutOverwriteMode.None;

    /// <summary>Check out only this path of the commit (<c>--subpath</c>), e.g. <c>/usr</c>.</summary>
    public string Subpath { get; init; } = "/";

    /// <summary>With a missing <see cref="Subpath"/>, do nothing instead of failing (<c>--allow-noent</c>).</summary>
    public bool AllowNoent { get; init; }

    /// <summary>Never hardlink, always copy (<c>--force-copy</c>).</summary>
    public bool ForceCopy { get; init; }

    /// <summary>
    /// In user mode from an archive repository, decompress regular files once into the repository's
    /// <c>uncompressed-objects-cache/</c> and hardlink them from there (what <c>ostree checkout</c> does unless
    /// <c>--disable-cache</c>). Off by default: it writes into the repository.
    /// </summary>
    public bool UseUncompressedCache { get; init; }

    /// <summary>
    /// Fail rather than copy when a hardlink attempt fails (<c>--require-hardlinks</c>). Objects that are never
    /// linked (empty files; symlinks of bare-user and bare-user-only repositories) are still copied.
    /// </summary>
    public bool RequireHardlinks { get; init; }

    /// <summary>
    /// Interpret OCI/Docker whiteouts as deletions of what earlier layers put in the destination (<c>--whiteouts</c>):
    /// <c>.wh.NAME</c> removes <c>NAME</c>, <c>.wh..wh..opq</c> empties its directory. Whiteout files themselves
    /// are not checked out.
    /// </summary>
    public bool ProcessWhiteouts { get; init; }

    /// <summary>
    /// Check out files named <c>.ostree-wh.NAME</c> as overlayfs whiteouts: a character device <c>NAME</c> with
    /// device number 0:0 and the file's permissions (<c>--process-passthrough-whiteouts</c>). Needs
    /// <c>CAP_MKNOD</c>.
    /// </summary>
    public bool ProcessPassthroughWhiteouts { get; init; }

    /// <summary>Clear directory mode bits outside <c>0775</c> (set-id, sticky, world-writable) as bare-user-only
    /// repositories store them (<c>--bareuseronly-dirs</c>).</summary>
    public bool BareUserOnlyDirs { get; init; }

    /// <summary>
    /// Entries for which this returns true are not checked out (<c>--skip-list</c>); a skipped directory is skipped
    /// whole. The argument is the entry's path below the checkout root with a leading <c>/</c>; directory paths end
    /// with <c>/</c> (the root itself is <c>/</c>), e.g. <c>/usr/bin/</c>, <c>/usr/bin/sh</c>. Called before anything
    /// is written, possibly for entries in no particular order.
    /// </summary>
    public Func<string, bool>? SkipFilter { get; init; }

    /// <summary>fsync each written file and created directory before returning (<c>--fsync=true</c>).</summary>
    public bool Fsync { get; init; }

    /// <summary>Limits applied to the trees walked.</summary>
    public ReadLimits? Limits { get; init; }
}
