using OstreeSharp.Commit;
using OstreeSharp.Native;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Commit;

/// <summary><see cref="CommitWriter.ImportTree"/>: layering a stored tree (<c>--tree=ref=</c>) with and without a modifier.</summary>
public class RefLayerTests
{
    private static void MakeTree(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "d", "e"));
        File.WriteAllText(Path.Combine(root, "a"), "a\n");
        File.WriteAllText(Path.Combine(root, "exe"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(root, "exe"), (UnixFileMode)0x1FD); // 0775
        var big = new byte[300_000];
        new Random(7).NextBytes(big);
        File.WriteAllBytes(Path.Combine(root, "d", "big"), big);
        File.WriteAllText(Path.Combine(root, "d", "e", "f"), "f");
        File.CreateSymbolicLink(Path.Combine(root, "link"), "a");
        if (Xattrs.IsSupported(root))
        {
            Xattrs.Set(Path.Combine(root, "a"), "user.t", "1"u8);
            Xattrs.Set(Path.Combine(root, "d"), "user.d", "2"u8);
        }
    }

    private static (Checksum Tree, Checksum Meta) Layer(OstreeRepo repo, Action<RepoTransaction, MutableTree> build)
    {
        using var tx = repo.BeginTransaction();
        var root = new MutableTree();
        build(tx, root);
        var result = root.Write(tx);
        tx.Commit();
        return result;
    }

    public static TheoryData<string, RepoMode> Modifiers()
    {
        var data = new TheoryData<string, RepoMode>();
        foreach (var mode in new[] { RepoMode.Archive, RepoMode.BareUser, RepoMode.Bare })
        {
            foreach (string m in new[] { "uid", "gid-ro", "skip", "statoverride", "canonical", "no-xattrs" })
                data.Add(m, mode);
        }
        return data;
    }

    private static CommitModifier Modifier(string name) => name switch
    {
        "uid" => new CommitModifier { OwnerUid = 4242 },
        "gid-ro" => new CommitModifier { OwnerGid = 77, ReadOnlyExecutables = true },
        "skip" => new CommitModifier { SkipPaths = new HashSet<string>(StringComparer.Ordinal) { "/d/e", "/a" } },
        "statoverride" => new CommitModifier { StatOverrides = StatOverrideTable.Parse("=448 /\n+2048 /exe\n=384 /d\n") },
        "canonical" => new CommitModifier { CanonicalPermissions = true },
        _ => new CommitModifier { SkipXattrs = true },
    };

    /// <summary>A stored tree layered with a modifier equals the directory imported with it: the modifier reaches
    /// every file and directory, with the same paths, and rewritten files keep their content.</summary>
    [Theory]
    [MemberData(nameof(Modifiers))]
    public void ModifierAppliesToTheLayeredTreeAsToADirectory(string modifierName, RepoMode mode)
    {
        using var scratch = new ScratchDir();
        string src = scratch.Combine("src");
        MakeTree(src);
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), mode);
        var commit = repo.ReadCommit(repo.CommitDirectory(src, "main"));

        var fromDir = Layer(repo, (tx, root) => CommitWriter.ImportDirectory(tx, root, src, Modifier(modifierName)));
        var modifier = Modifier(modifierName);
        var fromRef = Layer(repo, (tx, root) => CommitWriter.ImportTree(tx, root, commit.RootTree, commit.RootMeta, modifier));
        Assert.Equal(fromDir, fromRef);
        if (modifierName != "no-xattrs" || Xattrs.IsSupported(src))
            Assert.NotEqual((commit.RootTree, commit.RootMeta), fromRef);
        Assert.Empty(modifier.UnmatchedSkipPaths);
        Assert.Empty(modifier.StatOverrides?.UnmatchedPaths ?? []);
        // The rewritten big file reads back with the original content.
        var big = repo.ReadDirTree(repo.ReadDirTree(fromRef.Tree).Directories.Single(d => d.Name == "d").TreeChecksum).Files.Single(f => f.Name == "big");
        using var obj = repo.ReadContent(big.Checksum);
        using var ms = new MemoryStream();
        obj.Content!.CopyTo(ms);
        Assert.Equal(File.ReadAllBytes(Path.Combine(src, "d", "big")), ms.ToArray());
    }

    /// <summary>Without a modifier that rewrites trees, no content object is read: they are all corrupted here.</summary>
    [Theory]
    [InlineData(RepoMode.Archive)]
    [InlineData(RepoMode.BareUser)]
    public void WithoutAModifierTheTreeIsReusedUnread(RepoMode mode)
    {
        using var scratch = new ScratchDir();
        string src = scratch.Combine("src");
        MakeTree(src);
        string upper = scratch.Combine("upper");
        Directory.CreateDirectory(Path.Combine(upper, "d"));
        File.WriteAllText(Path.Combine(upper, "d", "u"), "u");
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), mode);
        var commit = repo.ReadCommit(repo.CommitDirectory(src, "main"));
        var upperTree = Layer(repo, (tx, root) => CommitWriter.ImportDirectory(tx, root, upper));
        var expectedMerged = Layer(repo, (tx, root) =>
        {
            CommitWriter.ImportDirectory(tx, root, upper);
            CommitWriter.ImportDirectory(tx, root, src);
        });
        foreach (string file in Directory.EnumerateFiles(Path.Combine(repo.Path, "objects"), "*.file*", SearchOption.AllDirectories))
        {
            File.Delete(file);
            File.WriteAllText(file, "garbage, not an object");
        }

        foreach (var modifier in new[] { null, new CommitModifier { ProcessWhiteouts = true } })
        {
            using (var tx = repo.BeginTransaction())
            {
                var root = new MutableTree();
                CommitWriter.ImportTree(tx, root, commit.RootTree, commit.RootMeta, modifier);
                Assert.Equal(commit.RootTree, root.CachedTreeChecksum); // still backed by the stored dirtree
                Assert.Equal((commit.RootTree, commit.RootMeta), root.Write(tx));
                Assert.Equal(0, tx.Stats.MetadataObjectsTotal);
                tx.Abort();
            }
            // Over another tree, the directories that merge are read, the files are not.
            Assert.Equal(expectedMerged, Layer(repo, (tx, root) =>
            {
                CommitWriter.ImportTree(tx, root, upperTree.Tree, upperTree.Meta, modifier);
                CommitWriter.ImportTree(tx, root, commit.RootTree, commit.RootMeta, modifier);
            }));
        }

        // A modifier that changes metadata has to read every file, so the corruption shows.
        using var tx2 = repo.BeginTransaction();
        Assert.ThrowsAny<OstreeException>(() =>
            CommitWriter.ImportTree(tx2, new MutableTree(), commit.RootTree, commit.RootMeta, new CommitModifier { OwnerUid = 1 }));
    }
}
