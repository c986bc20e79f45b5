using System.Diagnostics.CodeAnalysis;

namespace OstreeSharp.Signing.Ed25519;

/// <summary>
/// An Ed25519 public key: the 32-byte RFC 8032 encoding of a curve point, as ostree stores it (raw <c>ay</c>, or base64
/// text in <c>verification-ed25519-key</c> and key files; spec §7.2). Any 32 bytes are accepted here; keys that are
/// not canonical, not on the curve or of small order simply never verify (see <see cref="IsUsable"/>).
/// The decoded point is cached, so reuse one instance to verify many signatures.
/// </summary>
public sealed class Ed25519PublicKey : IEquatable<Ed25519PublicKey>
{
    /// <summary>Length of a public key in bytes (32).</summary>
    public const int Length = 32;

    private readonly byte[] _bytes;
    private CachedPoint[]? _table;
    private bool _rejected;

    private Ed25519PublicKey(byte[] bytes) => _bytes = bytes;

    /// <summary>Wraps 32 raw bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public static Ed25519PublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"An Ed25519 public key is {Length} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new Ed25519PublicKey(bytes.ToArray());
    }

    /// <summary>Parses base64 text (surrounding whitespace ignored) decoding to exactly 32 bytes.</summary>
    /// <exception cref="FormatException">The text is not base64 or does not decode to 32 bytes.</exception>
    public static Ed25519PublicKey Parse(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        return TryParse(base64, out Ed25519PublicKey? key)
            ? key
            : throw new FormatException("Not an Ed25519 public key: expected base64 text of 32 bytes.");
    }

    /// <summary>Parses base64 text (surrounding whitespace ignored) decoding to exactly 32 bytes.</summary>
    public static bool TryParse(ReadOnlySpan<char> base64, [NotNullWhen(true)] out Ed25519PublicKey? key)
    {
        Span<byte> buffer = stackalloc byte[Length + 3];
        if (Convert.TryFromBase64Chars(base64.Trim(), buffer, out int written) && written == Length)
        {
            key = new Ed25519PublicKey(buffer[..Length].ToArray());
            return true;
        }

        key = null;
        return false;
    }

    /// <summary>The 32 key bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>
    /// True when the key can verify anything: its y coordinate is canonical (below 2^255 - 19), it decodes to a curve
    /// point, and that point is not one of the eight points of small order.
    /// </summary>
    public bool IsUsable => GetTable() is not null;

    /// <summary>Returns a copy of the 32 key bytes.</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>Returns the key as base64 text, the form ostree's configuration and key files use.</summary>
    public string ToBase64() => Convert.ToBase64String(_bytes);

    /// <summary>Returns <see cref="ToBase64"/>.</summary>
    public override string ToString() => ToBase64();

    /// <summary>Verifies a 64-byte signature of <paramref name="message"/> made by this key (see <see cref="Ed25519Signature.Verify(Ed25519PublicKey, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>).</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        CachedPoint[]? table = GetTable();
        return table is not null && Ed25519Core.Verify(_bytes, table, message, signature);
    }

    /// <inheritdoc/>
    public bool Equals([NotNullWhen(true)] Ed25519PublicKey? other) =>
        other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Ed25519PublicKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    private CachedPoint[]? GetTable()
    {
        // Benign race: concurrent callers may both compute the (identical) table; the reference store is atomic.
        if (_table is null && !_rejected)
        {
            CachedPoint[]? table = Ed25519Core.TryPrepareKey(_bytes);
            if (table is null)
            {
                _rejected = true;
            }
            else
            {
                _table = table;
            }
        }

        return _table;
    }
}
