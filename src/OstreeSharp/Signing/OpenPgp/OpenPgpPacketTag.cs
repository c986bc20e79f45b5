namespace OstreeSharp.Signing.OpenPgp;

/// <summary>OpenPGP packet tags (RFC 9580 §5). Values not listed may still appear (cast from the header).</summary>
public enum OpenPgpPacketTag
{
    /// <summary>Public-key encrypted session key (1).</summary>
    PublicKeyEncryptedSessionKey = 1,
    /// <summary>Signature (2).</summary>
    Signature = 2,
    /// <summary>Symmetric-key encrypted session key (3).</summary>
    SymmetricKeyEncryptedSessionKey = 3,
    /// <summary>One-pass signature (4).</summary>
    OnePassSignature = 4,
    /// <summary>Secret key (5).</summary>
    SecretKey = 5,
    /// <summary>Public key (6).</summary>
    PublicKey = 6,
    /// <summary>Secret subkey (7).</summary>
    SecretSubkey = 7,
    /// <summary>Compressed data (8).</summary>
    CompressedData = 8,
    /// <summary>Symmetrically encrypted data (9).</summary>
    SymmetricallyEncryptedData = 9,
    /// <summary>Marker (10).</summary>
    Marker = 10,
    /// <summary>Literal data (11).</summary>
    LiteralData = 11,
    /// <summary>Trust (12).</summary>
    Trust = 12,
    /// <summary>User ID (13).</summary>
    UserId = 13,
    /// <summary>Public subkey (14).</summary>
    PublicSubkey = 14,
    /// <summary>User attribute (17).</summary>
    UserAttribute = 17,
    /// <summary>Symmetrically encrypted and integrity protected data (18).</summary>
    SymmetricallyEncryptedIntegrityProtectedData = 18,
    /// <summary>Padding (21).</summary>
    Padding = 21,
}
