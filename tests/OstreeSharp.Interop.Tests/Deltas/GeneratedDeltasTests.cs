using OstreeSharp.Deltas;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Deltas;

/// <summary>
/// Deltas made by <see cref="StaticDeltaGenerator"/> are accepted by the real <c>ostree static-delta apply-offline</c>
/// (scratch and from→to, inline or not, with and without bsdiff, both byte orders, uncompressed and xz parts) and
/// the target passes the real fsck; they also round-trip through <see cref="StaticDeltaApplier"/>.
/// </summary>
/// <remarks>
/// ostree 2022.7 cannot read an uncompressed part <em>file</em> larger than about 16 KiB (it fails with
/// "mmap: Invalid argument"), so uncompressed variants checked against it are inline; file parts use xz (our own
/// encoder, <see cref="DeltaPartCompressor.Xz"/>, the default). ostree also asserts (aborts) on 'o' operations into archive repositories, so from→to
/// deltas are applied by it into bare-user only; <see cref="StaticDeltaApplier"/> handles both.
/// </remarks>
[Collection(DeltaCollection.Name)]
public sealed class GeneratedDeltasTests(DeltaFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> Variants() => new("inline", "inline-big-endian", "inline-disable-bsdiff", "xz", "xz-inline", "xz-disable-bsdiff", "xz-big-endian", "xz-small-chunks");

    public static TheoryData<string> RoundTripVariants() => new("default", "inline", "disable-bsdiff", "big-endian", "small-chunks", "xz");

    private static StaticDeltaGeneratorOptions Options(string variant, string? filename) => new()
    {
        Filename = filename,
        Inline = variant.Contains("inline", StringComparison.Ordinal),
        DisableBsdiff = variant.EndsWith("disable-bsdiff", StringComparison.Ordinal),
        Endianness = variant.EndsWith("big-endian", StringComparison.Ordinal) ? DeltaEndianness.Big : DeltaEndianness.Little,
        Compressor = variant.StartsWith("xz", StringComparison.Ordinal) ? DeltaPartCompressor.Xz : DeltaPartCompressor.None,
        MaxChunkSize = variant.EndsWith("small-chunks", StringComparison.Ordinal) ? 100_000UL : 32_000_000UL,
    };

    private (string Scratch, string FromTo, StaticDeltaGenerationResult ScratchResult, StaticDeltaGenerationResult Result) Generate(string variant)
    {
        string scratch = fixture.NewDirectory("ours-scratch");
        string fromTo = fixture.NewDirectory("ours-fromto");
        using var repo = OstreeRepo.Open(fixture.Source);
        var s = new StaticDeltaGenerator(repo, Options(variant, Path.Combine(scratch, "superblock"))).Generate(null, Checksum.Parse(fixture.V1));
        var r = new StaticDeltaGenerator(repo, Options(variant, Path.Combine(fromTo, "superblock"))).Generate(Checksum.Parse(fixture.V1), Checksum.Parse(fixture.V2));
        return (scratch, fromTo, s, r);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void RealOstreeAppliesOurDeltas(string variant)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        var (scratch, fromTo, scratchResult, result) = Generate(variant);
        output.WriteLine($"modified={result.Modified} rollsum={result.RollsumObjects} bsdiff={result.BsdiffObjects} parts={result.Parts.Count}");
        Assert.True(result.Modified >= 3, "notes.txt, large.bin and the renamed libfoo.so should match a source file");
        if (variant.EndsWith("small-chunks", StringComparison.Ordinal))
        {
            Assert.True(scratchResult.Parts.Count > 1);
        }
        string archive = fixture.NewRepo("archive");
        var scratchIntoArchive = RealOstree.Run("static-delta", "apply-offline", "--repo=" + archive, scratch);
        Assert.True(scratchIntoArchive.ExitCode == 0, scratchIntoArchive.ToString());
        var archiveFsck = RealOstree.Run("fsck", "--repo=" + archive);
        Assert.True(archiveFsck.ExitCode == 0, archiveFsck.ToString());
        foreach (string mode in new[] { "bare-user" })
        {
            string target = fixture.NewRepo(mode);
            var a1 = RealOstree.Run("static-delta", "apply-offline", "--repo=" + target, scratch);
            Assert.True(a1.ExitCode == 0, a1.ToString());
            var a2 = RealOstree.Run("static-delta", "apply-offline", "--repo=" + target, Path.Combine(fromTo, "superblock"));
            Assert.True(a2.ExitCode == 0, mode + " " + a2);
            var fsck = RealOstree.Run("fsck", "--repo=" + target);
            Assert.True(fsck.ExitCode == 0, fsck.ToString());
            Assert.Equal(RealOstree.RunChecked("ls", "-R", "-X", "--repo=" + fixture.Source, fixture.V2), RealOstree.RunChecked("ls", "-R", "-X", "--repo=" + target, fixture.V2));
        }
    }

    [Theory]
    [MemberData(nameof(RoundTripVariants))]
    public void OurDeltasRoundTrip(string variant)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        var (scratch, fromTo, _, _) = Generate(variant);
        string target = fixture.NewRepo(variant == "small-chunks" ? "archive" : "bare-user");
        using (var repo = OstreeRepo.Open(target))
        {
            new StaticDeltaApplier(repo).Apply(scratch);
            var r = new StaticDeltaApplier(repo).Apply(fromTo);
            Assert.Equal(Checksum.Parse(fixture.V2), r.Commit);
        }
        var fsck = RealOstree.Run("fsck", "--repo=" + target);
        Assert.True(fsck.ExitCode == 0, fsck.ToString());
    }

    [Fact]
    public void RealOstreeShowsOurSuperblockLikeItsOwn()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        var (_, fromTo, _, _) = Generate("default");
        var sb = StaticDeltaApplier.ReadSuperblock(fromTo);
        Assert.Equal(Checksum.Parse(fixture.V1), sb.From);
        Assert.Equal(DeltaEndianness.Little, sb.Endianness);
        Assert.All(sb.Parts, p => Assert.Equal(0u, p.Version));
    }
}
