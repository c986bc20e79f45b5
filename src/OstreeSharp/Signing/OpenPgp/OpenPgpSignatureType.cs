namespace OstreeSharp.Signing.OpenPgp;

/// <summary>OpenPGP signature types (RFC 9580 §5.2.1).</summary>
public enum OpenPgpSignatureType
{
    /// <summary>Signature of a binary document (0x00).</summary>
    BinaryDocument = 0x00,
    /// <summary>Signature of a canonical text document (0x01).</summary>
    CanonicalText = 0x01,
    /// <summary>Standalone signature (0x02).</summary>
    Standalone = 0x02,
    /// <summary>Generic certification of a user ID (0x10).</summary>
    GenericCertification = 0x10,
    /// <summary>Persona certification (0x11).</summary>
    PersonaCertification = 0x11,
    /// <summary>Casual certification (0x12).</summary>
    CasualCertification = 0x12,
    /// <summary>Positive certification (0x13).</summary>
    PositiveCertification = 0x13,
    /// <summary>Subkey binding (0x18).</summary>
    SubkeyBinding = 0x18,
    /// <summary>Primary key binding (0x19).</summary>
    PrimaryKeyBinding = 0x19,
    /// <summary>Direct key signature (0x1F).</summary>
    DirectKey = 0x1F,
    /// <summary>Key revocation (0x20).</summary>
    KeyRevocation = 0x20,
    /// <summary>Subkey revocation (0x28).</summary>
    SubkeyRevocation = 0x28,
    /// <summary>Certification revocation (0x30).</summary>
    CertificationRevocation = 0x30,
    /// <summary>Timestamp (0x40).</summary>
    Timestamp = 0x40,
    /// <summary>Third-party confirmation (0x50).</summary>
    ThirdPartyConfirmation = 0x50,
}
