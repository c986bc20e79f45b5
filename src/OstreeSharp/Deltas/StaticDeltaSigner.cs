using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Signing;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Deltas;

/// <summary>
/// Signs static delta superblocks (spec §7.3): the superblock file becomes <c>(taya{sv})</c> — the magic
/// <see cref="DeltaSuperblock.SignedMagic"/> stored big-endian, the exact unsigned superblock bytes, and a signature
/// dictionary such as <c>{'ostree.sign.ed25519': &lt;aay&gt;}</c> whose signatures cover those bytes.
/// <see cref="StaticDeltaGeneratorOptions.Ed25519SigningKeys"/> signs while generating; this class signs an existing
/// superblock file.
/// </summary>
public static class StaticDeltaSigner
{
    /// <summary>
    /// Signs a superblock file. An unsigned superblock is wrapped; for an already signed one the existing signatures
    /// are kept and the new ones appended (a signature already present is not added twice).
    /// </summary>
    /// <param name="superblock">The superblock file bytes, signed or not.</param>
    /// <param name="ed25519Keys">Keys whose signatures go to <c>ostree.sign.ed25519</c>.</param>
    /// <param name="signer">Optional extra entries over the unsigned bytes (other signature types), merged first.</param>
    /// <returns>The signed superblock file bytes.</returns>
    /// <exception cref="DeltaFormatException">The input is not a valid superblock.</exception>
    /// <exception cref="ArgumentException">Neither a key nor a signer was given.</exception>
    public static byte[] Sign(ReadOnlySpan<byte> superblock, IEnumerable<Ed25519PrivateKey> ed25519Keys,
        Func<ReadOnlyMemory<byte>, MetadataDictionary>? signer = null)
    {
        ArgumentNullException.ThrowIfNull(ed25519Keys);
        var keys = ed25519Keys.ToArray();
        if (keys.Length == 0 && signer is null)
            throw new ArgumentException("At least one signing key or a signer is needed to sign a delta superblock.", nameof(ed25519Keys));
        var parsed = DeltaSuperblock.Parse(superblock);
        return Wrap(parsed.RawBytes, parsed.Signatures, keys, signer);
    }

    /// <summary>Signs freshly serialized unsigned superblock bytes (no re-parse).</summary>
    internal static byte[] SignUnsigned(byte[] unsignedSuperblock, IEnumerable<Ed25519PrivateKey> ed25519Keys,
        Func<ReadOnlyMemory<byte>, MetadataDictionary>? signer) =>
        Wrap(unsignedSuperblock, null, ed25519Keys.ToArray(), signer);

    private static byte[] Wrap(ReadOnlyMemory<byte> unsigned, MetadataDictionary? existing, Ed25519PrivateKey[] keys,
        Func<ReadOnlyMemory<byte>, MetadataDictionary>? signer)
    {
        var signatures = new MetadataDictionary(existing ?? new MetadataDictionary());
        if (signer is not null)
        {
            foreach (var entry in signer(unsigned))
            {
                signatures.Set(entry.Key, entry.Type, entry.Value);
            }
        }
        if (keys.Length > 0)
        {
            try
            {
                SignatureSets.AddEd25519(signatures, unsigned.Span, keys);
            }
            catch (GVariantFormatException ex)
            {
                throw new DeltaFormatException("Invalid delta signatures: " + ex.Message, ex);
            }
        }
        return DeltaSuperblock.SerializeSigned(unsigned.Span, signatures);
    }
}
