namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// The result of checking one detached signature: the data libostree's <c>OstreeGpgVerifyResult</c> reports per
/// signature (validity, expiry and revocation flags, key and primary-key fingerprints, timestamps, algorithms, user ID).
/// </summary>
public sealed class OpenPgpVerificationResult
{
    internal OpenPgpVerificationResult(OpenPgpVerificationStatus status, OpenPgpSignature signature, OpenPgpPublicKey? key, DateTimeOffset now)
    {
        Status = status;
        Signature = signature;
        Key = key;
        if (key is not null)
        {
            IsKeyExpired = key.IsExpiredAt(now);
            IsKeyRevoked = key.IsRevokedWithPrimary;
        }
        IsSignatureExpired = SignatureExpirationTime is { } e && e <= now;
    }

    /// <summary>The outcome.</summary>
    public OpenPgpVerificationStatus Status { get; }

    /// <summary>Whether <see cref="Status"/> is <see cref="OpenPgpVerificationStatus.Valid"/>.</summary>
    public bool IsValid => Status == OpenPgpVerificationStatus.Valid;

    /// <summary>Whether no key in the keyring matched the issuer (also true for <see cref="OpenPgpVerificationStatus.UnsupportedVersion"/>).</summary>
    public bool IsKeyMissing => Key is null;

    /// <summary>Whether the signing key, or its primary key, has expired.</summary>
    public bool IsKeyExpired { get; }

    /// <summary>Whether the signing key, or its primary key, is revoked.</summary>
    public bool IsKeyRevoked { get; }

    /// <summary>Whether the signature's own validity period has ended.</summary>
    public bool IsSignatureExpired { get; }

    /// <summary>The parsed signature.</summary>
    public OpenPgpSignature Signature { get; }

    /// <summary>The key (or subkey) that made the signature, when found in the keyring.</summary>
    public OpenPgpPublicKey? Key { get; }

    /// <summary>Fingerprint of <see cref="Key"/> (uppercase hex: 40 digits for a v4 key, 64 for v6), or null when the key is unknown.</summary>
    public string? KeyFingerprint => Key?.Fingerprint;

    /// <summary>Fingerprint of the primary key owning <see cref="Key"/> (the key itself when it is a primary).</summary>
    public string? PrimaryKeyFingerprint => (Key?.PrimaryKey ?? Key)?.Fingerprint;

    /// <summary>The issuer as named by the signature: the fingerprint when present, else the 16-digit key ID; null if neither.</summary>
    public string? IssuerId => !Signature.IssuerFingerprint.IsEmpty ? Convert.ToHexString(Signature.IssuerFingerprint)
        : Signature.IssuerKeyId is ulong id ? id.ToString("X16", System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The 16-digit key ID of the signer (from the key, else from the signature).</summary>
    public string? KeyIdHex => Key?.KeyIdHex ?? (IssuerId is { Length: >= 16 } i ? i[^16..] : null);

    /// <summary>Signature creation time, if the signature carries one.</summary>
    public DateTimeOffset? CreationTime => Signature.CreationTime;

    /// <summary>When the signature expires, if it carries a non-zero expiration subpacket.</summary>
    public DateTimeOffset? SignatureExpirationTime =>
        Signature.SignatureExpiry is { } ttl && ttl > TimeSpan.Zero && Signature.CreationTime is { } c ? c + ttl : null;

    /// <summary>When the signing key expires, if it does.</summary>
    public DateTimeOffset? KeyExpirationTime => Key?.ExpirationTime;

    /// <summary>When the primary key of the signing key expires, if it does.</summary>
    public DateTimeOffset? PrimaryKeyExpirationTime => (Key?.PrimaryKey ?? Key)?.ExpirationTime;

    /// <summary>The first user ID of the primary key, if known.</summary>
    public string? UserId => (Key?.PrimaryKey ?? Key) is { UserIds.Count: > 0 } k ? k.UserIds[0] : null;
}
