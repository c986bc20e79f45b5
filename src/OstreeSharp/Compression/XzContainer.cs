using System.Buffers;
using System.Buffers.Binary;

namespace OstreeSharp.Compression;

/// <summary>Writers for the .xz container structures around LZMA2 data: stream header/footer, block header, index.</summary>
internal static class XzContainer
{
    private const byte FilterLzma2 = 0x21;

    public static void WriteStreamHeader(IBufferWriter<byte> output, XzCheck check)
    {
        Span<byte> h = output.GetSpan(12);
        ReadOnlySpan<byte> magic = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00];
        magic.CopyTo(h);
        h[6] = 0;
        h[7] = (byte)check;
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], Crc32.Compute(h.Slice(6, 2)));
        output.Advance(12);
    }

    /// <summary>Writes a block header with an LZMA2 filter; the sizes are recorded when known.</summary>
    /// <returns>The header size.</returns>
    public static int WriteBlockHeader(IBufferWriter<byte> output, byte dictProperty, long compressedSize, long uncompressedSize)
    {
        Span<byte> h = stackalloc byte[64];
        int n = 2;
        byte flags = 0; // one filter
        if (compressedSize >= 0)
        {
            flags |= 0x40;
            n += WriteVarint(h[n..], (ulong)compressedSize);
        }

        if (uncompressedSize >= 0)
        {
            flags |= 0x80;
            n += WriteVarint(h[n..], (ulong)uncompressedSize);
        }

        h[n++] = FilterLzma2;
        h[n++] = 1; // properties size
        h[n++] = dictProperty;
        while ((n & 3) != 0)
        {
            h[n++] = 0;
        }

        h[0] = (byte)(n / 4); // (size including the CRC) / 4 - 1
        h[1] = flags;
        BinaryPrimitives.WriteUInt32LittleEndian(h[n..], Crc32.Compute(h[..n]));
        n += 4;
        h[..n].CopyTo(output.GetSpan(n));
        output.Advance(n);
        return n;
    }

    /// <summary>Writes zero padding to a multiple of four after <paramref name="compressedSize"/> bytes, then the check.</summary>
    public static void WriteBlockTail(IBufferWriter<byte> output, long compressedSize, XzCheckState check)
    {
        int pad = (int)((4 - (compressedSize & 3)) & 3);
        Span<byte> t = output.GetSpan(pad + check.Size);
        t[..pad].Clear();
        check.Finish(t.Slice(pad, check.Size));
        output.Advance(pad + check.Size);
    }

    /// <summary>Writes the index and stream footer for the given (unpadded size, uncompressed size) records.</summary>
    public static void WriteIndexAndFooter(IBufferWriter<byte> output, IReadOnlyList<(long Unpadded, long Uncompressed)> records, XzCheck check)
    {
        var index = new ArrayBufferWriter<byte>(64 + (records.Count * 16));
        Span<byte> v = stackalloc byte[10];
        index.Write([(byte)0]);
        index.Write(v[..WriteVarint(v, (ulong)records.Count)]);
        foreach ((long unpadded, long uncompressed) in records)
        {
            index.Write(v[..WriteVarint(v, (ulong)unpadded)]);
            index.Write(v[..WriteVarint(v, (ulong)uncompressed)]);
        }

        while ((index.WrittenCount & 3) != 0)
        {
            index.Write([(byte)0]);
        }

        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.Compute(index.WrittenSpan));
        index.Write(crc);
        output.Write(index.WrittenSpan);

        Span<byte> f = output.GetSpan(12);
        BinaryPrimitives.WriteUInt32LittleEndian(f[4..], (uint)((index.WrittenCount / 4) - 1));
        f[8] = 0;
        f[9] = (byte)check;
        BinaryPrimitives.WriteUInt32LittleEndian(f, Crc32.Compute(f.Slice(4, 6)));
        f[10] = (byte)'Y';
        f[11] = (byte)'Z';
        output.Advance(12);
    }

    private static int WriteVarint(Span<byte> dest, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            dest[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        dest[i++] = (byte)value;
        return i;
    }
}
