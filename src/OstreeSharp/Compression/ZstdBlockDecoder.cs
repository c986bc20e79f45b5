using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OstreeSharp.Compression;

/// <summary>
/// Decodes compressed blocks (RFC 8878 §3.1.1.3: literals section + sequences section) into a <see cref="ZstdWindow"/>,
/// keeping the per-frame state blocks inherit from each other: the Huffman table, the three sequence tables, and the
/// repeat offsets.
/// </summary>
internal sealed class ZstdBlockDecoder
{
    public const int MaxBlockSize = 128 * 1024;

    private readonly byte[] _literals = new byte[MaxBlockSize + ZstdWindow.Slack];
    private readonly ZstdHuffmanTable _huffman = new();
    private readonly ZstdSequenceTable _llOwn = new();
    private readonly ZstdSequenceTable _ofOwn = new();
    private readonly ZstdSequenceTable _mlOwn = new();
    private readonly short[] _counts = new short[256];
    private bool _hasHuffman;
    private ZstdSequenceTable? _ll;
    private ZstdSequenceTable? _of;
    private ZstdSequenceTable? _ml;
    private uint _rep1, _rep2, _rep3;

    /// <summary>Forgets everything inherited between blocks (called at each frame start).</summary>
    public void ResetFrame()
    {
        _hasHuffman = false;
        _ll = _of = _ml = null;
        _rep1 = 1;
        _rep2 = 4;
        _rep3 = 8;
    }

    /// <summary>Decodes the compressed block <paramref name="src"/> at the window's position; returns the bytes produced.</summary>
    public int Decode(ReadOnlySpan<byte> src, ZstdWindow window, int blockMaximum)
    {
        int used = ReadLiterals(src, blockMaximum, out int literalCount);
        src = src[used..];
        if (src.IsEmpty)
        {
            throw new ZstdFormatException("Compressed block without a sequences section");
        }

        int nbSeq;
        int b0 = src[0];
        if (b0 < 128)
        {
            nbSeq = b0;
            used = 1;
        }
        else if (b0 < 255)
        {
            if (src.Length < 2)
            {
                throw new ZstdFormatException("Truncated sequences section header");
            }

            nbSeq = ((b0 - 128) << 8) + src[1];
            used = 2;
        }
        else
        {
            if (src.Length < 3)
            {
                throw new ZstdFormatException("Truncated sequences section header");
            }

            nbSeq = src[1] + (src[2] << 8) + 0x7F00;
            used = 3;
        }

        if (nbSeq == 0)
        {
            if (used != src.Length)
            {
                throw new ZstdFormatException("Data after an empty sequences section");
            }

            CopyOut(window, _literals.AsSpan(0, literalCount));
            return literalCount;
        }

        if (used >= src.Length)
        {
            throw new ZstdFormatException("Truncated sequences section header");
        }

        int modes = src[used++];
        if ((modes & 3) != 0)
        {
            throw new ZstdFormatException("Reserved bits set in the sequence compression modes");
        }

        _ll = ReadTable(src, ref used, (modes >> 6) & 3, _ll, _llOwn, ZstdSequenceTable.PredefinedLiteralLengths, ZstdSequenceTable.LiteralLengthCodes, 9, "literals length");
        _of = ReadTable(src, ref used, (modes >> 4) & 3, _of, _ofOwn, ZstdSequenceTable.PredefinedOffsets, ZstdSequenceTable.OffsetCodes, 8, "offset");
        _ml = ReadTable(src, ref used, (modes >> 2) & 3, _ml, _mlOwn, ZstdSequenceTable.PredefinedMatchLengths, ZstdSequenceTable.MatchLengthCodes, 9, "match length");
        return ExecuteSequences(src[used..], nbSeq, literalCount, window, blockMaximum);
    }

    private ZstdSequenceTable ReadTable(ReadOnlySpan<byte> src, ref int used, int mode, ZstdSequenceTable? previous, ZstdSequenceTable own,
        ZstdSequenceTable predefined, (uint Base, byte Bits)[] codes, int maxLog, string what)
    {
        switch (mode)
        {
            case 0:
                return predefined;
            case 1:
                if (used >= src.Length)
                {
                    throw new ZstdFormatException($"Truncated {what} RLE symbol");
                }

                int symbol = src[used++];
                if (symbol >= codes.Length)
                {
                    throw new ZstdFormatException($"Invalid {what} RLE symbol {symbol}");
                }

                own.BuildRle(symbol, codes);
                return own;
            case 2:
                used += ZstdFse.ReadCounts(src[used..], _counts, codes.Length - 1, maxLog, out int tableLog, out int symbolCount);
                own.Build(_counts, symbolCount, tableLog, codes);
                return own;
            default:
                return previous ?? throw new ZstdFormatException($"Repeat mode for the {what} table without a previous table");
        }
    }

    private int ReadLiterals(ReadOnlySpan<byte> src, int blockMaximum, out int count)
    {
        if (src.IsEmpty)
        {
            throw new ZstdFormatException("Empty compressed block");
        }

        int b0 = src[0];
        int type = b0 & 3;
        int sizeFormat = (b0 >> 2) & 3;
        if (type < 2)
        {
            int header;
            switch (sizeFormat)
            {
                case 0:
                case 2:
                    header = 1;
                    count = b0 >> 3;
                    break;
                case 1:
                    header = 2;
                    count = src.Length < 2 ? -1 : (b0 >> 4) + (src[1] << 4);
                    break;
                default:
                    header = 3;
                    count = src.Length < 3 ? -1 : (b0 >> 4) + (src[1] << 4) + (src[2] << 12);
                    break;
            }

            if (count < 0)
            {
                throw new ZstdFormatException("Truncated literals section header");
            }

            if (count > blockMaximum)
            {
                throw new ZstdFormatException("Literals section larger than the maximum block size");
            }

            if (type == 0)
            {
                if (header + count > src.Length)
                {
                    throw new ZstdFormatException("Truncated raw literals");
                }

                src.Slice(header, count).CopyTo(_literals);
                return header + count;
            }

            if (header >= src.Length)
            {
                throw new ZstdFormatException("Truncated RLE literals");
            }

            _literals.AsSpan(0, count).Fill(src[header]);
            return header + 1;
        }

        int hsize;
        int regenerated;
        int compressed;
        bool fourStreams = sizeFormat != 0;
        switch (sizeFormat)
        {
            case 0:
            case 1:
                hsize = 3;
                if (src.Length < 3)
                {
                    throw new ZstdFormatException("Truncated literals section header");
                }

                int v3 = b0 | (src[1] << 8) | (src[2] << 16);
                regenerated = (v3 >> 4) & 0x3FF;
                compressed = (v3 >> 14) & 0x3FF;
                break;
            case 2:
                hsize = 4;
                if (src.Length < 4)
                {
                    throw new ZstdFormatException("Truncated literals section header");
                }

                uint v4 = BinaryPrimitives.ReadUInt32LittleEndian(src);
                regenerated = (int)((v4 >> 4) & 0x3FFF);
                compressed = (int)((v4 >> 18) & 0x3FFF);
                break;
            default:
                hsize = 5;
                if (src.Length < 5)
                {
                    throw new ZstdFormatException("Truncated literals section header");
                }

                ulong v5 = BinaryPrimitives.ReadUInt32LittleEndian(src) | ((ulong)src[4] << 32);
                regenerated = (int)((v5 >> 4) & 0x3FFFF);
                compressed = (int)((v5 >> 22) & 0x3FFFF);
                break;
        }

        if (regenerated > blockMaximum)
        {
            throw new ZstdFormatException("Literals section larger than the maximum block size");
        }

        if (hsize + compressed > src.Length)
        {
            throw new ZstdFormatException("Truncated Huffman-coded literals");
        }

        ReadOnlySpan<byte> data = src.Slice(hsize, compressed);
        if (type == 2)
        {
            data = data[_huffman.Read(data)..];
            _hasHuffman = true;
        }
        else if (!_hasHuffman)
        {
            throw new ZstdFormatException("Treeless literals without a previous Huffman table");
        }

        Span<byte> output = _literals.AsSpan(0, regenerated);
        if (!fourStreams)
        {
            _huffman.DecodeStream(data, output);
        }
        else
        {
            if (data.Length < 6)
            {
                throw new ZstdFormatException("Truncated literals jump table");
            }

            int s1 = BinaryPrimitives.ReadUInt16LittleEndian(data);
            int s2 = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
            int s3 = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
            int s4 = data.Length - 6 - s1 - s2 - s3;
            int segment = (regenerated + 3) / 4;
            int last = regenerated - (3 * segment);
            if (s4 < 0 || last < 0)
            {
                throw new ZstdFormatException("Invalid literals jump table");
            }

            data = data[6..];
            _huffman.DecodeFourStreams(data[..s1], data.Slice(s1, s2), data.Slice(s1 + s2, s3), data[(s1 + s2 + s3)..], output, segment);
        }

        count = regenerated;
        return hsize + compressed;
    }

    private int ExecuteSequences(ReadOnlySpan<byte> bitstream, int nbSeq, int literalCount, ZstdWindow window, int blockMaximum)
    {
        var br = new ZstdBitReader(bitstream);
        ZstdSequenceTable llTable = _ll!, ofTable = _of!, mlTable = _ml!;
        ref ZstdSequenceTable.Entry ll0 = ref MemoryMarshal.GetArrayDataReference(llTable.Entries);
        ref ZstdSequenceTable.Entry of0 = ref MemoryMarshal.GetArrayDataReference(ofTable.Entries);
        ref ZstdSequenceTable.Entry ml0 = ref MemoryMarshal.GetArrayDataReference(mlTable.Entries);
        uint llState = br.Read(llTable.TableLog);
        uint ofState = br.Read(ofTable.TableLog);
        uint mlState = br.Read(mlTable.TableLog);
        br.Reload();

        byte[] buffer = window.Buffer;
        ref byte win = ref MemoryMarshal.GetArrayDataReference(buffer);
        ref byte lit = ref MemoryMarshal.GetArrayDataReference(_literals);
        int capacity = window.Capacity;
        int pos = window.Pos;
        long frameTotal = window.Total;
        uint windowSize = (uint)window.WindowSize;
        int produced = 0;
        int litPos = 0;
        uint rep1 = _rep1, rep2 = _rep2, rep3 = _rep3;

        for (int k = nbSeq; k > 0; k--)
        {
            ref ZstdSequenceTable.Entry of = ref Unsafe.Add(ref of0, ofState);
            ref ZstdSequenceTable.Entry ml = ref Unsafe.Add(ref ml0, mlState);
            ref ZstdSequenceTable.Entry ll = ref Unsafe.Add(ref ll0, llState);
            uint offsetValue = of.BaseValue + br.Read(of.ExtraBits);
            br.Reload();
            uint matchLength = ml.BaseValue + br.Read(ml.ExtraBits);
            uint literalLength = ll.BaseValue + br.Read(ll.ExtraBits);
            br.Reload();
            if (k > 1)
            {
                llState = ll.NextState + br.Read(ll.NbBits);
                mlState = ml.NextState + br.Read(ml.NbBits);
                ofState = of.NextState + br.Read(of.NbBits);
            }

            uint offset;
            if (offsetValue > 3)
            {
                offset = offsetValue - 3;
                rep3 = rep2;
                rep2 = rep1;
                rep1 = offset;
            }
            else
            {
                uint index = offsetValue - (literalLength == 0 ? 0u : 1u);
                if (index == 0)
                {
                    offset = rep1;
                }
                else
                {
                    offset = index == 1 ? rep2 : index == 2 ? rep3 : rep1 - 1;
                    if (offset == 0)
                    {
                        throw new ZstdFormatException("Repeat offset of zero");
                    }

                    if (index != 1)
                    {
                        rep3 = rep2;
                    }

                    rep2 = rep1;
                    rep1 = offset;
                }
            }

            if (literalLength > (uint)(literalCount - litPos))
            {
                throw new ZstdFormatException("Sequence literals length exceeds the literals section");
            }

            if ((ulong)produced + literalLength + matchLength > (ulong)blockMaximum)
            {
                throw new ZstdFormatException("Block decodes to more than the maximum block size");
            }

            int ll32 = (int)literalLength;
            if (pos + ll32 <= capacity)
            {
                WildCopy(ref Unsafe.Add(ref win, pos), ref Unsafe.Add(ref lit, litPos), ll32);
                pos += ll32;
            }
            else
            {
                int first = capacity - pos;
                Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref win, pos), ref Unsafe.Add(ref lit, litPos), (uint)first);
                Unsafe.CopyBlockUnaligned(ref win, ref Unsafe.Add(ref lit, litPos + first), (uint)(ll32 - first));
                pos = ll32 - first;
            }

            litPos += ll32;
            produced += ll32;
            if (pos >= capacity)
            {
                pos -= capacity;
            }

            if (offset > windowSize || offset > frameTotal + produced)
            {
                throw new ZstdFormatException($"Match offset {offset} reaches before the start of the window");
            }

            int ml32 = (int)matchLength;
            int from = pos - (int)offset;
            if (from < 0)
            {
                from += capacity;
            }

            if (pos + ml32 <= capacity && from + ml32 <= capacity)
            {
                CopyMatch(ref Unsafe.Add(ref win, pos), ref Unsafe.Add(ref win, from), (int)offset, ml32);
                pos += ml32;
                if (pos >= capacity)
                {
                    pos -= capacity;
                }
            }
            else
            {
                for (int i = 0; i < ml32; i++)
                {
                    Unsafe.Add(ref win, pos) = Unsafe.Add(ref win, from);
                    if (++pos == capacity)
                    {
                        pos = 0;
                    }

                    if (++from == capacity)
                    {
                        from = 0;
                    }
                }
            }

            produced += ml32;
        }

        br.Reload();
        if (!br.Finished)
        {
            throw new ZstdFormatException("Sequences bitstream does not end where expected");
        }

        (_rep1, _rep2, _rep3) = (rep1, rep2, rep3);
        int rest = literalCount - litPos;
        if (produced + rest > blockMaximum)
        {
            throw new ZstdFormatException("Block decodes to more than the maximum block size");
        }

        window.Pos = pos;
        CopyOut(window, _literals.AsSpan(litPos, rest));
        return produced + rest;
    }

    /// <summary>Appends <paramref name="data"/> at the window position (wrapping), advancing it.</summary>
    public static void CopyOut(ZstdWindow window, ReadOnlySpan<byte> data)
    {
        int pos = window.Pos;
        int capacity = window.Capacity;
        int first = Math.Min(data.Length, capacity - pos);
        data[..first].CopyTo(window.Buffer.AsSpan(pos));
        data[first..].CopyTo(window.Buffer);
        pos += data.Length;
        window.Pos = pos >= capacity ? pos - capacity : pos;
    }

    /// <summary>Copies <paramref name="length"/> bytes 16 at a time; may write up to 15 bytes past the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WildCopy(ref byte dst, ref byte src, int length)
    {
        int i = 0;
        do
        {
            Vector128.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
            i += 16;
        }
        while (i < length);
    }

    /// <summary>An LZ77 match copy, <paramref name="src"/> = <paramref name="dst"/> - offset (no wrap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyMatch(ref byte dst, ref byte src, int offset, int length)
    {
        if (offset >= 16)
        {
            WildCopy(ref dst, ref src, length);
        }
        else if (length <= 16)
        {
            for (int i = 0; i < length; i++)
            {
                Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
            }
        }
        else
        {
            for (int i = 0; i < 16; i++)
            {
                Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
            }

            // The output is periodic with period `offset`; any multiple of it of at least 16 works as a copy distance.
            int distance = offset * ((16 + offset - 1) / offset);
            for (int i = 16; i < length; i += 16)
            {
                Vector128.LoadUnsafe(ref Unsafe.Add(ref dst, i - distance)).StoreUnsafe(ref dst, (nuint)i);
            }
        }
    }
}
