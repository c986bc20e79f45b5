using OstreeSharp.Objects;

namespace OstreeSharp.Repository;

/// <summary>
/// A read-only stream that yields exactly <c>length</c> bytes from an inner stream and fails with
/// <see cref="CorruptObjectException"/> if the inner stream is shorter or longer (decompression bombs are caught by
/// actual output, not by guessing).
/// </summary>
internal sealed class ExactLengthStream : ForwardReadStream
{
    private readonly Stream _inner;
    private readonly ulong _length;
    private readonly ObjectName _name;
    private ulong _position;
    private bool _checkedEnd;

    public ExactLengthStream(Stream inner, ulong length, ObjectName name)
    {
        _inner = inner;
        _length = length;
        _name = name;
    }

    public override long Length => (long)_length;
    public override long Position { get => (long)_position; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            return 0;
        ulong remaining = _length - _position;
        if (remaining == 0)
        {
            CheckEnd();
            return 0;
        }
        int want = (int)Math.Min((ulong)buffer.Length, remaining);
        int n;
        try
        {
            n = _inner.Read(buffer[..want]);
        }
        catch (InvalidDataException ex)
        {
            throw new CorruptObjectException(_name, "invalid compressed data: " + ex.Message, ex);
        }
        if (n == 0)
            throw new CorruptObjectException(_name, $"content is {_position} bytes, header says {_length}");
        _position += (ulong)n;
        if (_position == _length)
            CheckEnd(); // eagerly: a reader that stops at the declared size still learns of trailing data (a bomb)
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void CheckEnd()
    {
        if (_checkedEnd)
            return;
        _checkedEnd = true;
        Span<byte> one = stackalloc byte[1];
        int extra;
        try
        {
            extra = _inner.Read(one);
        }
        catch (InvalidDataException ex)
        {
            throw new CorruptObjectException(_name, "invalid compressed data: " + ex.Message, ex);
        }
        if (extra != 0)
            throw new CorruptObjectException(_name, $"content is longer than the {_length} bytes the header declares");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _inner.Dispose();
        base.Dispose(disposing);
    }
}
