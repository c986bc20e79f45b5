using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Summary;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// <c>summary -u</c>, <c>--view</c> and <c>--raw</c> against the real ostree 2022.7 on the same repositories:
/// byte-identical summaries (only <c>ostree.summary.last-modified</c> and, with a collection ID, the fresh
/// <c>ostree-metadata</c> commit are volatile), identical delta indexes and config, and each tool reads the other's
/// summary.
/// </summary>
public sealed class SummaryCompatTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string mode in Tools.Modes)
        {
            foreach (string scenario in new[] { "plain", "metadata", "collection", "mirrors" })
                data.Add(mode, scenario);
        }
        data.Add("archive", "deltas");
        data.Add("archive", "deltas-collection");
        return data;
    }

    private static string[] UserMetadata(string scenario) => scenario switch
    {
        "metadata" => ["-m", "zz=1", "-m", "aa='x'", "-m", "m.n=true", "-m", "aa='y'"],
        "collection" => ["-m", "aa=uint64 5"],
        _ => [],
    };

    private static void Build(string repo, string mode, string scenario, string tree)
    {
        bool collection = scenario.Contains("collection", StringComparison.Ordinal);
        RealOstree.RunChecked(["init", "--repo=" + repo, "--mode=" + mode, .. collection ? new[] { "--collection-id=org.example.Os" } : []]);
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree, "-s", "one", "--timestamp=@1600000000");
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree, "-s", "two", "--timestamp=@1600000100",
            "--add-metadata-string=version=1.2");
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "other/sub", "--tree=dir=" + tree, "--timestamp=@1600000200");
        RealOstree.RunChecked("refs", "--repo=" + repo, "--alias", "--create=stable", "main");
        RealOstree.RunChecked("refs", "--repo=" + repo, "--create=origin:remote-only", "main");
        if (scenario == "mirrors")
        {
            RealOstree.RunChecked("refs", "--repo=" + repo, "--collections", "--create=org.other.Coll:foo", "main");
            RealOstree.RunChecked("refs", "--repo=" + repo, "--collections", "--create=org.aaa.X:zed", "other/sub");
            RealOstree.RunChecked("config", "--repo=" + repo, "set", "core.tombstone-commits", "true");
        }
        if (scenario.StartsWith("deltas", StringComparison.Ordinal))
        {
            RealOstree.RunChecked("static-delta", "generate", "--repo=" + repo, "--empty", "main");
            RealOstree.RunChecked("static-delta", "generate", "--repo=" + repo, "--from=main^", "main");
        }
        if (collection)
            RealOstree.RunChecked("refs", "--repo=" + repo, "--collections", "--create=org.other.Coll:foo", "main");
    }

    private static void Copy(string from, string to)
    {
        var r = ProcessRunner.Run("cp", ["-a", from, to]);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    private static void AssertSameFiles(string a, string b, string relative)
    {
        string da = Path.Combine(a, relative), db = Path.Combine(b, relative);
        var fa = Directory.Exists(da) ? Directory.EnumerateFiles(da, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(da, f)).Order().ToList() : [];
        var fb = Directory.Exists(db) ? Directory.EnumerateFiles(db, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(db, f)).Order().ToList() : [];
        Assert.Equal(fa, fb);
        foreach (var f in fa)
            Assert.True(File.ReadAllBytes(Path.Combine(da, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(db, f))), $"{relative}/{f} differs");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SummaryIsByteIdenticalToOstree(string mode, string scenario)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var tmp = new TempDir("summary-compat");
        string tree = tmp.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "a"), "hello\n");
        File.WriteAllText(Path.Combine(tree, "b"), "world\n");
        string theirs = tmp.Combine("theirs"), ours = tmp.Combine("ours"), copy = tmp.Combine("copy");
        Build(theirs, mode, scenario, tree);
        Copy(theirs, ours);
        bool collection = scenario.Contains("collection", StringComparison.Ordinal);
        string[] md = UserMetadata(scenario);

        RealOstree.RunChecked(["summary", "--repo=" + theirs, "-u", .. md]);
        var r = Tools.Ours(["summary", "--repo=" + ours, "-u", .. md]);
        Assert.True(r.ExitCode == 0, r.ToString());
        byte[] theirBytes = File.ReadAllBytes(Path.Combine(theirs, "summary"));
        byte[] ourBytes = File.ReadAllBytes(Path.Combine(ours, "summary"));
        var theirSummary = RepoSummary.Parse(theirBytes);
        var ourSummary = RepoSummary.Parse(ourBytes);

        // Same keys in the same order, same refs; values equal except the volatile ones.
        Assert.Equal(theirSummary.Metadata.Keys, ourSummary.Metadata.Keys);
        Assert.Equal(theirSummary.Refs.Select(x => x.Name), ourSummary.Refs.Select(x => x.Name));
        if (!collection)
        {
            var patched = new MetadataDictionary(ourSummary.Metadata.Select(e =>
                e.Key == SummaryKeys.LastModified ? theirSummary.Metadata.First(t => t.Key == SummaryKeys.LastModified) : e));
            Assert.Equal(theirBytes, new RepoSummary(ourSummary.Refs, patched).Serialize());
        }

        // The library rebuilds ostree's summary byte for byte from the same repository state (for collection
        // repositories this includes ostree's own ostree-metadata commit).
        Copy(theirs, copy);
        using (var repo = OstreeRepo.Open(copy))
        {
            var rebuilt = SummaryWriter.Build(repo, new SummaryOptions
            {
                AdditionalMetadata = ParseMetadata(md),
                Timestamp = DateTimeOffset.FromUnixTimeSeconds((long)theirSummary.LastModified!.Value),
            });
            Assert.Equal(theirBytes, rebuilt.Serialize());
        }

        AssertSameFiles(theirs, ours, "delta-indexes");
        Assert.Equal(File.ReadAllText(Path.Combine(theirs, "config")), File.ReadAllText(Path.Combine(ours, "config")));

        // Each tool reads the other's summary; --view and --raw print the same bytes.
        foreach (string repoPath in new[] { theirs, ours })
        {
            Tools.AssertSameOutput("summary", "--repo=" + repoPath, "--view");
            Tools.AssertSameOutput("summary", "--repo=" + repoPath, "--raw");
        }
        if (collection)
        {
            Assert.Contains("object fsck of", RealOstree.RunChecked("fsck", "--repo=" + ours), StringComparison.Ordinal);
            Tools.AssertSameOutput("log", "--repo=" + ours, "ostree-metadata");
            Tools.AssertSameOutput("show", "--repo=" + ours, "--raw", "ostree-metadata");
        }
    }

    private static MetadataDictionary ParseMetadata(string[] md)
    {
        var result = new MetadataDictionary();
        for (int i = 1; i < md.Length; i += 2)
        {
            int eq = md[i].IndexOf('=', StringComparison.Ordinal);
            var value = OstreeSharp.GVariant.GVariantValue.ParseText(md[i][(eq + 1)..], null);
            result.Add(md[i][..eq], value.Type, value.Serialize());
        }
        return result;
    }

    [Fact]
    public void SummarySigIsRemovedAndErrorsMatch()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var tmp = new TempDir("summary-compat");
        string repo = tmp.Combine("repo");
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=archive");
        Tools.AssertSameOutput("summary", "--repo=" + repo, "--view");
        Tools.AssertSameOutput("summary", "--repo=" + repo, "--raw");
        Tools.AssertSameOutput("summary", "--repo=" + repo);
        Tools.AssertSameOutput("summary", "--repo=" + repo, "-m", "x");
        Tools.AssertSameOutput("summary", "--repo=" + repo, "-u", "-m", "novalue");
        Assert.Equal(RealOstree.RunChecked("summary", "--help").Replace("/usr/bin/ostree", "ostree", StringComparison.Ordinal),
            Tools.Checked("ostree-sharp", "summary", "--help").Replace("ostree-sharp", "ostree", StringComparison.Ordinal));
        File.WriteAllBytes(Path.Combine(repo, "summary.sig"), [1, 2, 3]);
        Assert.Equal(0, Tools.Ours("summary", "--repo=" + repo, "-u").ExitCode);
        Assert.False(File.Exists(Path.Combine(repo, "summary.sig")));
        Tools.AssertSameOutput("summary", "--repo=" + repo, "-v");
    }
}
