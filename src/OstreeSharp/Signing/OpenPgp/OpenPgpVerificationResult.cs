namespace OstreeSharp.Signing.OpenPgp;

/// <summary>The result of checking one detached signature.</summary>
public sealed class OpenPgpVerificationResult
{
    internal OpenPgpVerificationResult(OpenPgpVerificationStatus status, OpenPgpSignature signature, OpenPgpPublicKey? key)
    {
        Status = status;
        Signature = signature;
        Key = key;
    }

    /// <summary>The outcome.</summary>
    public OpenPgpVerificationStatus Status { get; }

    /// <summary>Whether <see cref="Status"/> is <see cref="OpenPgpVerificationStatus.Valid"/>.</summary>
    public bool IsValid => Status == OpenPgpVerificationStatus.Valid;

    /// <summary>The parsed signature.</summary>
    public OpenPgpSignature Signature { get; }

    /// <summary>The key (or subkey) that made the signature, when found in the keyring.</summary>
    public OpenPgpPublicKey? Key { get; }

    /// <summary>Fingerprint of <see cref="Key"/> (40 uppercase hex digits), or null when the key is unknown.</summary>
    public string? KeyFingerprint => Key?.Fingerprint;

    /// <summary>Fingerprint of the primary key owning <see cref="Key"/> (the key itself when it is a primary).</summary>
    public string? PrimaryKeyFingerprint => (Key?.PrimaryKey ?? Key)?.Fingerprint;

    /// <summary>Signature creation time, if the signature carries one.</summary>
    public DateTimeOffset? CreationTime => Signature.CreationTime;
}
