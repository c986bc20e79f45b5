namespace OstreeSharp.Compression;

/// <summary>One-shot and stream-to-stream helpers for the .xz format.</summary>
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

    /// <summary>Compresses <paramref name="data"/> into a complete .xz file.</summary>
    /// <param name="data">The bytes to compress.</param>
    /// <param name="options">Encoder options, or <see langword="null"/> for the defaults (preset 6, CRC-64).</param>
    /// <returns>The .xz bytes. The dictionary is never larger than <paramref name="data"/> needs.</returns>
    public static byte[] Compress(ReadOnlySpan<byte> data, XzEncoderOptions? options = null)
    {
        using var output = new MemoryStream((data.Length / 3) + 64);
        using (var encoder = new XzEncoderStream(output, options, leaveOpen: true, knownLength: data.Length))
        {
            encoder.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Compresses everything readable from <paramref name="source"/> into .xz on <paramref name="destination"/>.</summary>
    /// <param name="source">The uncompressed input.</param>
    /// <param name="destination">Receives the .xz stream; left open.</param>
    /// <param name="options">Encoder options, or <see langword="null"/> for the defaults.</param>
    public static void Compress(Stream source, Stream destination, XzEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var encoder = new XzEncoderStream(destination, options, leaveOpen: true, knownLength: KnownLength(source));
        source.CopyTo(encoder, 1 << 20);
    }

    /// <summary>Asynchronously compresses everything readable from <paramref name="source"/> into .xz on <paramref name="destination"/>.</summary>
    /// <param name="source">The uncompressed input.</param>
    /// <param name="destination">Receives the .xz stream; left open.</param>
    /// <param name="options">Encoder options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes when the stream footer has been written.</returns>
    public static async Task CompressAsync(Stream source, Stream destination, XzEncoderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var encoder = new XzEncoderStream(destination, options, leaveOpen: true, knownLength: KnownLength(source));
        await using (encoder.ConfigureAwait(false))
        {
            await source.CopyToAsync(encoder, 1 << 20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Decompresses .xz data from <paramref name="source"/> onto <paramref name="destination"/>.</summary>
    /// <param name="source">The .xz input; left open.</param>
    /// <param name="destination">Receives the decompressed bytes.</param>
    /// <param name="options">Decoder options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="XzFormatException">The data is malformed, truncated or exceeds the memory limit.</exception>
    public static void Decompress(Stream source, Stream destination, XzDecoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var decoder = new XzDecoderStream(source, options, leaveOpen: true);
        decoder.CopyTo(destination, 128 * 1024);
    }

    private static long? KnownLength(Stream source)
    {
        try
        {
            return source.CanSeek ? Math.Max(0, source.Length - source.Position) : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
