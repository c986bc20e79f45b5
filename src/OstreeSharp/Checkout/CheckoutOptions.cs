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

    /// <summary>Interpret overlayfs/OCI whiteouts <c>.wh.NAME</c> as deletions (<c>--whiteouts</c>).</summary>
    public bool ProcessWhiteouts { get; init; }

    /// <summary>fsync files and directories before returning (<c>--fsync</c>); default true as ostree.</summary>
    public bool Fsync { get; init; }

    /// <summary>Limits applied to the trees walked.</summary>
    public ReadLimits? Limits { get; init; }
}
