namespace OstreeSharp.Deltas;

/// <summary>
/// Content-defined chunking with a bup-style rolling checksum, the technique static-delta generation uses to
/// find regions a modified file shares with its previous version (spec §8.6).
/// </summary>
/// <remarks>
/// <para>For a window of the last <c>W</c> bytes <c>x₀ … x_{W−1}</c> (oldest first), each taken as
/// <c>vₖ = xₖ + CharOffset</c>, the checksum keeps <c>s1 = Σ vₖ</c> and <c>s2 = Σ (W − k)·vₖ + C</c> (32-bit
/// wrapping, <c>C = CharOffset·W·(W − 3)/2</c>, i.e. a fresh window of zero bytes starts at
/// <c>s2 = W·(W − 1)·CharOffset</c>), updated in O(1) per byte as one byte enters and the oldest leaves. The digest is
/// <c>(s1 &lt;&lt; 16) | (s2 &amp; 0xFFFF)</c>; a chunk ends right after a byte where the low
/// <see cref="RollsumChunkerOptions.SplitBits"/> bits of the digest are all ones. Each chunk starts with a fresh
/// window of <c>W</c> zero bytes, so a boundary depends only on the bytes since the previous boundary (at most the
/// last <c>W</c> of them) — inserting or deleting bytes disturbs only the chunks around the edit.</para>
/// <para>Parameters default to the bup values (window 64, 13 split bits, offset 31). With the defaults the
/// boundaries were checked black-box against the chunks <c>ostree static-delta generate</c> (2022.7) reused in a
/// rollsum delta; they coincide. Readers never depend on this: the delta format records explicit offsets.</para>
/// </remarks>
public sealed class RollsumChunker
{
    private readonly int _window;
    private readonly uint _offset;
    private readonly uint _mask;

    /// <summary>Creates a chunker with <paramref name="options"/> (defaults when null).</summary>
    /// <param name="options">Checksum parameters; copied, later changes have no effect.</param>
    public RollsumChunker(RollsumChunkerOptions? options = null)
    {
        options ??= new RollsumChunkerOptions();
        _window = options.WindowSize;
        _offset = (uint)options.CharOffset;
        _mask = (1u << options.SplitBits) - 1;
    }

    /// <summary>
    /// Returns the length of the first chunk of <paramref name="data"/>: the offset just past the first byte at
    /// which the digest matches, or 0 when no byte matches (the rest of the data is then one final chunk).
    /// </summary>
    /// <param name="data">The bytes to scan, starting a new chunk.</param>
    /// <returns>The first split offset, or 0.</returns>
    public int FindSplit(ReadOnlySpan<byte> data)
    {
        int w = _window;
        uint off = _offset;
        uint uw = (uint)w;
        uint s1 = uw * off;
        uint s2 = unchecked(uw * (uw - 1) * off);
        for (int i = 0; i < data.Length; i++)
        {
            uint drop = i >= w ? data[i - w] : 0u;
            uint add = data[i];
            unchecked
            {
                // The oldest value (weight W) leaves; every remaining value gains one weight step and the
                // entering value gets weight 1, which together add the new s1.
                s1 = s1 + add - drop;
                s2 = s2 + s1 - (uw * (drop + off));
            }

            if ((((s1 << 16) | (s2 & 0xFFFF)) & _mask) == _mask)
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>Splits <paramref name="data"/> into consecutive chunks covering it exactly.</summary>
    /// <param name="data">The bytes to split.</param>
    /// <returns>The chunks in order; empty for empty input.</returns>
    public IReadOnlyList<RollsumChunk> Split(ReadOnlySpan<byte> data)
    {
        var chunks = new List<RollsumChunk>(data.Length / 4096 + 1);
        int start = 0;
        while (start < data.Length)
        {
            int len = FindSplit(data[start..]);
            if (len == 0)
            {
                len = data.Length - start;
            }

            chunks.Add(new RollsumChunk(start, len));
            start += len;
        }

        return chunks;
    }
}
