using OstreeSharp.Signing;

namespace OstreeSharp.Deltas;

/// <summary>Options for <see cref="StaticDeltaApplier"/>.</summary>
public sealed class StaticDeltaApplyOptions
{
    /// <summary>
    /// Limits for the delta's declared sizes and decompressed output. Null (the default) picks the preset matching
    /// the repository's <see cref="Repository.OstreeRepo.Limits"/> (see <see cref="StaticDeltaLimits.For"/>).
    /// </summary>
    public StaticDeltaLimits? Limits { get; set; }

    /// <summary>
    /// When true (the default), fallback objects (which a delta does not carry) must already be in the repository;
    /// otherwise <see cref="StaticDeltaFallbackException"/> is thrown before anything is written. When false, the
    /// delta is applied and the missing objects are reported in <see cref="StaticDeltaApplyResult.MissingFallbacks"/>.
    /// </summary>
    public bool RequireFallbacks { get; set; } = true;

    /// <summary>Skip parts whose objects are all present already (default true).</summary>
    public bool SkipCompleteParts { get; set; } = true;

    /// <summary>Also write the delta's copy of the target commit's detached metadata, if it has one (default true).</summary>
    public bool WriteDetachedMetadata { get; set; } = true;

    /// <summary>
    /// When set, the superblock must be signed (spec §7.3) with <c>ostree.sign.ed25519</c> by a key this store trusts;
    /// otherwise <see cref="SignatureVerificationException"/> is thrown before anything is written (an unsigned
    /// superblock fails with <see cref="SignatureFailureReason.NoSignature"/>). Null (the default) applies signed and
    /// unsigned superblocks without checking signatures.
    /// </summary>
    public Ed25519TrustStore? Ed25519Trust { get; set; }
}
