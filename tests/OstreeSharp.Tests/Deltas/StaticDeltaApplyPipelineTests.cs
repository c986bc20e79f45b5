using OstreeSharp.Commit;
using OstreeSharp.Deltas;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Compression;
using OstreeSharp.Tests.Support;
using OstreeSharp.Verification;

namespace OstreeSharp.Tests.Deltas;

/// <summary>
/// Parts are prepared one ahead on a worker thread: an error or cancellation in any part still aborts the whole
/// apply (no commit, no leftovers), and payloads over the in-memory budget go through spool files.
/// </summary>
public sealed class StaticDeltaApplyPipelineTests
{
    /// <summary>A delta (from scratch to v1 by default) split into parts of about 4000 bytes.</summary>
    private static string ManyParts(DeltaRepoBuilder b, Checksum? from = null, Checksum? to = null)
    {
        string dir = b.NewDirectory();
        var result = new StaticDeltaGenerator(b.Repo, new StaticDeltaGeneratorOptions
        {
            Filename = Path.Combine(dir, "superblock"),
            MaxChunkSize = 4000,
        }).Generate(from, to ?? b.V1);
        Assert.True(result.Parts.Count > (from is null ? 5 : 1), $"{result.Parts.Count} parts");
        return dir;
    }

    private static void AssertNothingApplied(OstreeRepo target, Checksum commit)
    {
        Assert.False(target.HasObject(commit, ObjectType.Commit));
        Assert.Empty(Directory.EnumerateFiles(target.TmpPath, ".delta-*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(target.Path, "objects"), "*", SearchOption.AllDirectories));
    }

    private static void AssertApplies(OstreeRepo target, string dir, Checksum commit)
    {
        Assert.Equal(commit, new StaticDeltaApplier(target).Apply(dir).Commit);
        Assert.True(target.HasObject(commit, ObjectType.Commit));
        Assert.Empty(Directory.EnumerateFiles(target.TmpPath, ".delta-*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void ACorruptLaterPartAbortsWithTheChecksumError(int which)
    {
        using var b = new DeltaRepoBuilder();
        string dir = ManyParts(b);
        int count = StaticDeltaApplier.ReadSuperblock(dir).Parts.Count;
        string part = Path.Combine(dir, (which < 0 ? count - 1 : which).ToString(System.Globalization.CultureInfo.InvariantCulture));
        byte[] original = File.ReadAllBytes(part);
        byte[] flipped = (byte[])original.Clone();
        flipped[original.Length / 2] ^= 0x40;
        File.WriteAllBytes(part, flipped);

        using var target = b.NewRepo();
        var prepared = new List<int>();
        var applier = new StaticDeltaApplier(target) { PartPrepared = i => { lock (prepared) prepared.Add(i); } };
        var ex = Assert.Throws<DeltaFormatException>(() => applier.Apply(dir));
        Assert.Contains($"Checksum mismatch in delta part {(which < 0 ? count - 1 : which)}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(0, prepared); // earlier parts were prepared (and executed) before the error surfaced
        AssertNothingApplied(target, b.V1);

        File.WriteAllBytes(part, original);
        AssertApplies(target, dir, b.V1);
    }

    [Fact]
    public void CancellationWhileAPartIsPreparedAheadAbortsCleanly()
    {
        using var b = new DeltaRepoBuilder();
        string dir = ManyParts(b);
        using var target = b.NewRepo();
        using var cts = new CancellationTokenSource();
        var applier = new StaticDeltaApplier(target)
        {
            // Part 2 is prepared while part 1 executes: cancel then, in the middle of the apply.
            PartPrepared = i =>
            {
                if (i == 2)
                    cts.Cancel();
            },
        };
        Assert.ThrowsAny<OperationCanceledException>(() => applier.Apply(dir, cts.Token));
        AssertNothingApplied(target, b.V1);
        AssertApplies(target, dir, b.V1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20_000)]
    public void PayloadsOverTheBudgetGoThroughSpoolFiles(long budget)
    {
        using var b = new DeltaRepoBuilder();
        string scratch = ManyParts(b), fromTo = ManyParts(b, b.V1, b.V2);
        using var target = b.NewRepo();
        Assert.Equal(b.V1, new StaticDeltaApplier(target) { PayloadBudgetBytes = budget }.Apply(scratch).Commit);
        Assert.Equal(b.V2, new StaticDeltaApplier(target) { PayloadBudgetBytes = budget }.Apply(fromTo).Commit);
        Assert.Empty(Directory.EnumerateFiles(target.TmpPath, ".delta-*", SearchOption.AllDirectories));
        foreach (var o in DeltaRepoBuilder.Reachable(b.Repo, b.V2))
        {
            Assert.True(target.HasObject(o.Checksum, o.Type), $"{o} missing");
        }
    }

    [Fact]
    public void EveryPartIsPreparedOnceInOrder()
    {
        using var b = new DeltaRepoBuilder();
        string dir = ManyParts(b);
        int count = StaticDeltaApplier.ReadSuperblock(dir).Parts.Count;
        using var target = b.NewRepo();
        var prepared = new List<int>();
        var applier = new StaticDeltaApplier(target) { PartPrepared = i => { lock (prepared) prepared.Add(i); } };
        var result = applier.Apply(dir);
        Assert.Equal(count, result.PartsApplied);
        Assert.Equal(Enumerable.Range(0, count), prepared);

        // Applied again: every part is complete and skipped, nothing is prepared.
        prepared.Clear();
        var again = applier.Apply(dir);
        Assert.Equal(count, again.PartsSkipped);
        Assert.Empty(prepared);
    }

    [Fact]
    public void LargeObjectsOfSpooledPayloadsAreWrittenWhileTheirPagesAreReleased()
    {
        // Objects larger than the resident window, in payloads larger than the in-memory limit: whole files spliced
        // from the blob (streamed and released behind), files assembled from long writes, and from-to changes.
        using var dir = new ScratchDir();
        var repo = OstreeRepo.Create(dir.Combine("source"), RepoMode.Archive);
        var rng = new Random(9);
        byte[] big = new byte[3 << 20];
        rng.NextBytes(big);
        byte[] text = XzDecoderTests.Text(5 << 20, 4);
        string v1 = dir.Combine("v1");
        Directory.CreateDirectory(v1);
        File.WriteAllBytes(Path.Combine(v1, "big.bin"), big);
        File.WriteAllBytes(Path.Combine(v1, "text.txt"), text);
        byte[] a = new byte[3 << 20], b = new byte[3 << 19], c = new byte[3 << 19];
        rng.NextBytes(a);
        rng.NextBytes(b);
        rng.NextBytes(c);
        File.WriteAllBytes(Path.Combine(v1, "mixed.bin"), [.. a, .. b]);
        var c1 = repo.CommitDirectory(v1, "main");
        big[1 << 20] ^= 1;
        text[(3 << 20) + 5] ^= 2;
        File.WriteAllBytes(Path.Combine(v1, "big.bin"), big);
        File.WriteAllBytes(Path.Combine(v1, "text.txt"), text);
        File.WriteAllBytes(Path.Combine(v1, "big2.bin"), [.. big.AsSpan(0, 2 << 20), .. text.AsSpan(0, 1 << 20)]);
        File.WriteAllBytes(Path.Combine(v1, "mixed.bin"), [.. a, .. c]); // rollsum: 1.5 MiB written from the blob at once
        var c2 = repo.CommitDirectory(v1, "main");

        var deltas = new[] { ((Checksum?)null, c1, "scratch"), (c1, c2, "from-to"), (null, c2, "scratch-big") };
        foreach (var (from, to, name) in deltas)
        {
            string d = dir.Combine(name);
            Directory.CreateDirectory(d);
            var generated = new StaticDeltaGenerator(repo, new StaticDeltaGeneratorOptions { Filename = Path.Combine(d, "superblock"), MinFallbackSize = 0 }).Generate(from, to);
            Assert.Contains(generated.Parts, p => p.UncompressedSize > (1 << 20));
        }

        foreach (var mode in new[] { RepoMode.BareUser, RepoMode.Archive })
        {
            var target = OstreeRepo.Create(dir.Combine("target-" + mode), mode);
            Assert.Equal(c1, new StaticDeltaApplier(target).Apply(dir.Combine("scratch")).Commit);
            Assert.Equal(c2, new StaticDeltaApplier(target).Apply(dir.Combine("from-to")).Commit);
            var fresh = OstreeRepo.Create(dir.Combine("fresh-" + mode), mode);
            Assert.Equal(c2, new StaticDeltaApplier(fresh).Apply(dir.Combine("scratch-big")).Commit);
            foreach (var r in new[] { target, fresh })
            {
                Assert.Empty(Directory.EnumerateFiles(r.TmpPath, ".delta-*", SearchOption.AllDirectories));
                var fsck = RepoFsck.Run(r);
                Assert.True(fsck.IsValid, string.Join("; ", fsck.Errors));
                foreach (var o in DeltaRepoBuilder.Reachable(repo, c2))
                {
                    Assert.True(r.HasObject(o.Checksum, o.Type), $"{o} missing");
                }
            }
        }
    }
}
