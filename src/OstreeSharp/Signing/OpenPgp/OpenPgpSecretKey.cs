using System.Security.Cryptography;
using System.Text;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// The secret part of a v4 secret key or secret subkey packet (RFC 9580 §5.5.3): unprotected (usage 0) or protected
/// with an S2K-derived AES key in CFB mode, checked by SHA-1 (usage 254) or by a 16-bit sum (usage 255). gpg's
/// stubs (<c>--export-secret-subkeys</c>: GNU S2K "no secret part", or keys on a card) parse but cannot sign.
/// </summary>
public sealed class OpenPgpSecretKey
{
    private readonly byte[] _secret;
    private readonly int _usage;
    private readonly int _cipher;
    private readonly OpenPgpS2K? _s2k;
    private readonly byte[] _iv = [];
    private readonly int _dataOffset;

    internal OpenPgpSecretKey(OpenPgpPublicKey publicKey, ReadOnlyMemory<byte> body, int offset)
    {
        PublicKey = publicKey;
        _secret = body[offset..].ToArray();
        ReadOnlySpan<byte> span = _secret;
        int pos = 0;
        _usage = OpenPgpBinary.Byte(span, ref pos, "S2K usage");
        switch (_usage)
        {
            case 0:
                break;
            case 254:
            case 255:
                _cipher = OpenPgpBinary.Byte(span, ref pos, "symmetric algorithm");
                _s2k = OpenPgpS2K.Read(span, ref pos);
                break;
            default:
                throw new OpenPgpFormatException($"Secret key protected with the legacy S2K usage {_usage} (only 0, 254 and 255 are handled).");
        }
        if (_s2k is { Type: 101 })
        {
            HasSecretMaterial = false;
            _dataOffset = pos;
            return;
        }
        if (_usage != 0)
        {
            int blockSize = BlockSize(_cipher);
            _iv = OpenPgpBinary.Take(span, ref pos, blockSize, "secret key IV").ToArray();
        }
        _dataOffset = pos;
        HasSecretMaterial = true;
        if (_usage == 0)
        {
            // Validate the cleartext checksum now: a corrupt unprotected key is a format error.
            CryptographicOperations.ZeroMemory(Decrypt(ReadOnlySpan<byte>.Empty));
        }
    }

    /// <summary>The public key (or subkey) this secret belongs to.</summary>
    public OpenPgpPublicKey PublicKey { get; }

    /// <summary>Whether a passphrase is needed (S2K usage 254 or 255).</summary>
    public bool IsProtected => _usage != 0 && HasSecretMaterial;

    /// <summary>Whether the packet holds the secret key material (false for gpg's stubs).</summary>
    public bool HasSecretMaterial { get; }

    /// <summary>Whether this secret can make signatures: material present and an RSA or Ed25519 (legacy EdDSA) key.</summary>
    public bool CanCreateSignatures => HasSecretMaterial && (PublicKey.Algorithm is OpenPgpPublicKeyAlgorithm.Rsa or OpenPgpPublicKeyAlgorithm.RsaSignOnly
        || (PublicKey.Algorithm == OpenPgpPublicKeyAlgorithm.EdDsaLegacy && PublicKey.EdDsaPublicKey is not null));

    private static int BlockSize(int cipher) => cipher switch
    {
        7 or 8 or 9 => 16,
        _ => throw new OpenPgpFormatException($"Unsupported secret key cipher {cipher} (AES-128/192/256 are handled)."),
    };

    private static int KeySize(int cipher) => cipher switch
    {
        7 => 16,
        8 => 24,
        9 => 32,
        _ => throw new OpenPgpFormatException($"Unsupported secret key cipher {cipher} (AES-128/192/256 are handled)."),
    };

    /// <summary>Unlocks the key for signing. The passphrase is ignored for unprotected keys.</summary>
    /// <exception cref="OpenPgpPassphraseException">The passphrase is wrong.</exception>
    /// <exception cref="OpenPgpFormatException">Malformed secret key material, or an unsupported algorithm.</exception>
    /// <exception cref="InvalidOperationException">The packet is a stub without secret material.</exception>
    public OpenPgpSigningKey Unlock(string? passphrase = null)
    {
        if (!HasSecretMaterial)
        {
            throw new InvalidOperationException($"The secret key {PublicKey.KeyIdHex} is a stub without secret material (gpg --export-secret-subkeys or a smartcard).");
        }
        byte[] pass = Encoding.UTF8.GetBytes(passphrase ?? "");
        byte[] plain = [];
        try
        {
            plain = Decrypt(pass);
            return OpenPgpSigningKey.Create(PublicKey, plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pass);
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Returns the cleartext algorithm-specific secret MPIs (checksum verified and removed).</summary>
    private byte[] Decrypt(ReadOnlySpan<byte> passphrase)
    {
        ReadOnlySpan<byte> data = _secret.AsSpan(_dataOffset);
        byte[] plain;
        if (_usage == 0)
        {
            plain = data.ToArray();
        }
        else
        {
            byte[] key = new byte[KeySize(_cipher)];
            try
            {
                _s2k!.DeriveKey(passphrase, key);
                plain = CfbDecrypt(key, _iv, data);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
        int checkLength = _usage == 254 ? 20 : 2;
        if (plain.Length < checkLength)
        {
            CryptographicOperations.ZeroMemory(plain);
            throw _usage == 0 ? new OpenPgpFormatException("Secret key material shorter than its checksum.") : new OpenPgpPassphraseException();
        }
        int length = plain.Length - checkLength;
        bool ok;
        if (_usage == 254)
        {
            Span<byte> digest = stackalloc byte[20];
            SHA1.HashData(plain.AsSpan(0, length), digest);
            ok = CryptographicOperations.FixedTimeEquals(digest, plain.AsSpan(length, 20));
        }
        else
        {
            int sum = 0;
            foreach (byte b in plain.AsSpan(0, length))
            {
                sum = (sum + b) & 0xFFFF;
            }
            ok = sum == ((plain[length] << 8) | plain[length + 1]);
        }
        if (!ok)
        {
            CryptographicOperations.ZeroMemory(plain);
            throw _usage == 0 ? new OpenPgpFormatException("Unprotected secret key checksum mismatch.") : new OpenPgpPassphraseException();
        }
        byte[] result = plain.AsSpan(0, length).ToArray();
        CryptographicOperations.ZeroMemory(plain);
        return result;
    }

    /// <summary>Full-block CFB (the mode of v4 secret key protection: no OpenPGP resynchronisation).</summary>
    internal static byte[] CfbDecrypt(byte[] key, byte[] iv, ReadOnlySpan<byte> ciphertext) => Cfb(key, iv, ciphertext, encrypt: false);

    /// <summary>Full-block CFB encryption, the inverse of <see cref="CfbDecrypt"/>.</summary>
    internal static byte[] CfbEncrypt(byte[] key, byte[] iv, ReadOnlySpan<byte> plaintext) => Cfb(key, iv, plaintext, encrypt: true);

    private static byte[] Cfb(byte[] key, byte[] iv, ReadOnlySpan<byte> input, bool encrypt)
    {
        int padded = (input.Length + 15) / 16 * 16;
        byte[] buffer = new byte[padded];
        input.CopyTo(buffer);
        using var aes = Aes.Create();
        aes.Key = key;
        byte[] output = encrypt
            ? aes.EncryptCfb(buffer, iv, PaddingMode.None, 128)
            : aes.DecryptCfb(buffer, iv, PaddingMode.None, 128);
        byte[] result = output.AsSpan(0, input.Length).ToArray();
        CryptographicOperations.ZeroMemory(buffer);
        CryptographicOperations.ZeroMemory(output);
        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => $"secret {PublicKey}";
}
