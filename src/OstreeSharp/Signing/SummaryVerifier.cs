using OstreeSharp.Objects;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Signing;

/// <summary>Verifies <c>summary.sig</c> against the exact <c>summary</c> bytes (spec §6.2, §7).</summary>
public static class SummaryVerifier
{
    /// <summary>Checks the GPG signatures in <paramref name="signatureFile"/> (the <c>summary.sig</c> bytes).</summary>
    /// <exception cref="OstreeDataException">Malformed <c>summary.sig</c> or signature packets.</exception>
    public static GpgVerificationReport VerifyGpg(ReadOnlySpan<byte> summary, ReadOnlySpan<byte> signatureFile, OpenPgpKeyring keyring,
        OpenPgpVerifyOptions? options = null)
    {
        var blobs = SignatureSets.Get(MetadataDictionary.Parse(signatureFile.ToArray()), SignatureMetadataKeys.Gpg);
        return SignatureSets.VerifyGpg(summary, blobs, keyring, options);
    }

    /// <summary>Like <see cref="VerifyGpg"/>, but requires a good signature.</summary>
    /// <exception cref="SignatureVerificationException">No good signature.</exception>
    public static GpgVerificationReport RequireGpg(ReadOnlySpan<byte> summary, ReadOnlySpan<byte> signatureFile, OpenPgpKeyring keyring,
        OpenPgpVerifyOptions? options = null)
    {
        var report = VerifyGpg(summary, signatureFile, keyring, options);
        SignatureSets.ThrowIfInvalid(report, keyring, "summary");
        return report;
    }

    /// <summary>Checks the Ed25519 signatures in <paramref name="signatureFile"/>.</summary>
    /// <exception cref="OstreeDataException">Malformed <c>summary.sig</c>.</exception>
    public static Ed25519VerificationReport VerifyEd25519(ReadOnlySpan<byte> summary, ReadOnlySpan<byte> signatureFile, Ed25519TrustStore trust)
    {
        var blobs = SignatureSets.Get(MetadataDictionary.Parse(signatureFile.ToArray()), SignatureMetadataKeys.Ed25519);
        return Ed25519VerificationReport.Verify(summary, blobs, trust);
    }

    /// <summary>Like <see cref="VerifyEd25519"/>, but requires a signature by a trusted, unrevoked key.</summary>
    /// <exception cref="SignatureVerificationException">No such signature.</exception>
    public static Ed25519VerificationReport RequireEd25519(ReadOnlySpan<byte> summary, ReadOnlySpan<byte> signatureFile, Ed25519TrustStore trust)
    {
        var report = VerifyEd25519(summary, signatureFile, trust);
        report.ThrowIfInvalid("summary");
        return report;
    }
}
