using System.IO.MemoryMappedFiles;

namespace OstreeSharp.Deltas;

/// <summary>
/// A memory mapping of (a range of) a file, exposed as a span (read-only, or writable for a new spool file). Mapped pages are file-backed: the kernel
/// can drop them under pressure, so large payloads and sources do not count against the process heap.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly FileStream? _stream;
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _pointer;
    private readonly int _length;
    private bool _disposed;

    private MappedFile(FileStream? stream, MemoryMappedFile? file, MemoryMappedViewAccessor? view, byte* pointer, int length)
    {
        _stream = stream;
        _file = file;
        _view = view;
        _pointer = pointer;
        _length = length;
    }

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="path"/> from <paramref name="offset"/>.</summary>
    public static MappedFile Open(string path, long offset, long length)
    {
        if (length > int.MaxValue)
            throw new DeltaFormatException($"Cannot map {length} bytes: larger than {int.MaxValue}");
        if (length == 0)
            return new MappedFile(null, null, null, null, 0);
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        return Map(fs, 0, MemoryMappedFileAccess.Read, offset, length);
    }

    /// <summary>
    /// Creates <paramref name="path"/> (which must not exist) with <paramref name="length"/> bytes and maps it for
    /// reading and writing; <see cref="WritablePointer"/> writes through to the file.
    /// </summary>
    /// <remarks>
    /// The mapping is advised <c>MADV_RANDOM</c> before anything is written, so that the page cache fills with small
    /// folios: once <see cref="Release"/>d, reading a byte back then maps 64 KiB (fault-around) instead of the up to
    /// 2 MiB folio that sequential writes otherwise build (measured on Linux 6.18 ext4), and an LZMA decoder whose
    /// matches reach far back keeps little mapped.
    /// </remarks>
    public static MappedFile CreateWritable(string path, long length)
    {
        if (length > int.MaxValue)
            throw new DeltaFormatException($"Cannot map {length} bytes: larger than {int.MaxValue}");
        var fs = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1);
        if (length == 0)
        {
            fs.Dispose();
            return new MappedFile(null, null, null, null, 0);
        }
        return Map(fs, length, MemoryMappedFileAccess.ReadWrite, 0, length);
    }

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="fs"/> (which the mapping then owns) from <paramref name="offset"/>.</summary>
    private static MappedFile Map(FileStream fs, long capacity, MemoryMappedFileAccess access, long offset, long length)
    {
        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            try
            {
                file = MemoryMappedFile.CreateFromFile(fs, null, capacity, access, HandleInheritability.None, leaveOpen: false);
            }
            catch
            {
                fs.Dispose();
                throw;
            }
            view = file.CreateViewAccessor(offset, length, access);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            if (access == MemoryMappedFileAccess.ReadWrite && OperatingSystem.IsLinux())
                _ = Native.LibC.madvise(p, (nuint)(view.PointerOffset + length), Native.LibC.MADV_RANDOM);
            return new MappedFile(fs, file, view, p + view.PointerOffset, (int)length);
        }
        catch
        {
            view?.Dispose();
            file?.Dispose();
            throw;
        }
    }

    /// <summary>The mapped bytes, for writing (only meaningful for <see cref="CreateWritable"/> mappings).</summary>
    public byte* WritablePointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _pointer;
        }
    }

    /// <summary>
    /// The mapped file, for reading bytes without mapping them (<c>pread</c> sees what was written through the shared
    /// mapping); null for an empty mapping.
    /// </summary>
    public Microsoft.Win32.SafeHandles.SafeFileHandle? FileHandle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _stream?.SafeFileHandle;
        }
    }

    /// <summary>Maps a whole file.</summary>
    public static MappedFile Open(string path) => Open(path, 0, new FileInfo(path).Length);

    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return new ReadOnlySpan<byte>(_pointer, _length);
        }
    }

    public int Length => _length;

    /// <summary>
    /// Unmaps the whole pages of <paramref name="region"/> (which must lie in this mapping) from the process
    /// (<c>madvise(MADV_DONTNEED)</c>): their bytes stay in the file and its page cache, where the kernel may write them
    /// back and reclaim them, and reading them again maps them back. So a large payload used from front to back keeps
    /// only the part in use resident. Does nothing where the call is unavailable.
    /// </summary>
    public void Release(ReadOnlySpan<byte> region)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (region.IsEmpty || !OperatingSystem.IsLinux())
            return;
        fixed (byte* p = region)
        {
            if (p < _pointer || p + region.Length > _pointer + _length)
                throw new ArgumentOutOfRangeException(nameof(region), "The region is not in this mapping.");
            nuint page = (nuint)Environment.SystemPageSize;
            nuint first = ((nuint)p + page - 1) & ~(page - 1);
            nuint end = ((nuint)p + (nuint)region.Length) & ~(page - 1);
            if (end > first)
                _ = Native.LibC.madvise((void*)first, end - first, Native.LibC.MADV_DONTNEED);
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _file?.Dispose();
    }
}
