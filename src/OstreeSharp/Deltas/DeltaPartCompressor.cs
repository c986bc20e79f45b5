namespace OstreeSharp.Deltas;

/// <summary>
/// How delta part payloads are compressed when generating: the compression byte written at the start of each part
/// file and a factory for the stream that compresses the payload.
/// </summary>
public sealed class DeltaPartCompressor
{
    private readonly Func<Stream, Stream> _factory;

    /// <summary>Creates a compressor.</summary>
    /// <param name="kind">The compression byte (readers accept only <see cref="DeltaPartCompression.None"/> and <see cref="DeltaPartCompression.Xz"/>).</param>
    /// <param name="createStream">
    /// Given the part file stream (positioned after the compression byte), returns a writable stream that compresses
    /// into it; disposing the returned stream must complete the compressed data and must leave the part file open.
    /// </param>
    public DeltaPartCompressor(DeltaPartCompression kind, Func<Stream, Stream> createStream)
    {
        ArgumentNullException.ThrowIfNull(createStream);
        Kind = kind;
        _factory = createStream;
    }

    /// <summary>The compression byte.</summary>
    public DeltaPartCompression Kind { get; }

    /// <summary>Opens a compressing stream over <paramref name="partFile"/>.</summary>
    public Stream CreateStream(Stream partFile) => _factory(partFile);

    /// <summary>No compression (byte 0x00).</summary>
    public static DeltaPartCompressor None { get; } = new(DeltaPartCompression.None, s => new NonClosingStream(s));

    /// <summary>
    /// xz (byte <c>'x'</c>) at preset 8: the 32 MiB dictionary libostree's parts declare (checked with
    /// <c>xz --list</c> on parts written by ostree 2022.7), CRC64 check, one block. The generator compresses
    /// several parts in parallel, and the last part (the only one of a small delta) in two segments on two threads
    /// that share the dictionary; the bytes do not depend on the number of threads.
    /// </summary>
    public static DeltaPartCompressor Xz { get; } = CreateXz(8);

    /// <summary>How far back the built-in xz compressors' match finder trees reach (4 MiB); far matches cover the rest of the dictionary.</summary>
    internal const int DefaultMatchWindow = 4 << 20;

    /// <summary>xz at another preset (0–9): lower presets are faster and compress less.</summary>
    /// <param name="preset">The xz preset.</param>
    public static DeltaPartCompressor CreateXz(int preset)
    {
        // Delta parts are coded in memory: a 4 MiB match finder tree plus far matches (see LzmaFarMatches) instead of a
        // tree over the whole 32 MiB dictionary. On a Debian minbase v1 -> v2 delta: 0.14 % larger, 542 -> 174 MB peak.
        var options = new Compression.XzEncoderOptions { Preset = preset, MaxDegreeOfParallelism = 1, MatchWindow = DefaultMatchWindow, FarMatches = true };
        return new(DeltaPartCompression.Xz, s => new Compression.XzEncoderStream(s, options, leaveOpen: true)) { XzOptions = options };
    }

    /// <summary>
    /// For the built-in xz compressors: their options. The generator then compresses each whole payload in memory
    /// (dictionary and match finder sized to the part, the last part coded in two segments on two threads, see
    /// <see cref="Compression.XzSegmentedEncoder"/>) instead of streaming it through <see cref="CreateStream"/>.
    /// </summary>
    internal Compression.XzEncoderOptions? XzOptions { get; private init; }

    /// <summary>What <see cref="StaticDeltaGeneratorOptions"/> uses unless told otherwise: <see cref="Xz"/>, as libostree.</summary>
    public static DeltaPartCompressor Default => Xz;

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}
