using BenchmarkDotNet.Attributes;
using OstreeSharp.Compression;

namespace OstreeSharp.Benchmarks;

/// <summary>
/// xz encoding of 4 MB of a real file tree (a tar of /usr/share/doc when readable, else synthetic content) at a fast
/// and the default preset, and decoding of the result. Whole-file comparisons against xz(1) live in
/// benchmarks/compare/xz-compare.sh.
/// </summary>
[MemoryDiagnoser]
public class XzEncoderBenchmarks
{
    private byte[] _input = [];
    private byte[] _compressed = [];

    [Params(1, 6)]
    public int Preset { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = Corpus(4_000_000);
        _compressed = Xz.Compress(_input, new XzEncoderOptions { Preset = Preset });
    }

    [Benchmark]
    public byte[] Compress() => Xz.Compress(_input, new XzEncoderOptions { Preset = Preset });

    [Benchmark]
    public byte[] Decompress() => Xz.Decompress(_compressed);

    private static byte[] Corpus(int size)
    {
        var buffer = new MemoryStream();
        if (Directory.Exists("/usr/share/doc"))
        {
            foreach (string file in Directory.EnumerateFiles("/usr/share/doc", "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                try
                {
                    byte[] bytes = File.ReadAllBytes(file);
                    buffer.Write(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
                    buffer.Write(bytes);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }

                if (buffer.Length >= size)
                {
                    return buffer.ToArray()[..size];
                }
            }
        }

        return TestData.Content(size);
    }
}
