using System.Buffers.Binary;

namespace OstreeSharp.Compression;

/// <summary>
/// Reads what the indexes of an .xz file declare without decoding it: the stream footers and indexes are walked
/// backwards from the end (over stream padding and concatenated streams), as <c>xz --list</c> does.
/// </summary>
/// <remarks>
/// The result is a claim of the (untrusted) file, not a measurement: a caller that sizes an output buffer from it
/// must still have the decoder verify that the data decodes to exactly that many bytes
/// (<see cref="XzDecoderStream"/> checks every index against the blocks it decoded).
/// </remarks>
internal static class XzIndexReader
{
    /// <summary>Indexes larger than this are not read (the caller falls back to streaming).</summary>
    private const int MaxIndexSize = 1024 * 1024;

    /// <summary>At most this many concatenated streams are walked.</summary>
    private const int MaxStreams = 4096;

    /// <summary>
    /// Sums the uncompressed sizes that the indexes of the .xz data in <paramref name="source"/> (from
    /// <paramref name="start"/> to its end) declare. Returns false when the tail is not a well-formed sequence of
    /// stream footers and indexes (the streaming decoder then reports the exact problem), or it is unusually large.
    /// The stream position is left unspecified.
    /// </summary>
    public static bool TryReadUncompressedSize(Stream source, long start, out long total)
    {
        total = 0;
        long end = source.Length;
        if (end <= start)
        {
            return false;
        }

        Span<byte> footer = stackalloc byte[12];
        for (int streams = 0; end > start; streams++)
        {
            if (streams == MaxStreams || ((end - start) & 3) != 0)
            {
                return false;
            }

            // Stream padding: whole zero words between (and after) streams.
            while (end - start >= 4)
            {
                source.Position = end - 4;
                source.ReadExactly(footer[..4]);
                if (BinaryPrimitives.ReadUInt32LittleEndian(footer) != 0)
                {
                    break;
                }

                end -= 4;
            }

            if (end - start < 24)
            {
                return false; // also a file of nothing but padding
            }

            source.Position = end - 12;
            source.ReadExactly(footer);
            if (footer[10] != (byte)'Y' || footer[11] != (byte)'Z'
                || BinaryPrimitives.ReadUInt32LittleEndian(footer) != Crc32.Compute(footer.Slice(4, 6)))
            {
                return false;
            }

            long indexSize = ((long)BinaryPrimitives.ReadUInt32LittleEndian(footer[4..]) + 1) * 4;
            if (indexSize > MaxIndexSize || indexSize > end - start - 24)
            {
                return false;
            }

            byte[] index = new byte[indexSize];
            source.Position = end - 12 - indexSize;
            source.ReadExactly(index);
            if (!TryParseIndex(index, out long blocks, out long uncompressed) || uncompressed > long.MaxValue - total)
            {
                return false;
            }

            total += uncompressed;
            long streamSize = 12 + blocks + indexSize + 12;
            if (blocks > end - start - indexSize - 24)
            {
                return false;
            }

            end -= streamSize;
        }

        return end == start;
    }

    /// <summary>Parses an index: the total (padded) size of its blocks and their uncompressed sizes.</summary>
    private static bool TryParseIndex(ReadOnlySpan<byte> index, out long blocks, out long uncompressed)
    {
        blocks = 0;
        uncompressed = 0;
        if (index.Length < 8 || index[0] != 0
            || BinaryPrimitives.ReadUInt32LittleEndian(index[^4..]) != Crc32.Compute(index[..^4]))
        {
            return false;
        }

        ReadOnlySpan<byte> rest = index[1..^4];
        if (!TryReadVarint(ref rest, out ulong count))
        {
            return false;
        }

        for (ulong i = 0; i < count; i++)
        {
            if (!TryReadVarint(ref rest, out ulong unpadded) || !TryReadVarint(ref rest, out ulong size)
                || unpadded == 0 || unpadded > (ulong)long.MaxValue / 2 || size > (ulong)long.MaxValue / 2)
            {
                return false;
            }

            long padded = (long)((unpadded + 3) & ~3UL);
            if (padded > long.MaxValue - blocks || (long)size > long.MaxValue - uncompressed)
            {
                return false;
            }

            blocks += padded;
            uncompressed += (long)size;
        }

        // Index padding to a multiple of four, all zero.
        if (rest.Length > 3)
        {
            return false;
        }

        foreach (byte b in rest)
        {
            if (b != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadVarint(ref ReadOnlySpan<byte> data, out ulong value)
    {
        value = 0;
        for (int i = 0; i < 9 && i < data.Length; i++)
        {
            byte b = data[i];
            if (i > 0 && b == 0)
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                data = data[(i + 1)..];
                return true;
            }
        }

        return false;
    }
}
