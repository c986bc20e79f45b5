using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OstreeSharp.Signing.Ed25519;

/// <summary>
/// Key files as ostree's <c>--keys-file</c>, <c>verification-ed25519-file</c> and the <c>trusted.ed25519</c> /
/// <c>revoked.ed25519</c> lists use them (spec §7.2): one base64 key per line. Leading and trailing whitespace
/// (including a CR of CRLF line ends) is ignored, as are blank lines and lines whose first non-blank character is
/// <c>#</c>. Any other line must be a valid key, or the whole file is rejected with the (1-based) line number.
/// </summary>
public static class Ed25519KeyFile
{
    /// <summary>Parses public keys (base64 of 32 bytes each) from UTF-8 text.</summary>
    /// <exception cref="OstreeDataException">A line is not base64 of exactly 32 bytes.</exception>
    public static IReadOnlyList<Ed25519PublicKey> ParsePublicKeys(ReadOnlySpan<byte> utf8)
    {
        var keys = new List<Ed25519PublicKey>();
        Span<byte> buffer = stackalloc byte[Ed25519PublicKey.Length];
        int lineNumber = 0;
        foreach (Range range in utf8.Split((byte)'\n'))
        {
            lineNumber++;
            ReadOnlySpan<byte> line = utf8[range].Trim(" \t\r\f\v"u8);
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            if (!TryDecode(line, buffer))
            {
                throw new OstreeDataException($"Ed25519 key file, line {lineNumber}: not base64 text of a {Ed25519PublicKey.Length}-byte public key.");
            }

            keys.Add(Ed25519PublicKey.FromBytes(buffer));
        }

        return keys;
    }

    /// <summary>Parses public keys from text.</summary>
    /// <exception cref="OstreeDataException">A line is not base64 of exactly 32 bytes.</exception>
    public static IReadOnlyList<Ed25519PublicKey> ParsePublicKeys(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ParsePublicKeys(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Reads the public keys of the file at <paramref name="path"/>.</summary>
    /// <exception cref="OstreeDataException">A line is not base64 of exactly 32 bytes.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<Ed25519PublicKey> ReadPublicKeys(string path) => ParsePublicKeys(File.ReadAllBytes(path));

    /// <summary>
    /// Parses secret keys from UTF-8 text: base64 of a 64-byte libsodium secret key (seed ‖ public key, the public half
    /// must match) or of a 32-byte seed. The caller owns (and should dispose) the returned keys.
    /// </summary>
    /// <exception cref="OstreeDataException">A line is not such a key.</exception>
    public static IReadOnlyList<Ed25519PrivateKey> ParsePrivateKeys(ReadOnlySpan<byte> utf8)
    {
        var keys = new List<Ed25519PrivateKey>();
        Span<byte> buffer = stackalloc byte[Ed25519PrivateKey.LibsodiumSecretKeyLength];
        int lineNumber = 0;
        try
        {
            foreach (Range range in utf8.Split((byte)'\n'))
            {
                lineNumber++;
                ReadOnlySpan<byte> line = utf8[range].Trim(" \t\r\f\v"u8);
                if (line.IsEmpty || line[0] == (byte)'#')
                {
                    continue;
                }

                Ed25519PrivateKey? key = null;
                if (TryDecode(line, buffer[..Ed25519PrivateKey.LibsodiumSecretKeyLength]))
                {
                    key = TryCreate(buffer);
                }
                else if (TryDecode(line, buffer[..Ed25519PrivateKey.SeedLength]))
                {
                    key = TryCreate(buffer[..Ed25519PrivateKey.SeedLength]);
                }

                if (key is null)
                {
                    throw new OstreeDataException(
                        $"Ed25519 key file, line {lineNumber}: not base64 text of a 64-byte secret key (seed and matching public key) or a 32-byte seed.");
                }

                keys.Add(key);
            }
        }
        catch
        {
            foreach (Ed25519PrivateKey k in keys)
            {
                k.Dispose();
            }

            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }

        return keys;
    }

    /// <summary>Parses secret keys from text (see <see cref="ParsePrivateKeys(ReadOnlySpan{byte})"/>).</summary>
    /// <exception cref="OstreeDataException">A line is not a secret key.</exception>
    public static IReadOnlyList<Ed25519PrivateKey> ParsePrivateKeys(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        try
        {
            return ParsePrivateKeys(utf8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    /// <summary>Reads the secret keys of the file at <paramref name="path"/>; the file's bytes are zeroed after parsing.</summary>
    /// <exception cref="OstreeDataException">A line is not a secret key.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<Ed25519PrivateKey> ReadPrivateKeys(string path)
    {
        byte[] utf8 = File.ReadAllBytes(path);
        try
        {
            return ParsePrivateKeys(utf8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    /// <summary>Decodes strict base64 <paramref name="line"/> into exactly <c>destination.Length</c> bytes.</summary>
    private static bool TryDecode(ReadOnlySpan<byte> line, Span<byte> destination) =>
        Base64.GetMaxDecodedFromUtf8Length(line.Length) <= destination.Length + 2 &&
        Base64.DecodeFromUtf8(line, destination, out int consumed, out int written) == OperationStatus.Done &&
        consumed == line.Length && written == destination.Length;

    private static Ed25519PrivateKey? TryCreate(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Ed25519PrivateKey.FromBytes(bytes);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
