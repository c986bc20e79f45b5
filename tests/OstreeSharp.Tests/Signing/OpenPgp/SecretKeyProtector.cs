using System.Security.Cryptography;
using System.Text;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Tests.Signing.OpenPgp;

/// <summary>
/// Test-only re-encoder: takes unprotected secret key packets (S2K usage 0) and protects them with iterated+salted S2K,
/// AES-CFB and the SHA-1 (254) or 16-bit (255) checksum, written independently of the library's reader.
/// </summary>
public static class SecretKeyProtector
{
    public static byte[] Protect(byte[] packets, string passphrase, int cipher, OpenPgpHashAlgorithm hash, int usage)
    {
        var output = new List<byte>();
        var reader = new OpenPgpPacketReader(packets);
        while (reader.TryRead(out var packet))
        {
            byte[] body = packet.Body.ToArray();
            if (packet.Tag is OpenPgpPacketTag.SecretKey or OpenPgpPacketTag.SecretSubkey)
            {
                int publicLength = PublicLength(body);
                Assert.Equal(0, body[publicLength]);
                byte[] mpis = body[(publicLength + 1)..^2];
                byte[] salt = RandomNumberGenerator.GetBytes(8);
                byte[] iv = RandomNumberGenerator.GetBytes(16);
                const byte coded = 0x60; // 65536 octets
                byte[] key = Derive(Encoding.UTF8.GetBytes(passphrase), salt, (16 + (coded & 15)) << ((coded >> 4) + 6), hash, cipher switch { 7 => 16, 8 => 24, _ => 32 });
                byte[] check = usage == 254 ? SHA1.HashData(mpis) : Sum16(mpis);
                byte[] plain = [.. mpis, .. check];
                byte[] encrypted = CfbEncrypt(key, iv, plain);
                body = [.. body[..publicLength], (byte)usage, (byte)cipher, 3, (byte)hash, .. salt, coded, .. iv, .. encrypted];
            }
            output.Add((byte)(0xC0 | (int)packet.Tag));
            output.Add(0xFF);
            output.AddRange([(byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length]);
            output.AddRange(body);
        }
        return [.. output];
    }

    private static byte[] Sum16(byte[] data)
    {
        int sum = 0;
        foreach (byte b in data)
        {
            sum = (sum + b) & 0xFFFF;
        }
        return [(byte)(sum >> 8), (byte)sum];
    }

    private static int PublicLength(byte[] body)
    {
        int pos = 6;
        int algo = body[5];
        if (algo == 22)
        {
            pos += 1 + body[pos];
            pos += 2 + ((body[pos] << 8 | body[pos + 1]) + 7) / 8;
        }
        else
        {
            for (int i = 0; i < 2; i++)
            {
                pos += 2 + ((body[pos] << 8 | body[pos + 1]) + 7) / 8;
            }
        }
        return pos;
    }

    private static byte[] Derive(byte[] pass, byte[] salt, int count, OpenPgpHashAlgorithm hash, int keyLength)
    {
        byte[] unit = [.. salt, .. pass];
        byte[] stream = new byte[Math.Max(count, unit.Length)];
        for (int i = 0; i < stream.Length; i++)
        {
            stream[i] = unit[i % unit.Length];
        }
        var result = new List<byte>();
        for (int preload = 0; result.Count < keyLength; preload++)
        {
            byte[] input = [.. new byte[preload], .. stream];
            result.AddRange(hash switch
            {
                OpenPgpHashAlgorithm.Sha1 => SHA1.HashData(input),
                OpenPgpHashAlgorithm.Sha256 => SHA256.HashData(input),
                OpenPgpHashAlgorithm.Sha512 => SHA512.HashData(input),
                _ => throw new ArgumentOutOfRangeException(nameof(hash)),
            });
        }
        return result.Take(keyLength).ToArray();
    }

    private static byte[] CfbEncrypt(byte[] key, byte[] iv, byte[] plain)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        byte[] output = new byte[plain.Length];
        byte[] feedback = (byte[])iv.Clone();
        for (int offset = 0; offset < plain.Length; offset += 16)
        {
            byte[] keystream = aes.EncryptEcb(feedback, PaddingMode.None);
            int n = Math.Min(16, plain.Length - offset);
            for (int i = 0; i < n; i++)
            {
                output[offset + i] = (byte)(plain[offset + i] ^ keystream[i]);
            }
            if (n == 16)
            {
                Array.Copy(output, offset, feedback, 0, 16);
            }
        }
        return output;
    }
}
