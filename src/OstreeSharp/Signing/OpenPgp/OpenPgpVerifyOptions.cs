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

    /// <summary>The time expiry is judged at; null means the current time.</summary>
    public DateTimeOffset? Now { get; set; }

    /// <summary>
    /// Report signatures created after <see cref="Now"/> plus <see cref="ClockSkew"/> as
    /// <see cref="OpenPgpVerificationStatus.FutureSignature"/>. Off by default: gpg (and so ostree) accepts them.
    /// </summary>
    public bool RejectFutureSignatures { get; set; }

    /// <summary>Tolerance for <see cref="RejectFutureSignatures"/> (default five minutes).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Also check canonical-text signatures (type 0x01): the data is hashed with every line ending turned into CR LF.
    /// Off by default (such signatures are reported as <see cref="OpenPgpVerificationStatus.Unsupported"/>): ostree
    /// signs binary documents, and a text signature would also hold for the data with its line endings changed.
    /// </summary>
    public bool AllowCanonicalText { get; set; }
}
