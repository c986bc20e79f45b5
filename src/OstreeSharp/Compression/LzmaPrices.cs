using System.Runtime.CompilerServices;

namespace OstreeSharp.Compression;

/// <summary>
/// Bit prices for the LZMA encoder's parser: the cost, in sixteenths of a bit, of coding a 0 or a 1 with an adaptive
/// 11-bit probability, i.e. <c>-log2(p / 2048) * 16</c> tabulated at a resolution of 16 probability steps.
/// </summary>
internal static class LzmaPrices
{
    /// <summary>One bit, in price units.</summary>
    public const int BitPrice = 16;

    /// <summary>A price larger than any real path.</summary>
    public const int Infinity = 1 << 30;

    private static readonly int[] Table = Build();

    private static int[] Build()
    {
        var t = new int[128];
        for (int i = 0; i < t.Length; i++)
        {
            double p = ((i * 16) + 8) / 2048.0;
            t[i] = (int)Math.Round(-Math.Log2(p) * BitPrice);
        }

        return t;
    }

    /// <summary>The price of coding a 0 with probability <paramref name="prob"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Zero(ushort prob) => Table[prob >> 4];

    /// <summary>The price of coding a 1 with probability <paramref name="prob"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int One(ushort prob) => Table[(2048 - prob) >> 4];

    /// <summary>The price of coding <paramref name="bit"/> with probability <paramref name="prob"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bit(ushort prob, int bit) => Table[(bit == 0 ? prob : 2048 - prob) >> 4];

    /// <summary>The price of a bit tree symbol of <paramref name="bits"/> bits rooted at <c>probs[offset + 1]</c>.</summary>
    public static int Tree(ReadOnlySpan<ushort> probs, int offset, int bits, int symbol)
    {
        int price = 0;
        int m = 1;
        for (int i = bits - 1; i >= 0; i--)
        {
            int bit = (symbol >> i) & 1;
            price += Bit(probs[offset + m], bit);
            m = (m << 1) | bit;
        }

        return price;
    }

    /// <summary>The price of a reverse (LSB first) bit tree symbol rooted at <c>probs[offset + 1]</c>.</summary>
    public static int ReverseTree(ReadOnlySpan<ushort> probs, int offset, int bits, int symbol)
    {
        int price = 0;
        int m = 1;
        for (int i = 0; i < bits; i++)
        {
            int bit = symbol & 1;
            symbol >>= 1;
            price += Bit(probs[offset + m], bit);
            m = (m << 1) | bit;
        }

        return price;
    }
}
