namespace OstreeSharp.Signing.OpenPgp;

/// <summary>Outcome of checking one signature. Only <see cref="Valid"/> counts as a good signature.</summary>
public enum OpenPgpVerificationStatus
{
    /// <summary>The signature is cryptographically valid for the data under a usable key in the keyring.</summary>
    Valid,
    /// <summary>The signing key is known, but the signature does not match the data.</summary>
    BadSignature,
    /// <summary>No key in the keyring matches the issuer.</summary>
    UnknownKey,
    /// <summary>The signature type, public-key or hash algorithm is not supported (or not allowed by the options).</summary>
    Unsupported,
    /// <summary>The signature matches, but the key (or its primary key) has expired (gpg: <c>EXPKEYSIG</c>).</summary>
    KeyExpired,
    /// <summary>The signature matches, but the key (or its primary key) is revoked (gpg: <c>REVKEYSIG</c>).</summary>
    KeyRevoked,
    /// <summary>The signature matches, but its own validity period has ended (gpg: <c>EXPSIG</c>).</summary>
    SignatureExpired,
    /// <summary>The signature matches, but the key's flags do not allow data signatures (gpg: "Wrong key usage").</summary>
    WrongKeyUsage,
    /// <summary>The key is newer than the signature, or was created in the future (gpg: time conflict).</summary>
    TimeConflict,
    /// <summary>The signature's creation time is in the future (only with <see cref="OpenPgpVerifyOptions.RejectFutureSignatures"/>).</summary>
    FutureSignature,
    /// <summary>
    /// The signature packet has a version this implementation does not read (v3, v5 or a future one; v4 and v6 are
    /// read). It is skipped: the other signatures in the same blob are still checked.
    /// </summary>
    UnsupportedVersion,
}
