using OstreeSharp.Deltas;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Deltas;

/// <summary>Deltas made by the real <c>ostree static-delta generate</c> apply with <see cref="StaticDeltaApplier"/>, and the result passes the real fsck.</summary>
[Collection(DeltaCollection.Name)]
public sealed class ApplyRealDeltasTests(DeltaFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string mode in new[] { "bare-user", "archive" })
        {
            foreach (string variant in new[] { "default", "inline", "disable-bsdiff", "big-endian" })
            {
                data.Add(mode, variant);
            }
        }
        return data;
    }

    private static string[] VariantArgs(string variant) => variant switch
    {
        "inline" => ["--inline"],
        "disable-bsdiff" => ["--disable-bsdiff"],
        "big-endian" => ["--set-endianness=B"],
        _ => [],
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScratchThenFromToApplyAndFsckClean(string mode, string variant)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string scratch = fixture.NewDirectory("scratch");
        RealOstree.RunChecked(["static-delta", "generate", "--repo=" + fixture.Source, "--empty", "--to=" + fixture.V1, "--filename=" + scratch + "/superblock", .. VariantArgs(variant)]);
        string fromTo = fixture.NewDirectory("fromto");
        RealOstree.RunChecked(["static-delta", "generate", "--repo=" + fixture.Source, "--from=" + fixture.V1, "--to=" + fixture.V2, "--filename=" + fromTo + "/superblock", .. VariantArgs(variant)]);

        string target = fixture.NewRepo(mode);
        using (var repo = OstreeRepo.Open(target))
        {
            var r1 = new StaticDeltaApplier(repo).Apply(scratch);
            Assert.Equal(Checksum.Parse(fixture.V1), r1.Commit);
            var r2 = new StaticDeltaApplier(repo).Apply(Path.Combine(fromTo, "superblock"));
            Assert.Equal(Checksum.Parse(fixture.V2), r2.Commit);
            Assert.True(r2.ObjectsWritten > 0);
        }
        var fsck = RealOstree.Run("fsck", "--repo=" + target);
        Assert.True(fsck.ExitCode == 0, fsck.ToString());
        Assert.Contains("2 commits", fsck.Stdout, StringComparison.Ordinal);
        Assert.Equal(RealOstree.RunChecked("ls", "-R", "-X", "--repo=" + fixture.Source, fixture.V2), RealOstree.RunChecked("ls", "-R", "-X", "--repo=" + target, fixture.V2));
    }

    [Fact]
    public void MissingSourceCommitIsReported()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string fromTo = fixture.NewDirectory("fromto");
        RealOstree.RunChecked("static-delta", "generate", "--repo=" + fixture.Source, "--from=" + fixture.V1, "--to=" + fixture.V2, "--filename=" + fromTo + "/superblock");
        using var repo = OstreeRepo.Open(fixture.NewRepo("bare-user"));
        var ex = Assert.Throws<ObjectNotFoundException>(() => new StaticDeltaApplier(repo).Apply(fromTo));
        Assert.Equal($"Commit {fixture.V1}, which is the delta source, is not in repository", ex.Message);
    }

    [Fact]
    public void FallbacksMustExist()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string scratch = fixture.NewDirectory("fallback");
        // large.bin (1.2 MiB) becomes a fallback with a 1 MB threshold.
        RealOstree.RunChecked("static-delta", "generate", "--repo=" + fixture.Source, "--empty", "--to=" + fixture.V1, "--min-fallback-size=1", "--filename=" + scratch + "/superblock");
        var sb = StaticDeltaApplier.ReadSuperblock(scratch);
        Assert.Single(sb.Fallbacks);
        using var repo = OstreeRepo.Open(fixture.NewRepo("bare-user"));
        var ex = Assert.Throws<StaticDeltaFallbackException>(() => new StaticDeltaApplier(repo).Apply(scratch));
        Assert.Equal(sb.Fallbacks.Count, ex.Missing.Count);
    }
}
