using System.Security.Cryptography;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Tests.Signing.Ed25519;

/// <summary>
/// Test-only helpers over the internal group arithmetic: the bare cofactorless equation [S]B = R + [k]A compared as
/// points, with none of the strictness checks (S taken mod L, y taken mod p). A signature that passes this but fails
/// <see cref="Ed25519Signature.Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> was refused by a
/// strictness rule, not by the algebra.
/// </summary>
internal static class LaxEquation
{
    public static readonly byte[] L = Convert.FromHexString("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

    /// <summary>Decodes y mod p (non-canonical encodings allowed) with the given sign bit.</summary>
    public static bool TryDecodeLax(ReadOnlySpan<byte> encoded, out EdwardsPoint point)
    {
        Span<byte> canonical = stackalloc byte[32];
        FieldElement.FromBytes(encoded).ToBytes(canonical);
        canonical[31] |= (byte)(encoded[31] & 0x80);
        return EdwardsPoint.TryDecode(canonical, out point);
    }

    public static bool Holds(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!TryDecodeLax(publicKey, out EdwardsPoint a) || !TryDecodeLax(signature[..32], out EdwardsPoint r))
        {
            return false;
        }

        Span<byte> wide = stackalloc byte[64];
        signature[32..].CopyTo(wide);
        wide[32..].Clear();
        Span<byte> s = stackalloc byte[32];
        Scalar25519.Reduce(wide, s);

        Span<byte> k = stackalloc byte[32];
        Scalar25519.Reduce(SHA512.HashData([.. signature[..32], .. publicKey, .. message]), k);

        EdwardsPoint left = Ed25519Core.MultiplyBase(s);
        EdwardsPoint right = EdwardsPoint.Add(r, Multiply(a, k).ToCached());
        return SameEncoding(left, right);
    }

    /// <summary>[k]P by plain double-and-add.</summary>
    public static EdwardsPoint Multiply(in EdwardsPoint p, ReadOnlySpan<byte> k)
    {
        CachedPoint cp = p.ToCached();
        EdwardsPoint acc = EdwardsPoint.Identity;
        for (int bit = 255; bit >= 0; bit--)
        {
            acc = EdwardsPoint.Double(acc);
            if (((k[bit >> 3] >> (bit & 7)) & 1) != 0)
            {
                acc = EdwardsPoint.Add(acc, cp);
            }
        }

        return acc;
    }

    public static byte[] Encode(in EdwardsPoint p)
    {
        byte[] e = new byte[32];
        p.Encode(e);
        return e;
    }

    public static bool SameEncoding(in EdwardsPoint p, in EdwardsPoint q) => Encode(p).AsSpan().SequenceEqual(Encode(q));

    /// <summary>The clamped secret scalar of a seed.</summary>
    public static byte[] SecretScalar(ReadOnlySpan<byte> seed)
    {
        byte[] a = SHA512.HashData(seed)[..32];
        a[0] &= 248;
        a[31] &= 127;
        a[31] |= 64;
        return a;
    }

    /// <summary>S + L as 32 little-endian bytes (S &lt; L, so no overflow).</summary>
    public static byte[] AddL(ReadOnlySpan<byte> s)
    {
        byte[] result = new byte[32];
        int carry = 0;
        for (int i = 0; i < 32; i++)
        {
            int t = s[i] + L[i] + carry;
            result[i] = (byte)t;
            carry = t >> 8;
        }

        Assert.Equal(0, carry);
        return result;
    }
}
