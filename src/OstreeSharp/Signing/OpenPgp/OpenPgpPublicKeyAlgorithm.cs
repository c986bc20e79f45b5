namespace OstreeSharp.Signing.OpenPgp;

/// <summary>OpenPGP public-key algorithm identifiers (RFC 9580 §9.1).</summary>
public enum OpenPgpPublicKeyAlgorithm
{
    /// <summary>RSA encrypt or sign (1).</summary>
    Rsa = 1,
    /// <summary>RSA encrypt-only, deprecated (2).</summary>
    RsaEncryptOnly = 2,
    /// <summary>RSA sign-only, deprecated (3).</summary>
    RsaSignOnly = 3,
    /// <summary>Elgamal encrypt-only (16).</summary>
    Elgamal = 16,
    /// <summary>DSA (17).</summary>
    Dsa = 17,
    /// <summary>ECDH (18).</summary>
    Ecdh = 18,
    /// <summary>ECDSA (19).</summary>
    Ecdsa = 19,
    /// <summary>EdDSA in the legacy (RFC 4880bis) encoding, e.g. gpg's ed25519 keys (22).</summary>
    EdDsaLegacy = 22,
    /// <summary>X25519 (25).</summary>
    X25519 = 25,
    /// <summary>X448 (26).</summary>
    X448 = 26,
    /// <summary>Ed25519 (27).</summary>
    Ed25519 = 27,
    /// <summary>Ed448 (28).</summary>
    Ed448 = 28,
}
