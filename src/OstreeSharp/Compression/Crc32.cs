using System.Buffers.Binary;

namespace OstreeSharp.Compression;

/// <summary>
/// CRC-32 as used by zlib, gzip and the .xz container (IEEE 802.3 polynomial, reflected form 0xEDB88320, initial value
/// and final XOR 0xFFFFFFFF). Computed with slicing-by-8 tables.
/// </summary>
/// <remarks>The check value of the ASCII string <c>123456789</c> is <c>0xCBF43926</c>.</remarks>
public sealed class Crc32
{
    private static readonly uint[] Table = BuildTable();
    private uint _state = uint.MaxValue;

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to checksum.</param>
    /// <returns>The finished CRC value.</returns>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(uint.MaxValue, data);

    /// <summary>Adds <paramref name="data"/> to the running checksum.</summary>
    /// <param name="data">The next bytes.</param>
    public void Append(ReadOnlySpan<byte> data) => _state = Update(_state, data);

    /// <summary>The CRC-32 of everything appended since construction or the last <see cref="Reset"/>.</summary>
    /// <returns>The finished CRC value; the running state is unchanged.</returns>
    public uint GetCurrentHash() => ~_state;

    /// <summary>Forgets everything appended so far.</summary>
    public void Reset() => _state = uint.MaxValue;

    /// <summary>Advances a raw (pre-inverted, not finalised) CRC register over <paramref name="data"/>.</summary>
    internal static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] t = Table;
        while (data.Length >= 8)
        {
            uint lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            uint hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[(7 * 256) + (lo & 0xFF)] ^ t[(6 * 256) + ((lo >> 8) & 0xFF)]
                ^ t[(5 * 256) + ((lo >> 16) & 0xFF)] ^ t[(4 * 256) + (lo >> 24)]
                ^ t[(3 * 256) + (hi & 0xFF)] ^ t[(2 * 256) + ((hi >> 8) & 0xFF)]
                ^ t[256 + ((hi >> 16) & 0xFF)] ^ t[hi >> 24];
            data = data[8..];
        }

        foreach (byte b in data)
        {
            crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        const uint poly = 0xEDB88320u;
        var t = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
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
                uint prev = t[((s - 1) * 256) + i];
                t[(s * 256) + i] = (prev >> 8) ^ t[prev & 0xFF];
            }
        }

        return t;
    }
}
