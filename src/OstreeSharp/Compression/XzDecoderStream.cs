using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OstreeSharp.Compression;

/// <summary>
/// A read-only stream that decompresses the .xz format (one or more concatenated streams, with optional stream
/// padding) from an underlying stream. Supports the LZMA2 filter and the None, CRC-32, CRC-64 and SHA-256 checks;
/// verifies header, block, index and footer integrity. Memory is bounded: input is buffered 128 KiB at a time and the
/// LZMA2 dictionary grows only as far as the data decoded (up to the size the block declares).
/// </summary>
/// <remarks>Every malformed or truncated input raises <see cref="XzFormatException"/>.</remarks>
public sealed class XzDecoderStream : Stream
{
    private const int LinearChunk = int.MaxValue;

    private const int InputBufferSize = 128 * 1024;
    private const ulong MaxVarint = long.MaxValue;
    private const byte FilterLzma2 = 0x21;

    private enum State
    {
        StreamHeader,
        BlockOrIndex,
        ChunkHeader,
        UncompressedChunk,
        LzmaChunk,
        BlockPadding,
        BlockCheck,
        IndexCount,
        IndexRecords,
        IndexPaddingAndCrc,
        StreamFooter,
        StreamPadding,
        Done,
    }

    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly long? _memoryLimit;
    private readonly bool _verifyChecks;
    private readonly LzmaDecoder _lzma = new();
    private bool _linearOutput;

    private byte[]? _in = ArrayPool<byte>.Shared.Rent(InputBufferSize + 16);
    private int _inPos;
    private int _inEnd;
    private bool _sourceEof;
    private long _sourceOffset; // source bytes before _in[0]
    private int _need;
    private bool _disposed;

    private State _state = State.StreamHeader;
    private bool _anyStream;

    // Stream level.
    private int _checkType;
    private int _checkSize;
    private byte _streamFlags;
    private ulong _blockCount;
    private ulong _sumUnpadded;
    private ulong _sumUncompressed;
    private ulong _recordHash = ulong.MaxValue;

    // Block level.
    private int _blockHeaderSize;
    private long _declaredCompressed;
    private long _declaredUncompressed;
    private long _blockCompressed;
    private long _blockUncompressed;
    private bool _needDictReset;
    private bool _needProperties;
    private int _chunkRemaining;     // uncompressed bytes left in the current chunk
    private int _chunkCompressed;    // compressed size of the current LZMA chunk
    private int _outStart;           // first dictionary byte not yet handed to the caller
    private int _pendingOutput;      // dictionary bytes decoded but not yet handed to the caller
    private uint _crc32;
    private ulong _crc64;
    private IncrementalHash? _sha256;

    // Index.
    private ulong _indexRecordsLeft;
    private ulong _indexSumUnpadded;
    private ulong _indexSumUncompressed;
    private ulong _indexHash;
    private uint _indexCrc;
    private long _indexSize;

    /// <summary>Creates a decoder reading .xz data from <paramref name="source"/>.</summary>
    /// <param name="source">The compressed data; must be readable.</param>
    /// <param name="options">Decoder options, or <see langword="null"/> for the defaults.</param>
    /// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="source"/> open.</param>
    public XzDecoderStream(Stream source, XzDecoderOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead)
        {
            throw new ArgumentException("The source stream must be readable.", nameof(source));
        }

        _source = source;
        _leaveOpen = leaveOpen;
        _memoryLimit = options?.MemoryLimit;
        _verifyChecks = options?.VerifyChecks ?? true;
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
        ThrowIfLinear();
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

            if (_sourceEof)
            {
                throw new XzFormatException("Truncated xz data");
            }

            Fill(_source.Read(FreeSpace()));
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
        ThrowIfLinear();
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

            if (_sourceEof)
            {
                throw new XzFormatException("Truncated xz data");
            }

            Fill(await _source.ReadAsync(FreeMemory(), cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Decodes all of <paramref name="source"/> into <paramref name="buffer"/>, which must be exactly as large as the
    /// output (the size the xz indexes declare, see <see cref="XzIndexReader"/>). The buffer serves as the LZMA
    /// dictionary, so no window is allocated and nothing is copied; every check of the streaming decoder applies.
    /// </summary>
    /// <param name="source">The .xz data.</param>
    /// <param name="buffer">Receives the output; also the dictionary.</param>
    /// <param name="capacity">The exact output size.</param>
    /// <param name="options">Decoder options (memory limit, checks).</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <param name="progress">Called with the bytes decoded so far after each step that produced some: the caller may
    /// then release memory behind, as long as reading it again brings the same bytes back.</param>
    /// <param name="backing">Optional: the file <paramref name="buffer"/> maps (see <see cref="LzmaDecoder.UseLinearOutput"/>);
    /// reads further back than <paramref name="residentDistance"/> then go to the file, not the mapping.</param>
    /// <param name="residentDistance">With <paramref name="backing"/>: how far behind the output the buffer stays readable.</param>
    /// <exception cref="XzFormatException">Malformed input, or output that does not fill the buffer exactly.</exception>
    internal static unsafe void DecodeAll(Stream source, byte* buffer, int capacity, XzDecoderOptions? options, CancellationToken cancellationToken, Action<int>? progress = null, Microsoft.Win32.SafeHandles.SafeFileHandle? backing = null, int residentDistance = int.MaxValue)
    {
        using var xz = new XzDecoderStream(source, options, leaveOpen: true);
        xz._lzma.UseLinearOutput(buffer, capacity, backing, residentDistance);
        xz._linearOutput = true;
        int reported = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int stepped = xz.Step(default);
            if (progress is not null && xz._lzma.Position != reported)
            {
                reported = xz._lzma.Position;
                progress(reported);
            }

            if (stepped > 0)
            {
                continue;
            }

            if (xz._state == State.Done)
            {
                break;
            }

            if (xz._sourceEof)
            {
                throw new XzFormatException("Truncated xz data");
            }

            xz.Fill(xz._source.Read(xz.FreeSpace()));
        }

        if (xz._lzma.Position != capacity)
        {
            throw new XzFormatException($"xz data decodes to {xz._lzma.Position} bytes, its index declares {capacity}");
        }
    }

    private void ThrowIfLinear()
    {
        if (_linearOutput)
        {
            throw new InvalidOperationException("This decoder writes into a caller's buffer.");
        }
    }

    /// <summary>How much one step may produce for <paramref name="dest"/> (unbounded in linear mode, where nothing is copied).</summary>
    private int DestLength(Span<byte> dest) => _linearOutput ? LinearChunk : dest.Length;

    private static XzFormatException OutputOverrun() =>
        new("xz data decodes to more bytes than its index declares");

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            if (disposing)
            {
                _sha256?.Dispose();
                if (!_leaveOpen)
                {
                    _source.Dispose();
                }
            }

            if (_in is { } buf)
            {
                _in = null;
                ArrayPool<byte>.Shared.Return(buf);
            }
        }

        base.Dispose(disposing);
    }

    // ---- input buffer ------------------------------------------------------------------------------------------

    private int Available => _inEnd - _inPos;

    private Span<byte> FreeSpace() => FreeMemory().Span;

    private Memory<byte> FreeMemory()
    {
        byte[] buf = _in!;
        if (_inPos > 0 && buf.Length - _inEnd < Math.Max(_need - Available, 4096))
        {
            Buffer.BlockCopy(buf, _inPos, buf, 0, Available);
            _sourceOffset += _inPos;
            _inEnd -= _inPos;
            _inPos = 0;
        }

        return buf.AsMemory(_inEnd);
    }

    private void Fill(int read)
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

    private long Offset => _sourceOffset + _inPos;

    /// <summary>True when <paramref name="count"/> bytes are buffered; otherwise asks for more or reports truncation.</summary>
    private bool Have(int count, string what)
    {
        if (Available >= count)
        {
            return true;
        }

        if (_sourceEof)
        {
            throw new XzFormatException($"Truncated xz data: input ends inside the {what} at offset {Offset}");
        }

        _need = count;
        return false;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        var span = new ReadOnlySpan<byte>(_in, _inPos, count);
        _inPos += count;
        return span;
    }

    // ---- state machine -----------------------------------------------------------------------------------------

    /// <summary>Advances the decoder; returns bytes written to <paramref name="dest"/>, or 0 when input is needed or at the end.</summary>
    private int Step(Span<byte> dest)
    {
        while (true)
        {
            switch (_state)
            {
                case State.StreamHeader:
                    if (!_anyStream && _sourceEof && Available == 0)
                    {
                        throw new XzFormatException("Empty input is not an xz file");
                    }

                    if (!Have(12, "stream header"))
                    {
                        return 0;
                    }

                    ParseStreamHeader(Take(12));
                    _anyStream = true;
                    _state = State.BlockOrIndex;
                    break;

                case State.BlockOrIndex:
                    if (!Have(1, "block header or index"))
                    {
                        return 0;
                    }

                    if (_in![_inPos] == 0)
                    {
                        _inPos++;
                        _indexCrc = Crc32.Update(uint.MaxValue, [0]);
                        _indexSize = 1;
                        _indexSumUnpadded = 0;
                        _indexSumUncompressed = 0;
                        _indexHash = ulong.MaxValue;
                        _state = State.IndexCount;
                        break;
                    }

                    int headerSize = (_in[_inPos] + 1) * 4;
                    if (!Have(headerSize, "block header"))
                    {
                        return 0;
                    }

                    ParseBlockHeader(Take(headerSize));
                    _state = State.ChunkHeader;
                    break;

                case State.ChunkHeader:
                    if (!StartChunk())
                    {
                        return 0;
                    }

                    break;

                case State.UncompressedChunk:
                {
                    int n = FlushOrPrepare(dest);
                    if (n > 0)
                    {
                        return n;
                    }

                    if (_chunkRemaining == 0)
                    {
                        _state = State.ChunkHeader;
                        break;
                    }

                    if (!Have(1, "uncompressed LZMA2 chunk"))
                    {
                        return 0;
                    }

                    int room = _lzma.PrepareWrite();
                    if (room == 0)
                    {
                        throw OutputOverrun();
                    }

                    _outStart = _lzma.Position;
                    int count = Math.Min(Math.Min(room, _chunkRemaining), Math.Min(Available, DestLength(dest)));
                    _lzma.CopyUncompressed(Take(count));
                    _blockCompressed += count;
                    _chunkRemaining -= count;
                    _pendingOutput = count;
                    AddUncompressed(count);
                    return Emit(dest);
                }

                case State.LzmaChunk:
                {
                    if (!_lzmaStarted)
                    {
                        if (!Have(_chunkCompressed, "LZMA2 chunk"))
                        {
                            return 0;
                        }

                        _lzma.StartChunk(_in!, _inPos, _chunkCompressed);
                        _lzmaStarted = true;
                    }

                    int n = FlushOrPrepare(dest);
                    if (n > 0)
                    {
                        return n;
                    }

                    if (_chunkRemaining == 0)
                    {
                        _lzma.FinishChunk();
                        _inPos += _chunkCompressed;
                        _blockCompressed += _chunkCompressed;
                        _state = State.ChunkHeader;
                        break;
                    }

                    int room = _lzma.PrepareWrite();
                    if (room == 0)
                    {
                        throw OutputOverrun();
                    }

                    _outStart = _lzma.Position;
                    int produced = _lzma.Decode(Math.Min(Math.Min(room, _chunkRemaining), Math.Max(DestLength(dest), 4096)));
                    _chunkRemaining -= produced;
                    _pendingOutput = produced;
                    AddUncompressed(produced);
                    return Emit(dest);
                }

                case State.BlockPadding:
                {
                    int pad = (int)((4 - ((_blockHeaderSize + _blockCompressed) & 3)) & 3);
                    if (!Have(pad, "block padding"))
                    {
                        return 0;
                    }

                    foreach (byte b in Take(pad))
                    {
                        if (b != 0)
                        {
                            throw new XzFormatException($"Non-zero block padding at offset {Offset - 1}");
                        }
                    }

                    _state = State.BlockCheck;
                    break;
                }

                case State.BlockCheck:
                    if (!Have(_checkSize, "block check"))
                    {
                        return 0;
                    }

                    VerifyBlockCheck(Take(_checkSize));
                    _state = State.BlockOrIndex;
                    break;

                case State.IndexCount:
                {
                    if (Available < 9 && !_sourceEof)
                    {
                        _need = 9;
                        return 0;
                    }

                    ulong count = ReadIndexVarint();
                    if (count != _blockCount)
                    {
                        throw new XzFormatException($"xz index lists {count} records but the stream has {_blockCount} blocks");
                    }

                    _indexRecordsLeft = count;
                    _state = _indexRecordsLeft == 0 ? State.IndexPaddingAndCrc : State.IndexRecords;
                    break;
                }

                case State.IndexRecords:
                {
                    if (Available < 18 && !_sourceEof)
                    {
                        _need = 18;
                        return 0;
                    }

                    ulong unpadded = ReadIndexVarint();
                    ulong uncompressed = ReadIndexVarint();
                    if (unpadded < 5 || unpadded > MaxVarint - 3)
                    {
                        throw new XzFormatException($"xz index record has an invalid unpadded size {unpadded}");
                    }

                    _indexSumUnpadded += unpadded;
                    _indexSumUncompressed += uncompressed;
                    _indexHash = HashRecord(_indexHash, unpadded, uncompressed);
                    if (--_indexRecordsLeft == 0)
                    {
                        _state = State.IndexPaddingAndCrc;
                    }

                    break;
                }

                case State.IndexPaddingAndCrc:
                {
                    int pad = (int)((4 - (_indexSize & 3)) & 3);
                    if (!Have(pad + 4, "index"))
                    {
                        return 0;
                    }

                    ReadOnlySpan<byte> padding = Take(pad);
                    foreach (byte b in padding)
                    {
                        if (b != 0)
                        {
                            throw new XzFormatException("Non-zero padding in the xz index");
                        }
                    }

                    _indexCrc = Crc32.Update(_indexCrc, padding);
                    _indexSize += pad + 4;
                    if (BinaryPrimitives.ReadUInt32LittleEndian(Take(4)) != ~_indexCrc)
                    {
                        throw new XzFormatException("xz index CRC32 mismatch");
                    }

                    if (_indexSumUnpadded != _sumUnpadded || _indexSumUncompressed != _sumUncompressed || _indexHash != _recordHash)
                    {
                        throw new XzFormatException("xz index does not match the blocks of the stream");
                    }

                    _state = State.StreamFooter;
                    break;
                }

                case State.StreamFooter:
                    if (!Have(12, "stream footer"))
                    {
                        return 0;
                    }

                    ParseStreamFooter(Take(12));
                    _state = State.StreamPadding;
                    break;

                case State.StreamPadding:
                    if (Available < 4)
                    {
                        if (!_sourceEof)
                        {
                            _need = 4;
                            return 0;
                        }

                        if (Available == 0)
                        {
                            _state = State.Done;
                            return 0;
                        }

                        throw new XzFormatException($"Truncated xz data or stream padding not a multiple of 4 bytes at offset {Offset}");
                    }

                    if (BinaryPrimitives.ReadUInt32LittleEndian(_in.AsSpan(_inPos)) == 0)
                    {
                        _inPos += 4;
                        break;
                    }

                    _state = State.StreamHeader;
                    break;

                default:
                    return 0;
            }
        }
    }

    /// <summary>Hands out decoded-but-unread bytes; if none remain, returns 0 so the caller may decode more.</summary>
    private int FlushOrPrepare(Span<byte> dest) => _pendingOutput > 0 ? Emit(dest) : 0;

    private int Emit(Span<byte> dest)
    {
        int n = Math.Min(_pendingOutput, DestLength(dest));
        if (!_linearOutput)
        {
            _lzma.Output(_outStart, n).CopyTo(dest);
        }

        _outStart += n;
        _pendingOutput -= n;
        return n;
    }

    private void AddUncompressed(int count)
    {
        ReadOnlySpan<byte> data = _lzma.Output(_outStart, count);
        _blockUncompressed += count;
        if (_declaredUncompressed >= 0 && _blockUncompressed > _declaredUncompressed)
        {
            throw new XzFormatException($"xz block produces more than its declared uncompressed size {_declaredUncompressed}");
        }

        if (!_verifyChecks)
        {
            return;
        }

        switch (_checkType)
        {
            case 1:
                _crc32 = Crc32.Update(_crc32, data);
                break;
            case 4:
                _crc64 = Crc64.Update(_crc64, data);
                break;
            case 10:
                _sha256!.AppendData(data);
                break;
            default:
                break;
        }
    }

    private bool StartChunk()
    {
        if (!Have(1, "LZMA2 chunk header"))
        {
            return false;
        }

        byte control = _in![_inPos];
        if (control == 0)
        {
            _inPos++;
            _blockCompressed++;
            CheckCompressedSize();
            _state = State.BlockPadding;
            return true;
        }

        if (control is 1 or 2)
        {
            if (!Have(3, "LZMA2 chunk header"))
            {
                return false;
            }

            ReadOnlySpan<byte> h = Take(3);
            _blockCompressed += 3;
            if (control == 1)
            {
                _lzma.ResetDictionary();
                _needDictReset = false;
                _needProperties = true;
            }
            else if (_needDictReset)
            {
                throw new XzFormatException("First LZMA2 chunk of a block does not reset the dictionary");
            }

            _chunkRemaining = ((h[1] << 8) | h[2]) + 1;
            CheckCompressedSize(_chunkRemaining);
            _state = State.UncompressedChunk;
            return true;
        }

        if (control < 0x80)
        {
            throw new XzFormatException($"Invalid LZMA2 control byte 0x{control:X2} at offset {Offset}");
        }

        int headerSize = control >= 0xC0 ? 6 : 5;
        if (!Have(headerSize, "LZMA2 chunk header"))
        {
            return false;
        }

        ReadOnlySpan<byte> header = Take(headerSize);
        _blockCompressed += headerSize;
        int reset = (control >> 5) & 3;
        if (reset == 3)
        {
            _lzma.ResetDictionary();
            _needDictReset = false;
        }
        else if (_needDictReset)
        {
            throw new XzFormatException("First LZMA2 chunk of a block does not reset the dictionary");
        }

        if (reset >= 2)
        {
            _lzma.SetProperties(header[5]);
            _needProperties = false;
        }
        else if (_needProperties)
        {
            throw new XzFormatException("LZMA2 chunk without properties after a dictionary reset");
        }
        else if (reset == 1)
        {
            _lzma.ResetState();
        }

        _chunkRemaining = (((control & 0x1F) << 16) | (header[1] << 8) | header[2]) + 1;
        _chunkCompressed = ((header[3] << 8) | header[4]) + 1;
        CheckCompressedSize(_chunkCompressed);
        _lzmaStarted = false;
        _state = State.LzmaChunk;
        return true;
    }

    private bool _lzmaStarted;

    private void CheckCompressedSize(int upcoming = 0)
    {
        if (_declaredCompressed >= 0 && _blockCompressed + upcoming > _declaredCompressed)
        {
            throw new XzFormatException($"xz block exceeds its declared compressed size {_declaredCompressed}");
        }
    }

    private void ParseStreamHeader(ReadOnlySpan<byte> h)
    {
        if (!h[..6].SequenceEqual((ReadOnlySpan<byte>)[0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00]))
        {
            throw new XzFormatException($"Not an xz stream: bad magic at offset {Offset - 12}");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(h[8..]) != Crc32.Compute(h.Slice(6, 2)))
        {
            throw new XzFormatException("xz stream header CRC32 mismatch");
        }

        if (h[6] != 0 || (h[7] & 0xF0) != 0)
        {
            throw new XzFormatException($"Unsupported xz stream flags 0x{h[6]:X2}{h[7]:X2}");
        }

        _streamFlags = h[7];
        _checkType = h[7] & 0x0F;
        _checkSize = _checkType switch
        {
            0 => 0,
            1 => 4,
            4 => 8,
            10 => 32,
            _ => throw new XzFormatException($"Unsupported xz check type {_checkType}"),
        };
        _blockCount = 0;
        _sumUnpadded = 0;
        _sumUncompressed = 0;
        _recordHash = ulong.MaxValue;
    }

    private void ParseBlockHeader(ReadOnlySpan<byte> h)
    {
        _blockHeaderSize = h.Length;
        if (BinaryPrimitives.ReadUInt32LittleEndian(h[^4..]) != Crc32.Compute(h[..^4]))
        {
            throw new XzFormatException($"xz block header CRC32 mismatch at offset {Offset - h.Length}");
        }

        byte flags = h[1];
        if ((flags & 0x3C) != 0)
        {
            throw new XzFormatException($"Unsupported xz block flags 0x{flags:X2}");
        }

        ReadOnlySpan<byte> body = h[2..^4];
        _declaredCompressed = -1;
        _declaredUncompressed = -1;
        if ((flags & 0x40) != 0)
        {
            ulong v = ReadVarint(ref body, "block header");
            if (v == 0 || v > MaxVarint)
            {
                throw new XzFormatException($"Invalid compressed size {v} in xz block header");
            }

            _declaredCompressed = (long)v;
        }

        if ((flags & 0x80) != 0)
        {
            _declaredUncompressed = (long)ReadVarint(ref body, "block header");
        }

        int filters = (flags & 3) + 1;
        long dictSize = 0;
        for (int i = 0; i < filters; i++)
        {
            ulong id = ReadVarint(ref body, "block header");
            ulong propsSize = ReadVarint(ref body, "block header");
            if (propsSize > (ulong)body.Length)
            {
                throw new XzFormatException("xz filter properties overrun the block header");
            }

            ReadOnlySpan<byte> props = body[..(int)propsSize];
            body = body[(int)propsSize..];
            if (i < filters - 1)
            {
                throw new XzFormatException(id switch
                {
                    0x03 => "Unsupported xz filter: delta",
                    >= 0x04 and <= 0x09 => $"Unsupported xz filter: BCJ (0x{id:X2})",
                    FilterLzma2 => "LZMA2 must be the last filter of an xz block",
                    _ => $"Unsupported xz filter 0x{id:X}",
                });
            }

            if (id != FilterLzma2)
            {
                throw new XzFormatException($"Unsupported xz filter 0x{id:X} (only LZMA2 is supported)");
            }

            if (props.Length != 1 || props[0] > 40)
            {
                throw new XzFormatException("Invalid LZMA2 filter properties");
            }

            dictSize = props[0] == 40 ? uint.MaxValue : (2L | (props[0] & 1L)) << ((props[0] / 2) + 11);
        }

        foreach (byte b in body)
        {
            if (b != 0)
            {
                throw new XzFormatException("Non-zero padding in xz block header");
            }
        }

        if (_memoryLimit is { } limit && dictSize > limit)
        {
            throw new XzFormatException($"xz block needs a {dictSize}-byte dictionary, above the memory limit of {limit} bytes");
        }

        _lzma.SetDictionarySize(dictSize);
        _needDictReset = true;
        _needProperties = true;
        _blockCompressed = 0;
        _blockUncompressed = 0;
        _pendingOutput = 0;
        _crc32 = uint.MaxValue;
        _crc64 = ulong.MaxValue;
        if (_checkType == 10 && _verifyChecks)
        {
            _sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }
    }

    private void VerifyBlockCheck(ReadOnlySpan<byte> check)
    {
        if (_declaredUncompressed >= 0 && _blockUncompressed != _declaredUncompressed)
        {
            throw new XzFormatException($"xz block decoded to {_blockUncompressed} bytes, header declares {_declaredUncompressed}");
        }

        if (_declaredCompressed >= 0 && _blockCompressed != _declaredCompressed)
        {
            throw new XzFormatException($"xz block has {_blockCompressed} compressed bytes, header declares {_declaredCompressed}");
        }

        if (_verifyChecks)
        {
            bool ok = _checkType switch
            {
                1 => BinaryPrimitives.ReadUInt32LittleEndian(check) == ~_crc32,
                4 => BinaryPrimitives.ReadUInt64LittleEndian(check) == ~_crc64,
                10 => Sha256Matches(check),
                _ => true,
            };
            if (!ok)
            {
                throw new XzFormatException($"xz block integrity check failed ({CheckName(_checkType)})");
            }
        }

        ulong unpadded = (ulong)(_blockHeaderSize + _blockCompressed + _checkSize);
        _blockCount++;
        _sumUnpadded += unpadded;
        _sumUncompressed += (ulong)_blockUncompressed;
        _recordHash = HashRecord(_recordHash, unpadded, (ulong)_blockUncompressed);
    }

    private bool Sha256Matches(ReadOnlySpan<byte> check)
    {
        Span<byte> digest = stackalloc byte[32];
        _sha256!.GetHashAndReset(digest);
        return digest.SequenceEqual(check);
    }

    private static string CheckName(int type) => type switch
    {
        1 => "CRC32",
        4 => "CRC64",
        10 => "SHA-256",
        _ => "none",
    };

    private static ulong HashRecord(ulong hash, ulong unpadded, ulong uncompressed)
    {
        Span<byte> rec = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(rec, unpadded);
        BinaryPrimitives.WriteUInt64LittleEndian(rec[8..], uncompressed);
        return Crc64.Update(hash, rec);
    }

    private void ParseStreamFooter(ReadOnlySpan<byte> f)
    {
        if (f[10] != (byte)'Y' || f[11] != (byte)'Z')
        {
            throw new XzFormatException($"Bad xz stream footer magic at offset {Offset - 2}");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(f) != Crc32.Compute(f.Slice(4, 6)))
        {
            throw new XzFormatException("xz stream footer CRC32 mismatch");
        }

        if (f[8] != 0 || f[9] != _streamFlags)
        {
            throw new XzFormatException("xz stream footer flags differ from the stream header");
        }

        long backward = ((long)BinaryPrimitives.ReadUInt32LittleEndian(f[4..]) + 1) * 4;
        if (backward != _indexSize)
        {
            throw new XzFormatException($"xz stream footer backward size {backward} does not match the index size {_indexSize}");
        }
    }

    /// <summary>Reads a varint of the index from the buffered input, feeding the index CRC.</summary>
    private ulong ReadIndexVarint()
    {
        ReadOnlySpan<byte> avail = _in.AsSpan(_inPos, Available);
        ReadOnlySpan<byte> rest = avail;
        ulong value = ReadVarint(ref rest, "index");
        int used = avail.Length - rest.Length;
        _indexCrc = Crc32.Update(_indexCrc, avail[..used]);
        _indexSize += used;
        _inPos += used;
        return value;
    }

    private static ulong ReadVarint(ref ReadOnlySpan<byte> data, string where)
    {
        ulong value = 0;
        for (int i = 0; i < 9; i++)
        {
            if (i >= data.Length)
            {
                throw new XzFormatException($"Truncated variable-length integer in the xz {where}");
            }

            byte b = data[i];
            if (i > 0 && b == 0)
            {
                throw new XzFormatException($"Non-minimal variable-length integer in the xz {where}");
            }

            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                data = data[(i + 1)..];
                return value;
            }
        }

        throw new XzFormatException($"Variable-length integer longer than 9 bytes in the xz {where}");
    }
}
