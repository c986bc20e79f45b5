namespace OstreeSharp;

/// <summary>
/// Base of the library's write-only, forward-only wrapper streams: subclasses implement
/// <see cref="Write(ReadOnlySpan{byte})"/> (and <see cref="Flush"/> where they wrap a stream); everything else is the
/// usual not-supported boilerplate. The write-side counterpart of <see cref="ForwardReadStream"/>.
/// </summary>
internal abstract class ForwardWriteStream : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void WriteByte(byte value) => Write([value]);
    public abstract override void Write(ReadOnlySpan<byte> buffer);
}
