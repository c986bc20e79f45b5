using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using OstreeSharp.Objects;

namespace OstreeSharp.Benchmarks;

/// <summary>
/// Content checksums (<see cref="ContentHasher"/>) and <c>.filez</c> deflate/inflate with the settings the archive
/// store uses (raw deflate, zlib level 6 = <c>archive.zlib-level</c> default, header prefix first).
/// </summary>
[MemoryDiagnoser]
public class ContentBenchmarks
{
    private static readonly FileHeader Header = FileHeader.RegularFile(0, 0, 0x81A4);
    private byte[] _content = null!;
    private byte[] _filez = null!;
    private readonly byte[] _buffer = new byte[64 * 1024];

    [Params(4096, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _content = TestData.Content(Size);
        _filez = Deflate();
    }

    [Benchmark]
    public Checksum ContentChecksum() => ContentHasher.Compute(Header, _content);

    [Benchmark]
    public byte[] Deflate()
    {
        var ms = new MemoryStream();
        ms.Write(Header.SerializeArchiveHeader((ulong)_content.Length));
        using (var deflate = new DeflateStream(ms, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true))
            deflate.Write(_content);
        return ms.ToArray();
    }

    [Benchmark]
    public long Inflate()
    {
        var header = FileHeader.ParseArchiveHeader(_filez, out ulong size, out int prefix);
        using var inflate = new DeflateStream(new MemoryStream(_filez, prefix, _filez.Length - prefix), CompressionMode.Decompress);
        long total = 0;
        int n;
        while ((n = inflate.Read(_buffer)) > 0)
            total += n;
        return total == (long)size && header.IsRegularFile ? total : -1;
    }
}
