using System.Buffers.Binary;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// A parsed v4 or v6 signature packet (RFC 9580 §5.2.3) with its commonly used subpackets decoded. v6 signatures have
/// 4-octet subpacket-area lengths and a salt (hashed before the data) whose size is fixed by the hash algorithm.
/// Signatures of other versions (v3, v5, future ones) are only represented when they come from
/// <see cref="OpenPgpKeyring.VerifyDetached(ReadOnlySpan{byte}, ReadOnlyMemory{byte}, OpenPgpVerifyOptions?)"/>, which
/// reports them as <see cref="OpenPgpVerificationStatus.UnsupportedVersion"/>; <see cref="Parse"/> refuses them.
/// </summary>
public sealed class OpenPgpSignature
{
    private readonly byte[] _body;
    private readonly int _hashedEnd;
    private readonly List<OpenPgpSubpacket> _subpackets = [];
    private readonly List<byte[]> _mpis = [];
    private readonly byte[]? _issuerFingerprint;
    private readonly byte[] _salt = [];

    private OpenPgpSignature(byte[] body, bool allowUnknownVersion)
    {
        _body = body;
        ReadOnlySpan<byte> span = body;
        int pos = 0;
        Version = OpenPgpBinary.Byte(span, ref pos, "signature version");
        if (Version is not (4 or 6))
        {
            if (!allowUnknownVersion)
            {
                throw new OpenPgpFormatException($"Unsupported signature version {Version} (v4 and v6 are handled).");
            }
            IsVersionSupported = false;
            return;
        }
        IsVersionSupported = true;
        SignatureType = (OpenPgpSignatureType)OpenPgpBinary.Byte(span, ref pos, "signature type");
        PublicKeyAlgorithm = (OpenPgpPublicKeyAlgorithm)OpenPgpBinary.Byte(span, ref pos, "public-key algorithm");
        HashAlgorithm = (OpenPgpHashAlgorithm)OpenPgpBinary.Byte(span, ref pos, "hash algorithm");
        int hashedLength = AreaLength(span, ref pos, "hashed subpacket length");
        int hashedStart = pos;
        OpenPgpBinary.Take(span, ref pos, hashedLength, "hashed subpackets");
        _hashedEnd = pos;
        ParseSubpackets(hashedStart, _hashedEnd, hashed: true);
        int unhashedLength = AreaLength(span, ref pos, "unhashed subpacket length");
        int unhashedStart = pos;
        OpenPgpBinary.Take(span, ref pos, unhashedLength, "unhashed subpackets");
        ParseSubpackets(unhashedStart, pos, hashed: false);
        var prefix = OpenPgpBinary.Take(span, ref pos, 2, "hash prefix");
        HashPrefix = (ushort)((prefix[0] << 8) | prefix[1]);
        if (Version == 6)
        {
            int saltLength = OpenPgpBinary.Byte(span, ref pos, "salt length");
            if (SaltLength(HashAlgorithm) is int expected && saltLength != expected)
            {
                throw new OpenPgpFormatException($"v6 signature salt of {saltLength} bytes; {HashAlgorithm} requires {expected}.");
            }
            _salt = OpenPgpBinary.Take(span, ref pos, saltLength, "signature salt").ToArray();
        }
        switch (PublicKeyAlgorithm)
        {
            case OpenPgpPublicKeyAlgorithm.Ed25519:
                _mpis.Add(OpenPgpBinary.Take(span, ref pos, 64, "Ed25519 signature").ToArray());
                break;
            case OpenPgpPublicKeyAlgorithm.Ed448:
                _mpis.Add(OpenPgpBinary.Take(span, ref pos, 114, "Ed448 signature").ToArray());
                break;
            default:
                while (pos < span.Length)
                {
                    _mpis.Add(OpenPgpBinary.Mpi(span, ref pos, "signature MPI").ToArray());
                }
                break;
        }
        if (pos != span.Length)
        {
            throw new OpenPgpFormatException($"{span.Length - pos} trailing bytes after the {PublicKeyAlgorithm} signature.");
        }

        foreach (var sp in _subpackets)
        {
            var d = sp.Data.Span;
            switch (sp.Type)
            {
                case 2 when sp.IsHashed:
                    CreationTime = DateTimeOffset.FromUnixTimeSeconds(ReadTime(d, "creation time"));
                    break;
                case 3 when sp.IsHashed:
                    SignatureExpiry = TimeSpan.FromSeconds(ReadTime(d, "signature expiration time"));
                    break;
                case 9 when sp.IsHashed:
                    KeyExpiry = TimeSpan.FromSeconds(ReadTime(d, "key expiration time"));
                    break;
                case 27 when sp.IsHashed:
                    KeyFlags = d.Length == 0 ? 0 : d[0];
                    break;
                case 16:
                    if (d.Length != 8)
                    {
                        throw new OpenPgpFormatException($"Issuer key ID subpacket of {d.Length} bytes (expected 8).");
                    }
                    IssuerKeyId ??= BinaryPrimitives.ReadUInt64BigEndian(d);
                    break;
                case 33:
                    if (d.Length < 1)
                    {
                        throw new OpenPgpFormatException("Empty issuer fingerprint subpacket.");
                    }
                    if ((d[0] == 4 && d.Length == 21) || (d[0] == 6 && d.Length == 33))
                    {
                        _issuerFingerprint ??= d[1..].ToArray();
                    }
                    break;
                default:
                    break;
            }
        }
        if (IssuerKeyId is null && _issuerFingerprint is not null)
        {
            IssuerKeyId = BinaryPrimitives.ReadUInt64BigEndian(_issuerFingerprint.Length == 32 ? _issuerFingerprint : _issuerFingerprint.AsSpan(12));
        }
    }

    private int AreaLength(ReadOnlySpan<byte> span, ref int pos, string what)
    {
        if (Version == 4)
        {
            var l = OpenPgpBinary.Take(span, ref pos, 2, what);
            return (l[0] << 8) | l[1];
        }
        uint length = OpenPgpBinary.UInt32(span, ref pos, what);
        return length > int.MaxValue ? throw new OpenPgpFormatException($"The {what} overflows.") : (int)length;
    }

    /// <summary>The salt size RFC 9580 §9.5 fixes for a v6 signature using <paramref name="algorithm"/>; null when it defines none.</summary>
    public static int? SaltLength(OpenPgpHashAlgorithm algorithm) => algorithm switch
    {
        OpenPgpHashAlgorithm.Sha256 or OpenPgpHashAlgorithm.Sha224 or OpenPgpHashAlgorithm.Sha3_256 => 16,
        OpenPgpHashAlgorithm.Sha384 => 24,
        OpenPgpHashAlgorithm.Sha512 or OpenPgpHashAlgorithm.Sha3_512 => 32,
        _ => null,
    };

    private static uint ReadTime(ReadOnlySpan<byte> d, string what) =>
        d.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(d) : throw new OpenPgpFormatException($"Subpacket '{what}' of {d.Length} bytes (expected 4).");

    private void ParseSubpackets(int start, int end, bool hashed)
    {
        ReadOnlySpan<byte> span = _body.AsSpan(0, end);
        int pos = start;
        while (pos < end)
        {
            int first = OpenPgpBinary.Byte(span, ref pos, "subpacket length");
            int length;
            if (first < 192)
            {
                length = first;
            }
            else if (first < 255)
            {
                length = ((first - 192) << 8) + OpenPgpBinary.Byte(span, ref pos, "subpacket length") + 192;
            }
            else
            {
                uint l = OpenPgpBinary.UInt32(span, ref pos, "subpacket length");
                if (l > int.MaxValue)
                {
                    throw new OpenPgpFormatException("Subpacket length overflows.");
                }
                length = (int)l;
            }
            if (length == 0)
            {
                throw new OpenPgpFormatException("Subpacket with zero length (no type octet).");
            }
            int dataStart = pos;
            OpenPgpBinary.Take(span, ref pos, length, "subpacket");
            byte type = _body[dataStart];
            _subpackets.Add(new OpenPgpSubpacket(type & 0x7F, (type & 0x80) != 0, hashed,
                _body.AsMemory(dataStart + 1, length - 1)));
        }
    }

    /// <summary>Parses a signature packet (tag 2) body.</summary>
    /// <exception cref="OpenPgpFormatException">
    /// Not a well-formed v4 or v6 signature (this includes a v6 salt whose size does not match the hash algorithm), or another version.
    /// </exception>
    public static OpenPgpSignature Parse(ReadOnlySpan<byte> body) => new(body.ToArray(), allowUnknownVersion: false);

    /// <summary>
    /// Parses a signature packet body, representing an unsupported version (anything but 4 and 6) by an object with
    /// <see cref="IsVersionSupported"/> false instead of throwing.
    /// </summary>
    /// <exception cref="OpenPgpFormatException">An empty body, or a malformed v4 or v6 signature.</exception>
    internal static OpenPgpSignature ParseAnyVersion(ReadOnlySpan<byte> body) => new(body.ToArray(), allowUnknownVersion: true);

    /// <summary>Signature packet version: 4 or 6 (any other value only when <see cref="IsVersionSupported"/> is false).</summary>
    public int Version { get; }

    /// <summary>
    /// Whether the version is one this implementation reads (4 or 6). For other versions only <see cref="Version"/>
    /// is meaningful: every other property keeps its default value.
    /// </summary>
    public bool IsVersionSupported { get; }

    /// <summary>The v6 salt (hashed before the signed data); empty for v4 signatures.</summary>
    public ReadOnlySpan<byte> Salt => _salt;

    /// <summary>Signature type.</summary>
    public OpenPgpSignatureType SignatureType { get; }

    /// <summary>Public-key algorithm of the signer.</summary>
    public OpenPgpPublicKeyAlgorithm PublicKeyAlgorithm { get; }

    /// <summary>Hash algorithm.</summary>
    public OpenPgpHashAlgorithm HashAlgorithm { get; }

    /// <summary>All hashed then unhashed subpackets, in packet order.</summary>
    public IReadOnlyList<OpenPgpSubpacket> Subpackets => _subpackets;

    /// <summary>Signature creation time (hashed subpacket 2), if present.</summary>
    public DateTimeOffset? CreationTime { get; }

    /// <summary>Signature validity period after creation (hashed subpacket 3), if present; zero means "never expires".</summary>
    public TimeSpan? SignatureExpiry { get; }

    /// <summary>Key validity period after key creation (hashed subpacket 9), if present.</summary>
    public TimeSpan? KeyExpiry { get; }

    /// <summary>First octet of the key flags (hashed subpacket 27), if present.</summary>
    public int? KeyFlags { get; }

    /// <summary>Issuer key ID (subpacket 16, or derived from subpacket 33), if present.</summary>
    public ulong? IssuerKeyId { get; }

    /// <summary>Issuer fingerprint (subpacket 33: 20 bytes for a v4 key, 32 for a v6 key), if present; empty otherwise.</summary>
    public ReadOnlySpan<byte> IssuerFingerprint => _issuerFingerprint;

    /// <summary>The left 16 bits of the signed hash, as stored in the packet.</summary>
    public ushort HashPrefix { get; }

    /// <summary>
    /// The algorithm-specific signature values: the MPIs (magnitudes, big-endian) for RSA, legacy EdDSA and other MPI
    /// algorithms; one raw value (64 octets for Ed25519, 114 for Ed448) for the RFC 9580 native algorithms.
    /// </summary>
    public IReadOnlyList<byte[]> SignatureValues => _mpis;

    /// <summary>Version ‖ type ‖ algorithms ‖ hashed subpacket length ‖ hashed subpackets: the part the v4/v6 trailer hashes.</summary>
    internal ReadOnlySpan<byte> HashedPortion => _body.AsSpan(0, _hashedEnd);
}
