namespace OstreeSharp.Compression;

/// <summary>
/// Match finder arrays handed from one encoder to the next, so that a run of encoders (e.g. the parts of a static
/// delta) does not allocate a new window and tree of hundreds of megabytes for each, leaving the old ones to the
/// garbage collector. Holds at most <see cref="Capacity"/> idle storages; with no more encoders at once than that,
/// every encoder after the first few reuses arrays. Drop the pool when the run ends: it is what keeps them alive.
/// </summary>
internal sealed class LzmaMatchFinderPool
{
    private readonly SizedIdlePool<LzmaMatchFinderStorage> _idle;

    /// <summary>Creates a pool that keeps up to <paramref name="capacity"/> idle storages.</summary>
    public LzmaMatchFinderPool(int capacity) => _idle = new SizedIdlePool<LzmaMatchFinderStorage>(capacity, s => s.Bytes);

    /// <summary>The most idle storages kept.</summary>
    public int Capacity => _idle.Capacity;

    /// <summary>Takes the largest idle storage, or a new empty one.</summary>
    public LzmaMatchFinderStorage Rent() => Rent(long.MaxValue);

    /// <summary>
    /// Takes the smallest idle storage of at least <paramref name="bytesWanted"/> bytes, else the largest idle one (its
    /// arrays grow as needed), else a new empty one.
    /// </summary>
    public LzmaMatchFinderStorage Rent(long bytesWanted) => _idle.Take(bytesWanted, orLargest: true) ?? new LzmaMatchFinderStorage();

    /// <summary>Gives back a storage no match finder uses any more (see <see cref="SizedIdlePool{T}.Return"/>).</summary>
    public void Return(LzmaMatchFinderStorage storage) => _idle.Return(storage);
}
