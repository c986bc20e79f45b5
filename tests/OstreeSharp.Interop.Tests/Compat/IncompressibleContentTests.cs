using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// Archive commits store already-compressed files as stored deflate blocks (no level-6 match search on data that
/// would not shrink): the commit checksum is still ostree's, and ostree reads, fscks and checks out the objects.
/// </summary>
public sealed class IncompressibleContentTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new("incompressible");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void StoredBlocksForIncompressibleFilesAreReadByOstree()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        var rng = new Random(20261207);
        string tree = _dir.Combine("tree");
        Directory.CreateDirectory(tree);
        byte[] random = new byte[300_000];
        rng.NextBytes(random);
        File.WriteAllBytes(Path.Combine(tree, "random.bin"), random);
        // Exactly at the probe threshold, and one byte under it.
        File.WriteAllBytes(Path.Combine(tree, "random-16k.bin"), random[..16384]);
        File.WriteAllBytes(Path.Combine(tree, "random-16k-1.bin"), random[..16383]);
        byte[] text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i % 97}\n")));
        File.WriteAllBytes(Path.Combine(tree, "text.txt"), text);
        // Random start, compressible rest: judged by its start, stored whole (a documented trade-off).
        File.WriteAllBytes(Path.Combine(tree, "mixed.bin"), [.. random[..70_000], .. new byte[200_000]]);

        string ours = _dir.Combine("ours"), theirs = _dir.Combine("theirs");
        Tools.Checked("ostree-sharp", "init", "--repo=" + ours, "--mode=archive");
        RealOstree.RunChecked("init", "--repo=" + theirs, "--mode=archive");
        string[] commit = ["commit", "-b", "main", "--tree=dir=" + tree, "--timestamp=2020-01-01T00:00:00Z", "-s", "x"];
        string oursCommit = Tools.Checked("ostree-sharp", [.. commit, "--repo=" + ours]).Trim();
        string theirsCommit = RealOstree.RunChecked([.. commit, "--repo=" + theirs]).Trim();
        Assert.Equal(theirsCommit, oursCommit);

        RealOstree.RunChecked("fsck", "--repo=" + ours);
        string checkout = _dir.Combine("checkout");
        RealOstree.RunChecked("checkout", "--repo=" + ours, "-U", "main", checkout);
        foreach (string name in new[] { "random.bin", "random-16k.bin", "random-16k-1.bin", "text.txt", "mixed.bin" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(tree, name)), File.ReadAllBytes(Path.Combine(checkout, name)));

        // Stored: within a few bytes per 64 KiB block of the input; deflated: much smaller than the input.
        long Filez(string name)
        {
            string line = RealOstree.RunChecked("ls", "--repo=" + ours, "-C", oursCommit, "/" + name).Trim();
            string content = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4];
            return new FileInfo(Path.Combine(ours, "objects", content[..2], content[2..] + ".filez")).Length;
        }
        Assert.InRange(Filez("random.bin"), random.Length, random.Length + 200);
        Assert.InRange(Filez("mixed.bin"), 270_000, 270_200);
        Assert.True(Filez("text.txt") < text.Length / 5);
        Assert.InRange(Filez("random-16k.bin"), 16384, 16384 + 100);
    }
}
