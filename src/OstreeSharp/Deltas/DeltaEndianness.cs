namespace OstreeSharp.Deltas;

/// <summary>
/// Byte order of the host-endian integers of a delta superblock (part header versions and sizes, fallback sizes),
/// recorded as <c>ostree.endianness</c> (spec §8.2). Everything else in a delta has a fixed byte order.
/// </summary>
public enum DeltaEndianness
{
    /// <summary><c>'l'</c>: little-endian (every common producer).</summary>
    Little,

    /// <summary><c>'B'</c>: big-endian (s390x and similar, or <c>--set-endianness=B</c>).</summary>
    Big,
}
