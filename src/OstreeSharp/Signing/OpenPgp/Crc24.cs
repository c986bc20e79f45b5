namespace OstreeSharp.Signing.OpenPgp;

/// <summary>The CRC-24 used by OpenPGP ASCII armor (RFC 4880 §6.1: init 0xB704CE, polynomial 0x1864CFB).</summary>
public static class Crc24
{
    /// <summary>The initial register value (also the CRC of empty input).</summary>
    public const int Initial = 0xB704CE;

    private static readonly int[] Table = BuildTable();

    private static int[] BuildTable()
    {
        var table = new int[256];
        for (int i = 0; i < 256; i++)
        {
            int crc = i << 16;
            for (int bit = 0; bit < 8; bit++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= 0x1864CFB;
                }
            }
            table[i] = crc & 0xFFFFFF;
        }
        return table;
    }

    /// <summary>Continues a CRC-24 computation: returns the register after feeding <paramref name="data"/>.</summary>
    public static int Update(int crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = ((crc << 8) ^ Table[((crc >> 16) ^ b) & 0xFF]) & 0xFFFFFF;
        }
        return crc;
    }

    /// <summary>The CRC-24 of <paramref name="data"/> (a 24-bit value).</summary>
    public static int Compute(ReadOnlySpan<byte> data) => Update(Initial, data);
}
