namespace OstreeSharp.Deltas;

/// <summary>Parameters of the bup-style rolling checksum used by <see cref="RollsumChunker"/>.</summary>
public sealed class RollsumChunkerOptions
{
    private int _windowSize = 64;
    private int _splitBits = 13;
    private int _charOffset = 31;

    /// <summary>Number of trailing bytes the checksum covers (default 64). Range 1–65536.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1–65536.</exception>
    public int WindowSize
    {
        get => _windowSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65536);
            _windowSize = value;
        }
    }

    /// <summary>
    /// A chunk ends after a byte whose digest has its low <c>SplitBits</c> bits all set (default 13, so the
    /// average chunk is about 8 KiB). Range 1–30.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1–30.</exception>
    public int SplitBits
    {
        get => _splitBits;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 30);
            _splitBits = value;
        }
    }

    /// <summary>Constant added to every byte before it enters the sums (default 31). Range 0–65535.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0–65535.</exception>
    public int CharOffset
    {
        get => _charOffset;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65535);
            _charOffset = value;
        }
    }
}
