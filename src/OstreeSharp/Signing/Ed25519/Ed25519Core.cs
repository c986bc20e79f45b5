using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace OstreeSharp.Signing.Ed25519;

/// <summary>RFC 8032 Ed25519 (pure, no prehash, no context) on spans.</summary>
internal static class Ed25519Core
{
    public const int KeyLength = 32;
    public const int SignatureLength = 64;

    /// <summary>
    /// Expands a seed (RFC 8032 §5.1.5): h = SHA-512(seed); scalar = clamp(h[0..32]); prefix = h[32..64];
    /// publicKey = encode(scalar·B).
    /// </summary>
    public static void ExpandSeed(ReadOnlySpan<byte> seed, Span<byte> scalar, Span<byte> prefix, Span<byte> publicKey)
    {
        Span<byte> h = stackalloc byte[64];
        SHA512.HashData(seed, h);
        h[..32].CopyTo(scalar);
        h[32..].CopyTo(prefix);
        CryptographicOperations.ZeroMemory(h);
        scalar[0] &= 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
        EdwardsPoint a = MultiplyBase(scalar);
        a.Encode(publicKey);
    }

    /// <summary>
    /// [s]B in constant time: 64 unsigned 4-bit windows, most significant first; each window does four doublings
    /// (skipped before the first, a public loop position) and adds <c>BaseTable[nibble]</c>, selected by scanning all
    /// sixteen entries with masks. The complete addition formula makes adding 0·B harmless, so there is no branch on
    /// the scalar and no scalar-dependent memory index.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static EdwardsPoint MultiplyBase(ReadOnlySpan<byte> s)
    {
        ReadOnlySpan<CachedPoint> table = Curve.BaseTable;
        EdwardsPoint p = EdwardsPoint.Identity;
        for (int i = 63; i >= 0; i--)
        {
            if (i != 63)
            {
                p = EdwardsPoint.Double(EdwardsPoint.Double(EdwardsPoint.Double(EdwardsPoint.Double(p))));
            }

            uint nibble = (uint)(s[i >> 1] >> ((i & 1) << 2)) & 15;
            p = EdwardsPoint.Add(p, EdwardsPoint.Select(table, nibble));
        }

        return p;
    }

    /// <summary>Signs <paramref name="message"/> with the expanded secret key (RFC 8032 §5.1.6).</summary>
    public static void Sign(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> publicKey,
        ReadOnlySpan<byte> message, Span<byte> signature)
    {
        Span<byte> h = stackalloc byte[64];
        Span<byte> r = stackalloc byte[32];
        Span<byte> k = stackalloc byte[32];
        try
        {
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512))
            {
                hash.AppendData(prefix);
                hash.AppendData(message);
                hash.GetHashAndReset(h);
            }

            Scalar25519.Reduce(h, r);
            EdwardsPoint rPoint = MultiplyBase(r);
            rPoint.Encode(signature[..32]);

            HashRam(signature[..32], publicKey, message, h);
            Scalar25519.Reduce(h, k);
            Scalar25519.MultiplyAdd(k, scalar, r, signature[32..]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(h);
            CryptographicOperations.ZeroMemory(r);
            CryptographicOperations.ZeroMemory(k);
        }
    }

    /// <summary>
    /// Strict verification. Rejects: wrong lengths; S ≥ L; an encoded A or R whose y is ≥ p; an A that does not decode
    /// (not on the curve, or x = 0 with the sign bit set); A or R of small order (the eight points of order 1, 2, 4, 8,
    /// whatever the sign bit); then checks the cofactorless equation by computing R' = [S]B - [k]A with
    /// k = SHA-512(R ‖ A ‖ M) mod L and comparing encode(R') with the 32 bytes of R exactly.
    /// </summary>
    /// <param name="publicKey">The 32 encoded bytes of A.</param>
    /// <param name="negatedTable">0·(-A) … 15·(-A) when the caller has it cached; null to compute it here.</param>
    /// <param name="message">The signed message.</param>
    /// <param name="signature">R ‖ S.</param>
    public static bool Verify(ReadOnlySpan<byte> publicKey, CachedPoint[]? negatedTable, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != KeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        ReadOnlySpan<byte> rBytes = signature[..32];
        ReadOnlySpan<byte> sBytes = signature[32..];
        if (!Scalar25519.IsCanonical(sBytes) || !IsAcceptableR(rBytes))
        {
            return false;
        }

        negatedTable ??= TryPrepareKey(publicKey);
        if (negatedTable is null)
        {
            return false;
        }

        Span<byte> h = stackalloc byte[64];
        Span<byte> k = stackalloc byte[32];
        HashRam(rBytes, publicKey, message, h);
        Scalar25519.Reduce(h, k);

        EdwardsPoint check = DoubleScalarMultiplyVartime(sBytes, k, negatedTable);
        Span<byte> encoded = stackalloc byte[32];
        check.Encode(encoded);
        return encoded.SequenceEqual(rBytes);
    }

    /// <summary>
    /// Decodes and vets a public key for verification: canonical y, on the curve, not of small order. Returns the
    /// table 0·(-A) … 15·(-A), or null when the key is unacceptable.
    /// </summary>
    public static CachedPoint[]? TryPrepareKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != KeyLength || !EdwardsPoint.TryDecode(publicKey, out EdwardsPoint a) || a.HasSmallOrder)
        {
            return null;
        }

        return Curve.MultiplesTable(EdwardsPoint.Negate(a));
    }

    private static bool IsAcceptableR(ReadOnlySpan<byte> r)
    {
        if (!EdwardsPoint.IsCanonicalFieldEncoding(r))
        {
            return false;
        }

        // A canonical R that does not decode can never equal an encoding we compute; reject it here already.
        return EdwardsPoint.TryDecode(r, out EdwardsPoint point) && !point.HasSmallOrder;
    }

    /// <summary>[s]B + [k]P with P given by its table of multiples; variable time (public data only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static EdwardsPoint DoubleScalarMultiplyVartime(ReadOnlySpan<byte> s, ReadOnlySpan<byte> k, CachedPoint[] pTable)
    {
        CachedPoint[] bTable = Curve.BaseTable;
        EdwardsPoint acc = EdwardsPoint.Identity;
        bool started = false;
        for (int i = 63; i >= 0; i--)
        {
            if (started)
            {
                acc = EdwardsPoint.Double(EdwardsPoint.Double(EdwardsPoint.Double(EdwardsPoint.Double(acc))));
            }

            int shift = (i & 1) << 2;
            int ns = (s[i >> 1] >> shift) & 15;
            int nk = (k[i >> 1] >> shift) & 15;
            if (ns != 0)
            {
                acc = EdwardsPoint.Add(acc, bTable[ns]);
                started = true;
            }

            if (nk != 0)
            {
                acc = EdwardsPoint.Add(acc, pTable[nk]);
                started = true;
            }
        }

        return acc;
    }

    private static void HashRam(ReadOnlySpan<byte> r, ReadOnlySpan<byte> a, ReadOnlySpan<byte> message, Span<byte> digest)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(r);
        hash.AppendData(a);
        hash.AppendData(message);
        hash.GetHashAndReset(digest);
    }
}
