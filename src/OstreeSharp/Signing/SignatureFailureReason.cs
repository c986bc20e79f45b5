namespace OstreeSharp.Signing;

/// <summary>Why signature verification failed.</summary>
public enum SignatureFailureReason
{
    /// <summary>The commit has no detached metadata, or it (or <c>summary.sig</c>) holds no signature of the requested kind.</summary>
    NoSignature,
    /// <summary>No trust anchors were configured (empty keyring or key list).</summary>
    NoTrustedKeys,
    /// <summary>The signatures were made by keys that are not trusted (not in the keyring / key list).</summary>
    UntrustedKey,
    /// <summary>A trusted key made the signature, but the signed bytes differ (the object or summary was altered).</summary>
    BadSignature,
    /// <summary>The signing key (or its primary key) is revoked, or listed in the revoked keys.</summary>
    RevokedKey,
    /// <summary>The signing key (or its primary key) has expired.</summary>
    ExpiredKey,
    /// <summary>The signature's validity period has ended.</summary>
    ExpiredSignature,
    /// <summary>Another reason: unsupported algorithm, wrong key usage, time conflict or a future signature.</summary>
    Other,
}
