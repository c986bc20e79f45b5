using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace OstreeSharp.Signing.Ed25519;

/// <summary>
/// An element of GF(2^255 - 19) in radix 2^51: five 64-bit limbs, value = Σ limb[i]·2^(51·i). Limbs are kept
/// below about 2^54 between operations (products then fit comfortably in 128 bits); only <see cref="ToBytes"/>
/// produces the canonical representative. All operations are branch-free and index-free (constant time).
/// </summary>
internal struct FieldElement
{
    private const ulong Mask51 = (1UL << 51) - 1;

    public ulong L0, L1, L2, L3, L4;

    public FieldElement(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
        L4 = l4;
    }

    public static FieldElement Zero => default;

    public static FieldElement One => new(1, 0, 0, 0, 0);

    public static FieldElement FromUInt64(ulong value) => Carry(new FieldElement(value & Mask51, value >> 51, 0, 0, 0));

    /// <summary>Loads 32 little-endian bytes, ignoring the top bit (bit 255). Values in [p, 2^255) are accepted as is.</summary>
    public static FieldElement FromBytes(ReadOnlySpan<byte> s)
    {
        ulong w0 = BinaryPrimitives.ReadUInt64LittleEndian(s);
        ulong w1 = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]);
        ulong w2 = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]);
        ulong w3 = BinaryPrimitives.ReadUInt64LittleEndian(s[24..]);
        return new FieldElement(
            w0 & Mask51,
            ((w0 >> 51) | (w1 << 13)) & Mask51,
            ((w1 >> 38) | (w2 << 26)) & Mask51,
            ((w2 >> 25) | (w3 << 39)) & Mask51,
            (w3 >> 12) & Mask51);
    }

    /// <summary>Writes the canonical (fully reduced, &lt; p) little-endian encoding; bit 255 is zero.</summary>
    public readonly void ToBytes(Span<byte> s)
    {
        FieldElement h = Carry(Carry(this));

        // h < 2^255 + small now; q = 1 exactly when h >= p, found by propagating the carry of h + 19.
        ulong q = (h.L0 + 19) >> 51;
        q = (h.L1 + q) >> 51;
        q = (h.L2 + q) >> 51;
        q = (h.L3 + q) >> 51;
        q = (h.L4 + q) >> 51;

        ulong l0 = h.L0 + (19 * q);
        ulong l1 = h.L1 + (l0 >> 51);
        l0 &= Mask51;
        ulong l2 = h.L2 + (l1 >> 51);
        l1 &= Mask51;
        ulong l3 = h.L3 + (l2 >> 51);
        l2 &= Mask51;
        ulong l4 = h.L4 + (l3 >> 51);
        l3 &= Mask51;
        l4 &= Mask51;

        BinaryPrimitives.WriteUInt64LittleEndian(s, l0 | (l1 << 51));
        BinaryPrimitives.WriteUInt64LittleEndian(s[8..], (l1 >> 13) | (l2 << 38));
        BinaryPrimitives.WriteUInt64LittleEndian(s[16..], (l2 >> 26) | (l3 << 25));
        BinaryPrimitives.WriteUInt64LittleEndian(s[24..], (l3 >> 39) | (l4 << 12));
    }

    /// <summary>True when the canonical representative is odd ("negative" in RFC 8032's sense).</summary>
    public readonly bool IsNegative
    {
        get
        {
            Span<byte> b = stackalloc byte[32];
            ToBytes(b);
            return (b[0] & 1) != 0;
        }
    }

    /// <summary>True when the value is 0 mod p. Variable time; used only on public data.</summary>
    public readonly bool IsZero
    {
        get
        {
            Span<byte> b = stackalloc byte[32];
            ToBytes(b);
            return !b.ContainsAnyExcept((byte)0);
        }
    }

    /// <summary>Equality mod p. Variable time; used only on public data.</summary>
    public static bool AreEqual(in FieldElement a, in FieldElement b) => Sub(a, b).IsZero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Add(in FieldElement a, in FieldElement b) =>
        new(a.L0 + b.L0, a.L1 + b.L1, a.L2 + b.L2, a.L3 + b.L3, a.L4 + b.L4);

    /// <summary>a - b, computed as a + 16p - b (no underflow for limbs of b below 2^55), then carried.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Sub(in FieldElement a, in FieldElement b) =>
        Carry(new FieldElement(
            a.L0 + 36028797018963664UL - b.L0,
            a.L1 + 36028797018963952UL - b.L1,
            a.L2 + 36028797018963952UL - b.L2,
            a.L3 + 36028797018963952UL - b.L3,
            a.L4 + 36028797018963952UL - b.L4));

    public static FieldElement Negate(in FieldElement a) => Sub(Zero, a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement Carry(in FieldElement a)
    {
        ulong l0 = a.L0, l1 = a.L1, l2 = a.L2, l3 = a.L3, l4 = a.L4;
        l1 += l0 >> 51;
        l0 &= Mask51;
        l2 += l1 >> 51;
        l1 &= Mask51;
        l3 += l2 >> 51;
        l2 &= Mask51;
        l4 += l3 >> 51;
        l3 &= Mask51;
        l0 += 19 * (l4 >> 51);
        l4 &= Mask51;
        return new FieldElement(l0, l1, l2, l3, l4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 M(ulong a, ulong b) => (UInt128)a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement Reduce(UInt128 c0, UInt128 c1, UInt128 c2, UInt128 c3, UInt128 c4)
    {
        c1 += c0 >> 51;
        c2 += c1 >> 51;
        c3 += c2 >> 51;
        c4 += c3 >> 51;
        UInt128 t = ((c4 >> 51) * 19) + ((ulong)c0 & Mask51);
        ulong l0 = (ulong)t & Mask51;
        ulong l1 = ((ulong)c1 & Mask51) + (ulong)(t >> 51);
        return new FieldElement(l0, l1, (ulong)c2 & Mask51, (ulong)c3 & Mask51, (ulong)c4 & Mask51);
    }

    public static FieldElement Mul(in FieldElement a, in FieldElement b)
    {
        ulong b1 = b.L1 * 19, b2 = b.L2 * 19, b3 = b.L3 * 19, b4 = b.L4 * 19;
        UInt128 c0 = M(a.L0, b.L0) + M(a.L4, b1) + M(a.L3, b2) + M(a.L2, b3) + M(a.L1, b4);
        UInt128 c1 = M(a.L1, b.L0) + M(a.L0, b.L1) + M(a.L4, b2) + M(a.L3, b3) + M(a.L2, b4);
        UInt128 c2 = M(a.L2, b.L0) + M(a.L1, b.L1) + M(a.L0, b.L2) + M(a.L4, b3) + M(a.L3, b4);
        UInt128 c3 = M(a.L3, b.L0) + M(a.L2, b.L1) + M(a.L1, b.L2) + M(a.L0, b.L3) + M(a.L4, b4);
        UInt128 c4 = M(a.L4, b.L0) + M(a.L3, b.L1) + M(a.L2, b.L2) + M(a.L1, b.L3) + M(a.L0, b.L4);
        return Reduce(c0, c1, c2, c3, c4);
    }

    public static FieldElement Square(in FieldElement a)
    {
        ulong d0 = a.L0 * 2, d1 = a.L1 * 2, d3_19 = a.L3 * 19, d4_19 = a.L4 * 19;
        ulong d3_38 = d3_19 * 2, d4_38 = d4_19 * 2;
        UInt128 c0 = M(a.L0, a.L0) + M(d1, d4_19) + M(a.L2 * 2, d3_19);
        UInt128 c1 = M(d0, a.L1) + M(a.L2, d4_38) + M(a.L3, d3_19);
        UInt128 c2 = M(d0, a.L2) + M(a.L1, a.L1) + M(a.L3, d4_38);
        UInt128 c3 = M(d0, a.L3) + M(d1, a.L2) + M(a.L4, d4_19);
        UInt128 c4 = M(d0, a.L4) + M(d1, a.L3) + M(a.L2, a.L2);
        return Reduce(c0, c1, c2, c3, c4);
    }

    public static FieldElement SquareTimes(in FieldElement a, int count)
    {
        FieldElement r = Square(a);
        for (int i = 1; i < count; i++)
        {
            r = Square(r);
        }

        return r;
    }

    /// <summary>Returns (z^(2^250 - 1), z^11), the shared prefix of the inversion and square-root exponent chains.</summary>
    private static (FieldElement Z250, FieldElement Z11) Pow2250Minus1(in FieldElement z)
    {
        FieldElement z2 = Square(z);
        FieldElement z9 = Mul(SquareTimes(z2, 2), z);
        FieldElement z11 = Mul(z9, z2);
        FieldElement z5 = Mul(Square(z11), z9);                 // 2^5 - 1
        FieldElement z10 = Mul(SquareTimes(z5, 5), z5);         // 2^10 - 1
        FieldElement z20 = Mul(SquareTimes(z10, 10), z10);      // 2^20 - 1
        FieldElement z40 = Mul(SquareTimes(z20, 20), z20);      // 2^40 - 1
        FieldElement z50 = Mul(SquareTimes(z40, 10), z10);      // 2^50 - 1
        FieldElement z100 = Mul(SquareTimes(z50, 50), z50);     // 2^100 - 1
        FieldElement z200 = Mul(SquareTimes(z100, 100), z100);  // 2^200 - 1
        FieldElement z250 = Mul(SquareTimes(z200, 50), z50);    // 2^250 - 1
        return (z250, z11);
    }

    /// <summary>z^(p-2) = z^(2^255 - 21), the inverse of z (0 maps to 0).</summary>
    public static FieldElement Invert(in FieldElement z)
    {
        (FieldElement z250, FieldElement z11) = Pow2250Minus1(z);
        return Mul(SquareTimes(z250, 5), z11);
    }

    /// <summary>z^((p-5)/8) = z^(2^252 - 3), used by the square root in point decompression.</summary>
    public static FieldElement Pow22523(in FieldElement z)
    {
        (FieldElement z250, _) = Pow2250Minus1(z);
        return Mul(SquareTimes(z250, 2), z);
    }

    /// <summary>Replaces <paramref name="f"/> with <paramref name="g"/> when <paramref name="mask"/> is all ones; keeps it when zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ConditionalMove(ref FieldElement f, in FieldElement g, ulong mask)
    {
        f.L0 ^= (f.L0 ^ g.L0) & mask;
        f.L1 ^= (f.L1 ^ g.L1) & mask;
        f.L2 ^= (f.L2 ^ g.L2) & mask;
        f.L3 ^= (f.L3 ^ g.L3) & mask;
        f.L4 ^= (f.L4 ^ g.L4) & mask;
    }
}
