using System.Numerics;

namespace OstreeSharp.Compression;

/// <summary>
/// Finite State Entropy tables (RFC 8878 §4.1.1): reading a table description (normalized probabilities) and building
/// the decoding table from it.
/// </summary>
internal static class ZstdFse
{
    /// <summary>
    /// Reads an FSE table description from the start of <paramref name="src"/> into <paramref name="counts"/>
    /// (probability per symbol, -1 for "less than 1"). Returns the bytes used.
    /// </summary>
    public static int ReadCounts(ReadOnlySpan<byte> src, Span<short> counts, int maxSymbol, int maxLog, out int tableLog, out int symbolCount)
    {
        long bitPos = 0;
        uint Peek(ReadOnlySpan<byte> s, long pos, int n)
        {
            // Up to 32 bits, little-endian, zeros past the end (the caller checks the end afterwards).
            ulong v = 0;
            int first = (int)(pos >> 3);
            for (int i = 0; i < 5; i++)
            {
                int at = first + i;
                if (at < s.Length)
                {
                    v |= (ulong)s[at] << (8 * i);
                }
            }

            return (uint)((v >> (int)(pos & 7)) & ((1UL << n) - 1));
        }

        if (src.IsEmpty)
        {
            throw new ZstdFormatException("Truncated FSE table description");
        }

        tableLog = (int)Peek(src, 0, 4) + 5;
        bitPos = 4;
        if (tableLog > maxLog)
        {
            throw new ZstdFormatException($"FSE table accuracy log {tableLog} exceeds the maximum {maxLog}");
        }

        int remaining = 1 << tableLog;
        int symbol = 0;
        counts.Clear();
        while (remaining > 0)
        {
            if (symbol > maxSymbol)
            {
                throw new ZstdFormatException("FSE table description has too many symbols");
            }

            int maxValue = remaining + 1;
            int nbBits = BitOperations.Log2((uint)maxValue) + 1;
            int lowMask = (1 << (nbBits - 1)) - 1;
            int threshold = (1 << nbBits) - 1 - maxValue;
            uint peek = Peek(src, bitPos, nbBits);
            int value;
            if ((int)(peek & (uint)lowMask) < threshold)
            {
                value = (int)(peek & (uint)lowMask);
                bitPos += nbBits - 1;
            }
            else
            {
                value = (int)peek;
                if (value > lowMask)
                {
                    value -= threshold;
                }

                bitPos += nbBits;
            }

            int probability = value - 1;
            counts[symbol++] = (short)probability;
            remaining -= probability == -1 ? 1 : probability;
            if (probability == 0)
            {
                while (true)
                {
                    int repeat = (int)Peek(src, bitPos, 2);
                    bitPos += 2;
                    if (symbol + repeat > maxSymbol + 1)
                    {
                        throw new ZstdFormatException("FSE table description has too many symbols");
                    }

                    symbol += repeat; // counts already cleared to 0
                    if (repeat != 3)
                    {
                        break;
                    }

                    if (bitPos > (long)src.Length * 8)
                    {
                        throw new ZstdFormatException("Truncated FSE table description");
                    }
                }
            }

            if (remaining < 0)
            {
                throw new ZstdFormatException("FSE table probabilities exceed the table size");
            }

            if (bitPos > (long)src.Length * 8)
            {
                throw new ZstdFormatException("Truncated FSE table description");
            }
        }

        symbolCount = symbol;
        return (int)((bitPos + 7) >> 3);
    }

    /// <summary>
    /// Builds the decoding table for <paramref name="counts"/>: per state, its symbol, the number of bits to read for
    /// the next state and the baseline they are added to.
    /// </summary>
    public static void Build(ReadOnlySpan<short> counts, int symbolCount, int tableLog, Span<byte> symbols, Span<byte> nbBits, Span<ushort> baselines)
    {
        int size = 1 << tableLog;
        int high = size - 1;
        Span<ushort> next = stackalloc ushort[256];
        for (int s = 0; s < symbolCount; s++)
        {
            if (counts[s] == -1)
            {
                symbols[high--] = (byte)s;
                next[s] = 1;
            }
            else
            {
                next[s] = (ushort)counts[s];
            }
        }

        int step = (size >> 1) + (size >> 3) + 3;
        int mask = size - 1;
        int position = 0;
        for (int s = 0; s < symbolCount; s++)
        {
            for (int i = 0; i < counts[s]; i++)
            {
                symbols[position] = (byte)s;
                do
                {
                    position = (position + step) & mask;
                }
                while (position > high);
            }
        }

        if (position != 0)
        {
            throw new ZstdFormatException("Malformed FSE table");
        }

        for (int u = 0; u < size; u++)
        {
            byte s = symbols[u];
            int state = next[s]++;
            int bits = tableLog - BitOperations.Log2((uint)state);
            nbBits[u] = (byte)bits;
            baselines[u] = (ushort)((state << bits) - size);
        }
    }
}
