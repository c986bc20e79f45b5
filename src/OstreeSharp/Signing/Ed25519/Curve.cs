namespace OstreeSharp.Signing.Ed25519;

/// <summary>Curve constants, derived at start-up from their definitions rather than typed in as limbs.</summary>
internal static class Curve
{
    /// <summary>d = -121665 / 121666.</summary>
    public static readonly FieldElement D = FieldElement.Negate(
        FieldElement.Mul(FieldElement.FromUInt64(121665), FieldElement.Invert(FieldElement.FromUInt64(121666))));

    /// <summary>2d.</summary>
    public static readonly FieldElement D2 = FieldElement.Add(D, D);

    /// <summary>2^((p-1)/4), a square root of -1 (2 is a non-residue because p ≡ 5 mod 8).</summary>
    public static readonly FieldElement SqrtMinusOne = ComputeSqrtMinusOne();

    /// <summary>The base point B: y = 4/5, x even (RFC 8032 §5.1).</summary>
    public static readonly EdwardsPoint BasePoint = ComputeBasePoint();

    /// <summary>0·B … 15·B in cached form, the table of the constant-time fixed-window base multiplication.</summary>
    public static readonly CachedPoint[] BaseTable = MultiplesTable(BasePoint);

    private static FieldElement ComputeSqrtMinusOne()
    {
        // (p-1)/4 = 2^253 - 5: square-and-multiply over the exponent bits, most significant first.
        FieldElement two = FieldElement.FromUInt64(2);
        FieldElement r = FieldElement.One;
        System.Numerics.BigInteger e = (System.Numerics.BigInteger.One << 253) - 5;
        for (int bit = 252; bit >= 0; bit--)
        {
            r = FieldElement.Square(r);
            if (!((e >> bit) & 1).IsZero)
            {
                r = FieldElement.Mul(r, two);
            }
        }

        return r;
    }

    private static EdwardsPoint ComputeBasePoint()
    {
        // y = 4 · 5^-1 mod p, encoded with sign bit 0.
        FieldElement y = FieldElement.Mul(FieldElement.FromUInt64(4), FieldElement.Invert(FieldElement.FromUInt64(5)));
        Span<byte> enc = stackalloc byte[32];
        y.ToBytes(enc);
        if (!EdwardsPoint.TryDecode(enc, out EdwardsPoint b))
        {
            throw new InvalidOperationException("Ed25519 base point failed to decode.");
        }

        return b;
    }

    /// <summary>0·P … 15·P in cached form.</summary>
    public static CachedPoint[] MultiplesTable(in EdwardsPoint p)
    {
        var table = new CachedPoint[16];
        CachedPoint cp = p.ToCached();
        EdwardsPoint acc = EdwardsPoint.Identity;
        table[0] = acc.ToCached();
        for (int i = 1; i < 16; i++)
        {
            acc = EdwardsPoint.Add(acc, cp);
            table[i] = acc.ToCached();
        }

        return table;
    }
}
