namespace OstreeSharp.Compression;

/// <summary>
/// The decoded-data window of a Zstandard frame: a ring buffer of at least window size + maximum block size + 64
/// bytes (so a block being decoded never overwrites history it may still reference, nor output not yet handed out),
/// grown lazily while the frame's output is smaller than that, plus <see cref="Slack"/> bytes for 16-byte over-writes.
/// </summary>
internal sealed class ZstdWindow
{
    /// <summary>Bytes past <see cref="Capacity"/> that copies may scribble on.</summary>
    public const int Slack = 64;

    private const int InitialCapacity = 256 * 1024;

    private int _fullCapacity;

    public byte[] Buffer { get; private set; } = [];

    /// <summary>Ring size: positions 0 .. Capacity-1.</summary>
    public int Capacity { get; private set; }

    /// <summary>Next write position.</summary>
    public int Pos { get; set; }

    /// <summary>Bytes the current frame has produced.</summary>
    public long Total { get; set; }

    /// <summary>The frame's window size.</summary>
    public int WindowSize { get; private set; }

    public void BeginFrame(int windowSize, int blockMaximum)
    {
        WindowSize = windowSize;
        _fullCapacity = windowSize + blockMaximum + 64;
        Pos = 0;
        Total = 0;
        Capacity = Math.Max(0, Buffer.Length - Slack);
    }

    /// <summary>Makes room for a block of up to <paramref name="blockSize"/> bytes at <see cref="Pos"/>.</summary>
    public void Reserve(int blockSize)
    {
        // Until the ring wraps, the frame's bytes sit at their own offsets (Pos == Total, or Pos == 0 when Total ==
        // Capacity): growing keeps the data.
        if (Total <= Capacity && Total + blockSize > Capacity && Capacity < _fullCapacity)
        {
            int target = (int)Math.Min(_fullCapacity, Math.Max(Total + blockSize, Math.Max(2L * Capacity, InitialCapacity)));
            byte[] grown = GC.AllocateUninitializedArray<byte>(target + Slack);
            Buffer.AsSpan(0, (int)Total).CopyTo(grown);
            Buffer = grown;
            Pos = (int)Total;
            Capacity = target;
        }
    }
}
