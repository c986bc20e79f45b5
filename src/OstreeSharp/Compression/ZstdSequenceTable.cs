using System.Runtime.InteropServices;

namespace OstreeSharp.Compression;

/// <summary>
/// An FSE decoding table for one of the sequence fields (literals length, match length, offset), each state
/// pre-resolved to its code's base value and extra-bit count (RFC 8878 §3.1.1.3.2.1).
/// </summary>
internal sealed class ZstdSequenceTable
{
    public const int MaxTableLog = 9;

    /// <summary>Literals-length code → (baseline, extra bits).</summary>
    public static readonly (uint Base, byte Bits)[] LiteralLengthCodes = Codes(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);

    /// <summary>Match-length code → (baseline, extra bits).</summary>
    public static readonly (uint Base, byte Bits)[] MatchLengthCodes = Codes(
        [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
         35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051, 4099, 8195, 16387, 32771, 65539],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);

    /// <summary>Offset code → (baseline 2^code, code extra bits).</summary>
    public static readonly (uint Base, byte Bits)[] OffsetCodes = Enumerable.Range(0, 32).Select(c => (1u << c, (byte)c)).ToArray();

    public static readonly ZstdSequenceTable PredefinedLiteralLengths = Predefined(
        [4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1], 6, LiteralLengthCodes);

    public static readonly ZstdSequenceTable PredefinedMatchLengths = Predefined(
        [1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
         1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1], 6, MatchLengthCodes);

    public static readonly ZstdSequenceTable PredefinedOffsets = Predefined(
        [1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1], 5, OffsetCodes);

    /// <summary>One entry per state (only the first 2^TableLog are meaningful).</summary>
    public Entry[] Entries { get; } = new Entry[1 << MaxTableLog];

    public int TableLog { get; private set; }

    public void BuildRle(int symbol, (uint Base, byte Bits)[] codes)
    {
        TableLog = 0;
        Entries[0] = new Entry { BaseValue = codes[symbol].Base, ExtraBits = codes[symbol].Bits, NbBits = 0, NextState = 0 };
    }

    public void Build(ReadOnlySpan<short> counts, int symbolCount, int tableLog, (uint Base, byte Bits)[] codes)
    {
        if (symbolCount > codes.Length)
        {
            throw new ZstdFormatException("FSE table has a symbol out of range");
        }

        int size = 1 << tableLog;
        Span<byte> symbols = stackalloc byte[size];
        Span<byte> nbBits = stackalloc byte[size];
        Span<ushort> baselines = stackalloc ushort[size];
        ZstdFse.Build(counts, symbolCount, tableLog, symbols, nbBits, baselines);
        for (int i = 0; i < size; i++)
        {
            (uint b, byte bits) = codes[symbols[i]];
            Entries[i] = new Entry { BaseValue = b, ExtraBits = bits, NbBits = nbBits[i], NextState = baselines[i] };
        }

        TableLog = tableLog;
    }

    private static (uint, byte)[] Codes(uint[] bases, byte[] bits) => bases.Zip(bits).Select(p => (p.First, p.Second)).ToArray();

    private static ZstdSequenceTable Predefined(short[] counts, int tableLog, (uint Base, byte Bits)[] codes)
    {
        var t = new ZstdSequenceTable();
        t.Build(counts, counts.Length, tableLog, codes);
        return t;
    }

    /// <summary>A decoding-table state.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Entry
    {
        public uint BaseValue;
        public byte ExtraBits;
        public byte NbBits;
        public ushort NextState;
    }
}
