using System.Security.Cryptography;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>String-to-key specifiers (RFC 9580 §3.7): simple, salted and iterated+salted, plus gpg's GNU extension.</summary>
internal sealed class OpenPgpS2K
{
    private readonly byte[] _salt;

    private OpenPgpS2K(int type, OpenPgpHashAlgorithm hash, byte[] salt, long count, int gnuMode)
    {
        Type = type;
        Hash = hash;
        _salt = salt;
        Count = count;
        GnuMode = gnuMode;
    }

    public int Type { get; }

    public OpenPgpHashAlgorithm Hash { get; }

    public long Count { get; }

    /// <summary>For type 101 (GNU): 1 = no secret part (stub), 2 = on a smartcard; 0 otherwise.</summary>
    public int GnuMode { get; }

    public static long DecodeCount(byte coded) => (16L + (coded & 15)) << ((coded >> 4) + 6);

    public static OpenPgpS2K Read(ReadOnlySpan<byte> body, ref int pos)
    {
        int type = OpenPgpBinary.Byte(body, ref pos, "S2K type");
        var hash = (OpenPgpHashAlgorithm)OpenPgpBinary.Byte(body, ref pos, "S2K hash algorithm");
        switch (type)
        {
            case 0:
                return new OpenPgpS2K(type, hash, [], 0, 0);
            case 1:
                return new OpenPgpS2K(type, hash, OpenPgpBinary.Take(body, ref pos, 8, "S2K salt").ToArray(), 0, 0);
            case 3:
            {
                byte[] salt = OpenPgpBinary.Take(body, ref pos, 8, "S2K salt").ToArray();
                return new OpenPgpS2K(type, hash, salt, DecodeCount(OpenPgpBinary.Byte(body, ref pos, "S2K count")), 0);
            }
            case 101:
            {
                var magic = OpenPgpBinary.Take(body, ref pos, 3, "GNU S2K marker");
                if (!magic.SequenceEqual("GNU"u8))
                {
                    throw new OpenPgpFormatException("S2K type 101 without the 'GNU' marker.");
                }
                int mode = OpenPgpBinary.Byte(body, ref pos, "GNU S2K mode");
                if (mode == 2)
                {
                    int serialLength = OpenPgpBinary.Byte(body, ref pos, "card serial length");
                    OpenPgpBinary.Take(body, ref pos, serialLength, "card serial number");
                }
                return new OpenPgpS2K(type, hash, [], 0, mode);
            }
            default:
                throw new OpenPgpFormatException($"Unsupported S2K type {type}.");
        }
    }

    public static HashAlgorithmName? HashName(OpenPgpHashAlgorithm hash) => hash switch
    {
        OpenPgpHashAlgorithm.Md5 => HashAlgorithmName.MD5,
        OpenPgpHashAlgorithm.Sha1 => HashAlgorithmName.SHA1,
        OpenPgpHashAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        OpenPgpHashAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        OpenPgpHashAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>Derives <paramref name="key"/> (its length = the cipher key size) from <paramref name="passphrase"/>.</summary>
    public void DeriveKey(ReadOnlySpan<byte> passphrase, Span<byte> key)
    {
        HashAlgorithmName name = HashName(Hash) ?? throw new OpenPgpFormatException($"Unsupported S2K hash algorithm {(int)Hash}.");
        byte[] unit = new byte[_salt.Length + passphrase.Length];
        _salt.CopyTo(unit, 0);
        passphrase.CopyTo(unit.AsSpan(_salt.Length));
        long total = Type == 3 ? Math.Max(Count, unit.Length) : unit.Length;
        byte[] chunk = unit;
        if (Type == 3 && unit.Length > 0)
        {
            int repeats = Math.Max(1, 65536 / unit.Length);
            chunk = new byte[unit.Length * repeats];
            for (int r = 0; r < repeats; r++)
            {
                unit.CopyTo(chunk, r * unit.Length);
            }
        }
        try
        {
            int done = 0;
            for (int context = 0; done < key.Length; context++)
            {
                using var hash = IncrementalHash.CreateHash(name);
                hash.AppendData(new byte[context]);
                long remaining = total;
                while (remaining > 0)
                {
                    int n = (int)Math.Min(remaining, chunk.Length);
                    hash.AppendData(chunk, 0, n);
                    remaining -= n;
                }
                byte[] digest = hash.GetHashAndReset();
                int take = Math.Min(digest.Length, key.Length - done);
                digest.AsSpan(0, take).CopyTo(key[done..]);
                done += take;
                CryptographicOperations.ZeroMemory(digest);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(unit);
            CryptographicOperations.ZeroMemory(chunk);
        }
    }
}
