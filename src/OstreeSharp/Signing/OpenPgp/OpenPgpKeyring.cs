using System.Security.Cryptography;
using System.Text;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// A set of OpenPGP public keys loaded from binary (<c>.gpg</c>, <c>gpg --export</c>) or armored key material, able to
/// look keys up by key ID or fingerprint and verify detached binary-document signatures.
/// </summary>
public sealed class OpenPgpKeyring
{
    private readonly List<OpenPgpPublicKey> _primaryKeys = [];
    private readonly Dictionary<ulong, List<OpenPgpPublicKey>> _byKeyId = [];

    /// <summary>Creates an empty keyring.</summary>
    public OpenPgpKeyring() { }

    /// <summary>Primary keys in load order.</summary>
    public IReadOnlyList<OpenPgpPublicKey> PrimaryKeys => _primaryKeys;

    /// <summary>Loads keys from binary packets or armored text (any number of blocks).</summary>
    /// <exception cref="OpenPgpFormatException">Malformed data.</exception>
    public static OpenPgpKeyring Load(ReadOnlyMemory<byte> data)
    {
        var keyring = new OpenPgpKeyring();
        keyring.Add(data);
        return keyring;
    }

    /// <summary>Loads a keyring file (binary or armored).</summary>
    /// <exception cref="OpenPgpFormatException">Malformed data.</exception>
    public static OpenPgpKeyring LoadFile(string path) => Load(File.ReadAllBytes(path));

    /// <summary>Adds the keys in <paramref name="data"/> (binary packets or armored text).</summary>
    /// <exception cref="OpenPgpFormatException">Malformed data.</exception>
    public void Add(ReadOnlyMemory<byte> data)
    {
        foreach (var block in OpenPgpArmor.DecodeIfArmored(data, "key data"))
            AddPackets(block);
    }

    private void AddPackets(ReadOnlyMemory<byte> data) => AddPackets(data, null);

    /// <summary>
    /// Adds key packets; secret key (5) and secret subkey (7) packets contribute their public part, and
    /// <paramref name="secretSink"/> (when given) receives each such key with the packet body and the offset of its secret part.
    /// </summary>
    internal void AddPackets(ReadOnlyMemory<byte> data, Action<OpenPgpPublicKey, ReadOnlyMemory<byte>, int>? secretSink)
    {
        var reader = new OpenPgpPacketReader(data);
        OpenPgpPublicKey? current = null;
        OpenPgpPublicKey? currentSubkey = null;
        byte[]? currentUserId = null;
        while (reader.TryRead(out var packet))
        {
            var body = packet.Body.Span;
            switch (packet.Tag)
            {
                case OpenPgpPacketTag.PublicKey:
                case OpenPgpPacketTag.SecretKey:
                    currentSubkey = null;
                    currentUserId = null;
                    current = IsV4(body) ? ParseKey(packet, isSubkey: false, secretSink) : null;
                    if (current is not null)
                    {
                        _primaryKeys.Add(current);
                        Index(current);
                    }
                    break;
                case OpenPgpPacketTag.PublicSubkey:
                case OpenPgpPacketTag.SecretSubkey:
                    currentUserId = null;
                    if (IsV4(body))
                    {
                        var subkey = ParseKey(packet, isSubkey: true, secretSink);
                        current?.AddSubkey(subkey);
                        Index(subkey);
                        currentSubkey = subkey;
                    }
                    else
                    {
                        currentSubkey = null;
                    }
                    break;
                case OpenPgpPacketTag.Signature:
                    if (current is not null && body.Length > 0 && body[0] == 4)
                    {
                        ApplyKeySignature(current, currentSubkey, currentUserId, OpenPgpSignature.Parse(body));
                    }
                    break;
                case OpenPgpPacketTag.UserId:
                    currentSubkey = null;
                    currentUserId = body.ToArray();
                    current?.AddUserId(Encoding.UTF8.GetString(body));
                    break;
                case OpenPgpPacketTag.UserAttribute:
                    currentSubkey = null;
                    currentUserId = null;
                    break;
                default:
                    break;
            }
        }
    }

    private static OpenPgpPublicKey ParseKey(OpenPgpPacket packet, bool isSubkey, Action<OpenPgpPublicKey, ReadOnlyMemory<byte>, int>? secretSink)
    {
        if (packet.Tag is OpenPgpPacketTag.PublicKey or OpenPgpPacketTag.PublicSubkey)
        {
            return OpenPgpPublicKey.Parse(packet.Body.Span, isSubkey);
        }
        var key = OpenPgpPublicKey.ParsePublicPart(packet.Body.Span, isSubkey, out int consumed);
        secretSink?.Invoke(key, packet.Body, consumed);
        return key;
    }

    private static void ApplyKeySignature(OpenPgpPublicKey primary, OpenPgpPublicKey? subkey, byte[]? userId, OpenPgpSignature signature)
    {
        if (!IssuedBy(signature, primary))
        {
            return;
        }
        switch (signature.SignatureType)
        {
            case OpenPgpSignatureType.SubkeyBinding when subkey is not null:
                CheckBinding(primary, subkey, signature);
                break;
            case OpenPgpSignatureType.SubkeyRevocation when subkey is not null:
                if (VerifyKeySignature(primary, primary, subkey, null, signature))
                {
                    subkey.MarkRevoked(signature.CreationTime ?? subkey.CreationTime);
                }
                break;
            case OpenPgpSignatureType.KeyRevocation when subkey is null:
                if (VerifyKeySignature(primary, primary, null, null, signature))
                {
                    primary.MarkRevoked(signature.CreationTime ?? primary.CreationTime);
                }
                break;
            case OpenPgpSignatureType.DirectKey when subkey is null:
                if (VerifyKeySignature(primary, primary, null, null, signature))
                {
                    primary.ApplySelfSignature(signature);
                }
                break;
            case OpenPgpSignatureType.GenericCertification or OpenPgpSignatureType.PersonaCertification
                or OpenPgpSignatureType.CasualCertification or OpenPgpSignatureType.PositiveCertification
                when subkey is null && userId is not null:
                if (VerifyKeySignature(primary, primary, null, userId, signature))
                {
                    primary.ApplySelfSignature(signature);
                }
                break;
            default:
                break;
        }
    }

    private static void CheckBinding(OpenPgpPublicKey primary, OpenPgpPublicKey subkey, OpenPgpSignature binding)
    {
        if (!VerifyKeySignature(primary, primary, subkey, null, binding))
        {
            return;
        }
        // A signing-capable subkey must carry an embedded primary-key binding ("back") signature made by itself.
        if (binding.KeyFlags is int flags && (flags & 0x02) != 0)
        {
            bool backSigned = false;
            foreach (var sp in binding.Subpackets)
            {
                if (sp.Type != 32 || sp.Data.Length == 0 || sp.Data.Span[0] != 4)
                {
                    continue;
                }
                var back = OpenPgpSignature.Parse(sp.Data.Span);
                if (back.SignatureType == OpenPgpSignatureType.PrimaryKeyBinding && VerifyKeySignature(subkey, primary, subkey, null, back))
                {
                    backSigned = true;
                    break;
                }
            }
            if (!backSigned)
            {
                return;
            }
        }
        subkey.MarkBindingValid();
        subkey.ApplySelfSignature(binding);
    }

    private static bool IssuedBy(OpenPgpSignature signature, OpenPgpPublicKey key) =>
        !signature.IssuerFingerprint.IsEmpty ? signature.IssuerFingerprint.SequenceEqual(key.FingerprintBytes)
        : signature.IssuerKeyId is not ulong id || id == key.KeyId;

    private static bool VerifyKeySignature(OpenPgpPublicKey signer, OpenPgpPublicKey primary, OpenPgpPublicKey? subkey, byte[]? userId, OpenPgpSignature signature)
    {
        // Key bindings predating SHA-2 adoption are commonly SHA-1; they are accepted here (as gpg does for bindings).
        HashAlgorithmName? name = HashName(signature.HashAlgorithm, allowSha1: true);
        if (name is null || signer.Algorithm != signature.PublicKeyAlgorithm)
        {
            return false;
        }
        using var hash = IncrementalHash.CreateHash(name.Value);
        AppendKey(hash, primary.Body.Span);
        if (subkey is not null)
        {
            AppendKey(hash, subkey.Body.Span);
        }
        if (userId is not null)
        {
            Span<byte> prefix = [0xB4, (byte)(userId.Length >> 24), (byte)(userId.Length >> 16), (byte)(userId.Length >> 8), (byte)userId.Length];
            hash.AppendData(prefix);
            hash.AppendData(userId);
        }
        byte[] digest = FinishDigest(hash, signature);
        return ((digest[0] << 8) | digest[1]) == signature.HashPrefix && VerifyWithKey(signer, digest, name.Value, signature) == true;
    }

    private static void AppendKey(IncrementalHash hash, ReadOnlySpan<byte> body)
    {
        Span<byte> prefix = [0x99, (byte)(body.Length >> 8), (byte)body.Length];
        hash.AppendData(prefix);
        hash.AppendData(body);
    }

    private static HashAlgorithmName? HashName(OpenPgpHashAlgorithm algorithm, bool allowSha1) => algorithm switch
    {
        OpenPgpHashAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        OpenPgpHashAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        OpenPgpHashAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        OpenPgpHashAlgorithm.Sha1 when allowSha1 => HashAlgorithmName.SHA1,
        _ => null,
    };

    private static bool? VerifyWithKey(OpenPgpPublicKey key, byte[] digest, HashAlgorithmName name, OpenPgpSignature signature) => key.Algorithm switch
    {
        OpenPgpPublicKeyAlgorithm.Rsa or OpenPgpPublicKeyAlgorithm.RsaSignOnly => VerifyRsa(key, digest, name, signature),
        OpenPgpPublicKeyAlgorithm.EdDsaLegacy when key.EdDsaPublicKey is not null => VerifyEdDsa(key, digest, signature),
        _ => null,
    };

    private static bool IsV4(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new OpenPgpFormatException("Empty public key packet.");
        }
        return body[0] == 4;
    }

    private void Index(OpenPgpPublicKey key)
    {
        if (!_byKeyId.TryGetValue(key.KeyId, out var list))
        {
            _byKeyId[key.KeyId] = list = [];
        }
        list.Add(key);
    }

    /// <summary>Keys and subkeys whose 64-bit key ID is <paramref name="keyId"/> (usually zero or one).</summary>
    public IReadOnlyList<OpenPgpPublicKey> FindByKeyId(ulong keyId) =>
        _byKeyId.TryGetValue(keyId, out var list) ? list : [];

    /// <summary>The key or subkey with the 20-byte v4 fingerprint <paramref name="fingerprint"/>, or null.</summary>
    public OpenPgpPublicKey? FindByFingerprint(ReadOnlySpan<byte> fingerprint)
    {
        if (fingerprint.Length != 20)
        {
            return null;
        }
        ulong keyId = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(fingerprint[12..]);
        foreach (var key in FindByKeyId(keyId))
        {
            if (key.FingerprintBytes.SequenceEqual(fingerprint))
            {
                return key;
            }
        }
        return null;
    }

    /// <summary>The key or subkey whose fingerprint is the hex string <paramref name="fingerprint"/> (case and spaces ignored), or null.</summary>
    public OpenPgpPublicKey? FindByFingerprint(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        string compact = fingerprint.Replace(" ", "", StringComparison.Ordinal);
        if (compact.Length != 40)
        {
            return null;
        }
        try
        {
            return FindByFingerprint(Convert.FromHexString(compact));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Verifies every signature packet in <paramref name="signatures"/> (binary, or armored <c>SIGNATURE</c> blocks;
    /// several concatenated signatures are allowed, as in ostree's <c>ostree.gpgsigs</c>) over <paramref name="data"/>.
    /// </summary>
    /// <returns>One result per signature packet, in order.</returns>
    /// <exception cref="OpenPgpFormatException">Malformed signature data.</exception>
    public IReadOnlyList<OpenPgpVerificationResult> VerifyDetached(ReadOnlySpan<byte> data, ReadOnlyMemory<byte> signatures, OpenPgpVerifyOptions? options = null)
    {
        options ??= new OpenPgpVerifyOptions();
        var parsed = new List<OpenPgpSignature>();
        foreach (var block in OpenPgpArmor.DecodeIfArmored(signatures, "signature"))
            CollectSignatures(block, parsed);
        if (parsed.Count == 0)
        {
            throw new OpenPgpFormatException("No signature packet found.");
        }
        var results = new List<OpenPgpVerificationResult>(parsed.Count);
        foreach (var signature in parsed)
        {
            results.Add(Verify(data, signature, options));
        }
        return results;
    }

    private static void CollectSignatures(ReadOnlyMemory<byte> packets, List<OpenPgpSignature> into)
    {
        var reader = new OpenPgpPacketReader(packets);
        while (reader.TryRead(out var packet))
        {
            if (packet.Tag == OpenPgpPacketTag.Signature)
            {
                into.Add(OpenPgpSignature.Parse(packet.Body.Span));
            }
        }
    }

    private OpenPgpVerificationResult Verify(ReadOnlySpan<byte> data, OpenPgpSignature signature, OpenPgpVerifyOptions options)
    {
        DateTimeOffset now = options.Now ?? DateTimeOffset.UtcNow;
        OpenPgpPublicKey? key = FindIssuer(signature);
        if (key is null || (key.IsSubkey && !key.HasValidBinding && options.RequireSubkeyBinding))
        {
            return new OpenPgpVerificationResult(OpenPgpVerificationStatus.UnknownKey, signature, null, now);
        }
        HashAlgorithmName? hashName = HashName(signature.HashAlgorithm, options.AllowSha1);
        if (hashName is null || signature.SignatureType != OpenPgpSignatureType.BinaryDocument || key.Algorithm != signature.PublicKeyAlgorithm)
        {
            return new OpenPgpVerificationResult(OpenPgpVerificationStatus.Unsupported, signature, key, now);
        }

        byte[] digest = ComputeDigest(hashName.Value, data, signature);
        if (((digest[0] << 8) | digest[1]) != signature.HashPrefix)
        {
            return new OpenPgpVerificationResult(OpenPgpVerificationStatus.BadSignature, signature, key, now);
        }

        bool? ok = VerifyWithKey(key, digest, hashName.Value, signature);
        var status = ok switch
        {
            true => Judge(key, signature, options, now),
            false => OpenPgpVerificationStatus.BadSignature,
            null => OpenPgpVerificationStatus.Unsupported,
        };
        return new OpenPgpVerificationResult(status, signature, key, now);
    }

    /// <summary>The key the signature names (by fingerprint, else by key ID and algorithm), or null.</summary>
    internal OpenPgpPublicKey? FindIssuer(OpenPgpSignature signature)
    {
        if (!signature.IssuerFingerprint.IsEmpty)
        {
            return FindByFingerprint(signature.IssuerFingerprint);
        }
        if (signature.IssuerKeyId is ulong id)
        {
            foreach (var candidate in FindByKeyId(id))
            {
                if (candidate.Algorithm == signature.PublicKeyAlgorithm)
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static OpenPgpVerificationStatus Judge(OpenPgpPublicKey key, OpenPgpSignature signature, OpenPgpVerifyOptions options, DateTimeOffset now)
    {
        DateTimeOffset created = signature.CreationTime ?? DateTimeOffset.UnixEpoch;
        if (key.CreationTime > created || key.CreationTime > now + options.ClockSkew)
        {
            return OpenPgpVerificationStatus.TimeConflict;
        }
        if (options.RejectFutureSignatures && created > now + options.ClockSkew)
        {
            return OpenPgpVerificationStatus.FutureSignature;
        }
        if (!key.CanSign)
        {
            return OpenPgpVerificationStatus.WrongKeyUsage;
        }
        if (key.IsRevokedWithPrimary)
        {
            return OpenPgpVerificationStatus.KeyRevoked;
        }
        if (key.IsExpiredAt(now))
        {
            return OpenPgpVerificationStatus.KeyExpired;
        }
        if (signature.SignatureExpiry is { } ttl && ttl > TimeSpan.Zero && created + ttl <= now)
        {
            return OpenPgpVerificationStatus.SignatureExpired;
        }
        return OpenPgpVerificationStatus.Valid;
    }

    private static byte[] ComputeDigest(HashAlgorithmName name, ReadOnlySpan<byte> data, OpenPgpSignature signature)
    {
        using var hash = IncrementalHash.CreateHash(name);
        hash.AppendData(data);
        return FinishDigest(hash, signature);
    }

    private static byte[] FinishDigest(IncrementalHash hash, OpenPgpSignature signature)
    {
        ReadOnlySpan<byte> hashed = signature.HashedPortion;
        hash.AppendData(hashed);
        Span<byte> trailer = [0x04, 0xFF, (byte)(hashed.Length >> 24), (byte)(hashed.Length >> 16), (byte)(hashed.Length >> 8), (byte)hashed.Length];
        hash.AppendData(trailer);
        return hash.GetHashAndReset();
    }

    private static bool VerifyRsa(OpenPgpPublicKey key, byte[] digest, HashAlgorithmName name, OpenPgpSignature signature)
    {
        if (signature.SignatureValues.Count != 1)
        {
            return false;
        }
        int modulusLength = key.RsaModulus.Length;
        byte[]? sig = OpenPgpBinary.PadLeft(signature.SignatureValues[0], modulusLength);
        if (sig is null)
        {
            return false;
        }
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Modulus = key.RsaModulus.ToArray(), Exponent = key.RsaExponent.ToArray() });
            return rsa.VerifyHash(digest, sig, name, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool VerifyEdDsa(OpenPgpPublicKey key, byte[] digest, OpenPgpSignature signature)
    {
        if (signature.SignatureValues.Count != 2)
        {
            return false;
        }
        byte[]? r = OpenPgpBinary.PadLeft(signature.SignatureValues[0], 32);
        byte[]? s = OpenPgpBinary.PadLeft(signature.SignatureValues[1], 32);
        if (r is null || s is null)
        {
            return false;
        }
        Span<byte> sig = stackalloc byte[64];
        r.CopyTo(sig);
        s.CopyTo(sig[32..]);
        return key.EdDsaPublicKey!.Verify(digest, sig);
    }
}
