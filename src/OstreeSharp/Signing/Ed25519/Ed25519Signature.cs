namespace OstreeSharp.Signing.Ed25519;

/// <summary>
/// Ed25519 signing and verification (RFC 8032, pure variant: the message itself is hashed, no prehash, no context),
/// the algorithm behind ostree's <c>ed25519</c> sign type (spec §7.2).
/// </summary>
/// <remarks>
/// <para>Verification is strict, in the manner of libsodium's <c>crypto_sign_verify_detached</c>. A signature
/// R ‖ S over message M under key A is accepted only when all of the following hold:</para>
/// <list type="number">
/// <item>the key is 32 bytes and the signature 64 bytes;</item>
/// <item>S, read as a little-endian integer, is below the group order L (so S + L is refused);</item>
/// <item>R and A encode a y coordinate below p = 2^255 - 19 (non-canonical encodings are refused);</item>
/// <item>A decodes to a curve point, with x = 0 paired only with a clear sign bit; R likewise;</item>
/// <item>neither A nor R is of small order: 8·P is not the identity (this refuses all eight low-order points under
/// every encoding, e.g. both sign-bit variants of the order-4 and order-8 points);</item>
/// <item>the cofactorless equation holds byte for byte: encode([S]B - [k]A) equals the 32 bytes of R, where
/// k = SHA-512(R ‖ A ‖ M) mod L (A and R hashed exactly as given).</item>
/// </list>
/// <para>Secret-key operations (public key derivation, the nonce point [r]B, and S = r + k·a mod L) run in constant
/// time: fixed 4-bit windows with masked table selection, and bit-serial masked reduction modulo L. Verification runs
/// in variable time over public data.</para>
/// </remarks>
public static class Ed25519Signature
{
    /// <summary>Length of a signature in bytes (64).</summary>
    public const int Length = Ed25519Core.SignatureLength;

    /// <summary>Signs <paramref name="message"/>; returns the 64-byte signature R ‖ S.</summary>
    public static byte[] Sign(Ed25519PrivateKey privateKey, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        return privateKey.Sign(message);
    }

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="message"/> under <paramref name="publicKey"/> (strict rules above).</summary>
    public static bool Verify(Ed25519PublicKey publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return publicKey.Verify(message, signature);
    }

    /// <summary>Verifies with a raw key; any length other than 32 bytes (key) or 64 bytes (signature) yields false.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Ed25519Core.Verify(publicKey, null, message, signature);
}
