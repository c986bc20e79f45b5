namespace OstreeSharp.Compression;

/// <summary>
/// Options for <see cref="XzEncoderStream"/> and <see cref="Xz.Compress(ReadOnlySpan{byte}, XzEncoderOptions?)"/>:
/// an <c>xz</c>-style preset, optionally overridden dictionary size, the integrity check, and block splitting for
/// parallel compression.
/// </summary>
public sealed class XzEncoderOptions
{
    private int _preset = 6;
    private int? _dictionarySize;
    private long? _blockSize;
    private int _maxDegreeOfParallelism = 1;
    private XzCheck _check = XzCheck.Crc64;

    /// <summary>Smallest accepted <see cref="DictionarySize"/> (4 KiB).</summary>
    public const int MinDictionarySize = 4096;

    /// <summary>Largest accepted <see cref="DictionarySize"/> (512 MiB; xz's own presets stop at 64 MiB).</summary>
    public const int MaxDictionarySize = 0x2000_0000;

    /// <summary>
    /// The compression preset, 0 (fastest) to 9 (smallest), with the meaning of <c>xz -0</c> … <c>xz -9</c>: presets 0–3
    /// use a hash-chain match finder with fast parsing and dictionaries of 256 KiB, 1, 2 and 4 MiB; presets 4–9 use a
    /// binary-tree match finder with optimal parsing, nice lengths 16, 32 then 64, and dictionaries of 4, 8, 8, 16, 32
    /// and 64 MiB. Default 6, like <c>xz</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0–9.</exception>
    public int Preset
    {
        get => _preset;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 9);
            _preset = value;
        }
    }

    /// <summary>
    /// The LZMA2 dictionary (window) size in bytes, overriding the preset's; <see langword="null"/> (the default)
    /// keeps the preset's. Between <see cref="MinDictionarySize"/> and <see cref="MaxDictionarySize"/>. The encoder
    /// never uses more than the input (or block) needs, and the header records the size actually used.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public int? DictionarySize
    {
        get => _dictionarySize;
        set
        {
            if (value is int v)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(v, MinDictionarySize);
                ArgumentOutOfRangeException.ThrowIfGreaterThan(v, MaxDictionarySize);
            }

            _dictionarySize = value;
        }
    }

    /// <summary>The integrity check stored after each block. Default <see cref="XzCheck.Crc64"/>, like <c>xz</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="XzCheck"/>.</exception>
    public XzCheck Check
    {
        get => _check;
        set
        {
            if (value is not (XzCheck.None or XzCheck.Crc32 or XzCheck.Crc64 or XzCheck.Sha256))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown xz check.");
            }

            _check = value;
        }
    }

    /// <summary>
    /// Uncompressed bytes per independently compressed block (at least 4 KiB). <see langword="null"/> (the default)
    /// means one streamed block when <see cref="MaxDegreeOfParallelism"/> is 1 and three times the dictionary size
    /// otherwise, as <c>xz -T</c> does. Blocks are what parallel compression works on; with a given block size the
    /// output is identical for every degree of parallelism. Blocks record their sizes in their headers.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 4096.</exception>
    public long? BlockSize
    {
        get => _blockSize;
        set
        {
            if (value is long v)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(v, 4096L);
            }

            _blockSize = value;
        }
    }

    /// <summary>
    /// How many blocks may be compressed at once (like <c>xz -T</c>). Default 1. Values above 1 compress blocks on
    /// thread-pool threads; memory grows with each concurrent block (its input, output and match finder).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>
    /// For encoders that hold their whole input in memory (<see cref="XzSegmentedEncoder"/>), with
    /// usually with <see cref="FarMatches"/>: limits the match finder's tree to this many recent bytes (it costs about 8 bytes per
    /// byte covered); null covers the whole dictionary. Streaming encoders ignore it.
    /// </summary>
    internal int? MatchWindow { get; set; }

    /// <summary>
    /// Whether encoders that hold their whole input in memory add the long repeats found beyond
    /// <see cref="MatchWindow"/> (see <see cref="LzmaFarMatches"/>).
    /// </summary>
    internal bool FarMatches { get; set; }

    /// <summary>
    /// Resolves the preset and overrides into encoder settings, not larger than <paramref name="sizeLimit"/> needs;
    /// <see cref="MatchWindow"/> and <see cref="FarMatches"/> apply only <paramref name="inMemory"/>.
    /// </summary>
    internal LzmaEncoderSettings Resolve(long? sizeLimit, bool inMemory = false)
    {
        (int dict, int nice, int depth, bool bt) = _preset switch
        {
            0 => (256 << 10, 128, 4, false),
            1 => (1 << 20, 128, 8, false),
            2 => (2 << 20, 273, 24, false),
            3 => (4 << 20, 273, 48, false),
            4 => (4 << 20, 16, 0, true),
            5 => (8 << 20, 32, 0, true),
            6 => (8 << 20, 64, 0, true),
            7 => (16 << 20, 64, 0, true),
            8 => (32 << 20, 64, 0, true),
            _ => (64 << 20, 64, 0, true),
        };
        dict = _dictionarySize ?? dict;
        if (sizeLimit is long limit && limit < dict)
        {
            dict = (int)Math.Max(MinDictionarySize, limit);
        }

        // Use exactly the size the header can express, so the decoder's window is the encoder's.
        byte prop = Lzma2Encoder.DictionaryProperty(dict);
        long expressible = (2L | (uint)(prop & 1)) << ((prop / 2) + 11);
        dict = (int)Math.Min(expressible, MaxDictionarySize);
        return new LzmaEncoderSettings(dict, nice, depth, bt, bt)
        {
            MatchWindow = inMemory && MatchWindow is int window && window < dict ? window : 0,
            FarMatches = inMemory && FarMatches,
        };
    }

    /// <summary>The block size in effect, or 0 for a single streamed block.</summary>
    internal long EffectiveBlockSize(int dictionarySize) =>
        _blockSize ?? (_maxDegreeOfParallelism > 1 ? Math.Max(1L << 20, 3L * dictionarySize) : 0);
}
