using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace OstreeSharp.Repository;

/// <summary>
/// A read-only, seekable stream over a file handle that reads at explicit offsets (<see cref="RandomAccess"/>, i.e.
/// <c>pread</c>), optionally through a pooled buffer. A <see cref="FileStream"/> wrapped around a handle asks the
/// kernel for the handle's seekability and its current offset when constructed (two <c>lseek</c> calls per file,
/// thousands per commit, checkout or fsck); this stream starts at offset 0 without asking, and <see cref="Length"/>
/// costs one <c>fstat</c> when it is read. The stream owns the handle.
/// </summary>
internal sealed class HandleReadStream : Stream
{
    private readonly SafeFileHandle _handle;
    private byte[]? _buffer;
    private int _bufferPos;
    private int _bufferLen;
    private long _fileOffset; // file offset of the byte after the buffered ones

    /// <param name="handle">An open, readable handle of a regular file, positioned anywhere (its offset is not used).</param>
    /// <param name="bufferSize">0 to read straight into the caller's buffers, else the size of a pooled read-ahead buffer
    /// (for callers that read in small pieces, such as a <see cref="System.IO.Compression.DeflateStream"/>).</param>
    public HandleReadStream(SafeFileHandle handle, int bufferSize = 0)
    {
        _handle = handle;
        if (bufferSize > 0)
            _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    public override bool CanRead => !_handle.IsClosed;
    public override bool CanSeek => !_handle.IsClosed;
    public override bool CanWrite => false;
    public override long Length => RandomAccess.GetLength(_handle);

    public override long Position
    {
        get => _fileOffset - (_bufferLen - _bufferPos);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _fileOffset = value;
            _bufferPos = _bufferLen = 0;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            return 0;
        if (_bufferPos < _bufferLen)
            return CopyBuffered(buffer);
        if (_buffer is null || buffer.Length >= _buffer.Length)
        {
            int n = RandomAccess.Read(_handle, buffer, _fileOffset);
            _fileOffset += n;
            return n;
        }
        int filled = RandomAccess.Read(_handle, _buffer, _fileOffset);
        _fileOffset += filled;
        _bufferPos = 0;
        _bufferLen = filled;
        return filled == 0 ? 0 : CopyBuffered(buffer);
    }

    private int CopyBuffered(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, _bufferLen - _bufferPos);
        _buffer.AsSpan(_bufferPos, n).CopyTo(destination);
        _bufferPos += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        Position = target;
        return target;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
            if (_buffer is { } b)
            {
                _buffer = null;
                _bufferPos = _bufferLen = 0;
                ArrayPool<byte>.Shared.Return(b);
            }
        }
        base.Dispose(disposing);
    }
}
