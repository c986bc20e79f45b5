namespace OstreeSharp.Signing.OpenPgp;

/// <summary>Bounds-checked cursor helpers for packet bodies; every overrun becomes an <see cref="OpenPgpFormatException"/>.</summary>
internal static class OpenPgpBinary
{
    public static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> body, ref int pos, int count, string what)
    {
        if (count < 0 || count > body.Length - pos)
        {
            throw new OpenPgpFormatException($"Truncated {what}: needs {count} bytes at offset {pos}, body has {body.Length}.");
        }
        var slice = body.Slice(pos, count);
        pos += count;
        return slice;
    }

    public static byte Byte(ReadOnlySpan<byte> body, ref int pos, string what) => Take(body, ref pos, 1, what)[0];

    public static uint UInt32(ReadOnlySpan<byte> body, ref int pos, string what)
    {
        var s = Take(body, ref pos, 4, what);
        return ((uint)s[0] << 24) | ((uint)s[1] << 16) | ((uint)s[2] << 8) | s[3];
    }

    /// <summary>Reads an MPI (2-byte bit count, then the big-endian magnitude); returns the magnitude bytes.</summary>
    public static ReadOnlySpan<byte> Mpi(ReadOnlySpan<byte> body, ref int pos, string what)
    {
        var header = Take(body, ref pos, 2, what);
        int bits = (header[0] << 8) | header[1];
        return Take(body, ref pos, (bits + 7) / 8, what);
    }

    /// <summary>Left-pads <paramref name="value"/> with zeros to <paramref name="length"/> bytes (strips extra leading zeros).</summary>
    public static byte[]? PadLeft(ReadOnlySpan<byte> value, int length)
    {
        while (value.Length > length && value[0] == 0)
        {
            value = value[1..];
        }
        if (value.Length > length)
        {
            return null;
        }
        var result = new byte[length];
        value.CopyTo(result.AsSpan(length - value.Length));
        return result;
    }
}
