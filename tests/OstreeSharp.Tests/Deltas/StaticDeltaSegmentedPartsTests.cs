using OstreeSharp.Commit;
using OstreeSharp.Compression;
using OstreeSharp.Deltas;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Deltas;

/// <summary>
/// A delta of two parts of over 4 MiB (each xz-coded in two segments), and the low-memory match finder.
/// </summary>
public sealed class StaticDeltaSegmentedPartsTests : IDisposable
{
    private const ulong ChunkSize = 6_000_000;

    private readonly ScratchDir _dir = new();
    private readonly OstreeRepo _repo;
    private readonly Checksum _commit;

    public StaticDeltaSegmentedPartsTests()
    {
        // Some text, then 10 MiB in files of 512 KiB: random blocks, every third one repeating an earlier block with a
        // byte changed (so matches reach back megabytes, across the segment boundary).
        string tree = _dir.Combine("tree");
        Directory.CreateDirectory(tree);
        var blocks = new List<byte[]>();
        for (int i = 0; i < 20; i++)
        {
            byte[] b = i % 3 == 2 ? (byte[])blocks[i - 2].Clone() : DeltaTestData.XorShift(512 << 10, (ulong)(i + 1) * 0x9E3779B97F4A7C15UL);
            b[1000 + i] ^= 0x55;
            blocks.Add(b);
            File.WriteAllBytes(Path.Combine(tree, $"f{i:D2}.bin"), b);
        }
        File.WriteAllText(Path.Combine(tree, "a-text"), string.Concat(Enumerable.Range(0, 20000).Select(i => $"line {i} of some text\n")));
        _repo = OstreeRepo.Create(_dir.Combine("repo"), RepoMode.Archive);
        _commit = _repo.CommitDirectory(tree, "main");
    }

    public void Dispose()
    {
        _repo.Dispose();
        _dir.Dispose();
    }

    private (string Dir, StaticDeltaGenerationResult Result) Generate(string name, int threads, bool lowMemory = false)
    {
        string dir = _dir.Combine(name);
        Directory.CreateDirectory(dir);
        var options = new StaticDeltaGeneratorOptions
        {
            Filename = Path.Combine(dir, "superblock"),
            Timestamp = 1_700_000_000,
            MinFallbackSize = 0,
            MaxChunkSize = ChunkSize,
            MaxDegreeOfParallelism = threads,
            LowMemory = lowMemory,
        };
        return (dir, new StaticDeltaGenerator(_repo, options).Generate(null, _commit));
    }

    private void AssertApplies(string dir)
    {
        using var target = OstreeRepo.Create(_dir.Combine("target-" + Path.GetFileName(dir)), RepoMode.BareUser);
        Assert.Equal(_commit, new StaticDeltaApplier(target).Apply(Path.Combine(dir, "superblock")).Commit);
        foreach (var e in target.EnumerateDirectory(target.GetRoot(_commit), recursive: true).Where(e => e.Kind == TreeEntryKind.File))
        {
            using var c = target.ReadContent(e.Checksum);
            Assert.Equal(e.Checksum, ContentHasher.Compute(c.Header, c.Content!));
        }
    }

    /// <summary>The LZMA2 dictionary property of a part file's (single) xz block.</summary>
    private static byte DictionaryProperty(string partFile)
    {
        byte[] part = File.ReadAllBytes(partFile);
        Assert.Equal((byte)'x', part[0]);
        int p = 1 + 12; // compression byte, stream header
        byte flags = part[p + 1];
        Assert.Equal(0, flags & 3); // one filter
        int q = p + 2;
        for (int sizes = ((flags >> 6) & 1) + ((flags >> 7) & 1); sizes > 0; sizes--)
        {
            while ((part[q++] & 0x80) != 0)
            {
            }
        }
        Assert.Equal(0x21, part[q]); // LZMA2
        Assert.Equal(1, part[q + 1]);
        return part[q + 2];
    }

    [Fact]
    public void PartsAreTheSameForEveryDegreeOfParallelism()
    {
        var (one, r1) = Generate("one", 1);
        var (two, r2) = Generate("two", 2);
        var (three, _) = Generate("three", 3);
        Assert.Equal(2, r2.Parts.Count);
        Assert.All(r2.Parts, p => Assert.True((long)p.UncompressedSize >= XzSegmentedEncoder.MinSplitLength, $"{p.UncompressedSize} bytes"));
        Assert.Equal(r1.Parts, r2.Parts);
        foreach (string file in Directory.GetFiles(two).Select(Path.GetFileName).OfType<string>())
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(one, file)), File.ReadAllBytes(Path.Combine(two, file)));
            Assert.Equal(File.ReadAllBytes(Path.Combine(one, file)), File.ReadAllBytes(Path.Combine(three, file)));
        }

        // The repeated blocks are coded as matches: far less than the 10.5 MB of input.
        Assert.True(r2.TotalCompressed < 8_500_000, $"{r2.TotalCompressed} bytes");
        AssertApplies(two);
    }

    [Fact]
    public void LowMemoryKeepsTheDictionaryAndStillFindsDistantRepeats()
    {
        // The low-memory tree reaches 1 MiB back; the repeated blocks are 1 MiB and more back, found as far matches.
        var (normal, normalResult) = Generate("normal", 2);
        var (low, result) = Generate("low", 2, lowMemory: true);
        Assert.Equal(normalResult.Parts.Count, result.Parts.Count);
        for (int i = 0; i < result.Parts.Count; i++)
        {
            string name = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(DictionaryProperty(Path.Combine(normal, name)), DictionaryProperty(Path.Combine(low, name)));
            Assert.True(DictionaryProperty(Path.Combine(low, name)) > Lzma2Encoder.DictionaryProperty(StaticDeltaGeneratorOptions.LowMemoryMatchWindow));
        }

        Assert.True(result.TotalCompressed < normalResult.TotalCompressed * 1.01, $"low memory {result.TotalCompressed} vs {normalResult.TotalCompressed} bytes");
        Assert.True(result.TotalCompressed < 8_500_000, $"{result.TotalCompressed} bytes");
        AssertApplies(low);
    }
}
