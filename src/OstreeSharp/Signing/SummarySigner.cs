using OstreeSharp.Objects;
using OstreeSharp.Signing.Ed25519;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Signing;

/// <summary>
/// Builds <c>summary.sig</c> (spec §6.2): an <c>a{sv}</c> with <c>ostree.gpgsigs</c> and/or <c>ostree.sign.ed25519</c>
/// arrays of signatures over the exact bytes of the <c>summary</c> file.
/// </summary>
public static class SummarySigner
{
    /// <summary>
    /// Signs <paramref name="summary"/> with every given key and returns the <c>summary.sig</c> bytes. Signatures already in
    /// <paramref name="existingSignatureFile"/> (when given) are kept first, as when ostree adds a signature to a summary.
    /// </summary>
    /// <exception cref="ArgumentException">No key and no existing signature.</exception>
    /// <exception cref="OstreeDataException">A malformed <paramref name="existingSignatureFile"/>.</exception>
    public static byte[] CreateSignatureFile(ReadOnlySpan<byte> summary, IEnumerable<OpenPgpSigningKey>? gpgKeys,
        IEnumerable<Ed25519PrivateKey>? ed25519Keys, OpenPgpSignOptions? options = null, ReadOnlySpan<byte> existingSignatureFile = default)
    {
        var metadata = existingSignatureFile.IsEmpty ? new MetadataDictionary() : MetadataDictionary.Parse(existingSignatureFile);
        var gpg = SignatureSets.Get(metadata, SignatureMetadataKeys.Gpg).ToList();
        foreach (var key in gpgKeys ?? [])
        {
            gpg.Add(key.SignDetached(summary, options));
        }
        SignatureSets.Set(metadata, SignatureMetadataKeys.Gpg, gpg);
        SignatureSets.AddEd25519(metadata, summary, ed25519Keys ?? []);
        if (gpg.Count == 0 && SignatureSets.Get(metadata, SignatureMetadataKeys.Ed25519).Count == 0)
        {
            throw new ArgumentException("At least one signing key is needed to sign a summary.");
        }
        return metadata.Serialize();
    }

    /// <summary>
    /// A <see cref="Summary.SummaryOptions.Signer"/> that signs the new summary with every given key, so
    /// <see cref="Summary.SummaryWriter.Update"/> writes <c>summary.sig</c> atomically right after the summary
    /// (as <c>ostree summary -u --gpg-sign=KEY-ID</c> / <c>--sign=KEY</c>). The keys must stay undisposed until the update ends.
    /// </summary>
    /// <exception cref="ArgumentException">No key at all.</exception>
    public static Func<ReadOnlyMemory<byte>, MetadataDictionary> CreateSigner(IEnumerable<OpenPgpSigningKey>? gpgKeys,
        IEnumerable<Ed25519PrivateKey>? ed25519Keys, OpenPgpSignOptions? options = null)
    {
        var gpg = (gpgKeys ?? []).ToArray();
        var ed = (ed25519Keys ?? []).ToArray();
        if (gpg.Length == 0 && ed.Length == 0)
        {
            throw new ArgumentException("At least one signing key is needed to sign a summary.");
        }
        return summary => MetadataDictionary.Parse(CreateSignatureFile(summary.Span, gpg, ed, options));
    }
}
