using System.Security.Cryptography;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// A v4 OpenPGP public key or public subkey packet (RFC 9580 §5.5.2), with its v4 fingerprint and key ID.
/// RSA keys expose <see cref="RsaModulus"/>/<see cref="RsaExponent"/>; legacy EdDSA Ed25519 keys expose
/// <see cref="EdDsaPublicKey"/>. Other algorithms are kept (so they can be found) but cannot verify.
/// </summary>
public sealed class OpenPgpPublicKey
{
    private static ReadOnlySpan<byte> Ed25519LegacyOid => [0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01];

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
        if (Version != 4)
        {
            throw new OpenPgpFormatException($"Unsupported public key version {Version} (only v4 is handled).");
        }
        CreationTime = DateTimeOffset.FromUnixTimeSeconds(OpenPgpBinary.UInt32(span, ref pos, "key creation time"));
        Algorithm = (OpenPgpPublicKeyAlgorithm)OpenPgpBinary.Byte(span, ref pos, "key algorithm");
        IsSubkey = isSubkey;
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
            default:
                break;
        }

        Body = body;
        Span<byte> prefix = [0x99, (byte)(body.Length >> 8), (byte)body.Length];
        if (body.Length > 0xFFFF)
        {
            throw new OpenPgpFormatException("Public key packet longer than 65535 bytes.");
        }
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(prefix);
        sha1.AppendData(body);
        _fingerprint = sha1.GetHashAndReset();
        KeyId = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_fingerprint.AsSpan(12));
        Fingerprint = Convert.ToHexString(_fingerprint);
        KeyIdHex = Fingerprint[^16..];
    }

    /// <summary>Parses a public key (tag 6) or public subkey (tag 14) packet body.</summary>
    /// <exception cref="OpenPgpFormatException">Not a well-formed v4 key.</exception>
    public static OpenPgpPublicKey Parse(ReadOnlySpan<byte> body, bool isSubkey) => new(body.ToArray(), isSubkey);

    /// <summary>
    /// Parses the public part that starts a secret key (tag 5) or secret subkey (tag 7) packet body;
    /// <paramref name="consumed"/> receives its length (the secret part follows).
    /// </summary>
    /// <exception cref="OpenPgpFormatException">Not a well-formed v4 key, or an algorithm whose public fields are unknown.</exception>
    internal static OpenPgpPublicKey ParsePublicPart(ReadOnlySpan<byte> body, bool isSubkey, out int consumed)
    {
        consumed = PublicPartLength(body);
        return new OpenPgpPublicKey(body[..consumed].ToArray(), isSubkey);
    }

    private static int PublicPartLength(ReadOnlySpan<byte> body)
    {
        int pos = 0;
        int version = OpenPgpBinary.Byte(body, ref pos, "key version");
        if (version != 4)
        {
            throw new OpenPgpFormatException($"Unsupported secret key version {version} (only v4 is handled).");
        }
        OpenPgpBinary.Take(body, ref pos, 4, "key creation time");
        var algorithm = (OpenPgpPublicKeyAlgorithm)OpenPgpBinary.Byte(body, ref pos, "key algorithm");
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

    /// <summary>Packet version (always 4 here).</summary>
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

    /// <summary>The 20-byte v4 fingerprint, SHA-1(0x99 ‖ BE16 length ‖ body).</summary>
    public ReadOnlySpan<byte> FingerprintBytes => _fingerprint;

    /// <summary>The fingerprint as gpg prints it in <c>--with-colons</c> output: 40 uppercase hex digits.</summary>
    public string Fingerprint { get; }

    /// <summary>The 64-bit key ID (low 8 bytes of the fingerprint).</summary>
    public ulong KeyId { get; }

    /// <summary>The key ID as gpg prints it: 16 uppercase hex digits.</summary>
    public string KeyIdHex { get; }

    /// <summary>RSA modulus n (big-endian, no leading zeros); empty for non-RSA keys.</summary>
    public ReadOnlySpan<byte> RsaModulus => _modulus;

    /// <summary>RSA public exponent e (big-endian); empty for non-RSA keys.</summary>
    public ReadOnlySpan<byte> RsaExponent => _exponent;

    /// <summary>The Ed25519 key of a legacy EdDSA key on curve Ed25519; null otherwise.</summary>
    public Ed25519PublicKey? EdDsaPublicKey { get; }

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

    /// <summary>Applies a verified self-signature (or binding); the newest one wins.</summary>
    internal void ApplySelfSignature(OpenPgpSignature signature)
    {
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
