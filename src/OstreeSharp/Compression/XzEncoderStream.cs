using System.Buffers;
using System.Collections.Concurrent;

namespace OstreeSharp.Compression;

/// <summary>
/// A write-only stream that compresses into the .xz format (one stream, LZMA2 filter) on an underlying stream. Input is
/// either coded as a single streamed block or, with a block size (see <see cref="XzEncoderOptions.BlockSize"/>), cut
/// into independent blocks that may be compressed in parallel; the output is the same for every degree of
/// parallelism. Disposing writes the index and stream footer.
/// </summary>
/// <remarks>
/// Memory is bounded by the dictionary (window plus match finder, about 10–12 times the dictionary size with the
/// binary-tree presets) and, in block mode, by one input block and one compressed block per concurrent block.
/// </remarks>
public sealed class XzEncoderStream : Stream
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly XzCheck _check;
    private readonly LzmaEncoderSettings _settings;
    private readonly byte _dictProperty;
    private readonly int _blockSize;       // 0: a single streamed block
    private readonly int _parallelism;
    private readonly ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private readonly List<(long Unpadded, long Uncompressed)> _records = [];

    // Streamed single block.
    private Lzma2Encoder? _encoder;
    private XzCheckState? _blockCheck;
    private bool _blockOpen;
    private int _blockHeaderSize;
    private long _blockCompressed;
    private long _blockUncompressed;

    // Block mode.
    private byte[]? _blockBuffer;
    private int _blockFill;
    private readonly Queue<Task<EncodedBlock>> _inflight = new();
    private readonly ConcurrentBag<Lzma2Encoder> _encoders = [];

    private bool _headerWritten;
    private bool _finished;
    private bool _disposed;

    /// <summary>Creates an encoder writing .xz data to <paramref name="output"/>.</summary>
    /// <param name="output">The destination; must be writable.</param>
    /// <param name="options">Encoder options, or <see langword="null"/> for the defaults (preset 6, CRC-64).</param>
    /// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="output"/> open.</param>
    public XzEncoderStream(Stream output, XzEncoderOptions? options = null, bool leaveOpen = false)
        : this(output, options, leaveOpen, null)
    {
    }

    internal XzEncoderStream(Stream output, XzEncoderOptions? options, bool leaveOpen, long? knownLength)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream must be writable.", nameof(output));
        }

        options ??= new XzEncoderOptions();
        _output = output;
        _leaveOpen = leaveOpen;
        _check = options.Check;
        _parallelism = options.MaxDegreeOfParallelism;
        LzmaEncoderSettings settings = options.Resolve(knownLength);
        long blockSize = options.EffectiveBlockSize(settings.DictionarySize);
        if (blockSize > 0 && (knownLength is null || knownLength > blockSize || options.BlockSize is not null))
        {
            _blockSize = (int)Math.Min(blockSize, Array.MaxLength / 2);
            settings = options.Resolve(Math.Min(knownLength ?? long.MaxValue, _blockSize));
        }

        _settings = settings;
        _dictProperty = Lzma2Encoder.DictionaryProperty(settings.DictionarySize);
    }

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => !_disposed;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc/>
    public override void WriteByte(byte value) => Write([value]);

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureWritable();
        while (!buffer.IsEmpty)
        {
            int n = Consume(buffer);
            buffer = buffer[n..];
            if (BlockFull)
            {
                if (MustWaitForOldest)
                {
                    CompleteOldest(_inflight.Dequeue().GetAwaiter().GetResult());
                }

                SubmitBlock();
            }

            DrainFinishedBlocks();
            DrainPending();
        }
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        while (!buffer.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Consume(buffer.Span);
            buffer = buffer[n..];
            if (BlockFull)
            {
                if (MustWaitForOldest)
                {
                    CompleteOldest(await _inflight.Dequeue().ConfigureAwait(false));
                }

                SubmitBlock();
            }

            DrainFinishedBlocks();
            await DrainPendingAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes all compressed output produced so far to the underlying stream and flushes it. In single-block mode the
    /// buffered input is coded and the current LZMA2 chunk closed first, so everything written so far can be
    /// decompressed from the output (the stream itself is completed only by <see cref="Stream.Dispose()"/>).
    /// </summary>
    public override void Flush()
    {
        EnsureWritable();
        FlushCore();
        DrainPending();
        _output.Flush();
    }

    /// <inheritdoc cref="Flush"/>
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        EnsureWritable();
        FlushCore();
        await DrainPendingAsync(cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            try
            {
                if (!_finished)
                {
                    _finished = true;
                    FinishBlocks();
                    while (_inflight.Count > 0)
                    {
                        CompleteOldest(_inflight.Dequeue().GetAwaiter().GetResult());
                    }

                    FinishStream();
                    DrainPending();
                    _output.Flush();
                }
            }
            finally
            {
                _disposed = true;
                ReleaseBuffers();
                if (!_leaveOpen)
                {
                    _output.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            try
            {
                if (!_finished)
                {
                    _finished = true;
                    FinishBlocks();
                    while (_inflight.Count > 0)
                    {
                        CompleteOldest(await _inflight.Dequeue().ConfigureAwait(false));
                    }

                    FinishStream();
                    await DrainPendingAsync(CancellationToken.None).ConfigureAwait(false);
                    await _output.FlushAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                _disposed = true;
                ReleaseBuffers();
                if (!_leaveOpen)
                {
                    await _output.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        await base.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_headerWritten)
        {
            _headerWritten = true;
            XzContainer.WriteStreamHeader(_pending, _check);
        }
    }

    private bool BlockFull => _blockSize > 0 && _blockFill == _blockSize;

    private bool MustWaitForOldest => _inflight.Count >= _parallelism;

    /// <summary>Takes input: codes it (single block) or copies it into the current block buffer. Returns the bytes taken.</summary>
    private int Consume(ReadOnlySpan<byte> data)
    {
        if (_blockSize == 0)
        {
            if (!_blockOpen)
            {
                _encoder ??= new Lzma2Encoder(_settings);
                _blockCheck ??= new XzCheckState(_check);
                _blockHeaderSize = XzContainer.WriteBlockHeader(_pending, _dictProperty, -1, -1);
                _blockCompressed = 0;
                _blockUncompressed = 0;
                _blockOpen = true;
            }

            int chunk = Math.Min(data.Length, 1 << 20);
            ReadOnlySpan<byte> piece = data[..chunk];
            _blockCheck!.Append(piece);
            int before = _pending.WrittenCount;
            _encoder!.Write(piece, _pending);
            _blockCompressed += _pending.WrittenCount - before;
            _blockUncompressed += chunk;
            return chunk;
        }

        _blockBuffer ??= ArrayPool<byte>.Shared.Rent(_blockSize);
        int n = Math.Min(data.Length, _blockSize - _blockFill);
        data[..n].CopyTo(_blockBuffer.AsSpan(_blockFill));
        _blockFill += n;
        return n;
    }

    private void FlushCore()
    {
        if (_blockSize == 0 && _blockOpen)
        {
            int before = _pending.WrittenCount;
            _encoder!.Flush(_pending);
            _blockCompressed += _pending.WrittenCount - before;
        }

        DrainFinishedBlocks();
    }

    private void FinishBlocks()
    {
        if (!_headerWritten)
        {
            _headerWritten = true;
            XzContainer.WriteStreamHeader(_pending, _check);
        }

        if (_blockSize == 0)
        {
            if (_blockOpen)
            {
                int before = _pending.WrittenCount;
                _encoder!.Finish(_pending);
                _blockCompressed += _pending.WrittenCount - before;
                XzContainer.WriteBlockTail(_pending, _blockCompressed, _blockCheck!);
                _records.Add((_blockHeaderSize + _blockCompressed + XzCheckState.SizeOf(_check), _blockUncompressed));
                _blockOpen = false;
            }

            return;
        }

        if (_blockFill > 0)
        {
            if (MustWaitForOldest)
            {
                CompleteOldest(_inflight.Dequeue().GetAwaiter().GetResult());
            }

            SubmitBlock();
        }
    }

    private void FinishStream() => XzContainer.WriteIndexAndFooter(_pending, _records, _check);

    /// <summary>Hands the full (or final) block buffer to a worker, or compresses it inline without parallelism.</summary>
    private void SubmitBlock()
    {
        byte[] input = _blockBuffer!;
        int length = _blockFill;
        _blockBuffer = null;
        _blockFill = 0;
        if (_parallelism == 1)
        {
            CompleteOldest(EncodeBlock(input, length));
            return;
        }

        _inflight.Enqueue(Task.Run(() => EncodeBlock(input, length)));
    }

    private EncodedBlock EncodeBlock(byte[] input, int length)
    {
        try
        {
            if (!_encoders.TryTake(out Lzma2Encoder? encoder))
            {
                encoder = new Lzma2Encoder(_settings);
            }

            var data = new ArrayBufferWriter<byte>(Math.Max(256, length / 3));
            encoder.Reset();
            encoder.Write(input.AsSpan(0, length), data);
            encoder.Finish(data);
            _encoders.Add(encoder);

            var block = new ArrayBufferWriter<byte>(data.WrittenCount + 128);
            int headerSize = XzContainer.WriteBlockHeader(block, _dictProperty, data.WrittenCount, length);
            block.Write(data.WrittenSpan);
            using var check = new XzCheckState(_check);
            check.Append(input.AsSpan(0, length));
            XzContainer.WriteBlockTail(block, data.WrittenCount, check);
            return new EncodedBlock(block, headerSize + data.WrittenCount + check.Size, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    private void CompleteOldest(EncodedBlock block)
    {
        _pending.Write(block.Bytes.WrittenSpan);
        _records.Add((block.UnpaddedSize, block.UncompressedSize));
    }

    private void DrainFinishedBlocks()
    {
        while (_inflight.Count > 0 && _inflight.Peek().IsCompleted)
        {
            CompleteOldest(_inflight.Dequeue().GetAwaiter().GetResult());
        }
    }

    private void DrainPending()
    {
        if (_pending.WrittenCount > 0)
        {
            _output.Write(_pending.WrittenSpan);
            _pending.ResetWrittenCount();
        }
    }

    private async ValueTask DrainPendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.WrittenCount > 0)
        {
            await _output.WriteAsync(_pending.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _pending.ResetWrittenCount();
        }
    }

    private void ReleaseBuffers()
    {
        if (_blockBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_blockBuffer);
            _blockBuffer = null;
        }

        _blockCheck?.Dispose();
        _encoder = null;
        _encoders.Clear();
    }

    private readonly record struct EncodedBlock(ArrayBufferWriter<byte> Bytes, long UnpaddedSize, long UncompressedSize);
}
