namespace OstreeSharp.Signing.OpenPgp;

/// <summary>Outcome of checking one signature.</summary>
public enum OpenPgpVerificationStatus
{
    /// <summary>The signature is cryptographically valid for the data under a key in the keyring.</summary>
    Valid,
    /// <summary>The signing key is known, but the signature does not match the data.</summary>
    BadSignature,
    /// <summary>No key in the keyring matches the issuer.</summary>
    UnknownKey,
    /// <summary>The signature type, public-key or hash algorithm is not supported (or not allowed by the options).</summary>
    Unsupported,
}
