using System.Security.Cryptography;
using System.Text;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// The secret part of a v4 or v6 secret key or secret subkey packet (RFC 9580 §5.5.3). v4: unprotected (usage 0,
/// with its 2-octet checksum) or protected with an S2K-derived AES key in CFB mode, checked by SHA-1 (usage 254) or by
/// a 16-bit sum (usage 255). v6: unprotected (usage 0, no checksum; Ed25519 and X25519 secrets are 32 raw octets).
/// Passphrase-protected v6 keys (usage 253 AEAD or 254 CFB, e.g. with the Argon2 S2K) parse, but
/// <see cref="Unlock"/> refuses them with <see cref="OpenPgpUnsupportedException"/>. gpg's stubs
/// (<c>--export-secret-subkeys</c>: GNU S2K "no secret part", or keys on a card) parse but cannot sign.
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
        if (publicKey.Version == 6)
        {
            HasSecretMaterial = true;
            switch (_usage)
            {
                case 0:
                    _dataOffset = pos;
                    ValidateV6Plain(publicKey.Algorithm, span[pos..]);
                    return;
                case 253:
                case 254:
                    // One octet counts the parameters that follow (cipher, [AEAD mode], S2K length and specifier, IV or nonce).
                    int count = OpenPgpBinary.Byte(span, ref pos, "v6 secret key parameter count");
                    OpenPgpBinary.Take(span, ref pos, count, "v6 secret key protection parameters");
                    _dataOffset = pos;
                    if (pos == span.Length)
                    {
                        throw new OpenPgpFormatException("Protected v6 secret key without encrypted material.");
                    }
                    return;
                default:
                    throw new OpenPgpFormatException($"S2K usage {_usage} is not allowed in a v6 secret key (0, 253 and 254 are defined).");
            }
        }
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

    /// <summary>Whether a passphrase is needed (S2K usage 254 or 255; for v6 keys 253 or 254).</summary>
    public bool IsProtected => _usage != 0 && HasSecretMaterial;

    /// <summary>Whether the packet holds the secret key material (false for gpg's stubs).</summary>
    public bool HasSecretMaterial { get; }

    /// <summary>
    /// Whether this secret can make signatures: material present and an RSA or Ed25519 (legacy EdDSA or native) key.
    /// A passphrase-protected v6 key is counted (so key selection finds it) although <see cref="Unlock"/> refuses it.
    /// </summary>
    public bool CanCreateSignatures => HasSecretMaterial && (PublicKey.Algorithm is OpenPgpPublicKeyAlgorithm.Rsa or OpenPgpPublicKeyAlgorithm.RsaSignOnly
        || (PublicKey.Algorithm is OpenPgpPublicKeyAlgorithm.EdDsaLegacy or OpenPgpPublicKeyAlgorithm.Ed25519 && PublicKey.EdDsaPublicKey is not null));

    /// <summary>Checks the cleartext secret of an unprotected v6 key: the exact size for native algorithms, whole MPIs for RSA.</summary>
    private static void ValidateV6Plain(OpenPgpPublicKeyAlgorithm algorithm, ReadOnlySpan<byte> secret)
    {
        int expected = algorithm switch
        {
            OpenPgpPublicKeyAlgorithm.Ed25519 or OpenPgpPublicKeyAlgorithm.X25519 => 32,
            OpenPgpPublicKeyAlgorithm.X448 => 56,
            OpenPgpPublicKeyAlgorithm.Ed448 => 57,
            _ => -1,
        };
        if (expected >= 0)
        {
            if (secret.Length != expected)
            {
                throw new OpenPgpFormatException($"v6 {algorithm} secret of {secret.Length} bytes (expected {expected}).");
            }
            return;
        }
        if (algorithm is OpenPgpPublicKeyAlgorithm.Rsa or OpenPgpPublicKeyAlgorithm.RsaSignOnly or OpenPgpPublicKeyAlgorithm.RsaEncryptOnly)
        {
            int pos = 0;
            for (int i = 0; i < 4; i++)
            {
                OpenPgpBinary.Mpi(secret, ref pos, "RSA secret MPI");
            }
            if (pos != secret.Length)
            {
                throw new OpenPgpFormatException($"{secret.Length - pos} trailing bytes after the v6 RSA secret.");
            }
        }
    }

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
    /// <exception cref="OpenPgpUnsupportedException">A passphrase-protected v6 key (S2K usage 253 or 254): not supported, export it unprotected.</exception>
    /// <exception cref="InvalidOperationException">The packet is a stub without secret material.</exception>
    public OpenPgpSigningKey Unlock(string? passphrase = null)
    {
        if (!HasSecretMaterial)
        {
            throw new InvalidOperationException($"The secret key {PublicKey.KeyIdHex} is a stub without secret material (gpg --export-secret-subkeys or a smartcard).");
        }
        if (PublicKey.Version == 6 && _usage != 0)
        {
            throw new OpenPgpUnsupportedException(
                $"The v6 secret key {PublicKey.KeyIdHex} is passphrase-protected (S2K usage {_usage}); protected v6 keys are not supported, use an unprotected export.");
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
        if (PublicKey.Version == 6)
        {
            // Unprotected v6 secrets carry no checksum (RFC 9580 §5.5.3); protected ones are refused before this.
            return data.ToArray();
        }
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
