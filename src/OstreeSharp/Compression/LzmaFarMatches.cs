namespace OstreeSharp.Compression;

/// <summary>
/// Long repeats found far back in an input held in memory, for an LZMA encoder whose binary tree covers only the
/// recent part of its dictionary (<see cref="LzmaEncoderSettings.MatchWindow"/>): the tree costs about 9 bytes of
/// memory per byte it covers, this table a few bytes per sampled position, so a small tree plus these matches keeps
/// most of what a tree over the whole dictionary finds at a fraction of the memory. Long distant repeats (a file
/// stored twice, a library shipped in two packages) are what a large dictionary is for; short distant matches save
/// little once their distance is paid for.
/// </summary>
/// <remarks>
/// <para>Found in one pass before coding, like long-distance matching in zstd: a rolling hash over
/// <see cref="BlockLength"/> bytes selects content-defined positions (about one in <c>2^SampleBits</c>), whose blocks
/// go into a table keyed by a hash of the block. At each selected position of the coded range, the block's most recent
/// earlier occurrence, if its bytes are equal, is extended both ways into a match; matches do not overlap and none is
/// closer than the minimum distance (the tree finds those), except in raw blocks (<see cref="LzmaRawBlocks"/>), which
/// the tree does not search. Because positions are selected by content, both copies of
/// a repeated stretch select the same positions, so a repeat is found wherever it starts.</para>
/// <para>The matches are offsets in the encoder's stream (0 = the first byte written after its reset, which is the
/// first history byte when history is preloaded), sorted and non-overlapping. Deterministic: the same input and
/// parameters give the same matches.</para>
/// </remarks>
internal sealed class LzmaFarMatches
{
    /// <summary>Bytes hashed per sampled block; repeats shorter than this are not found.</summary>
    internal const int BlockLength = 32;

    /// <summary>About one position in 2^SampleBits is sampled.</summary>
    private const int SampleBits = 4;

    /// <summary>
    /// The table has at most 2^MaxTableBits slots (4 bytes each, 4 MiB). A 32 MiB part samples about 2M positions, so
    /// the most recent one of two blocks sharing a slot wins: measured on a Debian minbase v1 -> v2 delta, 2^20 slots
    /// instead of 2^21 made it 0.02 % larger (16,119,547 -> 16,122,687 bytes) for 4 MiB less per encoder.
    /// </summary>
    private const int MaxTableBits = 20;

    private static readonly uint[] Gear = CreateGear();

    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly int[] _distances;

    private LzmaFarMatches(int[] starts, int[] lengths, int[] distances, int count)
    {
        _starts = starts;
        _lengths = lengths;
        _distances = distances;
        Count = count;
    }

    /// <summary>No matches.</summary>
    public static LzmaFarMatches Empty { get; } = new([], [], [], 0);

    /// <summary>The number of matches.</summary>
    public int Count { get; }

    /// <summary>Where match <paramref name="i"/> starts (stream offset).</summary>
    public int Start(int i) => _starts[i];

    /// <summary>How long match <paramref name="i"/> is.</summary>
    public int Length(int i) => _lengths[i];

    /// <summary>How far back match <paramref name="i"/>'s source is.</summary>
    public int Distance(int i) => _distances[i];

    /// <summary>
    /// Finds the long repeats in <c>data[codeStart..]</c> whose sources lie within <paramref name="maxDistance"/>
    /// bytes before them and not before <c>data[0]</c> (the history the decoder holds) and, unless they lie in a raw
    /// block, more than <paramref name="minDistance"/> bytes before them.
    /// </summary>
    /// <param name="data">The history followed by the bytes to code.</param>
    /// <param name="codeStart">Where the bytes to code start in <paramref name="data"/>.</param>
    /// <param name="minDistance">Matches at most this far back are left to the encoder's own match finder.</param>
    /// <param name="maxDistance">The dictionary size: no match reaches further back.</param>
    /// <param name="storage">Where to take the table from (and leave it, grown if needed); null allocates one.</param>
    /// <param name="raw">
    /// <see cref="LzmaRawBlocks"/> flags of <paramref name="data"/>: in raw blocks, which the encoder's match finder does
    /// not search, repeats are found however close their sources are.
    /// </param>
    /// <param name="cancellationToken">Checked now and then.</param>
    public static LzmaFarMatches Find(ReadOnlySpan<byte> data, int codeStart, int minDistance, int maxDistance, LzmaMatchFinderStorage? storage = null, byte[]? raw = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(codeStart);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(codeStart, data.Length);
        bool anyRaw = raw is not null && raw.AsSpan().ContainsAnyExcept((byte)0);
        if (data.Length - codeStart < BlockLength || ((maxDistance <= minDistance || data.Length <= minDistance) && !anyRaw))
        {
            return Empty;
        }

        // About one slot per sampled position, within the cap.
        int bits = 10;
        while (bits < MaxTableBits && (1L << bits) < (data.Length >> SampleBits))
        {
            bits++;
        }

        // Block end + 1 (0 = empty). Up to 4 MiB: reused from the storage, as each delta part needs one.
        int[] table = storage?.FarTable ?? [];
        if (table.Length < 1 << bits)
        {
            table = new int[1 << bits];
            if (storage is not null)
            {
                storage.FarTable = table;
            }
        }
        else
        {
            table.AsSpan(0, 1 << bits).Clear();
        }

        return Find(data, codeStart, minDistance, maxDistance, table, bits, raw ?? [], cancellationToken);
    }

    private static LzmaFarMatches Find(ReadOnlySpan<byte> data, int codeStart, int minDistance, int maxDistance, int[] table, int bits, byte[] raw, CancellationToken cancellationToken)
    {
        var starts = new List<int>();
        var lengths = new List<int>();
        var distances = new List<int>();
        uint[] gear = Gear;
        const uint selectMask = ~(uint.MaxValue >> SampleBits); // the top bits depend on all BlockLength bytes
        uint rolling = 0;
        int matchedUntil = codeStart; // no new match starts before this
        for (int end = 1; end <= data.Length; end++)
        {
            // Gear hash: shifting by one per byte, bytes older than 32 have left the 32-bit value.
            rolling = (rolling << 1) + gear[data[end - 1]];
            if ((rolling & selectMask) != 0 || end < BlockLength)
            {
                continue;
            }

            if ((end & 0xFFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // The table is keyed by a hash of the whole block (the rolling hash only selects).
            int slot = (int)(XxHash64.Hash(data.Slice(end - BlockLength, BlockLength)) >> (64 - bits));
            int candidate = table[slot] - 1;
            table[slot] = end + 1;
            if (candidate < BlockLength || end - BlockLength < matchedUntil)
            {
                continue;
            }

            int distance = end - candidate;
            uint block = (uint)(end - BlockLength) >> LzmaRawBlocks.BlockShift;
            bool near = block < (uint)raw.Length && raw[block] != 0; // the tree does not search raw blocks
            if ((distance <= minDistance && !near) || distance > maxDistance)
            {
                continue;
            }

            int src = candidate - BlockLength, dst = end - BlockLength;
            if (!data.Slice(src, BlockLength).SequenceEqual(data.Slice(dst, BlockLength)))
            {
                continue;
            }

            // Extend backwards (not before the coded range or the previous match, nor before the data) and forwards.
            int back = 0;
            while (dst - back > matchedUntil && src - back > 0 && data[src - back - 1] == data[dst - back - 1])
            {
                back++;
            }

            int forward = data[end..].CommonPrefixLength(data.Slice(candidate, data.Length - end));
            starts.Add(dst - back);
            lengths.Add(BlockLength + back + forward);
            distances.Add(distance);
            matchedUntil = end + forward;
        }

        return new LzmaFarMatches([.. starts], [.. lengths], [.. distances], starts.Count);
    }

    /// <summary>The gear table: 256 fixed pseudo-random words (splitmix64), so every run selects the same positions.</summary>
    private static uint[] CreateGear()
    {
        var gear = new uint[256];
        ulong state = 0x4F53_5452_4545_5348UL; // "OSTREESH"
        for (int i = 0; i < gear.Length; i++)
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            gear[i] = (uint)((z ^ (z >> 31)) >> 32);
        }

        return gear;
    }
}
