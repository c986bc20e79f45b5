namespace OstreeSharp.Signing.OpenPgp;

/// <summary>One packet from an <see cref="OpenPgpPacketReader"/>: its tag and body.</summary>
public readonly struct OpenPgpPacket
{
    internal OpenPgpPacket(OpenPgpPacketTag tag, ReadOnlyMemory<byte> body, int offset, bool isNewFormat)
    {
        Tag = tag;
        Body = body;
        Offset = offset;
        IsNewFormat = isNewFormat;
    }

    /// <summary>The packet tag.</summary>
    public OpenPgpPacketTag Tag { get; }

    /// <summary>The body: a slice of the input, or (for partial body lengths) a fresh array of the joined chunks.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Offset of the packet header in the input.</summary>
    public int Offset { get; }

    /// <summary>Whether the header used the new (RFC 4880 §4.2.2) format.</summary>
    public bool IsNewFormat { get; }
}
