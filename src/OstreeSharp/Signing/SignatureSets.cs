using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Signing;

/// <summary>Shared helpers for the <c>aay</c> signature arrays in <c>.commitmeta</c> and <c>summary.sig</c>.</summary>
internal static class SignatureSets
{
    public static IReadOnlyList<byte[]> Get(MetadataDictionary? metadata, string key)
    {
        if (metadata is null || !metadata.TryGetValue(key, out _))
        {
            return [];
        }
        if (!metadata.TryGetByteArrays(key, out var blobs))
        {
            throw new GVariantFormatException($"'{key}' is not of type 'aay'");
        }
        return blobs;
    }

    public static void Set(MetadataDictionary metadata, string key, IReadOnlyList<byte[]> blobs)
    {
        if (blobs.Count == 0)
        {
            metadata.Remove(key);
        }
        else
        {
            metadata.SetByteArrays(key, blobs.Select(b => (ReadOnlyMemory<byte>)b));
        }
    }

    /// <summary>
    /// Signs <paramref name="data"/> with each key and appends the signatures to the <c>ostree.sign.ed25519</c> set in
    /// <paramref name="metadata"/>, skipping any already there (Ed25519 signatures are deterministic, so re-signing
    /// with a key adds nothing). Returns the signatures made, in key order.
    /// </summary>
    /// <exception cref="GVariantFormatException">The existing entry is not an <c>aay</c>.</exception>
    public static List<byte[]> AddEd25519(MetadataDictionary metadata, ReadOnlySpan<byte> data, IEnumerable<Ed25519.Ed25519PrivateKey> keys)
    {
        var set = Get(metadata, SignatureMetadataKeys.Ed25519).ToList();
        var made = new List<byte[]>();
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            byte[] signature = key.Sign(data);
            made.Add(signature);
            if (!set.Any(s => s.AsSpan().SequenceEqual(signature)))
            {
                set.Add(signature);
            }
        }
        Set(metadata, SignatureMetadataKeys.Ed25519, set);
        return made;
    }

    public static GpgVerificationReport VerifyGpg(ReadOnlySpan<byte> data, IReadOnlyList<byte[]> blobs, OpenPgpKeyring keyring, OpenPgpVerifyOptions? options)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        var results = new List<OpenPgpVerificationResult>(blobs.Count);
        foreach (byte[] blob in blobs)
        {
            results.AddRange(keyring.VerifyDetached(data, blob, options));
        }
        return new GpgVerificationReport(results);
    }

    public static void ThrowIfInvalid(GpgVerificationReport report, OpenPgpKeyring keyring, string what)
    {
        if (report.FailureReason is not { } reason)
        {
            return;
        }
        if (reason == SignatureFailureReason.UntrustedKey && keyring.PrimaryKeys.Count == 0)
        {
            reason = SignatureFailureReason.NoTrustedKeys;
        }
        string ids = string.Join(", ", report.Results.Select(r => r.KeyIdHex ?? "?").Distinct());
        string message = reason switch
        {
            SignatureFailureReason.NoSignature => $"GPG verification enabled, but no signatures found for {what}",
            SignatureFailureReason.NoTrustedKeys => $"GPG signatures found for {what}, but no trusted keyring is configured",
            SignatureFailureReason.UntrustedKey => $"GPG signatures found for {what}, but none are in trusted keyring (key ID {ids})",
            SignatureFailureReason.BadSignature => $"BAD GPG signature on {what}: it does not match the signed bytes (key ID {ids})",
            SignatureFailureReason.RevokedKey => $"GPG signature on {what} made by a revoked key (key ID {ids})",
            SignatureFailureReason.ExpiredKey => $"GPG signature on {what} made by an expired key (key ID {ids})",
            SignatureFailureReason.ExpiredSignature => $"GPG signature on {what} has expired (key ID {ids})",
            _ => $"No valid GPG signature on {what}: {string.Join(", ", report.Results.Select(r => r.Status).Distinct())}",
        };
        throw new SignatureVerificationException(reason, message, report);
    }
}
