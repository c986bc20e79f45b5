using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Signing;

/// <summary>
/// Verifies a commit's detached signatures (spec §7): <c>ostree.gpgsigs</c> against an OpenPGP keyring (for a remote,
/// see <see cref="GpgKeyringResolver"/>) and <c>ostree.sign.ed25519</c> against an <see cref="Ed25519TrustStore"/>.
/// Signatures are checked over the exact <c>.commit</c> bytes. The <c>Require</c> methods throw a
/// <see cref="SignatureVerificationException"/> naming the failure; the others return the report.
/// </summary>
public static class CommitVerifier
{
    /// <summary>Checks every GPG signature of <paramref name="commit"/>; an unsigned commit gives an empty report.</summary>
    /// <exception cref="ObjectNotFoundException">The commit is missing.</exception>
    /// <exception cref="OpenPgpFormatException">A signature blob is malformed.</exception>
    /// <exception cref="CorruptObjectException">The detached metadata is malformed.</exception>
    public static GpgVerificationReport VerifyGpg(OstreeRepo repo, Checksum commit, OpenPgpKeyring keyring, OpenPgpVerifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(repo);
        byte[] commitBytes = repo.ReadMetadataBytes(commit, ObjectType.Commit);
        var blobs = SignatureSets.Get(repo.ReadDetachedMetadata(commit), SignatureMetadataKeys.Gpg);
        return SignatureSets.VerifyGpg(commitBytes, blobs, keyring, options);
    }

    /// <summary>Like <see cref="VerifyGpg"/>, but requires at least one good signature.</summary>
    /// <exception cref="SignatureVerificationException">No good signature; <see cref="SignatureVerificationException.Reason"/> says why.</exception>
    public static GpgVerificationReport RequireGpg(OstreeRepo repo, Checksum commit, OpenPgpKeyring keyring, OpenPgpVerifyOptions? options = null)
    {
        var report = VerifyGpg(repo, commit, keyring, options);
        SignatureSets.ThrowIfInvalid(report, keyring, "commit " + commit);
        return report;
    }

    /// <summary>Checks the Ed25519 signatures of <paramref name="commit"/>.</summary>
    /// <exception cref="ObjectNotFoundException">The commit is missing.</exception>
    /// <exception cref="CorruptObjectException">The detached metadata is malformed.</exception>
    public static Ed25519VerificationReport VerifyEd25519(OstreeRepo repo, Checksum commit, Ed25519TrustStore trust)
    {
        ArgumentNullException.ThrowIfNull(repo);
        byte[] commitBytes = repo.ReadMetadataBytes(commit, ObjectType.Commit);
        var blobs = SignatureSets.Get(repo.ReadDetachedMetadata(commit), SignatureMetadataKeys.Ed25519);
        return Ed25519VerificationReport.Verify(commitBytes, blobs, trust);
    }

    /// <summary>Like <see cref="VerifyEd25519"/>, but requires a signature by a trusted, unrevoked key.</summary>
    /// <exception cref="SignatureVerificationException">No such signature; <see cref="SignatureVerificationException.Reason"/> says why.</exception>
    public static Ed25519VerificationReport RequireEd25519(OstreeRepo repo, Checksum commit, Ed25519TrustStore trust)
    {
        var report = VerifyEd25519(repo, commit, trust);
        report.ThrowIfInvalid("commit " + commit);
        return report;
    }
}
