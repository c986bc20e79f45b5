namespace OstreeSharp.Deltas;

/// <summary>One content-defined chunk found by <see cref="RollsumChunker"/>.</summary>
/// <param name="Offset">Start of the chunk in the input.</param>
/// <param name="Length">Length of the chunk in bytes (at least 1).</param>
public readonly record struct RollsumChunk(int Offset, int Length)
{
    /// <summary>Offset one past the last byte of the chunk.</summary>
    public int End => Offset + Length;
}
