namespace OstreeSharp.Compression;

/// <summary>The integrity check an .xz stream stores after each block; the values are the format's check IDs.</summary>
public enum XzCheck
{
    /// <summary>No check.</summary>
    None = 0,

    /// <summary>CRC-32 (4 bytes).</summary>
    Crc32 = 1,

    /// <summary>CRC-64 (8 bytes), the default of <c>xz</c>.</summary>
    Crc64 = 4,

    /// <summary>SHA-256 (32 bytes).</summary>
    Sha256 = 10,
}
