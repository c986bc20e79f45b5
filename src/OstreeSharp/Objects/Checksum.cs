using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace OstreeSharp.Objects;

/// <summary>
/// A SHA-256 object checksum: 32 bytes, printed as 64 lower-case hex characters (spec §0).
/// A value type with no heap allocation; ordering and equality follow the hex (= byte) order.
/// </summary>
public readonly struct Checksum : IEquatable<Checksum>, IComparable<Checksum>, ISpanFormattable
{
    /// <summary>The length of a checksum in bytes.</summary>
    public const int ByteLength = 32;

    /// <summary>The length of a checksum in hex characters.</summary>
    public const int HexLength = 64;

    /// <summary>The length of the modified-base64 form used by static delta names (spec §8.1).</summary>
    public const int MBase64Length = 43;

    // Big-endian words, so that comparing (a, b, c, d) lexicographically is byte order.
    private readonly ulong _a, _b, _c, _d;

    private Checksum(ulong a, ulong b, ulong c, ulong d)
    {
        _a = a; _b = b; _c = c; _d = d;
    }

    /// <summary>Creates a checksum from exactly 32 raw bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public static Checksum FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength)
            throw new ArgumentException($"A checksum is {ByteLength} bytes, got {bytes.Length}.", nameof(bytes));
        return new Checksum(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    /// <summary>Tries to create a checksum from raw bytes; false unless there are exactly 32.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out Checksum checksum)
    {
        if (bytes.Length != ByteLength)
        {
            checksum = default;
            return false;
        }
        checksum = FromBytes(bytes);
        return true;
    }

    /// <summary>Computes the SHA-256 of <paramref name="data"/>.</summary>
    public static Checksum Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[ByteLength];
        SHA256.HashData(data, hash);
        return FromBytes(hash);
    }

    /// <summary>Parses 64 hex characters (either case).</summary>
    /// <exception cref="FormatException">The text is not a valid checksum.</exception>
    public static Checksum Parse(ReadOnlySpan<char> hex)
    {
        if (!TryParse(hex, out var checksum))
            throw new FormatException($"Invalid checksum '{hex.ToString()}': expected {HexLength} hex characters.");
        return checksum;
    }

    /// <summary>Parses 64 hex characters (either case).</summary>
    /// <exception cref="FormatException">The text is not a valid checksum.</exception>
    public static Checksum Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return Parse(hex.AsSpan());
    }

    /// <summary>Tries to parse 64 hex characters.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out Checksum checksum)
    {
        checksum = default;
        if (hex.Length != HexLength)
            return false;
        Span<byte> bytes = stackalloc byte[ByteLength];
        for (int i = 0; i < ByteLength; i++)
        {
            int hi = HexValue(hex[2 * i]), lo = HexValue(hex[(2 * i) + 1]);
            if ((hi | lo) < 0)
                return false;
            bytes[i] = (byte)((hi << 4) | lo);
        }
        checksum = FromBytes(bytes);
        return true;
    }

    /// <summary>Tries to parse 64 hex characters given as UTF-8/ASCII bytes (e.g. a ref file).</summary>
    public static bool TryParse(ReadOnlySpan<byte> hexUtf8, out Checksum checksum)
    {
        checksum = default;
        if (hexUtf8.Length != HexLength)
            return false;
        Span<char> chars = stackalloc char[HexLength];
        for (int i = 0; i < HexLength; i++)
            chars[i] = (char)hexUtf8[i];
        return TryParse(chars, out checksum);
    }

    /// <summary>True if <paramref name="text"/> is exactly 64 lower-case hex characters, as ostree requires in names.</summary>
    public static bool IsValidLowerHex(ReadOnlySpan<char> text)
    {
        if (text.Length != HexLength)
            return false;
        foreach (char c in text)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                return false;
        }
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Writes the 32 raw bytes into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < ByteLength)
            throw new ArgumentException("Destination is shorter than 32 bytes.", nameof(destination));
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>Returns the 32 raw bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[ByteLength];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The first raw byte (the object directory name in hex).</summary>
    public byte FirstByte => (byte)(_a >> 56);

    /// <summary>Formats as 64 lower-case hex characters.</summary>
    public override string ToString() => string.Create(HexLength, this, static (span, c) => c.FormatHex(span));

    private void FormatHex(Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        CopyTo(bytes);
        Convert.TryToHexStringLower(bytes, destination, out _);
    }

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (destination.Length < HexLength)
        {
            charsWritten = 0;
            return false;
        }
        FormatHex(destination);
        charsWritten = HexLength;
        return true;
    }

    /// <summary>True if the hex form starts with <paramref name="hexPrefix"/> (case-insensitive).</summary>
    public bool StartsWith(ReadOnlySpan<char> hexPrefix)
    {
        if (hexPrefix.Length > HexLength)
            return false;
        Span<char> hex = stackalloc char[HexLength];
        FormatHex(hex);
        return hex.StartsWith(hexPrefix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The "modified base64" form used in static delta paths (spec §8.1): base64 of the raw bytes,
    /// trailing '=' dropped, '/' replaced by '_'. 43 characters.
    /// </summary>
    public string ToMBase64()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        CopyTo(bytes);
        string b64 = Convert.ToBase64String(bytes);
        return b64[..MBase64Length].Replace('/', '_');
    }

    /// <summary>Parses the modified-base64 form (spec §8.1).</summary>
    /// <exception cref="FormatException">The text is not 43 characters of modified base64 for 32 bytes.</exception>
    public static Checksum FromMBase64(string mbase64)
    {
        ArgumentNullException.ThrowIfNull(mbase64);
        if (mbase64.Length != MBase64Length || mbase64.Contains('/', StringComparison.Ordinal))
            throw new FormatException($"Invalid modified-base64 checksum '{mbase64}'.");
        Span<byte> bytes = stackalloc byte[ByteLength + 1];
        if (!Convert.TryFromBase64String(mbase64.Replace('_', '/') + "=", bytes, out int written) || written != ByteLength)
            throw new FormatException($"Invalid modified-base64 checksum '{mbase64}'.");
        return FromBytes(bytes[..ByteLength]);
    }

    /// <inheritdoc/>
    public bool Equals(Checksum other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Checksum other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)(_a ^ (_a >> 32));

    /// <inheritdoc/>
    public int CompareTo(Checksum other)
    {
        int c = _a.CompareTo(other._a);
        if (c != 0) return c;
        c = _b.CompareTo(other._b);
        if (c != 0) return c;
        c = _c.CompareTo(other._c);
        return c != 0 ? c : _d.CompareTo(other._d);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(Checksum left, Checksum right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Checksum left, Checksum right) => !left.Equals(right);

    /// <summary>Byte-order comparison.</summary>
    public static bool operator <(Checksum left, Checksum right) => left.CompareTo(right) < 0;

    /// <summary>Byte-order comparison.</summary>
    public static bool operator >(Checksum left, Checksum right) => left.CompareTo(right) > 0;

    /// <summary>Byte-order comparison.</summary>
    public static bool operator <=(Checksum left, Checksum right) => left.CompareTo(right) <= 0;

    /// <summary>Byte-order comparison.</summary>
    public static bool operator >=(Checksum left, Checksum right) => left.CompareTo(right) >= 0;
}
