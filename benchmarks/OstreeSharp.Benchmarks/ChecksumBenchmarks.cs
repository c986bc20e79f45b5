using BenchmarkDotNet.Attributes;
using OstreeSharp.Objects;

namespace OstreeSharp.Benchmarks;

/// <summary>Checksum hex parse and format.</summary>
[MemoryDiagnoser]
public class ChecksumBenchmarks
{
    private readonly string _hex = TestData.ChecksumOf("x").ToString();
    private readonly Checksum _checksum = TestData.ChecksumOf("y");

    [Benchmark]
    public Checksum Parse() => Checksum.Parse(_hex);

    [Benchmark]
    public string Format() => _checksum.ToString();
}
