using System.Text;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>ASCII armor (RFC 4880 §6, RFC 9580 §6): decoding and encoding with the CRC-24 checksum line.</summary>
public static class OpenPgpArmor
{
    private const string BeginPrefix = "-----BEGIN PGP ";
    private const string EndPrefix = "-----END PGP ";
    private const string Dashes = "-----";

    /// <summary>Whether <paramref name="data"/> looks like armored text (starts, after whitespace, with <c>-----BEGIN PGP </c>).</summary>
    public static bool IsArmored(ReadOnlySpan<byte> data)
    {
        int i = 0;
        while (i < data.Length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        {
            i++;
        }
        return data[i..].StartsWith("-----BEGIN PGP "u8);
    }

    /// <summary>
    /// The binary packet data in <paramref name="data"/>: the decoded blocks when it is armored text
    /// (<see cref="IsArmored"/>), else the bytes themselves as one block.
    /// </summary>
    /// <param name="data">Binary packets or armored text.</param>
    /// <param name="what">What the data is, for the error when armored text is not UTF-8 (e.g. "key data").</param>
    /// <exception cref="OpenPgpFormatException">Armored text that is not UTF-8, or a malformed block.</exception>
    public static IReadOnlyList<ReadOnlyMemory<byte>> DecodeIfArmored(ReadOnlyMemory<byte> data, string what)
    {
        if (!IsArmored(data.Span))
            return [data];
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(data.Span);
        }
        catch (DecoderFallbackException e)
        {
            throw new OpenPgpFormatException($"Armored {what} is not UTF-8 text.", e);
        }
        return DecodeAll(text).Select(b => (ReadOnlyMemory<byte>)b.Data).ToList();
    }

    /// <summary>Decodes the first armored block in <paramref name="text"/>.</summary>
    /// <exception cref="OpenPgpFormatException">No block, or a malformed one.</exception>
    public static OpenPgpArmoredBlock Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = DecodeAll(text);
        return blocks.Count > 0 ? blocks[0] : throw new OpenPgpFormatException("No '-----BEGIN PGP ...-----' armor line found.");
    }

    /// <summary>Decodes every armored block in <paramref name="text"/> (text outside blocks is ignored).</summary>
    /// <exception cref="OpenPgpFormatException">A malformed block.</exception>
    public static IReadOnlyList<OpenPgpArmoredBlock> DecodeAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] lines = text.Split('\n');
        var result = new List<OpenPgpArmoredBlock>();
        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i].TrimEnd('\r', ' ', '\t');
            i++;
            if (!line.StartsWith(BeginPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            if (!line.EndsWith(Dashes, StringComparison.Ordinal) || line.Length < BeginPrefix.Length + Dashes.Length + 1)
            {
                throw new OpenPgpFormatException($"Malformed armor header line '{line}'.");
            }
            string kind = line[BeginPrefix.Length..^Dashes.Length];
            result.Add(DecodeBody(lines, ref i, kind));
        }
        return result;
    }

    private static OpenPgpArmoredBlock DecodeBody(string[] lines, ref int i, string kind)
    {
        var headers = new List<KeyValuePair<string, string>>();
        // Header lines until the blank line. Be lenient as gpg is: a line with no ':' that is not blank starts the body.
        while (i < lines.Length)
        {
            string line = lines[i].TrimEnd('\r', ' ', '\t');
            if (line.Length == 0)
            {
                i++;
                break;
            }
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0 || line.StartsWith(Dashes, StringComparison.Ordinal))
            {
                break;
            }
            headers.Add(new KeyValuePair<string, string>(line[..colon], line[(colon + 2)..]));
            i++;
        }

        var base64 = new StringBuilder();
        string? checksum = null;
        string end = EndPrefix + kind + Dashes;
        bool ended = false;
        while (i < lines.Length)
        {
            string line = lines[i].Trim();
            i++;
            if (line.StartsWith(Dashes, StringComparison.Ordinal))
            {
                if (!string.Equals(line, end, StringComparison.Ordinal))
                {
                    throw new OpenPgpFormatException($"Expected '{end}', found '{line}'.");
                }
                ended = true;
                break;
            }
            if (line.Length == 0)
            {
                continue;
            }
            if (line[0] == '=')
            {
                if (checksum is not null || line.Length != 5)
                {
                    throw new OpenPgpFormatException($"Malformed armor checksum line '{line}'.");
                }
                checksum = line[1..];
                continue;
            }
            if (checksum is not null)
            {
                throw new OpenPgpFormatException("Armor data after the checksum line.");
            }
            base64.Append(line);
        }
        if (!ended)
        {
            throw new OpenPgpFormatException($"Missing '{end}'.");
        }

        byte[] data;
        try
        {
            data = Convert.FromBase64String(base64.ToString());
        }
        catch (FormatException e)
        {
            throw new OpenPgpFormatException("Armor body is not valid base64.", e);
        }
        if (checksum is not null)
        {
            Span<byte> crcBytes = stackalloc byte[3];
            if (!Convert.TryFromBase64String(checksum, crcBytes, out int written) || written != 3)
            {
                throw new OpenPgpFormatException($"Malformed armor checksum '={checksum}'.");
            }
            int expected = (crcBytes[0] << 16) | (crcBytes[1] << 8) | crcBytes[2];
            int actual = Crc24.Compute(data);
            if (expected != actual)
            {
                throw new OpenPgpFormatException($"Armor CRC-24 mismatch: header says {expected:X6}, data has {actual:X6}.");
            }
        }
        return new OpenPgpArmoredBlock(kind, headers, data, checksum is not null);
    }

    /// <summary>Armors <paramref name="data"/> as <c>-----BEGIN PGP <paramref name="kind"/>-----</c> with 64-column base64 and a CRC-24 line.</summary>
    /// <param name="kind">Block kind, e.g. <c>SIGNATURE</c>, <c>PUBLIC KEY BLOCK</c>, <c>MESSAGE</c>.</param>
    /// <param name="data">The binary payload.</param>
    /// <param name="headers">Optional armor header lines.</param>
    public static string Encode(string kind, ReadOnlySpan<byte> data, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (kind.Contains('\n', StringComparison.Ordinal) || kind.Contains('-', StringComparison.Ordinal))
        {
            throw new ArgumentException("Armor kind must be a single line without dashes.", nameof(kind));
        }
        var sb = new StringBuilder();
        sb.Append(BeginPrefix).Append(kind).Append(Dashes).Append('\n');
        if (headers is not null)
        {
            foreach (var (key, value) in headers)
            {
                if (key.Contains(':', StringComparison.Ordinal) || key.Contains('\n', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Invalid armor header '{key}'.", nameof(headers));
                }
                sb.Append(key).Append(": ").Append(value).Append('\n');
            }
        }
        sb.Append('\n');
        string b64 = Convert.ToBase64String(data);
        for (int p = 0; p < b64.Length; p += 64)
        {
            sb.Append(b64, p, Math.Min(64, b64.Length - p)).Append('\n');
        }
        int crc = Crc24.Compute(data);
        Span<byte> crcBytes = [(byte)(crc >> 16), (byte)(crc >> 8), (byte)crc];
        sb.Append('=').Append(Convert.ToBase64String(crcBytes)).Append('\n');
        sb.Append(EndPrefix).Append(kind).Append(Dashes).Append('\n');
        return sb.ToString();
    }
}
