using System.Globalization;
using System.Numerics;

namespace OstreeSharp.Maintenance;

/// <summary>
/// Formats byte counts the way ostree prints them (GLib's default size format, ✅ 2022.7): <c>1 byte</c>,
/// <c>N bytes</c> below 1000, then one decimal and a decimal (SI) unit separated by a no-break space:
/// <c>1.2 kB</c>, <c>1000.0 kB</c>, <c>1.0 MB</c> … up to EB. Rounding is that of C's <c>%.1f</c> on the double
/// quotient: exact, ties to even.
/// </summary>
public static class ByteSize
{
    private static readonly string[] Units = ["kB", "MB", "GB", "TB", "PB", "EB"];

    /// <summary>Formats <paramref name="bytes"/>.</summary>
    public static string Format(long bytes) => Format(unchecked((ulong)bytes));

    /// <summary>Formats <paramref name="bytes"/>.</summary>
    public static string Format(ulong bytes)
    {
        if (bytes < 1000)
            return bytes == 1 ? "1 byte" : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        ulong unit = 1000;
        int index = 0;
        while (index < Units.Length - 1 && bytes >= unit * 1000)
        {
            unit *= 1000;
            index++;
        }
        return FormatOneDecimal((double)bytes / unit) + "\u00a0" + Units[index];
    }

    /// <summary>C's <c>printf("%.1f", value)</c> for a non-negative finite double: the exact binary value rounded
    /// half-to-even.</summary>
    internal static string FormatOneDecimal(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
            exponent++;
        else
            mantissa |= 1L << 52;
        exponent -= 1075; // value = mantissa * 2^exponent
        // tenths = value * 10, as the exact fraction num / den
        BigInteger num = new BigInteger(mantissa) * 10;
        BigInteger den = BigInteger.One;
        if (exponent >= 0)
            num <<= exponent;
        else
            den <<= -exponent;
        BigInteger q = BigInteger.DivRem(num, den, out BigInteger r);
        int cmp = (r * 2).CompareTo(den);
        if (cmp > 0 || (cmp == 0 && !q.IsEven))
            q += 1;
        BigInteger whole = BigInteger.DivRem(q, 10, out BigInteger tenth);
        return whole.ToString(CultureInfo.InvariantCulture) + "." + tenth.ToString(CultureInfo.InvariantCulture);
    }
}
