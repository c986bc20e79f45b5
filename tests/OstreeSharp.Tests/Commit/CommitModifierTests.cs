using System.Text;
using OstreeSharp.Checkout;
using OstreeSharp.Commit;
using OstreeSharp.Native;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Commit;

public class CommitModifierTests
{
    private sealed class Collect : IProgress<CommitProgress>
    {
        public CommitProgress Last { get; private set; }

        public void Report(CommitProgress value)
        {
            lock (this)
            {
                if (value.FilesDone >= Last.FilesDone)
                    Last = value;
            }
        }
    }

    private static void MakeTree(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "d", "e"));
        File.WriteAllText(Path.Combine(root, "a"), "a\n");
        File.WriteAllText(Path.Combine(root, "exe"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(root, "exe"), (UnixFileMode)0x1FD); // 0775
        var big = new byte[2 * 1024 * 1024 + 3];
        new Random(5).NextBytes(big);
        File.WriteAllBytes(Path.Combine(root, "d", "big"), big);
        File.WriteAllText(Path.Combine(root, "d", "e", "f"), "f");
        File.CreateSymbolicLink(Path.Combine(root, "link"), "a");
    }

    private static (Checksum Tree, Checksum Meta, CommitProgress Progress, MutableTree Root) Import(OstreeRepo repo, string dir, CommitModifier? modifier = null)
    {
        var progress = new Collect();
        using var tx = repo.BeginTransaction();
        var root = new MutableTree();
        CommitWriter.ImportDirectory(tx, root, dir, modifier, progress);
        var (t, m) = root.Write(tx);
        tx.Commit();
        return (t, m, progress.Last, root);
    }

    [Theory]
    [InlineData(RepoMode.Bare)]
    [InlineData(RepoMode.BareUser)]
    public void DevInoCacheRecognisesHardlinkedCheckoutsWithoutHashing(RepoMode mode)
    {
        using var scratch = new ScratchDir();
        string src = scratch.Combine("src");
        MakeTree(src);
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), mode);
        var commit = repo.CommitDirectory(src, "main");
        string co = scratch.Combine("co");
        TreeCheckout.Run(repo, commit, co, new CheckoutOptions { Mode = mode == RepoMode.Bare ? CheckoutMode.None : CheckoutMode.User });
        Assert.True(FileStatus.Lstat(Path.Combine(co, "d", "big")).Nlink > 1, "checkout is not hard-linked");

        var cache = DevInoCache.Scan(repo);
        Assert.True(cache.Count >= 4);
        var fast = Import(repo, co, new CommitModifier { DevInoCache = cache });
        Assert.Equal(0, fast.Progress.BytesHashed);
        Assert.Equal(4, fast.Progress.FilesFromCache); // a, exe, d/big, d/e/f (symlinks are not hard-linked)
        var c = repo.ReadCommit(commit);
        Assert.Equal(c.RootTree, fast.Tree);

        // Without the cache every byte is read; in bare mode the result is the same tree.
        var slow = Import(repo, co);
        Assert.Equal(2 * 1024 * 1024 + 3 + 2 + 10 + 1, slow.Progress.BytesHashed);
        if (mode == RepoMode.Bare)
            Assert.Equal(fast.Tree, slow.Tree);

        // A modifier that changes the metadata forces a re-hash of the changed files only.
        var owned = Import(repo, co, new CommitModifier { DevInoCache = cache, OwnerUid = 4242 });
        Assert.Equal(0, owned.Progress.FilesFromCache);
        Assert.NotEqual(fast.Tree, owned.Tree);
    }

    [Fact]
    public void WhiteoutsInADirectoryLayerDeleteLowerEntries()
    {
        using var scratch = new ScratchDir();
        string lower = scratch.Combine("lower"), upper = scratch.Combine("upper");
        MakeTree(lower);
        Directory.CreateDirectory(Path.Combine(upper, "d"));
        File.WriteAllText(Path.Combine(upper, ".wh.a"), "");
        File.WriteAllText(Path.Combine(upper, ".wh.link"), "");
        File.WriteAllText(Path.Combine(upper, "d", ".wh..wh..opq"), "");
        File.WriteAllText(Path.Combine(upper, "d", "new"), "n");
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        using var tx = repo.BeginTransaction();
        var root = new MutableTree();
        CommitWriter.ImportDirectory(tx, root, lower);
        CommitWriter.ImportDirectory(tx, root, upper, new CommitModifier { ProcessWhiteouts = true });
        Assert.Equal(["exe"], root.Files.Keys);
        Assert.Equal(["new"], root.Directories["d"].Files.Keys);
        Assert.Empty(root.Directories["d"].Directories);

        var plain = new MutableTree();
        CommitWriter.ImportDirectory(tx, plain, lower);
        CommitWriter.ImportDirectory(tx, plain, upper);
        Assert.Contains(".wh.a", plain.Files.Keys);
        Assert.Contains("a", plain.Files.Keys);
    }

    [Fact]
    public void MutableTreeWhiteoutApi()
    {
        var t = new MutableTree();
        t.ReplaceFile("x", default);
        t.EnsureDirectory("y");
        Assert.False(t.ApplyWhiteout("plain"));
        Assert.True(t.ApplyWhiteout(".wh.x"));
        Assert.Equal(["y"], t.Directories.Keys);
        Assert.Empty(t.Files);
        Assert.True(t.ApplyWhiteout(Whiteouts.OpaqueMarker));
        Assert.Empty(t.Directories);
        Assert.True(Whiteouts.TryParse(".wh.name", out var target) && target == "name");
        Assert.True(Whiteouts.TryParse(".wh..wh..opq", out target) && target is null);
        Assert.False(Whiteouts.TryParse(".wh.", out _));
    }

    [Fact]
    public void StatOverridesFollowOstreesParsing()
    {
        var t = StatOverrideTable.Parse("+2000 /a\n=384 /b\n=0x1ed /c\n8 /d\n\n=abc /e\n+0100 /unused\n");
        Assert.Equal(0x8000u | 0x1A4 | 2000, t.Apply("/a", 0x81A4)); // decimal 2000, added
        Assert.Equal(0x8180u, t.Apply("/b", 0x8FFF));                  // 384 = 0600, permissions replaced
        Assert.Equal(0x41EDu, t.Apply("/c", 0x4000));                  // hex float syntax
        Assert.Equal(0x81ACu, t.Apply("/d", 0x81A4));                  // no prefix: added
        Assert.Equal(0x8000u, t.Apply("/e", 0x81A4));                  // not a number: 0
        Assert.Equal(0x81A4u, t.Apply("/other", 0x81A4));
        Assert.Equal(["/unused"], t.UnmatchedPaths);
        Assert.Equal("Malformed statoverride file (no space found)", Assert.Throws<FormatException>(() => StatOverrideTable.Parse("+1\n")).Message);
    }

    [Fact]
    public void ModifierAppliesSkipListOwnersReadOnlyExecutablesAndOverrides()
    {
        using var scratch = new ScratchDir();
        string src = scratch.Combine("src");
        MakeTree(src);
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        var modifier = new CommitModifier
        {
            SkipPaths = new HashSet<string> { "/d/e", "/link" },
            ReadOnlyExecutables = true,
            OwnerGid = 77,
            StatOverrides = StatOverrideTable.Parse("=448 /a\n"),
        };
        var r = Import(repo, src, modifier);
        Assert.Equal(["a", "exe"], r.Root.Files.Keys);
        Assert.Equal(["big"], r.Root.Directories["d"].Files.Keys);
        Assert.Empty(r.Root.Directories["d"].Directories);
        using (var exe = repo.ReadContent(r.Root.Files["exe"]))
            Assert.Equal((77u, 0x816Du), (exe.Header.Gid, exe.Header.Mode)); // 0775 → 0555
        using (var a = repo.ReadContent(r.Root.Files["a"]))
            Assert.Equal(0x81C0u, a.Header.Mode);
        Assert.Empty(modifier.StatOverrides.UnmatchedPaths);
    }

    [Fact]
    public void ConsumeDeletesTheSourceTree()
    {
        using var scratch = new ScratchDir();
        string src = scratch.Combine("src"), copy = scratch.Combine("copy");
        MakeTree(src);
        MakeTree(copy);
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        var kept = Import(repo, copy);
        var consumed = Import(repo, src, new CommitModifier { Consume = true });
        Assert.Equal(kept.Tree, consumed.Tree);
        Assert.False(Directory.Exists(src));
        Assert.True(Directory.Exists(copy));
    }

    [Fact]
    public void BootableTreeFindsTheOnlyKernel()
    {
        var root = new MutableTree();
        Assert.Equal("No such file or directory: /usr", Assert.Throws<OstreeException>(() => BootableTree.FindKernelVersion(root)).Message);
        var modules = root.EnsureDirectory("usr").EnsureDirectory("lib").EnsureDirectory("modules");
        Assert.Equal("No kernel found in /usr/lib/modules", Assert.Throws<OstreeException>(() => BootableTree.FindKernelVersion(root)).Message);
        modules.EnsureDirectory("5.1").ReplaceFile("vmlinuz", default);
        modules.EnsureDirectory("6.0").ReplaceFile("config", default);
        Assert.Equal("5.1", BootableTree.FindKernelVersion(root));
        modules.EnsureDirectory("6.0").EnsureDirectory("vmlinuz");
        Assert.Equal("Multiple kernels found in /usr/lib/modules", Assert.Throws<OstreeException>(() => BootableTree.FindKernelVersion(root)).Message);
    }

    [Fact]
    public void SizesCoverEveryTreeObjectSortedWithStoredLengths()
    {
        using var scratch = new ScratchDir();
        string src = scratch.Combine("src");
        MakeTree(src);
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        using var tx = repo.BeginTransaction();
        var root = new MutableTree();
        CommitWriter.ImportDirectory(tx, root, src);
        root.Write(tx);
        var sizes = CommitSizes.Compute(tx, root);
        var commit = CommitWriter.WriteCommit(tx, root, new CommitOptions { Sizes = sizes });
        tx.Commit();

        Assert.Equal(sizes.OrderBy(s => s.Checksum).Select(s => s.Checksum), sizes.Select(s => s.Checksum));
        // 5 content objects (a, exe, link, d/big, d/e/f) and 3 dirtrees (/, d, d/e)
        Assert.Equal(5, sizes.Count(s => s.Type == ObjectType.File));
        Assert.Equal(3, sizes.Count(s => s.Type == ObjectType.DirTree));
        foreach (var s in sizes)
            Assert.Equal(new FileInfo(repo.GetObjectPath(s.Checksum, s.Type!.Value)).Length, (long)s.ArchivedSize);
        Assert.Contains(sizes, s => s.UnpackedSize == 1 && s.Type == ObjectType.File && s.Checksum == root.Files["link"]); // "a"
        Assert.Contains(sizes, s => s.UnpackedSize == 2 * 1024 * 1024 + 3);
        var md = repo.ReadCommit(commit).Metadata;
        Assert.Equal("ostree.sizes", md.Keys.Last());
        Assert.True(md.TryGetByteArrays("ostree.sizes", out var raw));
        Assert.Equal(sizes, raw.Select(b => SizesEntry.Parse(b)));
    }

    [Fact]
    public void NegativeTimestampsWrapLikeOstree()
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        using var tx = repo.BeginTransaction();
        var root = new MutableTree { MetaChecksum = tx.WriteMetadata(ObjectType.DirMeta, DirMetaObject.Serialize(0, 0, 0x41ED, XattrSet.Empty)) };
        var c = CommitWriter.WriteCommit(tx, root, new CommitOptions { Timestamp = DateTimeOffset.FromUnixTimeSeconds(-5) });
        tx.Commit();
        Assert.Equal(ulong.MaxValue - 4, repo.ReadCommit(c).Timestamp);
    }
}
