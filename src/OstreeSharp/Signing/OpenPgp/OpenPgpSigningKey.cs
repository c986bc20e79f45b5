using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// An unlocked OpenPGP signing key (RSA through the BCL's <see cref="RSA"/>, Ed25519 — legacy EdDSA or native —
/// through <see cref="Ed25519PrivateKey"/>) making detached binary-document signatures. A v4 key makes v4 signatures
/// like <c>gpg --detach-sign</c>: hashed issuer fingerprint and creation time, unhashed issuer key ID. A v6 key makes
/// v6 signatures (RFC 9580 §5.2.3): a random salt of the size the hash requires, hashed issuer fingerprint (v6) and
/// creation time, no unhashed subpackets. Dispose to release the secret.
/// </summary>
public sealed class OpenPgpSigningKey : IDisposable
{
    private readonly RSA? _rsa;
    private readonly Ed25519PrivateKey? _ed25519;
    private bool _disposed;

    private OpenPgpSigningKey(OpenPgpPublicKey publicKey, RSA? rsa, Ed25519PrivateKey? ed25519)
    {
        PublicKey = publicKey;
        _rsa = rsa;
        _ed25519 = ed25519;
    }

    /// <summary>The public key (or subkey) whose fingerprint and key ID the signatures name.</summary>
    public OpenPgpPublicKey PublicKey { get; }

    internal static OpenPgpSigningKey Create(OpenPgpPublicKey publicKey, ReadOnlySpan<byte> secretMpis)
    {
        int pos = 0;
        switch (publicKey.Algorithm)
        {
            case OpenPgpPublicKeyAlgorithm.Rsa:
            case OpenPgpPublicKeyAlgorithm.RsaSignOnly:
            {
                var d = OpenPgpBinary.Mpi(secretMpis, ref pos, "RSA secret exponent");
                var p = OpenPgpBinary.Mpi(secretMpis, ref pos, "RSA prime p");
                var q = OpenPgpBinary.Mpi(secretMpis, ref pos, "RSA prime q");
                OpenPgpBinary.Mpi(secretMpis, ref pos, "RSA coefficient u");
                return new OpenPgpSigningKey(publicKey, CreateRsa(publicKey, d, p, q), null);
            }
            case OpenPgpPublicKeyAlgorithm.EdDsaLegacy when publicKey.EdDsaPublicKey is not null:
            {
                var seedMpi = OpenPgpBinary.Mpi(secretMpis, ref pos, "EdDSA secret");
                byte[] seed = OpenPgpBinary.PadLeft(seedMpi, 32) ?? throw new OpenPgpFormatException("EdDSA secret longer than 32 bytes.");
                try
                {
                    var key = Ed25519PrivateKey.FromSeed(seed);
                    if (!key.PublicKey.Equals(publicKey.EdDsaPublicKey))
                    {
                        key.Dispose();
                        throw new OpenPgpFormatException($"The Ed25519 secret of {publicKey.KeyIdHex} does not match its public key.");
                    }
                    return new OpenPgpSigningKey(publicKey, null, key);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(seed);
                }
            }
            case OpenPgpPublicKeyAlgorithm.Ed25519 when publicKey.EdDsaPublicKey is not null:
            {
                if (secretMpis.Length != 32)
                {
                    throw new OpenPgpFormatException($"Ed25519 secret of {secretMpis.Length} bytes (expected 32).");
                }
                var key = Ed25519PrivateKey.FromSeed(secretMpis);
                if (!key.PublicKey.Equals(publicKey.EdDsaPublicKey))
                {
                    key.Dispose();
                    throw new OpenPgpFormatException($"The Ed25519 secret of {publicKey.KeyIdHex} does not match its public key.");
                }
                return new OpenPgpSigningKey(publicKey, null, key);
            }
            default:
                throw new OpenPgpFormatException($"Cannot sign with a {publicKey.Algorithm} key (RSA and Ed25519 are handled).");
        }
    }

    private static RSA CreateRsa(OpenPgpPublicKey publicKey, ReadOnlySpan<byte> d, ReadOnlySpan<byte> p, ReadOnlySpan<byte> q)
    {
        int n = publicKey.RsaModulus.Length;
        int half = (n + 1) / 2;
        var bd = new BigInteger(d, isUnsigned: true, isBigEndian: true);
        var bp = new BigInteger(p, isUnsigned: true, isBigEndian: true);
        var bq = new BigInteger(q, isUnsigned: true, isBigEndian: true);
        if (n < 128)
        {
            throw new OpenPgpFormatException($"The RSA key {publicKey.KeyIdHex} is shorter than 1024 bits.");
        }
        if (bp <= BigInteger.One || bq <= BigInteger.One || bp * bq != new BigInteger(publicKey.RsaModulus, isUnsigned: true, isBigEndian: true))
        {
            throw new OpenPgpFormatException($"The RSA secret of {publicKey.KeyIdHex} does not match its modulus.");
        }
        var parameters = new RSAParameters
        {
            Modulus = publicKey.RsaModulus.ToArray(),
            Exponent = publicKey.RsaExponent.ToArray(),
            D = Fixed(bd, n),
            P = Fixed(bp, half),
            Q = Fixed(bq, half),
            DP = Fixed(bd % (bp - 1), half),
            DQ = Fixed(bd % (bq - 1), half),
            InverseQ = Fixed(BigInteger.ModPow(bq, bp - 2, bp), half),
        };
        try
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportParameters(parameters);
            }
            catch (CryptographicException e)
            {
                rsa.Dispose();
                throw new OpenPgpFormatException($"The RSA secret of {publicKey.KeyIdHex} is unusable: {e.Message}", e);
            }
            return rsa;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
            CryptographicOperations.ZeroMemory(parameters.P);
            CryptographicOperations.ZeroMemory(parameters.Q);
            CryptographicOperations.ZeroMemory(parameters.DP);
            CryptographicOperations.ZeroMemory(parameters.DQ);
            CryptographicOperations.ZeroMemory(parameters.InverseQ);
        }
    }

    private static byte[] Fixed(BigInteger value, int length)
    {
        byte[] raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] result = OpenPgpBinary.PadLeft(raw, length) ?? throw new OpenPgpFormatException("RSA secret component larger than expected.");
        CryptographicOperations.ZeroMemory(raw);
        return result;
    }

    /// <summary>
    /// Signs <paramref name="data"/>: returns one binary signature packet (old-format header, as gpg writes), ready for
    /// <c>ostree.gpgsigs</c> or a <c>.sig</c> file.
    /// </summary>
    /// <exception cref="ArgumentException">An unsupported digest algorithm (for v6 keys: anything but SHA-256, SHA-384 and SHA-512).</exception>
    /// <exception cref="OpenPgpFormatException">The key material cannot make a signature (e.g. a malformed RSA key).</exception>
    public byte[] SignDetached(ReadOnlySpan<byte> data, OpenPgpSignOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= new OpenPgpSignOptions();
        if (PublicKey.Version == 6)
        {
            return SignDetachedV6(data, options);
        }
        HashAlgorithmName name = HashName(options.HashAlgorithm, allowSha1: true);
        // Hashed area: issuer fingerprint, creation time[, signature expiration]; unhashed: issuer key ID (16).
        var hashed = HashedSubpackets(options);
        byte[] header =
        [
            4, (byte)OpenPgpSignatureType.BinaryDocument, (byte)PublicKey.Algorithm, (byte)options.HashAlgorithm,
            (byte)(hashed.Count >> 8), (byte)hashed.Count, .. hashed,
        ];
        byte[] digest;
        using (var hash = IncrementalHash.CreateHash(name))
        {
            hash.AppendData(data);
            hash.AppendData(header);
            Span<byte> trailer = [0x04, 0xFF, 0, 0, 0, 0];
            BinaryPrimitives.WriteUInt32BigEndian(trailer[2..], (uint)header.Length);
            hash.AppendData(trailer);
            digest = hash.GetHashAndReset();
        }

        var body = new List<byte>(header.Length + 600);
        body.AddRange(header);
        body.AddRange([0, 10, 9, 16]);
        Span<byte> keyId = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(keyId, PublicKey.KeyId);
        body.AddRange(keyId.ToArray());
        body.Add(digest[0]);
        body.Add(digest[1]);
        if (_rsa is not null)
        {
            AppendMpi(body, SignRsa(digest, name));
        }
        else if (PublicKey.Algorithm == OpenPgpPublicKeyAlgorithm.Ed25519)
        {
            // Native Ed25519 (27) on a v4 key: the 64 raw signature octets (RFC 9580 §5.2.3.4).
            body.AddRange(_ed25519!.Sign(digest));
        }
        else
        {
            byte[] sig = _ed25519!.Sign(digest);
            AppendMpi(body, sig.AsSpan(0, 32));
            AppendMpi(body, sig.AsSpan(32, 32));
        }

        int length = body.Count;
        byte[] packet = length < 256
            ? [0x88, (byte)length, .. body]
            : [0x89, (byte)(length >> 8), (byte)length, .. body];
        return packet;
    }

    private byte[] SignDetachedV6(ReadOnlySpan<byte> data, OpenPgpSignOptions options)
    {
        HashAlgorithmName name = HashName(options.HashAlgorithm, allowSha1: false);
        var hashed = HashedSubpackets(options);
        byte[] header = new byte[8 + hashed.Count];
        header[0] = 6;
        header[1] = (byte)OpenPgpSignatureType.BinaryDocument;
        header[2] = (byte)PublicKey.Algorithm;
        header[3] = (byte)options.HashAlgorithm;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)hashed.Count);
        hashed.CopyTo(header, 8);

        byte[] salt = RandomNumberGenerator.GetBytes(OpenPgpSignature.SaltLength(options.HashAlgorithm)!.Value);
        byte[] digest;
        using (var hash = IncrementalHash.CreateHash(name))
        {
            hash.AppendData(salt);
            hash.AppendData(data);
            hash.AppendData(header);
            Span<byte> trailer = [0x06, 0xFF, 0, 0, 0, 0];
            BinaryPrimitives.WriteUInt32BigEndian(trailer[2..], (uint)header.Length);
            hash.AppendData(trailer);
            digest = hash.GetHashAndReset();
        }

        var body = new List<byte>(header.Length + 600);
        body.AddRange(header);
        body.AddRange([0, 0, 0, 0]);
        body.Add(digest[0]);
        body.Add(digest[1]);
        body.Add((byte)salt.Length);
        body.AddRange(salt);
        if (_rsa is not null)
        {
            AppendMpi(body, SignRsa(digest, name));
        }
        else
        {
            body.AddRange(_ed25519!.Sign(digest));
        }

        // OpenPGP (new) packet format, tag 2, with a one-, two- or five-octet length.
        int length = body.Count;
        byte[] lengthOctets = length < 192 ? [(byte)length]
            : length < 8384 ? [(byte)(((length - 192) >> 8) + 192), (byte)(length - 192)]
            : [255, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length];
        return [0xC2, .. lengthOctets, .. body];
    }

    private static HashAlgorithmName HashName(OpenPgpHashAlgorithm algorithm, bool allowSha1) => algorithm switch
    {
        OpenPgpHashAlgorithm.Sha1 when allowSha1 => HashAlgorithmName.SHA1,
        OpenPgpHashAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        OpenPgpHashAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        OpenPgpHashAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        _ when allowSha1 => throw new ArgumentException($"Cannot sign with digest {algorithm}.", "options"),
        _ => throw new ArgumentException($"Cannot make a v6 signature with digest {algorithm} (SHA-256, SHA-384 and SHA-512 are handled).", "options"),
    };

    /// <summary>
    /// The hashed subpackets of a signature by this key: issuer fingerprint (33: key version + fingerprint), creation
    /// time (2)[, signature expiration (3)].
    /// </summary>
    private List<byte> HashedSubpackets(OpenPgpSignOptions options)
    {
        long created = (options.CreationTime ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        if (created is < 0 or > uint.MaxValue)
        {
            throw new ArgumentException("The signature creation time does not fit OpenPGP's 32-bit timestamps.", nameof(options));
        }
        ReadOnlySpan<byte> fingerprint = PublicKey.FingerprintBytes;
        var hashed = new List<byte>(fingerprint.Length + 16);
        hashed.AddRange([(byte)(fingerprint.Length + 2), 33, (byte)PublicKey.Version]);
        hashed.AddRange(fingerprint.ToArray());
        hashed.AddRange([5, 2, (byte)(created >> 24), (byte)(created >> 16), (byte)(created >> 8), (byte)created]);
        if (options.Expiry is { } ttl && ttl > TimeSpan.Zero)
        {
            long seconds = Math.Min((long)ttl.TotalSeconds, uint.MaxValue);
            hashed.AddRange([5, 3, (byte)(seconds >> 24), (byte)(seconds >> 16), (byte)(seconds >> 8), (byte)seconds]);
        }
        return hashed;
    }

    private byte[] SignRsa(byte[] digest, HashAlgorithmName name)
    {
        try
        {
            return _rsa!.SignHash(digest, name, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException e)
        {
            throw new OpenPgpFormatException($"The RSA key {PublicKey.KeyIdHex} cannot sign: {e.Message}", e);
        }
    }

    private static void AppendMpi(List<byte> into, ReadOnlySpan<byte> magnitude)
    {
        int start = 0;
        while (start < magnitude.Length && magnitude[start] == 0)
        {
            start++;
        }
        magnitude = magnitude[start..];
        int bits = magnitude.IsEmpty ? 0 : ((magnitude.Length - 1) * 8) + (32 - BitOperations.LeadingZeroCount((uint)magnitude[0]));
        into.Add((byte)(bits >> 8));
        into.Add((byte)bits);
        into.AddRange(magnitude.ToArray());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        _rsa?.Dispose();
        _ed25519?.Dispose();
    }
}
