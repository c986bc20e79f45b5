using System.Runtime.CompilerServices;

namespace OstreeSharp.Signing.Ed25519;

/// <summary>
/// A point of edwards25519 (-x² + y² = 1 + d·x²·y²) in extended coordinates (X:Y:Z:T) with x = X/Z, y = Y/Z,
/// x·y = T/Z. The addition and doubling formulas are the complete a = -1 formulas of Hisil–Wong–Carter–Dawson
/// ("Twisted Edwards Curves Revisited", 2008; also RFC 8032 §5.1.4): no exceptional cases, no branches.
/// </summary>
internal struct EdwardsPoint
{
    public FieldElement X, Y, Z, T;

    public static EdwardsPoint Identity => new() { X = FieldElement.Zero, Y = FieldElement.One, Z = FieldElement.One, T = FieldElement.Zero };

    /// <summary>p + q (q given in cached form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static EdwardsPoint Add(in EdwardsPoint p, in CachedPoint q)
    {
        FieldElement a = FieldElement.Mul(FieldElement.Sub(p.Y, p.X), q.YMinusX);
        FieldElement b = FieldElement.Mul(FieldElement.Add(p.Y, p.X), q.YPlusX);
        FieldElement c = FieldElement.Mul(p.T, q.T2d);
        FieldElement zz = FieldElement.Mul(p.Z, q.Z);
        FieldElement d = FieldElement.Add(zz, zz);
        FieldElement e = FieldElement.Sub(b, a);
        FieldElement f = FieldElement.Sub(d, c);
        FieldElement g = FieldElement.Add(d, c);
        FieldElement h = FieldElement.Add(b, a);
        return new EdwardsPoint
        {
            X = FieldElement.Mul(e, f),
            Y = FieldElement.Mul(g, h),
            T = FieldElement.Mul(e, h),
            Z = FieldElement.Mul(f, g),
        };
    }

    /// <summary>2p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static EdwardsPoint Double(in EdwardsPoint p)
    {
        FieldElement a = FieldElement.Square(p.X);
        FieldElement b = FieldElement.Square(p.Y);
        FieldElement zz = FieldElement.Square(p.Z);
        FieldElement c = FieldElement.Add(zz, zz);
        FieldElement h = FieldElement.Add(a, b);
        FieldElement e = FieldElement.Sub(h, FieldElement.Square(FieldElement.Add(p.X, p.Y)));
        FieldElement g = FieldElement.Sub(a, b);
        FieldElement f = FieldElement.Add(c, g);
        return new EdwardsPoint
        {
            X = FieldElement.Mul(e, f),
            Y = FieldElement.Mul(g, h),
            T = FieldElement.Mul(e, h),
            Z = FieldElement.Mul(f, g),
        };
    }

    public static EdwardsPoint Negate(in EdwardsPoint p) =>
        new() { X = FieldElement.Negate(p.X), Y = p.Y, Z = p.Z, T = FieldElement.Negate(p.T) };

    public readonly CachedPoint ToCached() => new()
    {
        YPlusX = FieldElement.Add(Y, X),
        YMinusX = FieldElement.Sub(Y, X),
        Z = Z,
        T2d = FieldElement.Mul(T, Curve.D2),
    };

    /// <summary>RFC 8032 §5.1.2 encoding: the canonical y with the parity of x in bit 255.</summary>
    public readonly void Encode(Span<byte> destination)
    {
        FieldElement zi = FieldElement.Invert(Z);
        FieldElement x = FieldElement.Mul(X, zi);
        FieldElement y = FieldElement.Mul(Y, zi);
        y.ToBytes(destination);
        destination[31] |= (byte)(x.IsNegative ? 0x80 : 0);
    }

    /// <summary>True for the neutral element (X = 0 and Y = Z). Variable time.</summary>
    public readonly bool IsIdentity => X.IsZero && FieldElement.AreEqual(Y, Z);

    /// <summary>True when 8·p is the identity, i.e. p is one of the eight points of order 1, 2, 4 or 8. Variable time.</summary>
    public readonly bool HasSmallOrder => Double(Double(Double(this))).IsIdentity;

    /// <summary>
    /// RFC 8032 §5.1.3 decoding, strict: fails (returns false) when the encoded y is not canonical (y ≥ p), when no x
    /// exists (not on the curve), or when x = 0 but the sign bit is set. Variable time (public inputs only).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryDecode(ReadOnlySpan<byte> s, out EdwardsPoint point)
    {
        point = default;
        if (s.Length != 32 || !IsCanonicalFieldEncoding(s))
        {
            return false;
        }

        FieldElement y = FieldElement.FromBytes(s);
        FieldElement y2 = FieldElement.Square(y);
        FieldElement u = FieldElement.Sub(y2, FieldElement.One);
        FieldElement v = FieldElement.Add(FieldElement.Mul(y2, Curve.D), FieldElement.One);

        // Candidate root x = u·v³·(u·v⁷)^((p-5)/8).
        FieldElement v3 = FieldElement.Mul(FieldElement.Square(v), v);
        FieldElement v7 = FieldElement.Mul(FieldElement.Square(v3), v);
        FieldElement x = FieldElement.Mul(FieldElement.Mul(u, v3), FieldElement.Pow22523(FieldElement.Mul(u, v7)));
        FieldElement vx2 = FieldElement.Mul(v, FieldElement.Square(x));
        if (!FieldElement.AreEqual(vx2, u))
        {
            if (!FieldElement.AreEqual(vx2, FieldElement.Negate(u)))
            {
                return false;
            }

            x = FieldElement.Mul(x, Curve.SqrtMinusOne);
        }

        bool sign = (s[31] & 0x80) != 0;
        if (sign && x.IsZero)
        {
            return false;
        }

        if (x.IsNegative != sign)
        {
            x = FieldElement.Negate(x);
        }

        point = new EdwardsPoint { X = x, Y = y, Z = FieldElement.One, T = FieldElement.Mul(x, y) };
        return true;
    }

    /// <summary>True when the low 255 bits of <paramref name="s"/> encode a value below p = 2^255 - 19.</summary>
    public static bool IsCanonicalFieldEncoding(ReadOnlySpan<byte> s)
    {
        // y ≥ p exactly when bits 0..254 are p..2^255-1: byte 0 ≥ 0xed, bytes 1..30 all 0xff, byte 31 & 0x7f = 0x7f.
        if ((s[31] & 0x7f) != 0x7f || s[0] < 0xed)
        {
            return true;
        }

        return s[1..31].ContainsAnyExcept((byte)0xff);
    }

    /// <summary>Constant-time selection of <c>table[index]</c> (index in 0..table.Length-1) without secret-dependent memory access.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CachedPoint Select(ReadOnlySpan<CachedPoint> table, uint index)
    {
        CachedPoint r = table[0];
        for (int i = 1; i < table.Length; i++)
        {
            ulong mask = (ulong)(((long)((uint)i ^ index) - 1) >> 63);
            FieldElement.ConditionalMove(ref r.YPlusX, table[i].YPlusX, mask);
            FieldElement.ConditionalMove(ref r.YMinusX, table[i].YMinusX, mask);
            FieldElement.ConditionalMove(ref r.Z, table[i].Z, mask);
            FieldElement.ConditionalMove(ref r.T2d, table[i].T2d, mask);
        }

        return r;
    }
}
