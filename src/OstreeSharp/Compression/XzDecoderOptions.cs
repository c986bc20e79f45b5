namespace OstreeSharp.Compression;

/// <summary>Options for <see cref="XzDecoderStream"/> and <see cref="Xz.Decompress(ReadOnlySpan{byte}, XzDecoderOptions?)"/>.</summary>
public sealed class XzDecoderOptions
{
    /// <summary>
    /// The largest LZMA2 dictionary, in bytes, a block may declare; a larger one is rejected with
    /// <see cref="XzFormatException"/> before anything is allocated. <see langword="null"/> (the default) means no
    /// limit. The decoder allocates the dictionary lazily, so memory use never exceeds the data actually decoded
    /// plus fixed buffers of about 200 KiB.
    /// </summary>
    public long? MemoryLimit { get; set; }

    /// <summary>
    /// Whether to verify each block's integrity check (CRC-32, CRC-64 or SHA-256). Header, index and footer
    /// CRC-32s are always verified. Default <see langword="true"/>.
    /// </summary>
    public bool VerifyChecks { get; set; } = true;
}
