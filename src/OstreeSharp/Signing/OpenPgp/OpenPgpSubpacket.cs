namespace OstreeSharp.Signing.OpenPgp;

/// <summary>One signature subpacket (RFC 9580 §5.2.3.7).</summary>
public readonly struct OpenPgpSubpacket
{
    internal OpenPgpSubpacket(int type, bool isCritical, bool isHashed, ReadOnlyMemory<byte> data)
    {
        Type = type;
        IsCritical = isCritical;
        IsHashed = isHashed;
        Data = data;
    }

    /// <summary>Subpacket type (low 7 bits), e.g. 2 creation time, 16 issuer key ID, 33 issuer fingerprint.</summary>
    public int Type { get; }

    /// <summary>Whether the critical bit was set.</summary>
    public bool IsCritical { get; }

    /// <summary>Whether it sits in the hashed area (covered by the signature).</summary>
    public bool IsHashed { get; }

    /// <summary>Subpacket payload (after the type octet).</summary>
    public ReadOnlyMemory<byte> Data { get; }
}
