using System.Buffers.Binary;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>A parsed v4 signature packet (RFC 9580 §5.2.3) with its commonly used subpackets decoded.</summary>
public sealed class OpenPgpSignature
{
    private readonly byte[] _body;
    private readonly int _hashedEnd;
    private readonly List<OpenPgpSubpacket> _subpackets = [];
    private readonly List<byte[]> _mpis = [];
    private readonly byte[]? _issuerFingerprint;

    private OpenPgpSignature(byte[] body)
    {
        _body = body;
        ReadOnlySpan<byte> span = body;
        int pos = 0;
        Version = OpenPgpBinary.Byte(span, ref pos, "signature version");
        if (Version != 4)
        {
            throw new OpenPgpFormatException($"Unsupported signature version {Version} (only v4 is handled).");
        }
        SignatureType = (OpenPgpSignatureType)OpenPgpBinary.Byte(span, ref pos, "signature type");
        PublicKeyAlgorithm = (OpenPgpPublicKeyAlgorithm)OpenPgpBinary.Byte(span, ref pos, "public-key algorithm");
        HashAlgorithm = (OpenPgpHashAlgorithm)OpenPgpBinary.Byte(span, ref pos, "hash algorithm");
        var hashedLength = OpenPgpBinary.Take(span, ref pos, 2, "hashed subpacket length");
        int hashedStart = pos;
        OpenPgpBinary.Take(span, ref pos, (hashedLength[0] << 8) | hashedLength[1], "hashed subpackets");
        _hashedEnd = pos;
        ParseSubpackets(hashedStart, _hashedEnd, hashed: true);
        var unhashedLength = OpenPgpBinary.Take(span, ref pos, 2, "unhashed subpacket length");
        int unhashedStart = pos;
        OpenPgpBinary.Take(span, ref pos, (unhashedLength[0] << 8) | unhashedLength[1], "unhashed subpackets");
        ParseSubpackets(unhashedStart, pos, hashed: false);
        var prefix = OpenPgpBinary.Take(span, ref pos, 2, "hash prefix");
        HashPrefix = (ushort)((prefix[0] << 8) | prefix[1]);
        while (pos < span.Length)
        {
            _mpis.Add(OpenPgpBinary.Mpi(span, ref pos, "signature MPI").ToArray());
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
                    if (d[0] == 4 && d.Length == 21)
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
            IssuerKeyId = BinaryPrimitives.ReadUInt64BigEndian(_issuerFingerprint.AsSpan(12));
        }
    }

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
    /// <exception cref="OpenPgpFormatException">Not a well-formed v4 signature.</exception>
    public static OpenPgpSignature Parse(ReadOnlySpan<byte> body) => new(body.ToArray());

    /// <summary>Signature packet version (always 4 here).</summary>
    public int Version { get; }

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

    /// <summary>Issuer v4 fingerprint (subpacket 33), if present; empty otherwise.</summary>
    public ReadOnlySpan<byte> IssuerFingerprint => _issuerFingerprint;

    /// <summary>The left 16 bits of the signed hash, as stored in the packet.</summary>
    public ushort HashPrefix { get; }

    /// <summary>The algorithm-specific signature MPIs (magnitudes, big-endian).</summary>
    public IReadOnlyList<byte[]> SignatureValues => _mpis;

    /// <summary>Version ‖ type ‖ algorithms ‖ hashed subpacket length ‖ hashed subpackets: the part the v4 trailer hashes.</summary>
    internal ReadOnlySpan<byte> HashedPortion => _body.AsSpan(0, _hashedEnd);
}
