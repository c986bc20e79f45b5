using BenchmarkDotNet.Attributes;
using OstreeSharp.Objects;

namespace OstreeSharp.Benchmarks;

/// <summary>DirTreeObject build + serialize for 1,000 entries; MetadataDictionary serialize.</summary>
[MemoryDiagnoser]
public class ObjectBenchmarks
{
    private DirTreeFile[] _files = null!;
    private DirTreeDirectory[] _dirs = null!;
    private MetadataDictionary _metadata = null!;

    [GlobalSetup]
    public void Setup()
    {
        var t = TestData.DirTree(900, 100);
        // Shuffled input, as a directory walk yields it: Create has to sort.
        var rng = new Random(1);
        _files = [.. t.Files.OrderBy(_ => rng.Next())];
        _dirs = [.. t.Directories.OrderBy(_ => rng.Next())];
        _metadata = TestData.Metadata(200);
    }

    [Benchmark]
    public ReadOnlyMemory<byte> DirTreeBuildAndSerialize1000() => DirTreeObject.Create(_files, _dirs).RawBytes;

    [Benchmark]
    public byte[] MetadataSerialize() => _metadata.Serialize();
}
