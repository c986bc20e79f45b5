using System.Security.Cryptography;
using System.Text;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// A set of OpenPGP public keys loaded from binary (<c>.gpg</c>, <c>gpg --export</c>) or armored key material, able to
/// look keys up by key ID or fingerprint and verify detached binary-document signatures. v4 and v6 (RFC 9580) keys and
/// signatures are read; key packets of other versions (v3, v5, future ones) are skipped, not fatal: their user IDs and
/// signatures are ignored (v4/v6 subkeys after a skipped primary are indexed as orphans, without a binding). Key IDs are not unique: the same key may be loaded twice and distinct keys may share a 64-bit ID, so
/// lookups return every match and verification tries each candidate.
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
                    current = IsSupportedKeyVersion(body) ? ParseKey(packet, isSubkey: false, secretSink) : null;
                    if (current is not null)
                    {
                        _primaryKeys.Add(current);
                        Index(current);
                    }
                    break;
                case OpenPgpPacketTag.PublicSubkey:
                case OpenPgpPacketTag.SecretSubkey:
                    currentUserId = null;
                    if (IsSupportedKeyVersion(body))
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
                    if (current is not null && body.Length > 0 && body[0] is 4 or 6)
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
                if (sp.Type != 32 || sp.Data.Length == 0 || sp.Data.Span[0] is not (4 or 6))
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
        // v6 signatures never accept SHA-1 (RFC 9580 §9.5), and a key only makes signatures of its own version.
        HashAlgorithmName? name = HashName(signature.HashAlgorithm, allowSha1: signature.Version == 4);
        if (name is null || signer.Algorithm != signature.PublicKeyAlgorithm || signer.Version != signature.Version)
        {
            return false;
        }
        using var hash = IncrementalHash.CreateHash(name.Value);
        hash.AppendData(signature.Salt);
        AppendKey(hash, primary);
        if (subkey is not null)
        {
            AppendKey(hash, subkey);
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

    /// <summary>Hashes a key as key signatures cover it: v4 as 0x99 ‖ BE16 length ‖ body, v6 as 0x9B ‖ BE32 length ‖ body.</summary>
    private static void AppendKey(IncrementalHash hash, OpenPgpPublicKey key)
    {
        ReadOnlySpan<byte> body = key.Body.Span;
        if (key.Version == 6)
        {
            Span<byte> prefix6 = [0x9B, (byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length];
            hash.AppendData(prefix6);
        }
        else
        {
            Span<byte> prefix = [0x99, (byte)(body.Length >> 8), (byte)body.Length];
            hash.AppendData(prefix);
        }
        hash.AppendData(body);
    }

    private static HashAlgorithmName? HashName(OpenPgpHashAlgorithm algorithm, bool allowSha1) => algorithm switch
    {
        OpenPgpHashAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        OpenPgpHashAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        OpenPgpHashAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        OpenPgpHashAlgorithm.Sha3_256 when SHA3_256.IsSupported => HashAlgorithmName.SHA3_256,
        OpenPgpHashAlgorithm.Sha3_512 when SHA3_512.IsSupported => HashAlgorithmName.SHA3_512,
        OpenPgpHashAlgorithm.Sha1 when allowSha1 => HashAlgorithmName.SHA1,
        _ => null,
    };

    private static bool? VerifyWithKey(OpenPgpPublicKey key, byte[] digest, HashAlgorithmName name, OpenPgpSignature signature) => key.Algorithm switch
    {
        OpenPgpPublicKeyAlgorithm.Rsa or OpenPgpPublicKeyAlgorithm.RsaSignOnly => VerifyRsa(key, digest, name, signature),
        OpenPgpPublicKeyAlgorithm.EdDsaLegacy when key.EdDsaPublicKey is not null => VerifyEdDsa(key, digest, signature),
        OpenPgpPublicKeyAlgorithm.Ed25519 when key.EdDsaPublicKey is not null => VerifyEd25519(key, digest, signature),
        _ => null,
    };

    /// <summary>Whether a key packet has a version read here (4 or 6); others are skipped.</summary>
    private static bool IsSupportedKeyVersion(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new OpenPgpFormatException("Empty public key packet.");
        }
        return body[0] is 4 or 6;
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

    /// <summary>
    /// The key or subkey with the fingerprint <paramref name="fingerprint"/> (20 bytes for v4, 32 for v6), or null.
    /// When the same key was loaded more than once, the first copy is returned (see <see cref="FindAllByFingerprint"/>).
    /// </summary>
    public OpenPgpPublicKey? FindByFingerprint(ReadOnlySpan<byte> fingerprint)
    {
        var all = FindAllByFingerprint(fingerprint);
        return all.Count > 0 ? all[0] : null;
    }

    /// <summary>Every loaded copy of the key or subkey with the fingerprint <paramref name="fingerprint"/> (20 or 32 bytes), in load order.</summary>
    public IReadOnlyList<OpenPgpPublicKey> FindAllByFingerprint(ReadOnlySpan<byte> fingerprint)
    {
        if (fingerprint.Length is not (20 or 32))
        {
            return [];
        }
        ulong keyId = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(fingerprint.Length == 32 ? fingerprint : fingerprint[12..]);
        List<OpenPgpPublicKey>? matches = null;
        foreach (var key in FindByKeyId(keyId))
        {
            if (key.FingerprintBytes.SequenceEqual(fingerprint))
            {
                (matches ??= []).Add(key);
            }
        }
        return matches is null ? [] : matches;
    }

    /// <summary>The key or subkey whose fingerprint is the hex string <paramref name="fingerprint"/> (40 or 64 digits; case and spaces ignored), or null.</summary>
    public OpenPgpPublicKey? FindByFingerprint(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        string compact = fingerprint.Replace(" ", "", StringComparison.Ordinal);
        if (compact.Length is not (40 or 64))
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
    /// v4 and v6 signatures are checked; a signature packet of another version yields an
    /// <see cref="OpenPgpVerificationStatus.UnsupportedVersion"/> entry and does not affect the others.
    /// </summary>
    /// <returns>One result per signature packet, in order.</returns>
    /// <exception cref="OpenPgpFormatException">Malformed signature data (including a malformed v4 or v6 signature packet).</exception>
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
                into.Add(OpenPgpSignature.ParseAnyVersion(packet.Body.Span));
            }
        }
    }

    private OpenPgpVerificationResult Verify(ReadOnlySpan<byte> data, OpenPgpSignature signature, OpenPgpVerifyOptions options)
    {
        DateTimeOffset now = options.Now ?? DateTimeOffset.UtcNow;
        if (!signature.IsVersionSupported)
        {
            return new OpenPgpVerificationResult(OpenPgpVerificationStatus.UnsupportedVersion, signature, null, now);
        }
        var candidates = new List<OpenPgpPublicKey>();
        foreach (var candidate in FindIssuerCandidates(signature))
        {
            if (!(candidate.IsSubkey && !candidate.HasValidBinding && options.RequireSubkeyBinding))
            {
                candidates.Add(candidate);
            }
        }
        if (candidates.Count == 0)
        {
            return new OpenPgpVerificationResult(OpenPgpVerificationStatus.UnknownKey, signature, null, now);
        }
        // v6 signatures never accept SHA-1 (RFC 9580 §9.5), whatever the options say.
        HashAlgorithmName? hashName = HashName(signature.HashAlgorithm, options.AllowSha1 && signature.Version == 4);
        bool typeOk = signature.SignatureType == OpenPgpSignatureType.BinaryDocument
            || (signature.SignatureType == OpenPgpSignatureType.CanonicalText && options.AllowCanonicalText);
        if (hashName is null || !typeOk)
        {
            return new OpenPgpVerificationResult(OpenPgpVerificationStatus.Unsupported, signature, candidates[0], now);
        }

        // Every candidate whose ID matches is tried: a 64-bit key ID (or a key loaded twice) can name several keys.
        byte[] digest = ComputeDigest(hashName.Value, data, signature);
        bool prefixMatches = ((digest[0] << 8) | digest[1]) == signature.HashPrefix;
        OpenPgpPublicKey? firstBad = null;
        OpenPgpPublicKey? firstUnsupported = null;
        OpenPgpVerificationResult? firstVerified = null;
        foreach (var key in candidates)
        {
            if (key.Algorithm != signature.PublicKeyAlgorithm || !key.CanVerify)
            {
                firstUnsupported ??= key;
                continue;
            }
            bool? ok = key.Version != signature.Version || !prefixMatches ? false : VerifyWithKey(key, digest, hashName.Value, signature);
            if (ok is null)
            {
                firstUnsupported ??= key;
                continue;
            }
            if (ok == false)
            {
                firstBad ??= key;
                continue;
            }
            var status = Judge(key, signature, options, now);
            if (status == OpenPgpVerificationStatus.Valid)
            {
                return new OpenPgpVerificationResult(status, signature, key, now);
            }
            firstVerified ??= new OpenPgpVerificationResult(status, signature, key, now);
        }
        return firstVerified
            ?? (firstBad is not null
                ? new OpenPgpVerificationResult(OpenPgpVerificationStatus.BadSignature, signature, firstBad, now)
                : new OpenPgpVerificationResult(OpenPgpVerificationStatus.Unsupported, signature, firstUnsupported, now));
    }

    /// <summary>
    /// Every key that may have made <paramref name="signature"/>: when it names an issuer fingerprint, the loaded copies
    /// of that key; else the keys and subkeys whose key ID is its issuer key ID and whose algorithm is its algorithm.
    /// </summary>
    internal IReadOnlyList<OpenPgpPublicKey> FindIssuerCandidates(OpenPgpSignature signature)
    {
        if (!signature.IssuerFingerprint.IsEmpty)
        {
            return FindAllByFingerprint(signature.IssuerFingerprint);
        }
        var result = new List<OpenPgpPublicKey>();
        if (signature.IssuerKeyId is ulong id)
        {
            foreach (var candidate in FindByKeyId(id))
            {
                if (candidate.Algorithm == signature.PublicKeyAlgorithm)
                {
                    result.Add(candidate);
                }
            }
        }
        return result;
    }

    /// <summary>The first key the signature names (by fingerprint, else by key ID and algorithm), or null.</summary>
    internal OpenPgpPublicKey? FindIssuer(OpenPgpSignature signature)
    {
        var candidates = FindIssuerCandidates(signature);
        return candidates.Count > 0 ? candidates[0] : null;
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
        hash.AppendData(signature.Salt);
        if (signature.SignatureType == OpenPgpSignatureType.CanonicalText)
        {
            AppendCanonicalText(hash, data);
        }
        else
        {
            hash.AppendData(data);
        }
        return FinishDigest(hash, signature);
    }

    /// <summary>Hashes text with every line ending as CR LF (RFC 9580 §5.2.1.2): a LF not preceded by CR gains one.</summary>
    private static void AppendCanonicalText(IncrementalHash hash, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> crlf = "\r\n"u8;
        int start = 0;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'\n' && (i == 0 || data[i - 1] != (byte)'\r'))
            {
                hash.AppendData(data[start..i]);
                hash.AppendData(crlf);
                start = i + 1;
            }
        }
        hash.AppendData(data[start..]);
    }

    /// <summary>Hashes the signature's hashed portion and the trailer: version, 0xFF, BE32 length of that portion.</summary>
    private static byte[] FinishDigest(IncrementalHash hash, OpenPgpSignature signature)
    {
        ReadOnlySpan<byte> hashed = signature.HashedPortion;
        hash.AppendData(hashed);
        Span<byte> trailer = [(byte)signature.Version, 0xFF, (byte)(hashed.Length >> 24), (byte)(hashed.Length >> 16), (byte)(hashed.Length >> 8), (byte)hashed.Length];
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

    private static bool VerifyEd25519(OpenPgpPublicKey key, byte[] digest, OpenPgpSignature signature) =>
        signature.SignatureValues.Count == 1 && signature.SignatureValues[0].Length == 64
        && key.EdDsaPublicKey!.Verify(digest, signature.SignatureValues[0]);
}
