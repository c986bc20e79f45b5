using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OstreeSharp.Compression;

/// <summary>
/// A Huffman decoding table for literals (RFC 8878 §4.2): read from a tree description (direct or FSE-compressed
/// weights), indexed by the next <see cref="MaxBits"/> bits of a stream; each entry is symbol &lt;&lt; 8 | code length.
/// </summary>
internal sealed class ZstdHuffmanTable
{
    private const int MaxCodeLength = 11;

    private readonly ushort[] _entries = new ushort[1 << MaxCodeLength];
    private readonly short[] _counts = new short[256];
    private readonly byte[] _fseSymbols = new byte[64];
    private readonly byte[] _fseBits = new byte[64];
    private readonly ushort[] _fseBaselines = new ushort[64];

    public int MaxBits { get; private set; }

    /// <summary>Reads a Huffman tree description at the start of <paramref name="src"/>; returns its size in bytes.</summary>
    public int Read(ReadOnlySpan<byte> src)
    {
        if (src.IsEmpty)
        {
            throw new ZstdFormatException("Truncated Huffman tree description");
        }

        Span<byte> weights = stackalloc byte[258];
        int header = src[0];
        int count;
        int used;
        if (header < 128)
        {
            if (header == 0 || 1 + header > src.Length)
            {
                throw new ZstdFormatException("Truncated Huffman tree description");
            }

            ReadOnlySpan<byte> data = src.Slice(1, header);
            int tableUsed = ZstdFse.ReadCounts(data, _counts, 255, 6, out int tableLog, out int symbolCount);
            ZstdFse.Build(_counts, symbolCount, tableLog, _fseSymbols, _fseBits, _fseBaselines);
            var br = new ZstdBitReader(data[tableUsed..]);
            uint s1 = br.Read(tableLog);
            uint s2 = br.Read(tableLog);
            br.ReloadChecked();
            count = 0;
            while (true)
            {
                if (count > 253)
                {
                    throw new ZstdFormatException("Too many Huffman weights");
                }

                weights[count++] = _fseSymbols[s1];
                s1 = _fseBaselines[s1] + br.Read(_fseBits[s1]);
                br.Reload();
                if (br.Overflowed)
                {
                    weights[count++] = _fseSymbols[s2];
                    break;
                }

                weights[count++] = _fseSymbols[s2];
                s2 = _fseBaselines[s2] + br.Read(_fseBits[s2]);
                br.Reload();
                if (br.Overflowed)
                {
                    weights[count++] = _fseSymbols[s1];
                    break;
                }
            }

            used = 1 + header;
        }
        else
        {
            count = header - 127;
            used = 1 + ((count + 1) / 2);
            if (used > src.Length)
            {
                throw new ZstdFormatException("Truncated Huffman tree description");
            }

            for (int i = 0; i < count; i++)
            {
                byte b = src[1 + (i / 2)];
                weights[i] = (byte)((i & 1) == 0 ? b >> 4 : b & 15);
            }
        }

        if (count > 255)
        {
            throw new ZstdFormatException("Too many Huffman weights");
        }

        Build(weights, count);
        return used;
    }

    /// <summary>Decodes one Huffman stream into exactly <paramref name="dst"/>.Length symbols.</summary>
    public void DecodeStream(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        var br = new ZstdBitReader(src);
        int i = 0;
        ref ushort table = ref MemoryMarshal.GetArrayDataReference(_entries);
        ref byte output = ref MemoryMarshal.GetReference(dst);
        int n = dst.Length;
        int maxBits = MaxBits;
        while (n - i >= 4 && br.Fast)
        {
            br.Reload();
            Decode4(ref br, ref table, maxBits, ref Unsafe.Add(ref output, i));
            i += 4;
        }

        Finish(ref br, dst, i);
    }

    /// <summary>Decodes four Huffman streams (the 4-stream literals layout) into consecutive parts of
    /// <paramref name="dst"/>, interleaving them while they are all far from their ends.</summary>
    public void DecodeFourStreams(ReadOnlySpan<byte> s1, ReadOnlySpan<byte> s2, ReadOnlySpan<byte> s3, ReadOnlySpan<byte> s4, Span<byte> dst, int segment)
    {
        var b1 = new ZstdBitReader(s1);
        var b2 = new ZstdBitReader(s2);
        var b3 = new ZstdBitReader(s3);
        var b4 = new ZstdBitReader(s4);
        ref ushort table = ref MemoryMarshal.GetArrayDataReference(_entries);
        ref byte output = ref MemoryMarshal.GetReference(dst);
        int maxBits = MaxBits;
        int lastLength = dst.Length - (3 * segment);
        int i = 0; // symbols done in each stream
        int common = Math.Min(segment, lastLength);
        while (common - i >= 4 && b1.Fast && b2.Fast && b3.Fast && b4.Fast)
        {
            b1.Reload();
            b2.Reload();
            b3.Reload();
            b4.Reload();
            Decode4(ref b1, ref table, maxBits, ref Unsafe.Add(ref output, i));
            Decode4(ref b2, ref table, maxBits, ref Unsafe.Add(ref output, segment + i));
            Decode4(ref b3, ref table, maxBits, ref Unsafe.Add(ref output, (2 * segment) + i));
            Decode4(ref b4, ref table, maxBits, ref Unsafe.Add(ref output, (3 * segment) + i));
            i += 4;
        }

        Finish(ref b1, dst[..segment], i);
        Finish(ref b2, dst.Slice(segment, segment), i);
        Finish(ref b3, dst.Slice(2 * segment, segment), i);
        Finish(ref b4, dst[(3 * segment)..], i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Decode4(ref ZstdBitReader br, ref ushort table, int maxBits, ref byte output)
    {
        ushort e = Unsafe.Add(ref table, br.Peek(maxBits));
        output = (byte)(e >> 8);
        br.Skip(e & 0xFF);
        e = Unsafe.Add(ref table, br.Peek(maxBits));
        Unsafe.Add(ref output, 1) = (byte)(e >> 8);
        br.Skip(e & 0xFF);
        e = Unsafe.Add(ref table, br.Peek(maxBits));
        Unsafe.Add(ref output, 2) = (byte)(e >> 8);
        br.Skip(e & 0xFF);
        e = Unsafe.Add(ref table, br.Peek(maxBits));
        Unsafe.Add(ref output, 3) = (byte)(e >> 8);
        br.Skip(e & 0xFF);
    }

    /// <summary>Decodes the symbols of <paramref name="dst"/> from index <paramref name="i"/> on, then checks the
    /// stream ends exactly there.</summary>
    private void Finish(ref ZstdBitReader br, Span<byte> dst, int i)
    {
        ref ushort table = ref MemoryMarshal.GetArrayDataReference(_entries);
        int maxBits = MaxBits;
        while (i < dst.Length)
        {
            br.ReloadChecked();
            ushort e = Unsafe.Add(ref table, br.Peek(maxBits));
            dst[i++] = (byte)(e >> 8);
            br.Skip(e & 0xFF);
        }

        br.Reload();
        if (!br.Finished)
        {
            throw new ZstdFormatException("Huffman-coded literals stream does not end where expected");
        }
    }

    private void Build(Span<byte> weights, int count)
    {
        uint total = 0;
        for (int i = 0; i < count; i++)
        {
            int w = weights[i];
            if (w > MaxCodeLength)
            {
                throw new ZstdFormatException("Huffman weight out of range");
            }

            if (w > 0)
            {
                total += 1u << (w - 1);
            }
        }

        if (total == 0)
        {
            throw new ZstdFormatException("Huffman tree without symbols");
        }

        int maxBits = BitOperations.Log2(total) + 1;
        if (maxBits > MaxCodeLength)
        {
            throw new ZstdFormatException("Huffman code lengths exceed 11 bits");
        }

        uint leftover = (1u << maxBits) - total;
        if (!BitOperations.IsPow2(leftover))
        {
            throw new ZstdFormatException("Huffman weights do not form a complete tree");
        }

        weights[count++] = (byte)(BitOperations.Log2(leftover) + 1);
        int position = 0;
        for (int w = 1; w <= maxBits; w++)
        {
            int length = 1 << (w - 1);
            ushort nb = (ushort)(maxBits + 1 - w);
            for (int s = 0; s < count; s++)
            {
                if (weights[s] == w)
                {
                    _entries.AsSpan(position, length).Fill((ushort)((s << 8) | nb));
                    position += length;
                }
            }
        }

        MaxBits = maxBits;
    }
}
