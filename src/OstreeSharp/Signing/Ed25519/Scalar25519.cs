using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace OstreeSharp.Signing.Ed25519;

/// <summary>
/// Arithmetic modulo the group order L = 2^252 + 27742317777372353535851937790883648493, on 32-byte little-endian
/// scalars. Reduction is bit-serial (shift in one bit, conditionally subtract L through a mask), so its running time
/// and memory accesses do not depend on the values: it is used on secret nonces and secret scalars.
/// </summary>
internal static class Scalar25519
{
    private const ulong L0 = 0x5812631a5cf5d3edUL;
    private const ulong L1 = 0x14def9dea2f79cd6UL;
    private const ulong L2 = 0;
    private const ulong L3 = 0x1000000000000000UL;

    /// <summary>True when the 32-byte little-endian <paramref name="s"/> is below L (the canonical range).</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> s)
    {
        ulong a0 = BinaryPrimitives.ReadUInt64LittleEndian(s);
        ulong a1 = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]);
        ulong a2 = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]);
        ulong a3 = BinaryPrimitives.ReadUInt64LittleEndian(s[24..]);
        ulong borrow = 0;
        _ = SubBorrow(a0, L0, ref borrow);
        _ = SubBorrow(a1, L1, ref borrow);
        _ = SubBorrow(a2, L2, ref borrow);
        _ = SubBorrow(a3, L3, ref borrow);
        return borrow != 0;
    }

    /// <summary>Reduces a 64-byte little-endian number (a SHA-512 digest) modulo L into 32 bytes.</summary>
    public static void Reduce(ReadOnlySpan<byte> wide, Span<byte> result)
    {
        Span<ulong> w = stackalloc ulong[8];
        for (int i = 0; i < 8; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt64LittleEndian(wide[(8 * i)..]);
        }

        ReduceLimbs(w, result);
        w.Clear();
    }

    /// <summary>result = (k·a + r) mod L, with k, a and r 32-byte little-endian numbers (each below 2^256).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<byte> k, ReadOnlySpan<byte> a, ReadOnlySpan<byte> r, Span<byte> result)
    {
        Span<ulong> x = stackalloc ulong[4];
        Span<ulong> y = stackalloc ulong[4];
        Span<ulong> w = stackalloc ulong[9];
        for (int i = 0; i < 4; i++)
        {
            x[i] = BinaryPrimitives.ReadUInt64LittleEndian(k[(8 * i)..]);
            y[i] = BinaryPrimitives.ReadUInt64LittleEndian(a[(8 * i)..]);
            w[i] = BinaryPrimitives.ReadUInt64LittleEndian(r[(8 * i)..]);
        }

        w[4] = w[5] = w[6] = w[7] = w[8] = 0;

        // Schoolbook 256x256 product accumulated onto r (fits in 513 bits; the caller keeps it below 2^512).
        for (int i = 0; i < 4; i++)
        {
            ulong carry = 0;
            for (int j = 0; j < 4; j++)
            {
                UInt128 t = ((UInt128)x[i] * y[j]) + w[i + j] + carry;
                w[i + j] = (ulong)t;
                carry = (ulong)(t >> 64);
            }

            for (int j = i + 4; j < 9; j++)
            {
                UInt128 t = (UInt128)w[j] + carry;
                w[j] = (ulong)t;
                carry = (ulong)(t >> 64);
            }
        }

        ReduceLimbs(w[..8], result);
        x.Clear();
        y.Clear();
        w.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReduceLimbs(ReadOnlySpan<ulong> w, Span<byte> result)
    {
        ulong a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (int bit = (w.Length * 64) - 1; bit >= 0; bit--)
        {
            // a < L < 2^253, so 2a + 1 < 2L < 2^254: one conditional subtraction restores a < L.
            a3 = (a3 << 1) | (a2 >> 63);
            a2 = (a2 << 1) | (a1 >> 63);
            a1 = (a1 << 1) | (a0 >> 63);
            a0 = (a0 << 1) | ((w[bit >> 6] >> (bit & 63)) & 1);

            ulong borrow = 0;
            ulong t0 = SubBorrow(a0, L0, ref borrow);
            ulong t1 = SubBorrow(a1, L1, ref borrow);
            ulong t2 = SubBorrow(a2, L2, ref borrow);
            ulong t3 = SubBorrow(a3, L3, ref borrow);
            ulong keep = borrow - 1; // all ones when a ≥ L (no borrow): take the difference
            a0 ^= (a0 ^ t0) & keep;
            a1 ^= (a1 ^ t1) & keep;
            a2 ^= (a2 ^ t2) & keep;
            a3 ^= (a3 ^ t3) & keep;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(result, a0);
        BinaryPrimitives.WriteUInt64LittleEndian(result[8..], a1);
        BinaryPrimitives.WriteUInt64LittleEndian(result[16..], a2);
        BinaryPrimitives.WriteUInt64LittleEndian(result[24..], a3);
    }

    /// <summary>a - b - borrow; borrow becomes 1 on underflow, else 0. Branch-free.</summary>
    private static ulong SubBorrow(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b - borrow;
        borrow = ((~a & b) | (~(a ^ b) & d)) >> 63;
        return d;
    }
}
