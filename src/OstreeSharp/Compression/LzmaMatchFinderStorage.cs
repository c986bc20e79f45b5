namespace OstreeSharp.Compression;

/// <summary>
/// The large arrays of an <see cref="LzmaMatchFinder"/> (window, binary tree or hash chain, hash heads; and the far
/// match table and coded output of its encoder), kept apart
/// from it so that a later match finder can work in them instead of allocating its own (see
/// <see cref="LzmaMatchFinderPool"/>). A match finder grows the arrays it needs and leaves the grown ones here.
/// </summary>
internal sealed class LzmaMatchFinderStorage
{
    /// <summary>The window buffer.</summary>
    public byte[] Window { get; set; } = [];

    /// <summary>The binary tree (two links per position) or hash chain (one per position).</summary>
    public int[] Tree { get; set; } = [];

    /// <summary>Heads of the 2-byte hash.</summary>
    public int[] Hash2 { get; set; } = [];

    /// <summary>Heads of the 3-byte hash.</summary>
    public int[] Hash3 { get; set; } = [];

    /// <summary>Heads of the 4-byte hash.</summary>
    public int[] Hash4 { get; set; } = [];

    /// <summary>The table of <see cref="LzmaFarMatches"/> (see <see cref="LzmaFarMatches.Find(ReadOnlySpan{byte}, int, int, int, LzmaMatchFinderStorage?, byte[], CancellationToken)"/>).</summary>
    public int[] FarTable { get; set; } = [];

    /// <summary>The coded output of the encoder using the storage (see <see cref="PooledBufferWriter"/>).</summary>
    public byte[] Output { get; set; } = [];

    /// <summary>The bytes held by the arrays.</summary>
    public long Bytes => Window.LongLength + Output.LongLength + (4L * (Tree.LongLength + Hash2.LongLength + Hash3.LongLength + Hash4.LongLength + FarTable.LongLength));
}
