using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Signing.Ed25519;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Signing;

/// <summary>
/// Adds and removes commit signatures in the commit's detached metadata (<c>objects/XX/REST.commitmeta</c>, spec §4.5):
/// binary OpenPGP signature packets in <c>ostree.gpgsigs</c> and 64-byte Ed25519 signatures in
/// <c>ostree.sign.ed25519</c>, always over the exact bytes of the <c>.commit</c> object. Other detached keys are kept.
/// </summary>
public static class CommitSigner
{
    /// <summary>Signs <paramref name="commit"/> with an OpenPGP key and appends the packet to <c>ostree.gpgsigs</c>.</summary>
    /// <returns>The new signature packet.</returns>
    /// <exception cref="ObjectNotFoundException">The commit is missing.</exception>
    public static byte[] AddGpgSignature(OstreeRepo repo, Checksum commit, OpenPgpSigningKey key, OpenPgpSignOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(key);
        byte[] commitBytes = repo.ReadMetadataBytes(commit, ObjectType.Commit);
        byte[] signature = key.SignDetached(commitBytes, options);
        Update(repo, commit, SignatureMetadataKeys.Gpg, list => list.Add(signature));
        return signature;
    }

    /// <summary>
    /// Appends an externally made signature packet (e.g. from <c>gpg --detach-sign</c> over the commit bytes) to
    /// <c>ostree.gpgsigs</c>. The packet is parsed (not verified) first.
    /// </summary>
    /// <exception cref="OpenPgpFormatException">Not exactly one well-formed v4 or v6 signature packet.</exception>
    /// <exception cref="ObjectNotFoundException">The commit is missing.</exception>
    public static void AppendGpgSignature(OstreeRepo repo, Checksum commit, ReadOnlySpan<byte> signaturePacket)
    {
        ArgumentNullException.ThrowIfNull(repo);
        byte[] packet = signaturePacket.ToArray();
        var reader = new OpenPgpPacketReader(packet);
        if (!reader.TryRead(out var p) || p.Tag != OpenPgpPacketTag.Signature || reader.TryRead(out _))
        {
            throw new OpenPgpFormatException("Expected exactly one binary OpenPGP signature packet.");
        }
        OpenPgpSignature.Parse(p.Body.Span);
        Update(repo, commit, SignatureMetadataKeys.Gpg, list => list.Add(packet));
    }

    /// <summary>
    /// Removes, for each key ID in <paramref name="keyIds"/> (fingerprint, 16- or 8-digit key ID), the first signature
    /// made by that key — or by a subkey of it when <paramref name="keyring"/> knows the key — as <c>ostree gpg-sign
    /// --delete</c> does.
    /// </summary>
    /// <returns>The number of signatures removed.</returns>
    public static int DeleteGpgSignatures(OstreeRepo repo, Checksum commit, IEnumerable<string> keyIds, OpenPgpKeyring? keyring = null)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(keyIds);
        int removed = 0;
        var ids = keyIds.ToList();
        Update(repo, commit, SignatureMetadataKeys.Gpg, list =>
        {
            foreach (string id in ids)
            {
                int index = list.FindIndex(blob => SignedBy(blob, id, keyring));
                if (index >= 0)
                {
                    list.RemoveAt(index);
                    removed++;
                }
            }
        });
        return removed;
    }

    private static bool SignedBy(byte[] blob, string keyId, OpenPgpKeyring? keyring)
    {
        string want = keyId.Trim().TrimEnd('!');
        OpenPgpSignature signature;
        try
        {
            var reader = new OpenPgpPacketReader(blob);
            if (!reader.TryRead(out var packet) || packet.Tag != OpenPgpPacketTag.Signature)
            {
                return false;
            }
            signature = OpenPgpSignature.Parse(packet.Body.Span);
        }
        catch (OpenPgpFormatException)
        {
            return false;
        }
        var candidates = new List<string>();
        if (!signature.IssuerFingerprint.IsEmpty)
        {
            candidates.Add(Convert.ToHexString(signature.IssuerFingerprint));
        }
        if (signature.IssuerKeyId is ulong id)
        {
            candidates.Add(id.ToString("X16", System.Globalization.CultureInfo.InvariantCulture));
        }
        if (keyring?.FindIssuer(signature) is { } key)
        {
            candidates.Add(key.Fingerprint);
            if (key.PrimaryKey is { } primary)
            {
                candidates.Add(primary.Fingerprint);
            }
        }
        return candidates.Any(c => OpenPgpPublicKey.FingerprintMatchesHexSpec(c, want));
    }

    /// <summary>Signs <paramref name="commit"/> with Ed25519 and appends to <c>ostree.sign.ed25519</c> (an identical signature is not added twice).</summary>
    /// <returns>The 64-byte signature.</returns>
    /// <exception cref="ObjectNotFoundException">The commit is missing.</exception>
    public static byte[] AddEd25519Signature(OstreeRepo repo, Checksum commit, Ed25519PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(key);
        byte[] signature = key.Sign(repo.ReadMetadataBytes(commit, ObjectType.Commit));
        Update(repo, commit, SignatureMetadataKeys.Ed25519, list =>
        {
            if (!list.Any(s => s.AsSpan().SequenceEqual(signature)))
            {
                list.Add(signature);
            }
        });
        return signature;
    }

    /// <summary>Removes every <c>ostree.sign.ed25519</c> signature that <paramref name="key"/> verifies.</summary>
    /// <returns>The number removed.</returns>
    public static int DeleteEd25519Signatures(OstreeRepo repo, Checksum commit, Ed25519PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(key);
        byte[] commitBytes = repo.ReadMetadataBytes(commit, ObjectType.Commit);
        int removed = 0;
        Update(repo, commit, SignatureMetadataKeys.Ed25519, list => removed = list.RemoveAll(s => key.Verify(commitBytes, s)));
        return removed;
    }

    private static void Update(OstreeRepo repo, Checksum commit, string key, Action<List<byte[]>> change)
    {
        if (!repo.HasObject(commit, ObjectType.Commit))
        {
            throw new ObjectNotFoundException(new ObjectName(commit, ObjectType.Commit));
        }
        var metadata = repo.ReadDetachedMetadata(commit) ?? new MetadataDictionary();
        var old = SignatureSets.Get(metadata, key);
        var list = old.ToList();
        change(list);
        if (list.Count == old.Count && list.Zip(old).All(p => p.First.AsSpan().SequenceEqual(p.Second)))
        {
            return;
        }
        SignatureSets.Set(metadata, key, list);
        using var transaction = repo.BeginTransaction();
        transaction.WriteDetachedMetadata(commit, metadata);
        transaction.Commit();
    }
}
