namespace OstreeSharp;

/// <summary>
/// Limits applied while reading objects, so that hostile repositories cannot exhaust memory or time.
/// <see cref="Trusted"/> matches libostree's own limits; <see cref="Untrusted"/> is tighter for data from the network.
/// Limits are checked against actual sizes and output, never guessed from declarations alone.
/// </summary>
/// <remarks>
/// GVariant nesting is bounded in both presets by <see cref="GVariant.GVariantType.MaxDepth"/> (128 containers, GLib's
/// own limit, enforced by the reader, the writer and the text parser), so no preset needs a separate depth setting;
/// directory nesting is <see cref="MaxTreeDepth"/>, and a dirtree that reaches itself is reported as corrupt as soon
/// as a walk meets it again.
/// </remarks>
public sealed record ReadLimits
{
    /// <summary>Largest metadata object (commit, dirtree, dirmeta, commitmeta) read into memory.</summary>
    public int MaxMetadataSize { get; init; } = 128 * 1024 * 1024;

    /// <summary>Largest content-object header (the variant before the content).</summary>
    public int MaxFileHeaderSize { get; init; } = 10 * 1024 * 1024;

    /// <summary>Most entries (files + directories) in one dirtree.</summary>
    public int MaxDirTreeEntries { get; init; } = int.MaxValue;

    /// <summary>Deepest directory nesting followed when walking a tree.</summary>
    public int MaxTreeDepth { get; init; } = 4096;

    /// <summary>Longest path (in bytes) produced by a checkout.</summary>
    public int MaxPathLength { get; init; } = 4096;

    /// <summary>
    /// Largest content (file) object, as declared by its header and as actually produced when it is read: a
    /// <c>.filez</c> that inflates past its declared size is rejected whatever this limit is.
    /// </summary>
    public long MaxContentObjectSize { get; init; } = long.MaxValue;

    /// <summary>
    /// Re-hash commit, dirtree and dirmeta objects when they are read and reject any whose bytes do not match
    /// their name. libostree trusts its local store (only <c>fsck</c> and pulls re-hash), so this is off for
    /// <see cref="Trusted"/>; a repository copied from elsewhere may hold an object under a false name, which is
    /// also how a dirtree can be made to contain itself.
    /// </summary>
    public bool VerifyMetadataChecksums { get; init; }

    /// <summary>libostree's limits: for repositories you created or otherwise trust.</summary>
    public static ReadLimits Trusted { get; } = new();

    /// <summary>Tighter limits for repositories from the network or other users.</summary>
    public static ReadLimits Untrusted { get; } = new()
    {
        MaxMetadataSize = 16 * 1024 * 1024,
        MaxFileHeaderSize = 1024 * 1024,
        MaxDirTreeEntries = 1_000_000,
        MaxTreeDepth = 512,
        MaxContentObjectSize = 16L * 1024 * 1024 * 1024,
        VerifyMetadataChecksums = true,
    };
}
