namespace OstreeSharp.Compression;

/// <summary>
/// Large items (arrays, or sets of them) handed from one user to the next: at most <see cref="Capacity"/> idle ones
/// are kept, and a taker gets the smallest idle one of at least the size it wants, so a small job does not take what a
/// large one running beside it would need. Drop the pool when the run ends: it is what keeps them alive.
/// </summary>
/// <typeparam name="T">The pooled item.</typeparam>
internal sealed class SizedIdlePool<T>
    where T : class
{
    private readonly List<T> _idle = [];
    private readonly Func<T, long> _size;

    /// <summary>Creates a pool that keeps up to <paramref name="capacity"/> idle items, measured by <paramref name="size"/>.</summary>
    public SizedIdlePool(int capacity, Func<T, long> size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(size);
        Capacity = capacity;
        _size = size;
    }

    /// <summary>The most idle items kept.</summary>
    public int Capacity { get; }

    /// <summary>
    /// Takes the smallest idle item of at least <paramref name="wanted"/>; when none is that large, the largest idle
    /// one if <paramref name="orLargest"/> (for items that grow), else nothing.
    /// </summary>
    public T? Take(long wanted, bool orLargest)
    {
        lock (_idle)
        {
            int best = -1;
            for (int i = 0; i < _idle.Count; i++)
            {
                if (best < 0)
                {
                    best = i;
                    continue;
                }

                long size = _size(_idle[i]), bestSize = _size(_idle[best]);
                bool fits = size >= wanted, bestFits = bestSize >= wanted;
                if (fits ? !bestFits || size < bestSize : !bestFits && size > bestSize)
                {
                    best = i;
                }
            }

            if (best < 0 || (!orLargest && _size(_idle[best]) < wanted))
            {
                return null;
            }

            T item = _idle[best];
            _idle.RemoveAt(best);
            return item;
        }
    }

    /// <summary>
    /// Gives back an item no one uses any more: kept if fewer than <see cref="Capacity"/> are idle, else in place of
    /// the smallest idle one if it is larger, else dropped.
    /// </summary>
    public void Return(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_idle)
        {
            if (_idle.Contains(item))
            {
                return;
            }

            if (_idle.Count < Capacity)
            {
                _idle.Add(item);
                return;
            }

            int smallest = 0;
            for (int i = 1; i < _idle.Count; i++)
            {
                if (_size(_idle[i]) < _size(_idle[smallest]))
                {
                    smallest = i;
                }
            }

            if (_size(_idle[smallest]) < _size(item))
            {
                _idle[smallest] = item;
            }
        }
    }
}
