namespace OstreeSharp.Compression;

/// <summary>One-shot helpers for the .xz format.</summary>
public static class Xz
{
    /// <summary>Decompresses a complete .xz file (one or more streams) held in memory.</summary>
    /// <param name="data">The compressed bytes.</param>
    /// <param name="options">Decoder options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The decompressed bytes.</returns>
    /// <exception cref="XzFormatException">The data is malformed, truncated or exceeds the memory limit.</exception>
    public static unsafe byte[] Decompress(ReadOnlySpan<byte> data, XzDecoderOptions? options = null)
    {
        fixed (byte* p = data)
        {
            using Stream input = data.IsEmpty ? new MemoryStream([]) : new UnmanagedMemoryStream(p, data.Length);
            using var decoder = new XzDecoderStream(input, options);
            using var output = new MemoryStream();
            decoder.CopyTo(output, 128 * 1024);
            return output.ToArray();
        }
    }
}
