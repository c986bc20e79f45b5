namespace OstreeSharp.Deltas;

/// <summary>
/// Limits applied while reading and applying static deltas. Declared sizes (superblock, part files, objects) are
/// checked against them before anything is allocated, and decompressed output is checked by its <em>actual</em>
/// length, so a decompression bomb stops as soon as it produces more than it may.
/// </summary>
public sealed record StaticDeltaLimits
{
    /// <summary>Largest superblock read (inline parts count towards it).</summary>
    public long MaxSuperblockSize { get; init; } = 1L << 30;

    /// <summary>Largest part file (compressed size).</summary>
    public long MaxPartFileSize { get; init; } = long.MaxValue;

    /// <summary>
    /// Largest decompressed part payload. Payloads are spooled to a file and mapped, so this bounds disk use, not
    /// memory; it cannot exceed <see cref="int.MaxValue"/> (the largest mappable span).
    /// </summary>
    public long MaxPartPayloadSize { get; init; } = int.MaxValue;

    /// <summary>
    /// When true, a part's decompressed payload may not exceed twice the object bytes its header declares plus
    /// 64 bytes per object and 1 MiB (generous for bsdiff patches and tables; a bomb trips it).
    /// </summary>
    public bool BoundPayloadByDeclaredSize { get; init; }

    /// <summary>Largest metadata object (dirtree, dirmeta, commit) a delta may carry.</summary>
    public int MaxMetadataSize { get; init; } = 128 * 1024 * 1024;

    /// <summary>Largest content object a delta may declare.</summary>
    public long MaxContentObjectSize { get; init; } = long.MaxValue;

    /// <summary>Most parts in one delta.</summary>
    public int MaxParts { get; init; } = 1 << 20;

    /// <summary>Most entries in a part's mode or xattr table.</summary>
    public int MaxTableEntries { get; init; } = 1 << 24;

    /// <summary>Limits for deltas you generated or otherwise trust (libostree's own behaviour).</summary>
    public static StaticDeltaLimits Trusted { get; } = new();

    /// <summary>Tighter limits for deltas from the network or other users.</summary>
    public static StaticDeltaLimits Untrusted { get; } = new()
    {
        MaxSuperblockSize = 64L * 1024 * 1024,
        MaxPartFileSize = 1L << 30,
        MaxPartPayloadSize = 1L << 30,
        BoundPayloadByDeclaredSize = true,
        MaxMetadataSize = 16 * 1024 * 1024,
        MaxContentObjectSize = 16L << 30,
        MaxParts = 65536,
        MaxTableEntries = 1 << 20,
    };

    /// <summary>The preset matching a repository's read limits (<see cref="ReadLimits.Untrusted"/> maps to <see cref="Untrusted"/>).</summary>
    public static StaticDeltaLimits For(ReadLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return limits == ReadLimits.Trusted ? Trusted : Untrusted with { MaxMetadataSize = Math.Min(limits.MaxMetadataSize, Untrusted.MaxMetadataSize) };
    }
}
