namespace OstreeSharp.Signing.OpenPgp;

/// <summary>One decoded ASCII-armored block (RFC 4880 §6.2).</summary>
public sealed class OpenPgpArmoredBlock
{
    internal OpenPgpArmoredBlock(string kind, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] data, bool hasChecksum)
    {
        Kind = kind;
        Headers = headers;
        Data = data;
        HasChecksum = hasChecksum;
    }

    /// <summary>The text after <c>BEGIN PGP </c>, e.g. <c>PUBLIC KEY BLOCK</c> or <c>SIGNATURE</c>.</summary>
    public string Kind { get; }

    /// <summary>The armor header lines (<c>Key: Value</c>) in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The decoded binary payload.</summary>
    public byte[] Data { get; }

    /// <summary>Whether a <c>=XXXX</c> CRC-24 line was present (and matched).</summary>
    public bool HasChecksum { get; }
}
