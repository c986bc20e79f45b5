using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OstreeSharp.Compression;

/// <summary>
/// CRC-64 as used by the .xz container (ECMA-182 polynomial, reflected form 0xC96C5795D7870F42, initial value and
/// final XOR all ones). Computed with slicing-by-8 tables.
/// </summary>
/// <remarks>The check value of the ASCII string <c>123456789</c> is <c>0x995DC9BBDF1939FA</c>.</remarks>
public sealed class Crc64
{
    private static readonly ulong[] Table = BuildTable();
    private ulong _state = ulong.MaxValue;

    /// <summary>The CRC-64 of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to checksum.</param>
    /// <returns>The finished CRC value.</returns>
    public static ulong Compute(ReadOnlySpan<byte> data) => ~Update(ulong.MaxValue, data);

    /// <summary>Adds <paramref name="data"/> to the running checksum.</summary>
    /// <param name="data">The next bytes.</param>
    public void Append(ReadOnlySpan<byte> data) => _state = Update(_state, data);

    /// <summary>The CRC-64 of everything appended since construction or the last <see cref="Reset"/>.</summary>
    /// <returns>The finished CRC value; the running state is unchanged.</returns>
    public ulong GetCurrentHash() => ~_state;

    /// <summary>Forgets everything appended so far.</summary>
    public void Reset() => _state = ulong.MaxValue;

    /// <summary>Advances a raw (pre-inverted, not finalised) CRC register over <paramref name="data"/>.</summary>
    internal static ulong Update(ulong crc, ReadOnlySpan<byte> data)
    {
        ulong[] t = Table;
        if (data.Length >= 8)
        {
            // Table indexes are bytes plus k * 256 (k < 8) into the 8 * 256 table: no bounds checks needed.
            ref ulong t0 = ref MemoryMarshal.GetArrayDataReference(t);
            ref byte p = ref MemoryMarshal.GetReference(data);
            int blocks = data.Length >> 3;
            for (int i = 0; i < blocks; i++)
            {
                ulong v = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i << 3));
                if (!BitConverter.IsLittleEndian)
                {
                    v = BinaryPrimitives.ReverseEndianness(v);
                }

                v ^= crc;
                crc = Unsafe.Add(ref t0, (7 * 256) + (int)(v & 0xFF)) ^ Unsafe.Add(ref t0, (6 * 256) + (int)((v >> 8) & 0xFF))
                    ^ Unsafe.Add(ref t0, (5 * 256) + (int)((v >> 16) & 0xFF)) ^ Unsafe.Add(ref t0, (4 * 256) + (int)((v >> 24) & 0xFF))
                    ^ Unsafe.Add(ref t0, (3 * 256) + (int)((v >> 32) & 0xFF)) ^ Unsafe.Add(ref t0, (2 * 256) + (int)((v >> 40) & 0xFF))
                    ^ Unsafe.Add(ref t0, 256 + (int)((v >> 48) & 0xFF)) ^ Unsafe.Add(ref t0, (int)(v >> 56));
            }

            data = data[(blocks << 3)..];
        }

        foreach (byte b in data)
        {
            crc = t[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        }

        return crc;
    }

    private static ulong[] BuildTable()
    {
        const ulong poly = 0xC96C5795D7870F42ul;
        var t = new ulong[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            ulong c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ poly : c >> 1;
            }

            t[i] = c;
        }

        for (int s = 1; s < 8; s++)
        {
            for (int i = 0; i < 256; i++)
            {
                ulong prev = t[((s - 1) * 256) + i];
                t[(s * 256) + i] = (prev >> 8) ^ t[(int)(prev & 0xFF)];
            }
        }

        return t;
    }
}
