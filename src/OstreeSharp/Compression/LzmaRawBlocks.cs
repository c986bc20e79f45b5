namespace OstreeSharp.Compression;

/// <summary>
/// Marks the blocks of an input that look already compressed (their byte histogram is nearly flat), where an LZMA
/// encoder's match search costs as much per byte as anywhere else and finds almost nothing; the encoder then codes
/// them as literals plus the long repeats of <see cref="LzmaFarMatches"/> (which, in these blocks, may be near too).
/// </summary>
internal static class LzmaRawBlocks
{
    /// <summary>Bytes per block (a power of two).</summary>
    internal const int BlockShift = 12;

    /// <summary>
    /// A block counts as raw when its order-0 entropy is at least this many thousandths of a bit per byte below 8.
    /// Random bytes average about 7.955 bits per byte over 4 KiB (the estimate's bias). Measured here: 97 % of the blocks of
    /// a deflated .NET core library and all of an xz stream reach 7.9; the blocks of <c>/usr/bin/ls</c> and of libc have
    /// medians of 5.8 and 6.0 (2 of libc's 470 reach 7.9), the GPL text 4.4.
    /// </summary>
    internal const int ThresholdMilliBits = 7900;

    /// <summary>One flag per block of <paramref name="data"/> (1 = raw); a final partial block is never raw.</summary>
    public static byte[] Find(ReadOnlySpan<byte> data)
    {
        int blocks = data.Length >> BlockShift;
        var flags = new byte[blocks];
        const int size = 1 << BlockShift;
        Span<int> counts = stackalloc int[256];
        double threshold = ThresholdMilliBits / 1000.0 * size;
        for (int b = 0; b < blocks; b++)
        {
            counts.Clear();
            foreach (byte x in data.Slice(b << BlockShift, size))
            {
                counts[x]++;
            }

            // Entropy in bits of the whole block: size * log2(size) - sum(c * log2(c)).
            double sum = 0;
            foreach (int c in counts)
            {
                if (c > 1)
                {
                    sum += c * Math.Log2(c);
                }
            }

            if ((size * (double)BlockShift) - sum >= threshold)
            {
                flags[b] = 1;
            }
        }

        return flags;
    }
}
