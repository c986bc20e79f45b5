using System.Security.Cryptography;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// A v4 or v6 OpenPGP public key or public subkey packet (RFC 9580 §5.5.2), with its fingerprint and key ID
/// (v4: SHA-1, key ID = low 8 octets; v6: SHA-256, key ID = first 8 octets). RSA keys expose
/// <see cref="RsaModulus"/>/<see cref="RsaExponent"/>; Ed25519 keys (legacy EdDSA on v4 keys, native algorithm 27 on
/// v4 and v6 keys) expose <see cref="EdDsaPublicKey"/>. Other algorithms (X25519, X448, Ed448, DSA, ECDSA, ECDH, ...)
/// are kept so they can be found, but cannot verify: see <see cref="CanVerify"/>. Legacy EdDSA and legacy Curve25519
/// ECDH are refused in v6 keys, as RFC 9580 requires.
/// </summary>
public sealed class OpenPgpPublicKey
{
    private static ReadOnlySpan<byte> Ed25519LegacyOid => [0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01];
    private static ReadOnlySpan<byte> Curve25519LegacyOid => [0x2B, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01];

    private readonly List<OpenPgpPublicKey> _subkeys = [];
    private readonly List<string> _userIds = [];
    private readonly byte[] _fingerprint;
    private readonly byte[]? _modulus;
    private readonly byte[]? _exponent;

    private OpenPgpPublicKey(byte[] body, bool isSubkey)
    {
        int pos = 0;
        ReadOnlySpan<byte> span = body;
        Version = OpenPgpBinary.Byte(span, ref pos, "key version");
        if (Version is not (4 or 6))
        {
            throw new OpenPgpFormatException($"Unsupported public key version {Version} (v4 and v6 are handled).");
        }
        CreationTime = DateTimeOffset.FromUnixTimeSeconds(OpenPgpBinary.UInt32(span, ref pos, "key creation time"));
        Algorithm = (OpenPgpPublicKeyAlgorithm)OpenPgpBinary.Byte(span, ref pos, "key algorithm");
        IsSubkey = isSubkey;
        if (Version == 6)
        {
            uint materialLength = OpenPgpBinary.UInt32(span, ref pos, "key material length");
            if (materialLength != (uint)(span.Length - pos))
            {
                throw new OpenPgpFormatException($"v6 key material length {materialLength} does not match the {span.Length - pos} bytes that follow.");
            }
        }
        switch (Algorithm)
        {
            case OpenPgpPublicKeyAlgorithm.Rsa:
            case OpenPgpPublicKeyAlgorithm.RsaEncryptOnly:
            case OpenPgpPublicKeyAlgorithm.RsaSignOnly:
                _modulus = StripZeros(OpenPgpBinary.Mpi(span, ref pos, "RSA modulus")).ToArray();
                _exponent = StripZeros(OpenPgpBinary.Mpi(span, ref pos, "RSA exponent")).ToArray();
                if (_modulus.Length == 0 || _exponent.Length == 0)
                {
                    throw new OpenPgpFormatException("RSA key with a zero modulus or exponent.");
                }
                break;
            case OpenPgpPublicKeyAlgorithm.EdDsaLegacy:
            {
                if (Version == 6)
                {
                    throw new OpenPgpFormatException("Legacy EdDSA (algorithm 22) is not allowed in a v6 key (RFC 9580 §9.1: use Ed25519, algorithm 27).");
                }
                int oidLength = OpenPgpBinary.Byte(span, ref pos, "curve OID length");
                var oid = OpenPgpBinary.Take(span, ref pos, oidLength, "curve OID");
                var point = OpenPgpBinary.Mpi(span, ref pos, "EdDSA point");
                if (oid.SequenceEqual(Ed25519LegacyOid))
                {
                    if (point.Length != 33 || point[0] != 0x40)
                    {
                        throw new OpenPgpFormatException("Ed25519 public point is not 0x40 followed by 32 bytes.");
                    }
                    EdDsaPublicKey = Ed25519PublicKey.FromBytes(point[1..]);
                }
                break;
            }
            case OpenPgpPublicKeyAlgorithm.Ed25519:
                EdDsaPublicKey = Ed25519PublicKey.FromBytes(OpenPgpBinary.Take(span, ref pos, 32, "Ed25519 public key"));
                break;
            case OpenPgpPublicKeyAlgorithm.X25519:
            case OpenPgpPublicKeyAlgorithm.X448:
            case OpenPgpPublicKeyAlgorithm.Ed448:
                OpenPgpBinary.Take(span, ref pos, NativeKeyLength(Algorithm), $"{Algorithm} public key");
                break;
            case OpenPgpPublicKeyAlgorithm.Ecdh when Version == 6:
            {
                int oidLength = OpenPgpBinary.Byte(span, ref pos, "curve OID length");
                if (OpenPgpBinary.Take(span, ref pos, oidLength, "curve OID").SequenceEqual(Curve25519LegacyOid))
                {
                    throw new OpenPgpFormatException("Legacy Curve25519 ECDH is not allowed in a v6 key (RFC 9580 §9.1: use X25519, algorithm 25).");
                }
                pos = span.Length;
                break;
            }
            default:
                // Kept so it can be found, but it cannot verify (v6: the material length delimits it).
                pos = span.Length;
                break;
        }
        if (Version == 6 && pos != span.Length)
        {
            throw new OpenPgpFormatException($"v6 {Algorithm} key material has {span.Length - pos} trailing bytes.");
        }

        Body = body;
        if (Version == 6)
        {
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> prefix = [0x9B, (byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length];
            sha256.AppendData(prefix);
            sha256.AppendData(body);
            _fingerprint = sha256.GetHashAndReset();
            KeyId = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_fingerprint);
            Fingerprint = Convert.ToHexString(_fingerprint);
            KeyIdHex = Fingerprint[..16];
            return;
        }
        Span<byte> prefix4 = [0x99, (byte)(body.Length >> 8), (byte)body.Length];
        if (body.Length > 0xFFFF)
        {
            throw new OpenPgpFormatException("Public key packet longer than 65535 bytes.");
        }
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(prefix4);
        sha1.AppendData(body);
        _fingerprint = sha1.GetHashAndReset();
        KeyId = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_fingerprint.AsSpan(12));
        Fingerprint = Convert.ToHexString(_fingerprint);
        KeyIdHex = Fingerprint[^16..];
    }

    /// <summary>Octet length of the fixed-size public keys of the RFC 9580 native algorithms (25-28).</summary>
    internal static int NativeKeyLength(OpenPgpPublicKeyAlgorithm algorithm) => algorithm switch
    {
        OpenPgpPublicKeyAlgorithm.X25519 or OpenPgpPublicKeyAlgorithm.Ed25519 => 32,
        OpenPgpPublicKeyAlgorithm.X448 => 56,
        OpenPgpPublicKeyAlgorithm.Ed448 => 57,
        _ => 0,
    };

    /// <summary>Parses a public key (tag 6) or public subkey (tag 14) packet body.</summary>
    /// <exception cref="OpenPgpFormatException">
    /// Not a well-formed v4 or v6 key, a key of another version, or a v6 key using a legacy algorithm (legacy EdDSA 22, legacy Curve25519 ECDH).
    /// </exception>
    public static OpenPgpPublicKey Parse(ReadOnlySpan<byte> body, bool isSubkey) => new(body.ToArray(), isSubkey);

    /// <summary>
    /// Parses the public part that starts a secret key (tag 5) or secret subkey (tag 7) packet body;
    /// <paramref name="consumed"/> receives its length (the secret part follows).
    /// </summary>
    /// <exception cref="OpenPgpFormatException">Not a well-formed v4/v6 key, or (v4) an algorithm whose public fields are unknown.</exception>
    internal static OpenPgpPublicKey ParsePublicPart(ReadOnlySpan<byte> body, bool isSubkey, out int consumed)
    {
        consumed = PublicPartLength(body);
        return new OpenPgpPublicKey(body[..consumed].ToArray(), isSubkey);
    }

    private static int PublicPartLength(ReadOnlySpan<byte> body)
    {
        int pos = 0;
        int version = OpenPgpBinary.Byte(body, ref pos, "key version");
        if (version is not (4 or 6))
        {
            throw new OpenPgpFormatException($"Unsupported secret key version {version} (v4 and v6 are handled).");
        }
        OpenPgpBinary.Take(body, ref pos, 4, "key creation time");
        var algorithm = (OpenPgpPublicKeyAlgorithm)OpenPgpBinary.Byte(body, ref pos, "key algorithm");
        if (version == 6)
        {
            uint length = OpenPgpBinary.UInt32(body, ref pos, "key material length");
            if (length > int.MaxValue)
            {
                throw new OpenPgpFormatException("v6 key material length overflows.");
            }
            OpenPgpBinary.Take(body, ref pos, (int)length, "key material");
            return pos;
        }
        int mpis;
        switch (algorithm)
        {
            case OpenPgpPublicKeyAlgorithm.Rsa:
            case OpenPgpPublicKeyAlgorithm.RsaEncryptOnly:
            case OpenPgpPublicKeyAlgorithm.RsaSignOnly:
                mpis = 2;
                break;
            case OpenPgpPublicKeyAlgorithm.Elgamal:
                mpis = 3;
                break;
            case OpenPgpPublicKeyAlgorithm.Dsa:
                mpis = 4;
                break;
            case OpenPgpPublicKeyAlgorithm.Ecdsa:
            case OpenPgpPublicKeyAlgorithm.EdDsaLegacy:
            case OpenPgpPublicKeyAlgorithm.Ecdh:
                OpenPgpBinary.Take(body, ref pos, OpenPgpBinary.Byte(body, ref pos, "curve OID length"), "curve OID");
                mpis = 1;
                break;
            case OpenPgpPublicKeyAlgorithm.X25519:
            case OpenPgpPublicKeyAlgorithm.X448:
            case OpenPgpPublicKeyAlgorithm.Ed25519:
            case OpenPgpPublicKeyAlgorithm.Ed448:
                OpenPgpBinary.Take(body, ref pos, NativeKeyLength(algorithm), "public key");
                return pos;
            default:
                throw new OpenPgpFormatException($"Cannot split a secret key of algorithm {(int)algorithm}: its public fields are unknown.");
        }
        for (int i = 0; i < mpis; i++)
        {
            OpenPgpBinary.Mpi(body, ref pos, "public key MPI");
        }
        if (algorithm == OpenPgpPublicKeyAlgorithm.Ecdh)
        {
            OpenPgpBinary.Take(body, ref pos, OpenPgpBinary.Byte(body, ref pos, "KDF parameters length"), "KDF parameters");
        }
        return pos;
    }

    private static ReadOnlySpan<byte> StripZeros(ReadOnlySpan<byte> value)
    {
        int i = 0;
        while (i < value.Length && value[i] == 0)
        {
            i++;
        }
        return value[i..];
    }

    /// <summary>Packet version: 4 or 6.</summary>
    public int Version { get; }

    /// <summary>Key creation time.</summary>
    public DateTimeOffset CreationTime { get; }

    /// <summary>Public-key algorithm.</summary>
    public OpenPgpPublicKeyAlgorithm Algorithm { get; }

    /// <summary>Whether this came from a public subkey packet.</summary>
    public bool IsSubkey { get; }

    /// <summary>The primary key this subkey belongs to (null for primaries and orphan subkeys).</summary>
    public OpenPgpPublicKey? PrimaryKey { get; private set; }

    /// <summary>Subkeys that followed this primary key in the keyring.</summary>
    public IReadOnlyList<OpenPgpPublicKey> Subkeys => _subkeys;

    /// <summary>User ID strings that followed this primary key (UTF-8 decoded).</summary>
    public IReadOnlyList<string> UserIds => _userIds;

    /// <summary>The raw packet body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The fingerprint: v4, 20 bytes, SHA-1(0x99 ‖ BE16 length ‖ body); v6, 32 bytes, SHA-256(0x9B ‖ BE32 length ‖ body).</summary>
    public ReadOnlySpan<byte> FingerprintBytes => _fingerprint;

    /// <summary>The fingerprint as gpg prints it in <c>--with-colons</c> output: uppercase hex (40 digits for v4, 64 for v6).</summary>
    public string Fingerprint { get; }

    /// <summary>The 64-bit key ID: the low 8 bytes of a v4 fingerprint, the first 8 bytes of a v6 fingerprint.</summary>
    public ulong KeyId { get; }

    /// <summary>The key ID as gpg prints it: 16 uppercase hex digits.</summary>
    public string KeyIdHex { get; }

    /// <summary>
    /// Whether a hex key specification as gpg accepts it (8 or 16 digits: a short or long key ID; 40 or 64 digits: a
    /// v4 or v6 fingerprint; an optional <c>0x</c> prefix) names this key. Key IDs are compared with
    /// <see cref="KeyIdHex"/>, which is the end of a v4 fingerprint but the start of a v6 one.
    /// </summary>
    /// <param name="spec">The specification; anything else (user IDs, other lengths) does not match.</param>
    public bool MatchesHexSpec(string spec) => FingerprintMatchesHexSpec(Fingerprint, spec);

    /// <summary><see cref="MatchesHexSpec"/> for a fingerprint given as hex (40 digits: v4, 64 digits: v6) or a 16-digit key ID.</summary>
    internal static bool FingerprintMatchesHexSpec(string fingerprintOrKeyId, string spec)
    {
        ReadOnlySpan<char> hex = spec.AsSpan().Trim();
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[2..];
        }
        if (hex.Length is not (8 or 16 or 40 or 64) || hex.ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            return false;
        }
        if (hex.Length >= 40)
        {
            return hex.Equals(fingerprintOrKeyId, StringComparison.OrdinalIgnoreCase);
        }
        ReadOnlySpan<char> keyId = fingerprintOrKeyId.Length switch
        {
            64 => fingerprintOrKeyId.AsSpan(0, 16),
            >= 16 => fingerprintOrKeyId.AsSpan(fingerprintOrKeyId.Length - 16),
            _ => fingerprintOrKeyId,
        };
        return keyId.EndsWith(hex, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>RSA modulus n (big-endian, no leading zeros); empty for non-RSA keys.</summary>
    public ReadOnlySpan<byte> RsaModulus => _modulus;

    /// <summary>RSA public exponent e (big-endian); empty for non-RSA keys.</summary>
    public ReadOnlySpan<byte> RsaExponent => _exponent;

    /// <summary>The Ed25519 key of a legacy EdDSA key on curve Ed25519 or of a native Ed25519 (27) key; null otherwise.</summary>
    public Ed25519PublicKey? EdDsaPublicKey { get; }

    /// <summary>
    /// Whether signatures by this key can be checked here: RSA (1, 3) and Ed25519 (legacy EdDSA on curve Ed25519, or
    /// native 27). Keys of other algorithms parse (and can be found by ID) but their signatures are reported as
    /// <see cref="OpenPgpVerificationStatus.Unsupported"/>.
    /// </summary>
    public bool CanVerify => Algorithm switch
    {
        OpenPgpPublicKeyAlgorithm.Rsa or OpenPgpPublicKeyAlgorithm.RsaSignOnly => true,
        OpenPgpPublicKeyAlgorithm.EdDsaLegacy or OpenPgpPublicKeyAlgorithm.Ed25519 => EdDsaPublicKey is not null,
        _ => false,
    };

    internal void AddSubkey(OpenPgpPublicKey subkey)
    {
        subkey.PrimaryKey = this;
        _subkeys.Add(subkey);
    }

    /// <summary>
    /// For subkeys: whether a subkey binding signature (0x18) by the primary key verified, including — for
    /// signing-capable subkeys — the embedded primary key binding signature (0x19) made by the subkey. Always false
    /// for primary keys. Expiry and revocation are not evaluated.
    /// </summary>
    public bool HasValidBinding { get; private set; }

    internal void MarkBindingValid() => HasValidBinding = true;

    /// <summary>
    /// For primary keys: whether a direct-key signature (0x1F) or a user ID self-certification by the key itself verified.
    /// Always false for subkeys (see <see cref="HasValidBinding"/>).
    /// </summary>
    public bool HasValidSelfSignature { get; private set; }

    /// <summary>
    /// Key flags (RFC 9580 §5.2.3.29, first octet: 0x01 certify, 0x02 sign, 0x04/0x08 encrypt, 0x20 authenticate) from the
    /// newest valid self-signature (primary) or binding signature (subkey); null when none states them.
    /// </summary>
    public int? KeyFlags { get; private set; }

    /// <summary>When the key expires (creation time plus the key expiration subpacket of its newest valid self- or binding signature); null if never.</summary>
    public DateTimeOffset? ExpirationTime { get; private set; }

    /// <summary>Creation time of a valid revocation signature (0x20 for primaries, 0x28 for subkeys); null if not revoked.</summary>
    public DateTimeOffset? RevocationTime { get; private set; }

    /// <summary>Whether a valid revocation signature revokes this key (or, for subkeys, the subkey itself).</summary>
    public bool IsRevoked => RevocationTime is not null;

    /// <summary>Whether this key, or the primary key of this subkey, is revoked.</summary>
    public bool IsRevokedWithPrimary => IsRevoked || (PrimaryKey?.IsRevoked ?? false);

    /// <summary>Whether the key (or its primary) has expired at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) =>
        (ExpirationTime is { } e && e <= now) || (PrimaryKey?.ExpirationTime is { } p && p <= now);

    /// <summary>Whether the key may make data signatures: key flags include "sign", or no flags were stated (old keys).</summary>
    public bool CanSign => KeyFlags is not int flags || (flags & 0x02) != 0;

    private DateTimeOffset _selfSignatureTime = DateTimeOffset.MinValue;
    private bool _hasDirectKeySignature;

    /// <summary>
    /// Applies a verified self-signature (or binding); the newest one wins. For v6 primary keys a direct-key signature
    /// (where RFC 9580 puts flags and expiry) takes precedence over user ID certifications.
    /// </summary>
    internal void ApplySelfSignature(OpenPgpSignature signature)
    {
        if (!IsSubkey)
        {
            HasValidSelfSignature = true;
        }
        if (Version == 6 && !IsSubkey)
        {
            bool direct = signature.SignatureType == OpenPgpSignatureType.DirectKey;
            if (!direct && _hasDirectKeySignature)
            {
                return;
            }
            if (direct && !_hasDirectKeySignature)
            {
                _hasDirectKeySignature = true;
                _selfSignatureTime = DateTimeOffset.MinValue;
            }
        }
        DateTimeOffset created = signature.CreationTime ?? CreationTime;
        if (created < _selfSignatureTime)
        {
            return;
        }
        _selfSignatureTime = created;
        KeyFlags = signature.KeyFlags ?? KeyFlags;
        ExpirationTime = signature.KeyExpiry is { } ttl && ttl > TimeSpan.Zero ? CreationTime + ttl : null;
    }

    internal void MarkRevoked(DateTimeOffset when)
    {
        if (RevocationTime is null || when < RevocationTime)
        {
            RevocationTime = when;
        }
    }

    internal void AddUserId(string userId) => _userIds.Add(userId);

    /// <inheritdoc/>
    public override string ToString() => $"{Algorithm} {(IsSubkey ? "subkey" : "key")} {Fingerprint}";
}
