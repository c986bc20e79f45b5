using System.Buffers;

namespace OstreeSharp.Compression;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> of bytes for a coded segment, writing into the output array of a
/// <see cref="LzmaMatchFinderStorage"/>: coded output of tens of megabytes per delta part is written into the array an
/// earlier segment left there instead of into new large-object-heap arrays (and every smaller one it grew through)
/// left to the garbage collector. <see cref="Dispose"/> leaves the (possibly grown) array in the storage and hands the
/// storage back to its pool; the written bytes are then gone.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private readonly LzmaMatchFinderStorage _storage;
    private readonly LzmaMatchFinderPool? _pool;
    private byte[] _buffer;
    private int _written;
    private bool _disposed;

    /// <summary>
    /// Creates a writer into <paramref name="storage"/>'s output array (grown to at least
    /// <paramref name="initialCapacity"/> bytes), which gives the storage back to <paramref name="pool"/> when disposed.
    /// </summary>
    public PooledBufferWriter(LzmaMatchFinderStorage storage, LzmaMatchFinderPool? pool, int initialCapacity)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _storage = storage;
        _pool = pool;
        // A new array gets an eighth more than asked (untouched pages cost nothing), so that the slightly larger
        // segments of later parts still fit it instead of replacing it.
        _buffer = storage.Output.Length >= initialCapacity
            ? storage.Output
            : LzmaLargeArrays.Allocate<byte>((int)Math.Min(Array.MaxLength, Math.Max(256, initialCapacity + ((long)initialCapacity / 8))), zeroed: false);
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _buffer.AsSpan(0, _written);
        }
    }

    /// <summary>How many bytes were written.</summary>
    public int WrittenCount => _written;

    /// <inheritdoc/>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _written);
        _written += count;
    }

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        int need = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= need)
        {
            return;
        }

        if ((long)_written + need > Array.MaxLength)
        {
            throw new OutOfMemoryException("The coded output would exceed the largest array.");
        }

        long wanted = Math.Max((long)_written + need, 2L * _buffer.Length);
        byte[] grown = LzmaLargeArrays.Allocate<byte>((int)Math.Min(wanted, Array.MaxLength), zeroed: false);
        _buffer.AsSpan(0, _written).CopyTo(grown);
        _buffer = grown;
    }

    /// <summary>Leaves the array in the storage and gives the storage back to its pool.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_buffer.Length > _storage.Output.Length)
        {
            _storage.Output = _buffer;
        }

        // The bytes are written out by now: drop their pages, so that an array kept for reuse holds memory only while
        // in use (segment outputs vary in length; otherwise each kept array would stay as large as the longest output
        // it ever held).
        LzmaLargeArrays.Release(_buffer, _written);

        _pool?.Return(_storage);
    }
}
