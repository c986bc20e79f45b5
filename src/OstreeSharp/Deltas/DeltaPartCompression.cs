namespace OstreeSharp.Deltas;

/// <summary>The compression byte that starts a delta part file (spec §8.3).</summary>
public enum DeltaPartCompression : byte
{
    /// <summary>0x00: the payload follows uncompressed.</summary>
    None = 0,

    /// <summary><c>'x'</c> (0x78): the payload is an .xz stream.</summary>
    Xz = (byte)'x',
}
