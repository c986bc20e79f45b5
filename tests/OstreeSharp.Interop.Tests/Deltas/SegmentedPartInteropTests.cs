using OstreeSharp.Deltas;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Deltas;

/// <summary>
/// A delta whose last part is large enough to be xz-coded in two segments that share the dictionary
/// (<see cref="Compression.XzSegmentedEncoder"/>): the real <c>ostree static-delta apply-offline</c> accepts it, the
/// real fsck passes, matches reach across the segment boundary, and the part bytes do not depend on the number of
/// threads.
/// </summary>
public sealed class SegmentedPartInteropTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new("segmented-delta");

    public void Dispose() => _dir.Dispose();

    /// <summary>Commits <paramref name="tree"/> with the real ostree into a new archive repository.</summary>
    private (string Source, string Commit) CommitWithOstree(string tree)
    {
        string source = _dir.Combine("source");
        RealOstree.RunChecked("init", "--repo=" + source, "--mode=archive");
        RealOstree.RunChecked("commit", "--repo=" + source, "-b", "main", "--tree=dir=" + tree, "--timestamp=@1700000000", "-s", "s");
        return (source, RealOstree.RunChecked("rev-parse", "--repo=" + source, "main").TrimEnd('\n'));
    }

    /// <summary>
    /// The real ostree applies <paramref name="superblock"/> into a new <paramref name="mode"/> repository, its fsck
    /// passes, and the tree is the source's.
    /// </summary>
    private void AssertOstreeApplies(string source, string commit, string superblock, string mode)
    {
        string target = _dir.Combine("target-" + mode + "-" + Path.GetFileName(Path.GetDirectoryName(superblock)));
        RealOstree.RunChecked("init", "--repo=" + target, "--mode=" + mode);
        var apply = RealOstree.Run("static-delta", "apply-offline", "--repo=" + target, superblock);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var fsck = RealOstree.Run("fsck", "--repo=" + target);
        Assert.True(fsck.ExitCode == 0, fsck.ToString());
        Assert.Equal(RealOstree.RunChecked("ls", "-R", "-X", "--repo=" + source, commit), RealOstree.RunChecked("ls", "-R", "-X", "--repo=" + target, commit));
    }

    [Fact]
    public void RealOstreeAppliesATwoSegmentPart()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }

        // 3 MiB of random bytes, then a copy that differs in one byte (a different object, stored later in the same
        // part), then some text: about 7 MiB, one part, coded in two segments.
        string tree = _dir.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "a"));
        Directory.CreateDirectory(Path.Combine(tree, "b"));
        var random = new byte[3 << 20];
        new Random(3).NextBytes(random);
        File.WriteAllBytes(Path.Combine(tree, "a", "blob1"), random);
        random[100] ^= 1;
        File.WriteAllBytes(Path.Combine(tree, "b", "blob2"), random);
        File.WriteAllText(Path.Combine(tree, "b", "text"), string.Concat(Enumerable.Range(0, 40000).Select(i => $"line {i} of some text\n")));
        (string source, string commit) = CommitWithOstree(tree);

        string Generate(int threads)
        {
            string dir = _dir.Combine("delta-" + threads);
            Directory.CreateDirectory(dir);
            using var repo = OstreeRepo.Open(source);
            var options = new StaticDeltaGeneratorOptions
            {
                Filename = Path.Combine(dir, "superblock"),
                Timestamp = 1_700_000_000,
                MinFallbackSize = 0,
                MaxDegreeOfParallelism = threads,
            };
            var result = new StaticDeltaGenerator(repo, options).Generate(null, Checksum.Parse(commit));
            Assert.Single(result.Parts);
            return dir;
        }

        string two = Generate(2);
        string one = Generate(1);
        Assert.Equal(File.ReadAllBytes(Path.Combine(one, "0")), File.ReadAllBytes(Path.Combine(two, "0")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(one, "superblock")), File.ReadAllBytes(Path.Combine(two, "superblock")));

        // The second random copy is coded as matches into the first, whichever segment it falls in.
        long partSize = new FileInfo(Path.Combine(two, "0")).Length;
        output.WriteLine($"part 0: {partSize} bytes");
        Assert.True(partSize < (3 << 20) + (512 << 10), $"{partSize} bytes");

        foreach (string mode in new[] { "archive", "bare-user" })
        {
            AssertOstreeApplies(source, commit, Path.Combine(two, "superblock"), mode);
        }
    }

    [Fact]
    public void RealOstreeAppliesFarMatchesBeyondTheMatchFinderTree()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }

        // A random 2 MiB file, 6 MiB of other random files, then the first file again with one byte changed: the copy's
        // source is 8 MiB back, beyond the 4 MiB tree, so only far matches can code it (into the other segment's data).
        string tree = _dir.Combine("tree");
        Directory.CreateDirectory(tree);
        var rng = new Random(9);
        var first = new byte[2 << 20];
        rng.NextBytes(first);
        File.WriteAllBytes(Path.Combine(tree, "a-first"), first);
        for (int i = 0; i < 6; i++)
        {
            var filler = new byte[1 << 20];
            rng.NextBytes(filler);
            File.WriteAllBytes(Path.Combine(tree, $"b-filler{i}"), filler);
        }
        first[12345] ^= 1;
        File.WriteAllBytes(Path.Combine(tree, "c-copy"), first);
        (string source, string commit) = CommitWithOstree(tree);

        string dir = _dir.Combine("delta");
        Directory.CreateDirectory(dir);
        using (var repo = OstreeRepo.Open(source))
        {
            var options = new StaticDeltaGeneratorOptions { Filename = Path.Combine(dir, "superblock"), MinFallbackSize = 0 };
            var result = new StaticDeltaGenerator(repo, options).Generate(null, Checksum.Parse(commit));
            var part = Assert.Single(result.Parts);
            output.WriteLine($"{part.UncompressedSize} -> {part.Size}");
            Assert.True(part.Size < (8 << 20) + (256 << 10), $"{part.Size} bytes: the copy was not coded as a match");
        }

        AssertOstreeApplies(source, commit, Path.Combine(dir, "superblock"), "bare-user");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RealOstreeAppliesSeveralSegmentedParts(bool lowMemory)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }

        // 12 MiB of random files (every third repeating an earlier one with a byte changed) in parts of about 5 MB:
        // every part is coded in two segments, with the default 4 MiB match finder tree or the low-memory 1 MiB one
        // (and far matches beyond).
        string tree = _dir.Combine("tree");
        Directory.CreateDirectory(tree);
        var rng = new Random(5);
        var files = new List<byte[]>();
        for (int i = 0; i < 24; i++)
        {
            byte[] b;
            if (i % 3 == 2)
            {
                b = (byte[])files[i - 2].Clone();
            }
            else
            {
                b = new byte[512 << 10];
                rng.NextBytes(b);
            }
            b[7 + i] ^= 1;
            files.Add(b);
            File.WriteAllBytes(Path.Combine(tree, $"f{i:D2}"), b);
        }
        (string source, string commit) = CommitWithOstree(tree);

        string dir = _dir.Combine("delta");
        Directory.CreateDirectory(dir);
        using (var repo = OstreeRepo.Open(source))
        {
            var options = new StaticDeltaGeneratorOptions
            {
                Filename = Path.Combine(dir, "superblock"),
                MinFallbackSize = 0,
                MaxChunkSize = 5_000_000,
                LowMemory = lowMemory,
            };
            var result = new StaticDeltaGenerator(repo, options).Generate(null, Checksum.Parse(commit));
            output.WriteLine(string.Join(", ", result.Parts.Select(p => $"{p.UncompressedSize} -> {p.Size}")));
            Assert.True(result.Parts.Count >= 2, $"{result.Parts.Count} parts");
            Assert.Contains(result.Parts, p => p.UncompressedSize > 4_500_000);
        }

        AssertOstreeApplies(source, commit, Path.Combine(dir, "superblock"), "bare-user");
    }
}
