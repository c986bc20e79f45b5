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
}
