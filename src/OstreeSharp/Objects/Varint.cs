namespace OstreeSharp.Objects;

/// <summary>Unsigned LEB128 varints, as in <c>ostree.sizes</c> and delta opcodes (at most 10 bytes).</summary>
public static class Varint
{
    /// <summary>The most bytes a 64-bit varint takes.</summary>
    public const int MaxLength = 10;

    /// <summary>Writes <paramref name="value"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads a varint; returns the bytes consumed.</summary>
    /// <exception cref="OstreeDataException">Truncated, longer than 10 bytes, or overflowing 64 bits.</exception>
    public static int Read(ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        for (int i = 0; i < MaxLength; i++)
        {
            if (i >= source.Length)
                throw new OstreeDataException("Truncated varint.");
            byte b = source[i];
            if (i == MaxLength - 1 && b > 1)
                throw new OstreeDataException("Varint overflows 64 bits.");
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
                return i + 1;
        }
        throw new OstreeDataException("Varint longer than 10 bytes.");
    }
}
