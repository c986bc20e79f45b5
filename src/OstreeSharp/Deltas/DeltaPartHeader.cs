using OstreeSharp.Objects;

namespace OstreeSharp.Deltas;

/// <summary>
/// One entry of the superblock's part table (<c>(uayttay)</c>, spec §8.2): what a part file holds and how to
/// check it before decompressing.
/// </summary>
public sealed class DeltaPartHeader
{
    /// <summary>Creates a part header.</summary>
    /// <param name="version">Format version (0; readers reject larger values).</param>
    /// <param name="checksum">SHA-256 of the whole part file (compression byte included).</param>
    /// <param name="compressedSize">Size of the part file.</param>
    /// <param name="uncompressedSize">Total size of the objects the part produces.</param>
    /// <param name="objects">The objects, in the order the part's operations produce them.</param>
    public DeltaPartHeader(uint version, Checksum checksum, ulong compressedSize, ulong uncompressedSize, IReadOnlyList<ObjectName> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        Version = version;
        Checksum = checksum;
        CompressedSize = compressedSize;
        UncompressedSize = uncompressedSize;
        Objects = objects;
    }

    /// <summary>Format version (0).</summary>
    public uint Version { get; }

    /// <summary>SHA-256 of the part file (not checked for inline parts).</summary>
    public Checksum Checksum { get; }

    /// <summary>Size in bytes of the part file.</summary>
    public ulong CompressedSize { get; }

    /// <summary>Total size of the objects the part produces.</summary>
    public ulong UncompressedSize { get; }

    /// <summary>The objects, in production order.</summary>
    public IReadOnlyList<ObjectName> Objects { get; }
}
