using System.Security.Cryptography;

namespace OstreeSharp.Signing.Ed25519;

/// <summary>
/// An Ed25519 secret key. ostree (spec §7.2) writes secret keys in libsodium's 64-byte layout, seed ‖ public key,
/// as raw bytes or base64 text; a bare 32-byte seed (the RFC 8032 private key) is accepted too. The expanded secret
/// is held in memory until <see cref="Dispose"/>, which zeroes it.
/// </summary>
public sealed class Ed25519PrivateKey : IDisposable
{
    /// <summary>Length of a seed (the RFC 8032 private key) in bytes (32).</summary>
    public const int SeedLength = 32;

    /// <summary>Length of a libsodium secret key, seed ‖ public key, in bytes (64).</summary>
    public const int LibsodiumSecretKeyLength = 64;

    private readonly byte[] _seed = new byte[SeedLength];
    private readonly byte[] _scalar = new byte[32];
    private readonly byte[] _prefix = new byte[32];
    private bool _disposed;

    private Ed25519PrivateKey(ReadOnlySpan<byte> seed)
    {
        seed.CopyTo(_seed);
        Span<byte> pub = stackalloc byte[Ed25519PublicKey.Length];
        Ed25519Core.ExpandSeed(_seed, _scalar, _prefix, pub);
        PublicKey = Ed25519PublicKey.FromBytes(pub);
    }

    /// <summary>The matching public key.</summary>
    public Ed25519PublicKey PublicKey { get; }

    /// <summary>Creates a key from a fresh random seed (<see cref="RandomNumberGenerator"/>).</summary>
    public static Ed25519PrivateKey Generate()
    {
        Span<byte> seed = stackalloc byte[SeedLength];
        RandomNumberGenerator.Fill(seed);
        try
        {
            return new Ed25519PrivateKey(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Creates a key from a 32-byte seed.</summary>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is not 32 bytes long.</exception>
    public static Ed25519PrivateKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"An Ed25519 seed is {SeedLength} bytes, not {seed.Length}.", nameof(seed));
        }

        return new Ed25519PrivateKey(seed);
    }

    /// <summary>
    /// Creates a key from a 64-byte libsodium secret key (seed ‖ public key). The public half must be the one the seed
    /// derives; a mismatch is rejected rather than silently signing with a key other than the one advertised.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong length, or the public half does not match the seed.</exception>
    public static Ed25519PrivateKey FromLibsodiumSecretKey(ReadOnlySpan<byte> secretKey)
    {
        if (secretKey.Length != LibsodiumSecretKeyLength)
        {
            throw new ArgumentException(
                $"A libsodium Ed25519 secret key is {LibsodiumSecretKeyLength} bytes, not {secretKey.Length}.", nameof(secretKey));
        }

        var key = new Ed25519PrivateKey(secretKey[..SeedLength]);
        if (!CryptographicOperations.FixedTimeEquals(key.PublicKey.Span, secretKey[SeedLength..]))
        {
            key.Dispose();
            throw new ArgumentException("The public half of the Ed25519 secret key does not match its seed.", nameof(secretKey));
        }

        return key;
    }

    /// <summary>Creates a key from raw bytes: a 32-byte seed or a 64-byte libsodium secret key.</summary>
    /// <exception cref="ArgumentException">Any other length, or a 64-byte key whose public half does not match.</exception>
    public static Ed25519PrivateKey FromBytes(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        SeedLength => FromSeed(bytes),
        LibsodiumSecretKeyLength => FromLibsodiumSecretKey(bytes),
        _ => throw new ArgumentException(
            $"An Ed25519 secret key is {SeedLength} (seed) or {LibsodiumSecretKeyLength} (seed ‖ public key) bytes, not {bytes.Length}.",
            nameof(bytes)),
    };

    /// <summary>Parses base64 text (surrounding whitespace ignored) of a 32-byte seed or a 64-byte libsodium secret key.</summary>
    /// <exception cref="FormatException">Not base64, a wrong length, or a public half that does not match the seed.</exception>
    public static Ed25519PrivateKey Parse(ReadOnlySpan<char> base64)
    {
        Span<byte> buffer = stackalloc byte[LibsodiumSecretKeyLength + 3];
        try
        {
            if (!Convert.TryFromBase64Chars(base64.Trim(), buffer, out int written) ||
                (written != SeedLength && written != LibsodiumSecretKeyLength))
            {
                throw new FormatException("Not an Ed25519 secret key: expected base64 text of 32 or 64 bytes.");
            }

            try
            {
                return FromBytes(buffer[..written]);
            }
            catch (ArgumentException ex)
            {
                throw new FormatException(ex.Message, ex);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Signs <paramref name="message"/>; returns the 64-byte signature R ‖ S (deterministic, RFC 8032 §5.1.6).</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        byte[] signature = new byte[Ed25519Signature.Length];
        Sign(message, signature);
        return signature;
    }

    /// <summary>Signs <paramref name="message"/> into the first 64 bytes of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 64 bytes.</exception>
    public void Sign(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length < Ed25519Signature.Length)
        {
            throw new ArgumentException($"The destination must hold {Ed25519Signature.Length} bytes.", nameof(destination));
        }

        Ed25519Core.Sign(_scalar, _prefix, PublicKey.Span, message, destination[..Ed25519Signature.Length]);
    }

    /// <summary>Returns a copy of the 32-byte seed. The caller owns (and should zero) the copy.</summary>
    public byte[] ExportSeed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (byte[])_seed.Clone();
    }

    /// <summary>Returns the 64-byte libsodium secret key, seed ‖ public key. The caller owns (and should zero) the copy.</summary>
    public byte[] ExportLibsodiumSecretKey()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[] result = new byte[LibsodiumSecretKeyLength];
        _seed.CopyTo(result, 0);
        PublicKey.Span.CopyTo(result.AsSpan(SeedLength));
        return result;
    }

    /// <summary>Zeroes the secret material; the key cannot sign afterwards.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_seed);
        CryptographicOperations.ZeroMemory(_scalar);
        CryptographicOperations.ZeroMemory(_prefix);
        _disposed = true;
    }
}
