using System.IO.Compression;
using OstreeSharp.Checkout;
using OstreeSharp.Commit;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;
using OstreeSharp.Verification;

namespace OstreeSharp.Tests.Hostile;

/// <summary>
/// Hand-made hostile repositories (issue 6): each must give a clear typed error, write nothing outside the
/// checkout destination, and never hang or exhaust memory.
/// </summary>
public sealed class HostileRepositoryTests
{
    private static Checksum WriteMetadata(OstreeRepo repo, ObjectType type, byte[] bytes, Checksum? storeAs = null)
    {
        var name = storeAs ?? Checksum.Compute(bytes);
        string path = repo.GetObjectPath(name, type);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return name;
    }

    /// <summary>
    /// A commit whose root dirtree lists itself as its subdirectory "loop": the dirtree is stored under a name
    /// that is not its hash (a true hash fixed point cannot exist).
    /// </summary>
    private static (Checksum Commit, Checksum Tree) MakeSelfContainingTree(OstreeRepo repo)
    {
        var metaBytes = new DirMetaObject(0, 0, UnixMode.Directory | 0x1ED).RawBytes.ToArray();
        var meta = WriteMetadata(repo, ObjectType.DirMeta, metaBytes);
        // Any name will do for the lie; use the hash of a marker so the test is deterministic.
        var fakeName = Checksum.Compute("self-containing dirtree"u8);
        var tree = DirTreeObject.Create([], [new DirTreeDirectory("loop", fakeName, meta)]);
        WriteMetadata(repo, ObjectType.DirTree, tree.RawBytes.ToArray(), fakeName);
        var commit = CommitObject.Create(new MetadataDictionary(), null, "loop", "", 1, fakeName, meta);
        var commitId = WriteMetadata(repo, ObjectType.Commit, commit.RawBytes.ToArray());
        repo.SetRefImmediate(null, "loop", commitId);
        return (commitId, fakeName);
    }

    [Fact]
    public void Recursive_listing_of_a_self_containing_tree_stops_with_a_typed_error()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var (commit, tree) = MakeSelfContainingTree(repo);

        var ex = Assert.Throws<CorruptObjectException>(() => repo.EnumerateDirectory(repo.GetRoot(commit), recursive: true).ToList());
        Assert.Contains("contains itself", ex.Message, StringComparison.Ordinal);
        Assert.Equal(tree, ex.ObjectName!.Value.Checksum);
    }

    [Fact]
    public void Untrusted_limits_reject_an_object_stored_under_a_false_name()
    {
        using var dir = new ScratchDir();
        using (var writer = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive))
            MakeSelfContainingTree(writer);
        using var repo = OstreeRepo.Open(dir.Combine("repo"), ReadLimits.Untrusted);
        var commit = repo.ResolveRev("loop");

        var ex = Assert.Throws<CorruptObjectException>(() => repo.ReadDirTree(repo.ReadCommit(commit).RootTree));
        Assert.Contains("checksum mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkout_of_a_self_containing_tree_fails_and_writes_nothing_outside_the_destination()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var (commit, _) = MakeSelfContainingTree(repo);
        string outside = dir.Combine("outside");
        Directory.CreateDirectory(outside);
        string dest = Path.Combine(outside, "dest");

        var ex = Assert.Throws<CorruptObjectException>(() => TreeCheckout.Run(repo, commit, dest, new CheckoutOptions { Mode = CheckoutMode.User }));
        Assert.Contains("contains itself", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dest)); // the tree is read and validated before anything is written

        Assert.All(Directory.EnumerateFileSystemEntries(outside, "*", SearchOption.AllDirectories),
            p => Assert.StartsWith(dest, p, StringComparison.Ordinal));
    }

    [Fact]
    public void Fsck_reports_the_false_name_and_terminates()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var (_, tree) = MakeSelfContainingTree(repo);

        var result = RepoFsck.Run(repo, new FsckOptions { ContinueOnError = true });

        Assert.Contains(result.Errors, e => e.Object?.Checksum == tree && e.Message.Contains("Corrupted dirtree object", StringComparison.Ordinal));
    }

    private static (OstreeRepo Repo, Checksum Commit, Checksum File) RepoWithOneFile(ScratchDir dir, byte[] content)
    {
        string tree = dir.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllBytes(Path.Combine(tree, "f"), content);
        var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var commit = repo.CommitDirectory(tree, "main");
        var root = repo.ReadDirTree(repo.ReadCommit(commit).RootTree);
        return (repo, commit, root.Files[0].Checksum);
    }

    /// <summary>Rewrites a <c>.filez</c> with a given declared size and deflated payload.</summary>
    private static void ForgeFilez(OstreeRepo repo, Checksum file, ulong declaredSize, ReadOnlySpan<byte> payload)
    {
        var header = FileHeader.RegularFile(0, 0, UnixMode.Regular | 0x1A4);
        using var ms = new MemoryStream();
        ms.Write(header.SerializeArchiveHeader(declaredSize));
        using (var deflate = new DeflateStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
            deflate.Write(payload);
        string path = repo.GetObjectPath(file, ObjectType.File);
        File.SetAttributes(path, FileAttributes.Normal);
        File.Delete(path);
        File.WriteAllBytes(path, ms.ToArray());
    }

    [Fact]
    public void Deflate_bomb_is_stopped_at_the_declared_size_with_bounded_memory()
    {
        using var dir = new ScratchDir();
        var (repo, commit, file) = RepoWithOneFile(dir, "small\n"u8.ToArray());
        using var _ = repo;
        // 256 MiB of zeros deflates to ~250 KiB; the header claims 6 bytes.
        ForgeFilez(repo, file, 6, new byte[256 * 1024 * 1024]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<CorruptObjectException>(() =>
        {
            using var obj = repo.ReadContent(file);
            obj.Content!.CopyTo(Stream.Null);
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated} bytes");
        Assert.Equal(file, ex.ObjectName!.Value.Checksum);

        string dest = dir.Combine("dest");
        Assert.ThrowsAny<OstreeException>(() => TreeCheckout.Run(repo, commit, dest, new CheckoutOptions { Mode = CheckoutMode.User }));
        Assert.False(File.Exists(Path.Combine(dest, "f")) && new FileInfo(Path.Combine(dest, "f")).Length > 6);
        Assert.NotEmpty(RepoFsck.Run(repo, new FsckOptions { ContinueOnError = true }).Errors);
    }

    [Theory]
    [InlineData(5ul)]   // declares less than it holds
    [InlineData(7ul)]   // declares more than it holds (truncated stream)
    [InlineData(1ul << 40)]
    public void Filez_declaring_a_wrong_size_is_a_corrupt_object(ulong declared)
    {
        using var dir = new ScratchDir();
        var (repo, _, file) = RepoWithOneFile(dir, "small\n"u8.ToArray());
        using var _ = repo;
        ForgeFilez(repo, file, declared, "small\n"u8);

        Assert.Throws<CorruptObjectException>(() =>
        {
            using var obj = repo.ReadContent(file);
            obj.Content!.CopyTo(Stream.Null);
        });
    }

    [Fact]
    public void Untrusted_limits_reject_a_declared_size_over_the_content_limit_before_reading()
    {
        using var dir = new ScratchDir();
        var (repo, _, file) = RepoWithOneFile(dir, "small\n"u8.ToArray());
        repo.Dispose();
        using var writer = OstreeRepo.Open(dir.Combine("repo"));
        ForgeFilez(writer, file, 1ul << 50, "small\n"u8);
        using var untrusted = OstreeRepo.Open(dir.Combine("repo"), ReadLimits.Untrusted);

        var ex = Assert.Throws<CorruptObjectException>(() => untrusted.ReadContent(file).Dispose());
        Assert.Contains("content limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ref_to_a_missing_commit_is_reported_not_followed()
    {
        using var dir = new ScratchDir();
        var (repo, commit, _) = RepoWithOneFile(dir, "x"u8.ToArray());
        using var _ = repo;
        var missing = Checksum.Compute("no such commit"u8);
        repo.SetRefImmediate(null, "dangling", missing);

        Assert.Equal(missing, repo.ResolveRev("dangling"));
        Assert.Throws<ObjectNotFoundException>(() => repo.ReadCommit(missing));
        Assert.Throws<ObjectNotFoundException>(() => TreeCheckout.Run(repo, missing, dir.Combine("dest")));
        Assert.False(Directory.Exists(dir.Combine("dest")) && Directory.EnumerateFileSystemEntries(dir.Combine("dest")).Any());
        // As ostree fsck: a ref to a missing commit is fatal, whatever the other options.
        var ex = Assert.Throws<FsckFailedException>(() => RepoFsck.Run(repo, new FsckOptions { ContinueOnError = true }));
        Assert.Contains("Loading commit for ref dangling", ex.Message, StringComparison.Ordinal);
        // The good commit is untouched.
        Assert.Equal(commit, repo.ResolveRev("main"));
    }

    [Theory]
    [InlineData(ObjectType.Commit)]
    [InlineData(ObjectType.DirTree)]
    [InlineData(ObjectType.DirMeta)]
    public void Every_truncation_of_a_metadata_object_gives_a_typed_error(ObjectType type)
    {
        using var dir = new ScratchDir();
        var (repo, commit, _) = RepoWithOneFile(dir, "x"u8.ToArray());
        using var _ = repo;
        var c = repo.ReadCommit(commit);
        var name = type switch
        {
            ObjectType.Commit => commit,
            ObjectType.DirTree => c.RootTree,
            _ => c.RootMeta,
        };
        string path = repo.GetObjectPath(name, type);
        byte[] original = File.ReadAllBytes(path);
        for (int len = 0; len < original.Length; len++)
        {
            File.SetAttributes(path, FileAttributes.Normal);
            File.WriteAllBytes(path, original.AsSpan(0, len).ToArray());
            try
            {
                switch (type)
                {
                    case ObjectType.Commit: repo.ReadCommit(name); break;
                    case ObjectType.DirTree: repo.ReadDirTree(name); break;
                    default: repo.ReadDirMeta(name); break;
                }
            }
            catch (OstreeDataException)
            {
                continue;
            }
            // GVariant can decode some truncations (e.g. an empty array) as valid, different values; fsck must flag them.
            Assert.NotEmpty(RepoFsck.Run(repo, new FsckOptions { ContinueOnError = true }).Errors);
        }
    }

    [Fact]
    public void Union_checkout_does_not_follow_a_symlink_in_the_destination_out_of_it()
    {
        using var dir = new ScratchDir();
        string tree = dir.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "etc"));
        File.WriteAllText(Path.Combine(tree, "etc", "passwd"), "hostile\n");
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.BareUserOnly);
        var commit = repo.CommitDirectory(tree, "main");

        string outside = dir.Combine("outside");
        Directory.CreateDirectory(outside);
        string dest = dir.Combine("dest");
        Directory.CreateDirectory(dest);
        File.CreateSymbolicLink(Path.Combine(dest, "etc"), outside);

        foreach (var mode in new[] { CheckoutOverwriteMode.UnionFiles, CheckoutOverwriteMode.AddFiles, CheckoutOverwriteMode.UnionIdentical })
        {
            try
            {
                TreeCheckout.Run(repo, commit, dest, new CheckoutOptions { Mode = CheckoutMode.User, Overwrite = mode });
            }
            catch (OstreeException)
            {
            }
            catch (IOException)
            {
            }
            Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        }
    }

    [Fact]
    public void Hostile_ref_files_neither_hang_nor_exhaust_memory()
    {
        using var dir = new ScratchDir();
        var (repo, commit, _) = RepoWithOneFile(dir, "x"u8.ToArray());
        using var _ = repo;
        string heads = Path.Combine(repo.Path, "refs", "heads");
        File.CreateSymbolicLink(Path.Combine(heads, "zero"), "/dev/zero");
        File.WriteAllBytes(Path.Combine(heads, "huge"), new byte[10 * 1024 * 1024]);
        File.WriteAllText(Path.Combine(heads, "garbage"), "not a checksum\n");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(heads, "fifo")))
            mkfifo.WaitForExit();

        File.WriteAllText(Path.Combine(heads, ".tmp-interrupted"), commit + "\n");
        File.WriteAllText(Path.Combine(heads, "bad name"), commit + "\n");

        var refs = repo.ListRefs();
        Assert.Equal(commit, refs["main"]);
        Assert.Equal(["main"], refs.Keys); // as `ostree refs`: only valid ref names with a checksum inside
        foreach (string name in new[] { "zero", "huge", "garbage", "fifo" })
            Assert.Throws<RefNotFoundException>(() => repo.ResolveRev(name));
    }
}
