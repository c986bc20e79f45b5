using OstreeSharp.GVariant;
using OstreeSharp.Repository;
using OstreeSharp.Signing;

namespace OstreeSharp.Deltas;

/// <summary>
/// Verifies the signatures of a signed static delta superblock (spec §7.3): the <c>ostree.sign.ed25519</c> signatures
/// of the wrapper are checked over the exact unsigned superblock bytes against an <see cref="Ed25519TrustStore"/>, as
/// <c>ostree static-delta verify</c> does. An unsigned superblock has no signatures. The <c>Require</c> methods throw a
/// <see cref="SignatureVerificationException"/> naming the failure; the others return the report.
/// </summary>
public static class StaticDeltaVerifier
{
    /// <summary>Checks the Ed25519 signatures of <paramref name="superblock"/>.</summary>
    /// <exception cref="DeltaFormatException">The signature entry is not an <c>aay</c>.</exception>
    public static Ed25519VerificationReport VerifyEd25519(DeltaSuperblock superblock, Ed25519TrustStore trust)
    {
        ArgumentNullException.ThrowIfNull(superblock);
        ArgumentNullException.ThrowIfNull(trust);
        return Ed25519VerificationReport.Verify(superblock.RawBytes.Span, GetSignatures(superblock, SignatureMetadataKeys.Ed25519), trust);
    }

    /// <summary>Like <see cref="VerifyEd25519(DeltaSuperblock, Ed25519TrustStore)"/>, but requires a signature by a trusted, unrevoked key.</summary>
    /// <exception cref="SignatureVerificationException">
    /// No such signature; <see cref="SignatureVerificationException.Reason"/> is <see cref="SignatureFailureReason.NoSignature"/>
    /// for an unsigned superblock (or one without Ed25519 signatures), <see cref="SignatureFailureReason.NoTrustedKeys"/>,
    /// <see cref="SignatureFailureReason.RevokedKey"/>, or <see cref="SignatureFailureReason.UntrustedKey"/> (an
    /// Ed25519 signature names no key, so an unknown key and altered bytes look alike).
    /// </exception>
    /// <exception cref="DeltaFormatException">The signature entry is not an <c>aay</c>.</exception>
    public static Ed25519VerificationReport RequireEd25519(DeltaSuperblock superblock, Ed25519TrustStore trust)
    {
        var report = VerifyEd25519(superblock, trust);
        report.ThrowIfInvalid("static delta " + superblock.Name);
        return report;
    }

    /// <summary>Checks the Ed25519 signatures of the stored delta <paramref name="name"/>.</summary>
    /// <exception cref="FileNotFoundException">The delta does not exist.</exception>
    /// <exception cref="DeltaFormatException">The superblock is malformed.</exception>
    public static Ed25519VerificationReport VerifyEd25519(OstreeRepo repository, StaticDeltaName name, Ed25519TrustStore trust) =>
        VerifyEd25519(StaticDeltaStore.ReadSuperblock(repository, name), trust);

    /// <summary>Like <see cref="VerifyEd25519(OstreeRepo, StaticDeltaName, Ed25519TrustStore)"/>, but requires a signature by a trusted, unrevoked key.</summary>
    /// <exception cref="SignatureVerificationException">No such signature; <see cref="SignatureVerificationException.Reason"/> says why.</exception>
    /// <exception cref="FileNotFoundException">The delta does not exist.</exception>
    /// <exception cref="DeltaFormatException">The superblock is malformed.</exception>
    public static Ed25519VerificationReport RequireEd25519(OstreeRepo repository, StaticDeltaName name, Ed25519TrustStore trust) =>
        RequireEd25519(StaticDeltaStore.ReadSuperblock(repository, name), trust);

    /// <summary>
    /// The signatures stored under <paramref name="key"/> (e.g. <see cref="SignatureMetadataKeys.Ed25519"/>) in the
    /// superblock's signature dictionary; empty for an unsigned superblock or an absent key.
    /// </summary>
    /// <exception cref="DeltaFormatException">The entry is not an <c>aay</c>.</exception>
    public static IReadOnlyList<byte[]> GetSignatures(DeltaSuperblock superblock, string key)
    {
        ArgumentNullException.ThrowIfNull(superblock);
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            return SignatureSets.Get(superblock.Signatures, key);
        }
        catch (GVariantFormatException ex)
        {
            throw new DeltaFormatException("Invalid delta signatures: " + ex.Message, ex);
        }
    }
}
