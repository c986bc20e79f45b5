namespace OstreeSharp.Signing.OpenPgp;

/// <summary>Options for <see cref="OpenPgpKeyring.VerifyDetached(ReadOnlySpan{byte}, ReadOnlyMemory{byte}, OpenPgpVerifyOptions?)"/>.</summary>
public sealed class OpenPgpVerifyOptions
{
    /// <summary>Accept SHA-1 signatures (off by default: SHA-1 is collision-broken). SHA-256/384/512 are always accepted.</summary>
    public bool AllowSha1 { get; set; }

    /// <summary>
    /// Treat signatures by subkeys without a verified binding (<see cref="OpenPgpPublicKey.HasValidBinding"/>) as made by an
    /// unknown key, as gpg does. On by default.
    /// </summary>
    public bool RequireSubkeyBinding { get; set; } = true;
}
