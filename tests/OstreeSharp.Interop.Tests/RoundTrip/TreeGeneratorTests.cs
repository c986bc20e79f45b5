using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.RoundTrip;

/// <summary>The generated trees are deterministic and survive a commit/checkout through the real ostree.</summary>
public sealed class TreeGeneratorTests(ITestOutputHelper output)
{
    private static readonly TreeGeneratorOptions Small = new() { FileCount = 25, LargeFileSize = 256 * 1024, MaxFileSize = 8 * 1024 };

    [Fact]
    public void SameSeedGivesSameTreeAndDifferentSeedDoesNot()
    {
        using var tmp = new TempDir();
        TreeGenerator.Generate(tmp.Combine("a"), Small with { Seed = 5 });
        TreeGenerator.Generate(tmp.Combine("b"), Small with { Seed = 5 });
        TreeGenerator.Generate(tmp.Combine("c"), Small with { Seed = 6 });
        IReadOnlyList<string> a = TreeSnapshot.Capture(tmp.Combine("a"), includeXattrs: true);
        Assert.Equal(a, TreeSnapshot.Capture(tmp.Combine("b"), includeXattrs: true));
        Assert.NotEqual(a, TreeSnapshot.Capture(tmp.Combine("c"), includeXattrs: true));
    }

    [Fact]
    public void GeneratedTreeHasEveryEntryKind()
    {
        using var tmp = new TempDir();
        bool xattrs = TreeGenerator.Generate(tmp.Path, new TreeGeneratorOptions { Seed = 3 });
        IReadOnlyList<string> s = TreeSnapshot.Capture(tmp.Path, includeXattrs: true);
        Assert.Contains(s, l => l.StartsWith("l link-relative -> ", StringComparison.Ordinal) && !l.Contains("-> /", StringComparison.Ordinal));
        Assert.Contains("l link-absolute -> /usr/share/doc", s);
        Assert.Contains("l link-dangling -> does/not/exist", s);
        Assert.Contains(s, l => l.StartsWith("d empty-dir0 0755", StringComparison.Ordinal));
        Assert.Contains(s, l => l.StartsWith("- ", StringComparison.Ordinal) && l.Contains(" 0755 ", StringComparison.Ordinal));
        Assert.Contains(s, l => l.StartsWith("- ", StringComparison.Ordinal) && l.Contains(" 0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", StringComparison.Ordinal));
        Assert.Contains(s, l => l.Contains("😀", StringComparison.Ordinal));
        Assert.Contains(s, l => l.StartsWith("- large.bin 0644 3145728 ", StringComparison.Ordinal));
        Assert.Contains(s, l => l.Contains("/level11/bottom.txt", StringComparison.Ordinal));
        if (xattrs)
        {
            Assert.Contains(s, l => l.Contains("user.binary=000102ff", StringComparison.Ordinal));
        }
        else
        {
            output.WriteLine("NOTE: user.* xattrs are not supported on " + tmp.Path);
        }
    }

    [Theory]
    [InlineData(1, "archive")]
    [InlineData(7, "archive")]
    [InlineData(42, "bare-user")]
    public void RealOstreeCommitAndCheckoutReproduceTheTree(int seed, string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        using var tmp = new TempDir();
        string source = tmp.Combine("source");
        string repo = tmp.Combine("repo");
        string dest = tmp.Combine("checkout");
        bool xattrs = TreeGenerator.Generate(source, Small with { Seed = seed });
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=" + mode);
        string checksum = RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + source,
            "-s", "seed " + seed, "--timestamp=2020-01-01T00:00:00Z").Trim();
        Assert.Matches("^[0-9a-f]{64}$", checksum);
        Assert.Contains("no errors found", RealOstree.RunChecked("fsck", "--repo=" + repo), StringComparison.Ordinal);

        // bare-user checkouts must be user-mode; only root can restore xattrs on a normal checkout.
        bool root = Environment.UserName == "root";
        string[] checkout = mode == "bare-user" || !root
            ? ["checkout", "--repo=" + repo, "-U", "main", dest]
            : ["checkout", "--repo=" + repo, "main", dest];
        RealOstree.RunChecked(checkout);
        bool compareXattrs = xattrs && root && mode == "archive";
        Assert.Equal(TreeSnapshot.Capture(source, compareXattrs), TreeSnapshot.Capture(dest, compareXattrs));
    }

    [Fact]
    public void SameSeedGivesSameOstreeCommit()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        using var tmp = new TempDir();
        var checksums = new List<string>();
        foreach (string name in new[] { "a", "b" })
        {
            string source = tmp.Combine("src-" + name);
            string repo = tmp.Combine("repo-" + name);
            TreeGenerator.Generate(source, Small with { Seed = 11 });
            RealOstree.RunChecked("init", "--repo=" + repo, "--mode=archive");
            checksums.Add(RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + source,
                "-s", "same", "--timestamp=2021-06-01T00:00:00Z").Trim());
        }
        Assert.Equal(checksums[0], checksums[1]);
    }
}
