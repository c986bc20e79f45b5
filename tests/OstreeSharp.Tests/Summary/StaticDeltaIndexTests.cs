using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Summary;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Summary;

public sealed class StaticDeltaIndexTests
{
    private static readonly Checksum From = Checksum.Parse("90aea3c71198f48997e57b9be40a0c067aa0a63ae096e99494e88ec2daf1c197");
    private static readonly Checksum To = Checksum.Parse("a2357a4b1e43804b65da046934f70290e3c968113b157cc5a1ba886dd70334dd");

    [Fact]
    public void ParsesDeltaDirectoryNames()
    {
        Assert.True(StaticDeltaIndex.TryParseDeltaName("kK6jxxGY9ImX5Xub5AoMBnqgpjrglumUlOiOwtrxwZc-ojV6Sx5DgEtl2gRpNPcCkOPJaBE7FXzFobqIbdcDNN0", out var from, out var to));
        Assert.Equal(From, from);
        Assert.Equal(To, to);
        Assert.True(StaticDeltaIndex.TryParseDeltaName("kK6jxxGY9ImX5Xub5AoMBnqgpjrglumUlOiOwtrxwZc", out from, out to));
        Assert.Null(from);
        Assert.Equal(From, to);
        Assert.False(StaticDeltaIndex.TryParseDeltaName("kK6jxx", out _, out _));
        Assert.False(StaticDeltaIndex.TryParseDeltaName("kK6jxxGY9ImX5Xub5AoMBnqgpjrglumUlOiOwtrxwZc-", out _, out _));
        Assert.Equal($"{From}-{To}", StaticDeltaIndex.FormatName(From, To));
        Assert.Equal(To.ToString(), StaticDeltaIndex.FormatName(null, To));
    }

    /// <summary>The delta index ostree 2022.7 wrote for <c>FROM-TO</c> (captured black-box, 205 bytes).</summary>
    [Fact]
    public void IndexBytesMatchOstree()
    {
        var digest = Checksum.Parse("cfa638f14c361ffcbee12b8a4d1dff4a95b0a1c47f2593dcbb03eff0fc3f2d0f");
        byte[] ours = StaticDeltaIndex.SerializeIndex([new($"{From}-{To}", digest)]);
        var md = MetadataDictionary.Parse(ours);
        Assert.Equal([SummaryKeys.StaticDeltas], md.Keys);
        Assert.Equal(205, ours.Length);
        Assert.Equal(IndexVectorHex, Hex.Format(ours));
    }

    internal const string IndexVectorHex =
        "6f73747265652e7374617469632d64656c74617300000000393061656133633731313938663438393937653537623962653430613063303637616130613633616530393665393934393465383865633264616631633139372d6132333537613462316534333830346236356461303436393334663730323930653363393638313133623135376363356131626138383664643730333334646400000000000000cfa638f14c361ffcbee12b8a4d1dff4a95b0a1c47f2593dcbb03eff0fc3f2d0f00617982ac00617b73767d15cc";

    [Fact]
    public void ScanFindsSuperblocksAndUpdateIndexesRemovesStaleOnes()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        string scratch = Path.Combine(repo.Path, "deltas", From.ToMBase64()[..2], From.ToMBase64()[2..]);
        string fromTo = Path.Combine(repo.Path, "deltas", From.ToMBase64()[..2], From.ToMBase64()[2..] + "-" + To.ToMBase64());
        Directory.CreateDirectory(scratch);
        Directory.CreateDirectory(fromTo);
        Directory.CreateDirectory(Path.Combine(repo.Path, "deltas", "zz", "not-a-delta"));
        File.WriteAllBytes(Path.Combine(scratch, "superblock"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(fromTo, "superblock"), [4, 5]);
        var deltas = StaticDeltaIndex.Scan(repo);
        Assert.Equal([From.ToString(), $"{From}-{To}"], deltas.Keys);
        Assert.Equal(Checksum.Compute([1, 2, 3]), deltas[From.ToString()]);

        string stale = StaticDeltaIndex.GetIndexPath(repo, Checksum.Compute([9]));
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllBytes(stale, [0]);
        StaticDeltaIndex.UpdateIndexes(repo, deltas);
        Assert.False(File.Exists(stale));
        string toIndex = StaticDeltaIndex.GetIndexPath(repo, To);
        Assert.True(File.Exists(toIndex));
        Assert.True(File.Exists(StaticDeltaIndex.GetIndexPath(repo, From)));
        var mtime = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(toIndex, mtime);
        StaticDeltaIndex.UpdateIndexes(repo, deltas);
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(toIndex)); // unchanged content is not rewritten
    }
}
