namespace OstreeSharp.Compression;

/// <summary>
/// Match finder arrays handed from one encoder to the next, so that a run of encoders (e.g. the parts of a static
/// delta) does not allocate a new window and tree of hundreds of megabytes for each, leaving the old ones to the
/// garbage collector. Holds at most <see cref="Capacity"/> idle storages; with no more encoders at once than that,
/// every encoder after the first few reuses arrays. Drop the pool when the run ends: it is what keeps them alive.
/// </summary>
internal sealed class LzmaMatchFinderPool
{
    private readonly List<LzmaMatchFinderStorage> _idle = [];

    /// <summary>Creates a pool that keeps up to <paramref name="capacity"/> idle storages.</summary>
    public LzmaMatchFinderPool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The most idle storages kept.</summary>
    public int Capacity { get; }

    /// <summary>Takes the largest idle storage, or a new empty one.</summary>
    public LzmaMatchFinderStorage Rent() => Rent(long.MaxValue);

    /// <summary>
    /// Takes the smallest idle storage of at least <paramref name="bytesWanted"/> bytes, else the largest idle one, else
    /// a new empty one: a small input does not take the arrays a large one running next to it would need (and have to
    /// allocate again).
    /// </summary>
    public LzmaMatchFinderStorage Rent(long bytesWanted)
    {
        lock (_idle)
        {
            if (_idle.Count == 0)
            {
                return new LzmaMatchFinderStorage();
            }

            int best = 0;
            for (int i = 1; i < _idle.Count; i++)
            {
                long size = _idle[i].Bytes, bestSize = _idle[best].Bytes;
                bool fits = size >= bytesWanted, bestFits = bestSize >= bytesWanted;
                if (fits ? !bestFits || size < bestSize : !bestFits && size > bestSize)
                {
                    best = i;
                }
            }

            LzmaMatchFinderStorage storage = _idle[best];
            _idle.RemoveAt(best);
            return storage;
        }
    }

    /// <summary>Gives back a storage no match finder uses any more (dropped if the pool is full).</summary>
    public void Return(LzmaMatchFinderStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        lock (_idle)
        {
            if (_idle.Count < Capacity && !_idle.Contains(storage))
            {
                _idle.Add(storage);
            }
        }
    }
}
