namespace OstreeSharp.Signing.OpenPgp;

/// <summary>OpenPGP hash algorithm identifiers (RFC 9580 §9.5).</summary>
public enum OpenPgpHashAlgorithm
{
    /// <summary>MD5 (1).</summary>
    Md5 = 1,
    /// <summary>SHA-1 (2).</summary>
    Sha1 = 2,
    /// <summary>RIPEMD-160 (3).</summary>
    Ripemd160 = 3,
    /// <summary>SHA2-256 (8).</summary>
    Sha256 = 8,
    /// <summary>SHA2-384 (9).</summary>
    Sha384 = 9,
    /// <summary>SHA2-512 (10).</summary>
    Sha512 = 10,
    /// <summary>SHA2-224 (11).</summary>
    Sha224 = 11,
    /// <summary>SHA3-256 (12).</summary>
    Sha3_256 = 12,
    /// <summary>SHA3-512 (14).</summary>
    Sha3_512 = 14,
}
