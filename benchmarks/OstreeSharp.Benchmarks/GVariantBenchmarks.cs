using BenchmarkDotNet.Attributes;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;

namespace OstreeSharp.Benchmarks;

/// <summary>GVariant read/write of a real-sized dirtree (500 files, 40 dirs) and commit (with a 500-entry sizes table).</summary>
[MemoryDiagnoser]
public class GVariantBenchmarks
{
    private DirTreeObject _tree = null!;
    private byte[] _treeBytes = null!;
    private CommitObject _commit = null!;
    private byte[] _commitBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tree = TestData.DirTree(500, 40);
        _treeBytes = _tree.RawBytes.ToArray();
        _commit = TestData.Commit(500);
        _commitBytes = _commit.RawBytes.ToArray();
    }

    [Benchmark]
    public DirTreeObject DirTreeParse() => DirTreeObject.Parse(_treeBytes);

    [Benchmark]
    public ReadOnlyMemory<byte> DirTreeSerialize() => DirTreeObject.Create(_tree.Files, _tree.Directories).RawBytes;

    [Benchmark]
    public bool DirTreeValidateNormalForm() => new GVariantReader(_treeBytes, OstreeTypes.DirTree).IsNormalForm();

    [Benchmark]
    public CommitObject CommitParse() => CommitObject.Parse(_commitBytes);

    [Benchmark]
    public CommitObject CommitSerialize() => CommitObject.Create(_commit.Metadata, _commit.Parent, _commit.Subject, _commit.Body,
        _commit.Timestamp, _commit.RootTree, _commit.RootMeta);

    [Benchmark]
    public GVariantValue CommitReadValueTree() => GVariantValue.Read(_commitBytes, OstreeTypes.Commit);
}
