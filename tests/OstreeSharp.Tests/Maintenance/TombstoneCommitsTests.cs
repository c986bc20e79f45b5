using System.Text;
using OstreeSharp.Maintenance;
using OstreeSharp.Objects;

namespace OstreeSharp.Tests.Maintenance;

public class TombstoneCommitsTests
{
    [Fact]
    public void BytesMatchTheRecordedLibostreeLayout()
    {
        var commit = Checksum.Parse("7c72df256ca872cd760cd079cfdcb80ec7d057eafba3bac31d69a51338441865");
        byte[] bytes = TombstoneCommits.Serialize(commit);
        // spec §4.6 / ostree 2022.7: 'commit\0' + pad, the hex + NUL, then '\0' 'ay', key-end offset 7, array offset 77
        byte[] expected = [.. "commit\0\0"u8, .. Encoding.ASCII.GetBytes(commit.ToString()), 0, 0, (byte)'a', (byte)'y', 0x07, 0x4d];
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(bytes));
        Assert.Equal(78, bytes.Length);
    }

    [Fact]
    public void ParseRoundTrips()
    {
        var commit = Checksum.Compute("x"u8);
        Assert.Equal(commit, TombstoneCommits.Parse(TombstoneCommits.Serialize(commit)));
        Assert.Null(TombstoneCommits.Parse([1, 2, 3]));
    }

    [Fact]
    public void WriteCreatesTheObjectNamedByTheCommit()
    {
        using var t = new TestRepo();
        var c = t.Commit("main", 1600000000);
        Assert.False(TombstoneCommits.Exists(t.Repo, c));
        TombstoneCommits.Write(t.Repo, c);
        Assert.True(TombstoneCommits.Exists(t.Repo, c));
        var path = t.Repo.GetObjectPath(c, ObjectType.TombstoneCommit);
        Assert.Equal(TombstoneCommits.Serialize(c), File.ReadAllBytes(path));
        Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(path) & (UnixFileMode)0x1FF);
    }
}
