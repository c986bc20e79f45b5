using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Signing;

/// <summary>The outcome of checking an <c>ostree.sign.ed25519</c> array against an <see cref="Ed25519TrustStore"/>.</summary>
public sealed class Ed25519VerificationReport
{
    internal Ed25519VerificationReport(int signatureCount, Ed25519PublicKey? validKey, Ed25519PublicKey? revokedKey, bool hadTrustedKeys)
    {
        SignatureCount = signatureCount;
        ValidKey = validKey;
        RevokedKey = revokedKey;
        HadTrustedKeys = hadTrustedKeys;
    }

    /// <summary>Number of signatures found.</summary>
    public int SignatureCount { get; }

    /// <summary>The first trusted, unrevoked key that verified a signature; null if none.</summary>
    public Ed25519PublicKey? ValidKey { get; }

    /// <summary>A revoked key that verified a signature (reported when no trusted key did).</summary>
    public Ed25519PublicKey? RevokedKey { get; }

    /// <summary>Whether the trust store had any usable key.</summary>
    public bool HadTrustedKeys { get; }

    /// <summary>Whether a trusted key verified a signature: what ostree requires.</summary>
    public bool IsValid => ValidKey is not null;

    /// <summary>
    /// Why verification failed, or null when it succeeded. Ed25519 signatures carry no key ID, so a signature by an
    /// untrusted key and one over altered bytes both read <see cref="SignatureFailureReason.UntrustedKey"/>.
    /// </summary>
    public SignatureFailureReason? FailureReason =>
        IsValid ? null
        : SignatureCount == 0 ? SignatureFailureReason.NoSignature
        : RevokedKey is not null ? SignatureFailureReason.RevokedKey
        : !HadTrustedKeys ? SignatureFailureReason.NoTrustedKeys
        : SignatureFailureReason.UntrustedKey;

    /// <summary>Checks <paramref name="signatures"/> over <paramref name="data"/>.</summary>
    public static Ed25519VerificationReport Verify(ReadOnlySpan<byte> data, IReadOnlyList<byte[]> signatures, Ed25519TrustStore trust)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(trust);
        var usable = trust.UsableKeys.ToList();
        Ed25519PublicKey? revoked = null;
        foreach (byte[] signature in signatures)
        {
            if (signature.Length != Ed25519Signature.Length)
            {
                continue;
            }
            foreach (var key in usable)
            {
                if (key.Verify(data, signature))
                {
                    return new Ed25519VerificationReport(signatures.Count, key, null, true);
                }
            }
            if (revoked is null)
            {
                foreach (var key in trust.RevokedKeys)
                {
                    if (key.Verify(data, signature))
                    {
                        revoked = key;
                        break;
                    }
                }
            }
        }
        return new Ed25519VerificationReport(signatures.Count, null, revoked, usable.Count > 0);
    }

    /// <summary>Throws <see cref="SignatureVerificationException"/> unless <see cref="IsValid"/>.</summary>
    /// <param name="what">What was verified, for the message (e.g. "commit 1a2b…").</param>
    public void ThrowIfInvalid(string what)
    {
        if (FailureReason is not { } reason)
        {
            return;
        }
        string message = reason switch
        {
            SignatureFailureReason.NoSignature => $"ed25519: no signatures found for {what}",
            SignatureFailureReason.RevokedKey => $"ed25519: {what} is signed by the revoked key {RevokedKey}",
            SignatureFailureReason.NoTrustedKeys => $"ed25519: no trusted keys configured to verify {what}",
            _ => $"ed25519: no signature of {what} verifies with a trusted key ({SignatureCount} signature(s): untrusted key or altered data)",
        };
        throw new SignatureVerificationException(reason, message);
    }
}
