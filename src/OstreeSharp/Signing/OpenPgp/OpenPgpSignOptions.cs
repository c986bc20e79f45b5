namespace OstreeSharp.Signing.OpenPgp;

/// <summary>Options for <see cref="OpenPgpSigningKey.SignDetached(ReadOnlySpan{byte}, OpenPgpSignOptions?)"/>.</summary>
public sealed class OpenPgpSignOptions
{
    /// <summary>Digest algorithm: SHA-256 (default), SHA-384, SHA-512, or SHA-1 (discouraged; refused for v6 keys: RFC 9580 forbids it there).</summary>
    public OpenPgpHashAlgorithm HashAlgorithm { get; set; } = OpenPgpHashAlgorithm.Sha256;

    /// <summary>The signature creation time (whole seconds are stored); null means now.</summary>
    public DateTimeOffset? CreationTime { get; set; }

    /// <summary>Optional validity period written as a signature expiration subpacket; null for none.</summary>
    public TimeSpan? Expiry { get; set; }
}
