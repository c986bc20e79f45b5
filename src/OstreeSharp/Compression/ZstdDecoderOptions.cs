namespace OstreeSharp.Compression;

/// <summary>Options for <see cref="ZstdDecoderStream"/> and <see cref="Zstd.Decompress(ReadOnlySpan{byte}, ZstdDecoderOptions?)"/>.</summary>
public sealed class ZstdDecoderOptions
{
    /// <summary>The default <see cref="MaxWindowSize"/>: 128 MiB (2^27), the default memory limit of the <c>zstd</c> tool.</summary>
    public const long DefaultMaxWindowSize = 1L << 27;

    /// <summary>The largest <see cref="MaxWindowSize"/> this decoder supports: 2 GiB minus 1 MiB (the window is one array).</summary>
    public const long LargestSupportedWindowSize = (1L << 31) - (1L << 20);

    private long _maxWindowSize = DefaultMaxWindowSize;

    /// <summary>
    /// The largest window, in bytes, a frame may declare (for a single-segment frame: its content size). A frame
    /// with a larger window is rejected with <see cref="ZstdFormatException"/> before anything is allocated, like
    /// <c>zstd -d --memory=</c>. Default <see cref="DefaultMaxWindowSize"/> (128 MiB, enough for every level up to
    /// <c>--ultra -22</c> and <c>--long=27</c>). The window buffer grows only as far as the data decoded, so memory
    /// use is at most the smaller of the window and the output, plus about 400 KiB of fixed buffers.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 KiB or above <see cref="LargestSupportedWindowSize"/>.</exception>
    public long MaxWindowSize
    {
        get => _maxWindowSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1024L);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, LargestSupportedWindowSize);
            _maxWindowSize = value;
        }
    }

    /// <summary>
    /// Whether to verify each frame's content checksum (XXH64) when the frame has one. The declared content size is
    /// always verified. Default <see langword="true"/>.
    /// </summary>
    public bool VerifyChecksum { get; set; } = true;
}
