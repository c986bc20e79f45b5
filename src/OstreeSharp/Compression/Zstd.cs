namespace OstreeSharp.Compression;

/// <summary>One-shot Zstandard helpers over <see cref="ZstdDecoderStream"/>.</summary>
public static class Zstd
{
    /// <summary>Whether <paramref name="data"/> starts with the Zstandard frame magic number (28 B5 2F FD).</summary>
    /// <param name="data">The first bytes of the data.</param>
    public static bool HasFrameMagic(ReadOnlySpan<byte> data) => data.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]);

    /// <summary>Decompresses all the frames of <paramref name="data"/>.</summary>
    /// <param name="data">Zstandard data: one or more frames.</param>
    /// <param name="options">Decoder options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The decompressed bytes.</returns>
    /// <exception cref="ZstdFormatException">The data is malformed, truncated or unsupported.</exception>
    public static byte[] Decompress(ReadOnlySpan<byte> data, ZstdDecoderOptions? options = null)
    {
        using var decoder = new ZstdDecoderStream(new MemoryStream(data.ToArray(), writable: false), options);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
