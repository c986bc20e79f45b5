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
        int maxBits = MaxBits;
        ref ushort table = ref MemoryMarshal.GetArrayDataReference(_entries);
        ref byte output = ref MemoryMarshal.GetReference(dst);
        int n = dst.Length;
        int i = 0;
        while (n - i >= 4 && br.Fast)
        {
            br.Reload();
            ushort e = Unsafe.Add(ref table, br.Peek(maxBits));
            Unsafe.Add(ref output, i) = (byte)(e >> 8);
            br.Skip(e & 0xFF);
            e = Unsafe.Add(ref table, br.Peek(maxBits));
            Unsafe.Add(ref output, i + 1) = (byte)(e >> 8);
            br.Skip(e & 0xFF);
            e = Unsafe.Add(ref table, br.Peek(maxBits));
            Unsafe.Add(ref output, i + 2) = (byte)(e >> 8);
            br.Skip(e & 0xFF);
            e = Unsafe.Add(ref table, br.Peek(maxBits));
            Unsafe.Add(ref output, i + 3) = (byte)(e >> 8);
            br.Skip(e & 0xFF);
            i += 4;
        }

        while (i < n)
        {
            br.ReloadChecked();
            ushort e = Unsafe.Add(ref table, br.Peek(maxBits));
            Unsafe.Add(ref output, i++) = (byte)(e >> 8);
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
