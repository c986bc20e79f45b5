using System.Buffers.Binary;

namespace OstreeSharp.Compression;

/// <summary>
/// A read-only stream that decompresses Zstandard data (RFC 8878) from an underlying stream: one or more
/// concatenated frames, skippable frames (skipped), raw, RLE and compressed blocks, verifying each frame's declared
/// content size and, when present, its XXH64 content checksum. Dictionaries are not supported.
/// </summary>
/// <remarks>
/// Memory is bounded: the input is buffered 256 KiB at a time, and the decoded window (the frame's window size,
/// refused above <see cref="ZstdDecoderOptions.MaxWindowSize"/>) grows only as far as the data decoded. Every
/// malformed, truncated or unsupported input raises <see cref="ZstdFormatException"/>; an empty input is malformed
/// (as for <c>zstd -d</c>).
/// </remarks>
public sealed class ZstdDecoderStream : Stream
{
    private const int InputBufferSize = 256 * 1024;
    private const uint FrameMagic = 0xFD2FB528;
    private const uint SkippableMagic = 0x184D2A50;

    private enum State
    {
        FrameStart,
        FrameHeader,
        SkippableData,
        BlockHeader,
        BlockBody,
        Output,
        FrameEnd,
        Done,
    }

    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly long _maxWindowSize;
    private readonly bool _verifyChecksum;
    private readonly ZstdBlockDecoder _blocks = new();
    private readonly ZstdWindow _window = new();
    private readonly XxHash64 _hash = new();
    private readonly byte[] _in = new byte[InputBufferSize];
    private int _inPos;
    private int _inEnd;
    private bool _sourceEof;
    private bool _disposed;
    private State _state = State.FrameStart;
    private bool _anyFrame;

    private long _skipRemaining;
    private bool _hasChecksum;
    private ulong _contentSize;
    private bool _hasContentSize;
    private int _blockMaximum;
    private bool _lastBlock;
    private int _blockType;
    private int _blockSize;
    private int _outStart;
    private int _outPending;

    /// <summary>Creates a decoder reading Zstandard data from <paramref name="source"/>.</summary>
    /// <param name="source">The compressed data; must be readable.</param>
    /// <param name="options">Decoder options, or <see langword="null"/> for the defaults.</param>
    /// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="source"/> open.</param>
    public ZstdDecoderStream(Stream source, ZstdDecoderOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead)
        {
            throw new ArgumentException("The source stream must be readable.", nameof(source));
        }

        _source = source;
        _leaveOpen = leaveOpen;
        _maxWindowSize = options?.MaxWindowSize ?? ZstdDecoderOptions.DefaultMaxWindowSize;
        _verifyChecksum = options?.VerifyChecksum ?? true;
    }

    /// <summary>Creates a decoder reading Zstandard data from <paramref name="source"/> with default options.</summary>
    /// <param name="source">The compressed data; must be readable.</param>
    /// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="source"/> open.</param>
    public ZstdDecoderStream(Stream source, bool leaveOpen)
        : this(source, null, leaveOpen)
    {
    }

    /// <inheritdoc/>
    public override bool CanRead => !_disposed;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override void Flush() { }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            int n = Step(buffer);
            if (n > 0 || _state == State.Done)
            {
                return n;
            }

            Compact();
            Filled(_source.Read(_in, _inEnd, _in.Length - _inEnd));
        }
    }

    /// <inheritdoc/>
    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            int n = Step(buffer.Span);
            if (n > 0 || _state == State.Done)
            {
                return n;
            }

            Compact();
            Filled(await _source.ReadAsync(_in.AsMemory(_inEnd), cancellationToken).ConfigureAwait(false));
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                _source.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                await _source.DisposeAsync().ConfigureAwait(false);
            }
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Available => _inEnd - _inPos;

    private void Compact()
    {
        if (_inPos > 0)
        {
            _in.AsSpan(_inPos, _inEnd - _inPos).CopyTo(_in);
            _inEnd -= _inPos;
            _inPos = 0;
        }
    }

    private void Filled(int read)
    {
        if (read <= 0)
        {
            _sourceEof = true;
        }
        else
        {
            _inEnd += read;
        }
    }

    /// <summary>Whether <paramref name="n"/> input bytes are buffered; throws on truncation.</summary>
    private bool Have(int n)
    {
        if (_inEnd - _inPos >= n)
        {
            return true;
        }

        if (_sourceEof)
        {
            throw new ZstdFormatException("Truncated zstd data");
        }

        return false;
    }

    /// <summary>Advances the state machine; returns the bytes written to <paramref name="dest"/>, or 0 when it needs
    /// more input (or is done).</summary>
    private int Step(Span<byte> dest)
    {
        while (true)
        {
            switch (_state)
            {
                case State.Output:
                    if (_outPending > 0)
                    {
                        return CopyPending(dest);
                    }

                    _state = _lastBlock ? State.FrameEnd : State.BlockHeader;
                    break;

                case State.FrameStart:
                    if (Available == 0 && _sourceEof)
                    {
                        if (!_anyFrame)
                        {
                            throw new ZstdFormatException("Empty input: no zstd frame");
                        }

                        _state = State.Done;
                        return 0;
                    }

                    if (!Have(4))
                    {
                        return 0;
                    }

                    uint magic = BinaryPrimitives.ReadUInt32LittleEndian(_in.AsSpan(_inPos));
                    if (magic == FrameMagic)
                    {
                        _inPos += 4;
                        _state = State.FrameHeader;
                    }
                    else if ((magic & 0xFFFFFFF0) == SkippableMagic)
                    {
                        if (!Have(8))
                        {
                            return 0;
                        }

                        _skipRemaining = BinaryPrimitives.ReadUInt32LittleEndian(_in.AsSpan(_inPos + 4));
                        _inPos += 8;
                        _anyFrame = true;
                        _state = State.SkippableData;
                    }
                    else
                    {
                        throw new ZstdFormatException(_anyFrame
                            ? $"Unknown frame magic 0x{magic:X8} after a zstd frame (trailing garbage)"
                            : $"Not zstd data (magic 0x{magic:X8})");
                    }

                    break;

                case State.SkippableData:
                    {
                        int take = (int)Math.Min(_skipRemaining, Available);
                        _inPos += take;
                        _skipRemaining -= take;
                        if (_skipRemaining > 0)
                        {
                            if (_sourceEof)
                            {
                                throw new ZstdFormatException("Truncated skippable frame");
                            }

                            return 0;
                        }

                        _state = State.FrameStart;
                        break;
                    }

                case State.FrameHeader:
                    if (!Have(1) || !ReadFrameHeader())
                    {
                        return 0;
                    }

                    break;

                case State.BlockHeader:
                    {
                        if (!Have(3))
                        {
                            return 0;
                        }

                        int h = _in[_inPos] | (_in[_inPos + 1] << 8) | (_in[_inPos + 2] << 16);
                        _lastBlock = (h & 1) != 0;
                        _blockType = (h >> 1) & 3;
                        _blockSize = h >> 3;
                        if (_blockType == 3)
                        {
                            throw new ZstdFormatException("Reserved block type");
                        }

                        if (_blockSize > _blockMaximum)
                        {
                            throw new ZstdFormatException($"Block size {_blockSize} exceeds the frame's maximum block size {_blockMaximum}");
                        }

                        _inPos += 3;
                        _state = State.BlockBody;
                        break;
                    }

                case State.BlockBody:
                    {
                        int need = _blockType == 1 ? 1 : _blockSize;
                        if (!Have(need))
                        {
                            return 0;
                        }

                        DecodeBlock(_in.AsSpan(_inPos, need));
                        _inPos += need;
                        _state = State.Output;
                        break;
                    }

                case State.FrameEnd:
                    if (_hasContentSize && (ulong)_window.Total != _contentSize)
                    {
                        throw new ZstdFormatException($"Frame content size {_window.Total} differs from the declared {_contentSize}");
                    }

                    if (_hasChecksum)
                    {
                        if (!Have(4))
                        {
                            return 0;
                        }

                        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(_in.AsSpan(_inPos));
                        _inPos += 4;
                        if (_verifyChecksum && (uint)_hash.Digest() != expected)
                        {
                            throw new ZstdFormatException("Zstd content checksum mismatch");
                        }
                    }

                    _state = State.FrameStart;
                    break;

                default:
                    return 0;
            }
        }
    }

    private bool ReadFrameHeader()
    {
        int fhd = _in[_inPos];
        int fcsFlag = fhd >> 6;
        bool single = (fhd & 0x20) != 0;
        if ((fhd & 0x08) != 0)
        {
            throw new ZstdFormatException("Reserved bit set in the zstd frame header");
        }

        int didSize = (fhd & 3) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        int fcsSize = fcsFlag switch { 0 => single ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
        int size = 1 + (single ? 0 : 1) + didSize + fcsSize;
        if (!Have(size))
        {
            return false;
        }

        ReadOnlySpan<byte> h = _in.AsSpan(_inPos, size);
        int p = 1;
        ulong windowSize = 0;
        if (!single)
        {
            int wd = h[p++];
            int windowLog = 10 + (wd >> 3);
            ulong windowBase = 1UL << windowLog;
            windowSize = windowBase + ((windowBase / 8) * (ulong)(wd & 7));
        }

        ulong dictionaryId = 0;
        for (int i = 0; i < didSize; i++)
        {
            dictionaryId |= (ulong)h[p++] << (8 * i);
        }

        if (dictionaryId != 0)
        {
            throw new ZstdFormatException($"Zstd dictionaries are not supported (the frame needs dictionary {dictionaryId})");
        }

        ulong contentSize = 0;
        for (int i = 0; i < fcsSize; i++)
        {
            contentSize |= (ulong)h[p++] << (8 * i);
        }

        if (fcsSize == 2)
        {
            contentSize += 256;
        }

        _hasContentSize = fcsSize != 0;
        _contentSize = contentSize;
        if (single)
        {
            windowSize = contentSize;
        }

        if (windowSize > (ulong)_maxWindowSize)
        {
            throw new ZstdFormatException(
                $"The zstd frame needs a {windowSize}-byte window, above the limit of {_maxWindowSize} bytes (ZstdDecoderOptions.MaxWindowSize)");
        }

        _hasChecksum = (fhd & 0x04) != 0;
        _blockMaximum = (int)Math.Min(windowSize, ZstdBlockDecoder.MaxBlockSize);
        _window.BeginFrame((int)windowSize, _blockMaximum);
        _blocks.ResetFrame();
        _hash.Reset();
        _inPos += size;
        _anyFrame = true;
        _state = State.BlockHeader;
        return true;
    }

    private void DecodeBlock(ReadOnlySpan<byte> block)
    {
        _window.Reserve(_blockMaximum);
        int start = _window.Pos;
        int produced;
        switch (_blockType)
        {
            case 0:
                ZstdBlockDecoder.CopyOut(_window, block);
                produced = block.Length;
                break;
            case 1:
                {
                    int pos = start;
                    int capacity = _window.Capacity;
                    int first = Math.Min(_blockSize, capacity - pos);
                    _window.Buffer.AsSpan(pos, first).Fill(block[0]);
                    _window.Buffer.AsSpan(0, _blockSize - first).Fill(block[0]);
                    pos += _blockSize;
                    _window.Pos = pos >= capacity ? pos - capacity : pos;
                    produced = _blockSize;
                    break;
                }

            default:
                produced = _blocks.Decode(block, _window, _blockMaximum);
                break;
        }

        _window.Total += produced;
        if (_hasContentSize && (ulong)_window.Total > _contentSize)
        {
            throw new ZstdFormatException($"Frame content exceeds the declared size {_contentSize}");
        }

        _outStart = start;
        _outPending = produced;
        if (_hasChecksum && _verifyChecksum && produced > 0)
        {
            int first = Math.Min(produced, _window.Capacity - start);
            _hash.Update(_window.Buffer.AsSpan(start, first));
            _hash.Update(_window.Buffer.AsSpan(0, produced - first));
        }
    }

    private int CopyPending(Span<byte> dest)
    {
        int capacity = _window.Capacity;
        int n = Math.Min(dest.Length, _outPending);
        int first = Math.Min(n, capacity - _outStart);
        _window.Buffer.AsSpan(_outStart, first).CopyTo(dest);
        _window.Buffer.AsSpan(0, n - first).CopyTo(dest[first..]);
        _outStart += n;
        if (_outStart >= capacity)
        {
            _outStart -= capacity;
        }

        _outPending -= n;
        return n;
    }
}
