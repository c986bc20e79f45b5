using OstreeSharp.Commit;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Summary;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Summary;

public sealed class SummaryWriterTests
{
    private static string MakeTree(ScratchDir dir)
    {
        string tree = dir.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "a"), "hello\n");
        return tree;
    }

    [Fact]
    public void UpdateWritesSortedRefsMetadataAndRemovesStaleSignature()
    {
        using var dir = new ScratchDir();
        string tree = MakeTree(dir);
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var other = repo.CommitDirectory(tree, "other", "two");
        var main = repo.CommitDirectory(tree, "main", "one");
        File.WriteAllBytes(Path.Combine(repo.Path, "summary.sig"), [1]);
        var user = new MetadataDictionary();
        user.SetString("custom", "v");
        var when = DateTimeOffset.FromUnixTimeSeconds(1700000000);

        var written = SummaryWriter.Update(repo, new SummaryOptions { AdditionalMetadata = user, Timestamp = when });

        Assert.False(File.Exists(Path.Combine(repo.Path, "summary.sig")));
        Assert.Equal("true", repo.Config.GetString("core", "indexed-deltas"));
        var read = SummaryWriter.Read(repo)!;
        Assert.Equal(written.Serialize(), read.Serialize());
        Assert.Equal(["main", "other"], read.Refs.Select(r => r.Name));
        Assert.Equal(main, read.Refs[0].Checksum);
        Assert.Equal(other, read.Refs[1].Checksum);
        Assert.Equal((ulong)repo.ReadMetadataBytes(main, ObjectType.Commit).Length, read.Refs[0].CommitSize);
        Assert.Equal(repo.ReadCommit(main).Timestamp, read.Refs[0].Timestamp);
        Assert.Equal("archive-z2", read.Mode);
        Assert.Equal(1700000000UL, read.LastModified);
        Assert.True(read.Metadata.TryGetString("custom", out var custom) && custom == "v");
        Assert.Null(read.CollectionId);
        Assert.Empty(read.StaticDeltas);
    }

    [Fact]
    public void SignerReceivesTheExactSummaryBytes()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.BareUser);
        repo.CommitDirectory(MakeTree(dir), "main");
        byte[]? seen = null;
        SummaryWriter.Update(repo, new SummaryOptions
        {
            Signer = bytes =>
            {
                seen = bytes.ToArray();
                var sig = new MetadataDictionary();
                sig.SetByteArrays(SummaryKeys.GpgSignatures, [new byte[] { 0xAA, 0xBB }]);
                return sig;
            },
        });
        Assert.Equal(File.ReadAllBytes(Path.Combine(repo.Path, "summary")), seen);
        var stored = MetadataDictionary.Parse(File.ReadAllBytes(Path.Combine(repo.Path, "summary.sig")));
        Assert.True(stored.TryGetByteArrays(SummaryKeys.GpgSignatures, out var blobs));
        Assert.Equal([0xAA, 0xBB], blobs[0]);
    }

    [Fact]
    public void CollectionRepositoryGetsMetadataCommitAndCollectionMap()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive, "org.example.Os");
        var main = repo.CommitDirectory(MakeTree(dir), "main");
        repo.SetCollectionRefImmediate(new CollectionRef("org.other.Coll", "foo"), main);
        repo.SetCollectionRefImmediate(new CollectionRef("org.aaa.X", "zed"), main);
        var user = new MetadataDictionary();
        user.SetString("aa", "b");
        var when = DateTimeOffset.FromUnixTimeSeconds(1700000000);

        var s1 = SummaryWriter.Update(repo, new SummaryOptions { AdditionalMetadata = user, Timestamp = when });
        Assert.True(repo.TryReadRef(null, SummaryKeys.MetadataRef, out var meta1));
        var commit = repo.ReadCommit(meta1);
        Assert.Null(commit.Parent);
        Assert.Equal(1700000000UL, commit.Timestamp);
        Assert.Equal(["aa", "ostree.collection-binding", "ostree.ref-binding"], commit.Metadata.Keys);
        Assert.Equal(DirTreeObject.Empty.Checksum, commit.RootTree);
        Assert.Equal("446a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c5488", commit.RootMeta.ToString());

        Assert.Equal(["main", SummaryKeys.MetadataRef], s1.Refs.Select(r => r.Name));
        Assert.Equal("org.example.Os", s1.CollectionId);
        Assert.Equal(["org.aaa.X", "org.other.Coll"], s1.CollectionMap.Select(c => c.Key));
        Assert.Equal("foo", s1.CollectionMap[1].Value[0].Name);

        SummaryWriter.Update(repo, new SummaryOptions { Timestamp = when.AddSeconds(5) });
        Assert.True(repo.TryReadRef(null, SummaryKeys.MetadataRef, out var meta2));
        Assert.Equal(meta1, repo.ReadCommit(meta2).Parent);
    }

    [Fact]
    public void StaticDeltasAreAdvertisedUnlessDisabled()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var main = repo.CommitDirectory(MakeTree(dir), "main");
        string m = main.ToMBase64();
        string deltaDir = Path.Combine(repo.Path, "deltas", m[..2], m[2..]);
        Directory.CreateDirectory(deltaDir);
        File.WriteAllBytes(Path.Combine(deltaDir, "superblock"), [7, 7, 7]);

        var s = SummaryWriter.Update(repo);
        var delta = Assert.Single(s.StaticDeltas);
        Assert.Equal(main.ToString(), delta.Key);
        Assert.Equal(Checksum.Compute([7, 7, 7]), delta.Value);
        Assert.True(File.Exists(StaticDeltaIndex.GetIndexPath(repo, main)));

        repo.Config.SetValue("core", "no-deltas-in-summary", "true");
        Assert.Empty(SummaryWriter.Build(repo).StaticDeltas);
    }

    [Fact]
    public void UserMetadataCannotOverrideOstreeKeys()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Bare);
        var user = new MetadataDictionary();
        user.SetString(SummaryKeys.Mode, "weird");
        user.Add("t", GVariantType.UInt64, new byte[8]);
        var s = SummaryWriter.Build(repo, new SummaryOptions { AdditionalMetadata = user, Timestamp = DateTimeOffset.UnixEpoch });
        Assert.Equal("bare", s.Mode);
        Assert.True(s.Metadata.ContainsKey("t"));
    }
}
