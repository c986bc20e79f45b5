using OstreeSharp.Deltas;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Tests.Deltas;

public sealed class StaticDeltaRoundTripTests
{
    public static TheoryData<string, RepoMode> Variants()
    {
        var data = new TheoryData<string, RepoMode>();
        foreach (var v in new[] { "default", "inline", "big-endian", "small-chunks", "disable-bsdiff", "disable-rollsum", "no-matching" })
        {
            data.Add(v, RepoMode.BareUser);
        }
        data.Add("default", RepoMode.Archive);
        data.Add("disable-rollsum", RepoMode.Archive);
        return data;
    }

    private static StaticDeltaGeneratorOptions Options(string variant, string dir) => new()
    {
        Filename = Path.Combine(dir, "superblock"),
        Inline = variant == "inline",
        Endianness = variant == "big-endian" ? DeltaEndianness.Big : DeltaEndianness.Little,
        MaxChunkSize = variant == "small-chunks" ? 4000UL : 32_000_000UL,
        DisableBsdiff = variant is "disable-bsdiff" or "no-matching",
        DisableRollsum = variant is "disable-rollsum" or "no-matching",
        Timestamp = 1_700_000_000,
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void GenerateThenApplyReproducesBothCommits(string variant, RepoMode mode)
    {
        using var b = new DeltaRepoBuilder();
        string scratch = b.NewDirectory(), fromTo = b.NewDirectory();
        var r1 = new StaticDeltaGenerator(b.Repo, Options(variant, scratch)).Generate(null, b.V1);
        var r2 = new StaticDeltaGenerator(b.Repo, Options(variant, fromTo)).Generate(b.V1, b.V2);
        Assert.Equal(new StaticDeltaName(b.V1, b.V2), r2.Name);
        if (variant == "small-chunks")
        {
            Assert.True(r1.Parts.Count > 5);
        }
        if (variant is "default" or "inline")
        {
            // config.txt (same path), libfoo.so.1.2 → .3 (versioned rename), small.txt (same path).
            Assert.True(r2.Modified >= 2, $"modified={r2.Modified}");
            Assert.True(r2.RollsumObjects + r2.BsdiffObjects >= 2);
        }
        var sb = StaticDeltaApplier.ReadSuperblock(fromTo);
        Assert.Equal(b.V1, sb.From);
        Assert.Equal(b.V2, sb.To);
        Assert.Equal(1_700_000_000UL, sb.Timestamp);
        Assert.Equal(variant == "big-endian" ? DeltaEndianness.Big : DeltaEndianness.Little, sb.Endianness);
        Assert.False(sb.EndiannessGuessed);

        using var target = b.NewRepo(mode);
        var a1 = new StaticDeltaApplier(target).Apply(scratch);
        Assert.Equal(b.V1, a1.Commit);
        var a2 = new StaticDeltaApplier(target).Apply(Path.Combine(fromTo, "superblock"));
        Assert.Equal(b.V2, a2.Commit);
        foreach (var o in DeltaRepoBuilder.Reachable(b.Repo, b.V2).Concat(DeltaRepoBuilder.Reachable(b.Repo, b.V1)))
        {
            Assert.True(target.HasObject(o.Checksum, o.Type), $"{o} missing");
        }
        foreach (var e in target.EnumerateDirectory(target.GetRoot(b.V2), recursive: true).Where(e => e.Kind == TreeEntryKind.File))
        {
            using var c = target.ReadContent(e.Checksum);
            var actual = c.Content is null ? ContentHasher.Compute(c.Header, ReadOnlySpan<byte>.Empty) : ContentHasher.Compute(c.Header, c.Content);
            Assert.Equal(e.Checksum, actual);
        }
    }

    [Fact]
    public void InspectPartCountsOperations()
    {
        using var b = new DeltaRepoBuilder();
        string dir = b.NewDirectory();
        new StaticDeltaGenerator(b.Repo, Options("default", dir)).Generate(b.V1, b.V2);
        var sb = StaticDeltaApplier.ReadSuperblock(dir);
        int objects = 0;
        for (int i = 0; i < sb.Parts.Count; i++)
        {
            var info = StaticDeltaApplier.InspectPart(sb, i, dir, b.NewDirectory());
            var c = info.Operations;
            Assert.Equal(sb.Parts[i].Objects.Count, c.OpenSpliceAndClose + c.Close);
            Assert.Equal(c.Open, c.Close);
            objects += sb.Parts[i].Objects.Count;
        }
        Assert.True(objects > 0);
    }

    [Fact]
    public void StoreListsDeletesAndIndexes()
    {
        using var b = new DeltaRepoBuilder();
        Assert.Empty(StaticDeltaStore.List(b.Repo));
        new StaticDeltaGenerator(b.Repo).Generate(null, b.V1);
        new StaticDeltaGenerator(b.Repo).Generate(b.V1, b.V2);
        new StaticDeltaGenerator(b.Repo).Generate(null, b.V2);
        var names = StaticDeltaStore.List(b.Repo).Select(n => n.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { b.V1.ToString(), $"{b.V1}-{b.V2}", b.V2.ToString() }.Order(StringComparer.Ordinal), names);
        Assert.True(StaticDeltaStore.Exists(b.Repo, new StaticDeltaName(null, b.V2)));
        Assert.Equal(b.V2, StaticDeltaStore.ReadSuperblock(b.Repo, new StaticDeltaName(b.V1, b.V2)).To);

        StaticDeltaStore.Reindex(b.Repo);
        Assert.Equal(new[] { b.V1, b.V2 }.Order(), StaticDeltaStore.ListIndexes(b.Repo).Order());
        var index = MetadataDictionary.Parse(File.ReadAllBytes(Path.Combine(b.Repo.Path, StaticDeltaName.IndexRelativePath(b.V2))));
        Assert.True(index.TryGetValue(StaticDeltaStore.IndexKey, out var entry));
        var inner = MetadataDictionary.Read(entry.GetReader());
        Assert.Equal(new[] { $"{b.V1}-{b.V2}", b.V2.ToString() }.Order(StringComparer.Ordinal), inner.Keys);

        StaticDeltaStore.Delete(b.Repo, new StaticDeltaName(null, b.V1));
        Assert.Throws<ObjectNotFoundException>(() => StaticDeltaStore.Delete(b.Repo, new StaticDeltaName(null, b.V1)));
        StaticDeltaStore.Reindex(b.Repo);
        Assert.Equal(new[] { b.V2 }, StaticDeltaStore.ListIndexes(b.Repo));
    }

    [Fact]
    public void MissingSourceAndFallbacksAreReported()
    {
        using var b = new DeltaRepoBuilder();
        string fromTo = b.NewDirectory();
        new StaticDeltaGenerator(b.Repo, Options("default", fromTo)).Generate(b.V1, b.V2);
        using var empty = b.NewRepo();
        var ex = Assert.Throws<ObjectNotFoundException>(() => new StaticDeltaApplier(empty).Apply(fromTo));
        Assert.Contains("which is the delta source, is not in repository", ex.Message, StringComparison.Ordinal);

        string fb = b.NewDirectory();
        var options = Options("disable-rollsum", fb);
        options.MinFallbackSize = 100_000;
        var r = new StaticDeltaGenerator(b.Repo, options).Generate(null, b.V1);
        Assert.Equal(1, r.Fallbacks); // libfoo.so.1.2 (150 kB)
        using var target = b.NewRepo();
        var fe = Assert.Throws<StaticDeltaFallbackException>(() => new StaticDeltaApplier(target).Apply(fb));
        Assert.Single(fe.Missing);
        var lenient = new StaticDeltaApplier(target, new StaticDeltaApplyOptions { RequireFallbacks = false }).Apply(fb);
        Assert.Single(lenient.MissingFallbacks);
    }

    [Theory]
    [InlineData("libfoo.so.1.2", "libfoo.so.1.3", true)]
    [InlineData("libbar-2.31.so", "libbar-2.32.so", true)]
    [InlineData("python3.11", "python3.12", true)]
    [InlineData("libfoo.so.1", "libbar.so.1", false)]
    public void VersionlessNamesMatchVersionedRenames(string a, string b, bool same) =>
        Assert.Equal(same, StaticDeltaGenerator.VersionlessName(a) == StaticDeltaGenerator.VersionlessName(b));
}
