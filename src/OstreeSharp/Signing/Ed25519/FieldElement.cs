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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>(hi:lo) += a·b. The carry out of the low word is taken arithmetically, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mac(ref ulong lo, ref ulong hi, ulong a, ulong b)
    {
        ulong h = Math.BigMul(a, b, out ulong l);
        ulong sum = lo + l;
        hi += h + (((lo & l) | ((lo | l) & ~sum)) >> 63);
        lo = sum;
    }

    /// <summary>Carries five 128-bit column sums (each below 2^125) down to 51-bit limbs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement Reduce(ulong lo0, ulong hi0, ulong lo1, ulong hi1, ulong lo2, ulong hi2, ulong lo3, ulong hi3, ulong lo4, ulong hi4)
    {
        // Each step adds c_i >> 51 (below 2^74, so split into a low word and a small high word) to c_{i+1}.
        ulong r0 = lo0 & Mask51;
        AddShifted(ref lo1, ref hi1, lo0, hi0);
        ulong r1 = lo1 & Mask51;
        AddShifted(ref lo2, ref hi2, lo1, hi1);
        ulong r2 = lo2 & Mask51;
        AddShifted(ref lo3, ref hi3, lo2, hi2);
        ulong r3 = lo3 & Mask51;
        AddShifted(ref lo4, ref hi4, lo3, hi3);
        ulong r4 = lo4 & Mask51;

        // c4 >> 51 < 2^74; times 19 < 2^79: fold it into r0 through one more 128-bit step.
        ulong carryLo = (lo4 >> 51) | (hi4 << 13);
        ulong carryHi = hi4 >> 51;
        ulong tHi = Math.BigMul(carryLo, 19, out ulong tLo) + (carryHi * 19);
        ulong sum = tLo + r0;
        tHi += ((tLo & r0) | ((tLo | r0) & ~sum)) >> 63;
        r0 = sum & Mask51;
        r1 += (sum >> 51) | (tHi << 13);
        return new FieldElement(r0, r1, r2, r3, r4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddShifted(ref ulong lo, ref ulong hi, ulong fromLo, ulong fromHi)
    {
        ulong add = (fromLo >> 51) | (fromHi << 13);
        ulong sum = lo + add;
        hi += (fromHi >> 51) + (((lo & add) | ((lo | add) & ~sum)) >> 63);
        lo = sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FieldElement Mul(in FieldElement a, in FieldElement b)
    {
        ulong b1 = b.L1 * 19, b2 = b.L2 * 19, b3 = b.L3 * 19, b4 = b.L4 * 19;
        ulong lo0 = 0, hi0 = 0, lo1 = 0, hi1 = 0, lo2 = 0, hi2 = 0, lo3 = 0, hi3 = 0, lo4 = 0, hi4 = 0;
        Mac(ref lo0, ref hi0, a.L0, b.L0);
        Mac(ref lo0, ref hi0, a.L4, b1);
        Mac(ref lo0, ref hi0, a.L3, b2);
        Mac(ref lo0, ref hi0, a.L2, b3);
        Mac(ref lo0, ref hi0, a.L1, b4);

        Mac(ref lo1, ref hi1, a.L1, b.L0);
        Mac(ref lo1, ref hi1, a.L0, b.L1);
        Mac(ref lo1, ref hi1, a.L4, b2);
        Mac(ref lo1, ref hi1, a.L3, b3);
        Mac(ref lo1, ref hi1, a.L2, b4);

        Mac(ref lo2, ref hi2, a.L2, b.L0);
        Mac(ref lo2, ref hi2, a.L1, b.L1);
        Mac(ref lo2, ref hi2, a.L0, b.L2);
        Mac(ref lo2, ref hi2, a.L4, b3);
        Mac(ref lo2, ref hi2, a.L3, b4);

        Mac(ref lo3, ref hi3, a.L3, b.L0);
        Mac(ref lo3, ref hi3, a.L2, b.L1);
        Mac(ref lo3, ref hi3, a.L1, b.L2);
        Mac(ref lo3, ref hi3, a.L0, b.L3);
        Mac(ref lo3, ref hi3, a.L4, b4);

        Mac(ref lo4, ref hi4, a.L4, b.L0);
        Mac(ref lo4, ref hi4, a.L3, b.L1);
        Mac(ref lo4, ref hi4, a.L2, b.L2);
        Mac(ref lo4, ref hi4, a.L1, b.L3);
        Mac(ref lo4, ref hi4, a.L0, b.L4);
        return Reduce(lo0, hi0, lo1, hi1, lo2, hi2, lo3, hi3, lo4, hi4);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FieldElement Square(in FieldElement a)
    {
        ulong d0 = a.L0 * 2, d1 = a.L1 * 2, d3_19 = a.L3 * 19, d4_19 = a.L4 * 19;
        ulong d3_38 = d3_19 * 2, d4_38 = d4_19 * 2;
        ulong lo0 = 0, hi0 = 0, lo1 = 0, hi1 = 0, lo2 = 0, hi2 = 0, lo3 = 0, hi3 = 0, lo4 = 0, hi4 = 0;
        Mac(ref lo0, ref hi0, a.L0, a.L0);
        Mac(ref lo0, ref hi0, d1, d4_19);
        Mac(ref lo0, ref hi0, a.L2 * 2, d3_19);

        Mac(ref lo1, ref hi1, d0, a.L1);
        Mac(ref lo1, ref hi1, a.L2, d4_38);
        Mac(ref lo1, ref hi1, a.L3, d3_19);

        Mac(ref lo2, ref hi2, d0, a.L2);
        Mac(ref lo2, ref hi2, a.L1, a.L1);
        Mac(ref lo2, ref hi2, a.L3, d4_38);

        Mac(ref lo3, ref hi3, d0, a.L3);
        Mac(ref lo3, ref hi3, d1, a.L2);
        Mac(ref lo3, ref hi3, a.L4, d4_19);

        Mac(ref lo4, ref hi4, d0, a.L4);
        Mac(ref lo4, ref hi4, d1, a.L3);
        Mac(ref lo4, ref hi4, a.L2, a.L2);
        return Reduce(lo0, hi0, lo1, hi1, lo2, hi2, lo3, hi3, lo4, hi4);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
