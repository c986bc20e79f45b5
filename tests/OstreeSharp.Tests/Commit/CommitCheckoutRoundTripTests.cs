using System.Text;
using OstreeSharp.Checkout;
using OstreeSharp.Commit;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;
using OstreeSharp.Verification;

namespace OstreeSharp.Tests.Commit;

public class CommitCheckoutRoundTripTests
{
    private static void MakeTree(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "sub", "deep"));
        Directory.CreateDirectory(Path.Combine(root, "emptydir"));
        File.WriteAllText(Path.Combine(root, "hello.txt"), "hello\n");
        File.WriteAllBytes(Path.Combine(root, "empty"), []);
        File.WriteAllText(Path.Combine(root, "run.sh"), "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(Path.Combine(root, "run.sh"), (UnixFileMode)0x1ED);
        var big = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(big);
        File.WriteAllBytes(Path.Combine(root, "sub", "big.bin"), big);
        File.WriteAllText(Path.Combine(root, "sub", "deep", "ünïcødé.txt"), "x");
        File.CreateSymbolicLink(Path.Combine(root, "link"), "hello.txt");
        File.CreateSymbolicLink(Path.Combine(root, "dangling"), "/nonexistent/abs");
    }

    [Theory]
    [InlineData(RepoMode.Archive)]
    [InlineData(RepoMode.Bare)]
    [InlineData(RepoMode.BareUser)]
    [InlineData(RepoMode.BareUserOnly)]
    public void CommitCheckoutFsck(RepoMode mode)
    {
        using var dir = new ScratchDir();
        string src = dir.Combine("src");
        MakeTree(src);
        using var repo = OstreeRepo.Create(dir.Combine("repo"), mode);
        var commit = repo.CommitDirectory(src, "main", "subject");
        Assert.Equal(commit, repo.ResolveRev("main"));
        Assert.Equal(commit, repo.ResolveRev(commit.ToString()[..10]));

        var result = RepoFsck.Run(repo);
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Select(e => e.Message)));
        Assert.Equal(1, result.CommitsVerified);

        string co = dir.Combine("co");
        TreeCheckout.Run(repo, commit, co, new CheckoutOptions { Mode = mode == RepoMode.Bare ? CheckoutMode.None : CheckoutMode.User });
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(co, "hello.txt")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(src, "sub", "big.bin")), File.ReadAllBytes(Path.Combine(co, "sub", "big.bin")));
        Assert.Equal("hello.txt", new FileInfo(Path.Combine(co, "link")).LinkTarget);
        Assert.Equal("/nonexistent/abs", new FileInfo(Path.Combine(co, "dangling")).LinkTarget);
        Assert.True(Directory.Exists(Path.Combine(co, "emptydir")));
        Assert.Equal("x", File.ReadAllText(Path.Combine(co, "sub", "deep", "ünïcødé.txt")));
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(Path.Combine(co, "run.sh")) & (UnixFileMode)0x1FF);

        // Recommitting the checkout gives the same root tree (except bare-user, where hardlinked checkouts carry the
        // repository's user.ostreemeta xattr into the new commit, exactly as libostree does).
        if (mode != RepoMode.BareUser)
        {
            var again = repo.CommitDirectory(co, "again");
            Assert.Equal(repo.ReadCommit(commit).RootTree, repo.ReadCommit(again).RootTree);
        }
    }

    [Fact]
    public void SameInputSameChecksumAcrossModes()
    {
        using var dir = new ScratchDir();
        string src = dir.Combine("src");
        MakeTree(src);
        var trees = new List<Checksum>();
        foreach (var mode in new[] { RepoMode.Archive, RepoMode.Bare, RepoMode.BareUser })
        {
            using var repo = OstreeRepo.Create(dir.Combine("repo-" + mode), mode);
            var c = repo.CommitDirectory(src, "main");
            trees.Add(repo.ReadCommit(c).RootTree);
        }
        Assert.All(trees, t => Assert.Equal(trees[0], t));
    }

    [Fact]
    public void AbortedTransactionLeavesNoRefAndNoObjects()
    {
        using var dir = new ScratchDir();
        string src = dir.Combine("src");
        MakeTree(src);
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        using (var tx = repo.BeginTransaction())
        {
            var root = new MutableTree();
            CommitWriter.ImportDirectory(tx, root, src);
            var c = CommitWriter.WriteCommit(tx, root, new CommitOptions { Subject = "x" });
            tx.SetRef(null, "main", c);
            // disposed without Commit()
        }
        Assert.Empty(repo.ListRefs());
        Assert.Empty(repo.EnumerateObjects());
        Assert.Empty(Directory.EnumerateDirectories(dir.Combine("repo", "tmp"), "staging-*"));
    }

    [Fact]
    public void CancelledCommitLeavesNoRef()
    {
        using var dir = new ScratchDir();
        string src = dir.Combine("src");
        MakeTree(src);
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => repo.CommitDirectory(src, "main", cancellationToken: cts.Token));
        Assert.Empty(repo.ListRefs());
    }

    [Fact]
    public void FsckFindsCorruptContent()
    {
        using var dir = new ScratchDir();
        string src = dir.Combine("src");
        MakeTree(src);
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.BareUserOnly);
        var commit = repo.CommitDirectory(src, "main");
        repo.TryResolvePath(commit, "/hello.txt", out var entry);
        string objPath = repo.GetObjectPath(entry.Checksum, ObjectType.File);
        File.SetUnixFileMode(objPath, (UnixFileMode)0x1A4);
        File.WriteAllText(objPath, "HELLO\n");
        File.SetUnixFileMode(objPath, (UnixFileMode)0x1A4);
        var result = RepoFsck.Run(repo, new FsckOptions { ContinueOnError = true });
        var error = Assert.Single(result.Errors);
        Assert.Contains(entry.Checksum.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(commit.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Throws<FsckFailedException>(() => RepoFsck.Run(repo));
    }

    [Fact]
    public void CorruptArchiveObjectGivesTypedError()
    {
        using var dir = new ScratchDir();
        string src = dir.Combine("src");
        MakeTree(src);
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var commit = repo.CommitDirectory(src, "main");
        repo.TryResolvePath(commit, "/sub/big.bin", out var entry);
        string objPath = repo.GetObjectPath(entry.Checksum, ObjectType.File);
        var bytes = File.ReadAllBytes(objPath);
        File.WriteAllBytes(objPath, bytes[..(bytes.Length / 2)]);
        using var obj = repo.ReadContent(entry.Checksum);
        Assert.Throws<CorruptObjectException>(() => obj.Content!.CopyTo(Stream.Null));
        File.WriteAllBytes(objPath, Encoding.ASCII.GetBytes("garbage"));
        Assert.ThrowsAny<OstreeDataException>(() => repo.ReadContent(entry.Checksum));
    }

    [Fact]
    public void UnsupportedInputIsRejectedAndRepoUntouched()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);

        string fifoDir = dir.Combine("fifo");
        Directory.CreateDirectory(fifoDir);
        using (var p = System.Diagnostics.Process.Start("mkfifo", Path.Combine(fifoDir, "pipe")))
            p.WaitForExit();
        var ex = Assert.Throws<OstreeException>(() => repo.CommitDirectory(fifoDir, "main"));
        Assert.Equal("Not a regular file or symlink: pipe", ex.Message);

        string badDir = dir.Combine("bad");
        Directory.CreateDirectory(badDir);
        // A file whose name is not UTF-8 (byte 0xff), created through the raw syscall.
        using (var p = System.Diagnostics.Process.Start("/usr/bin/python3", ["-c", $"open(b'{badDir}/bad\\xff', 'w').write('x')"]))
            p.WaitForExit();
        ex = Assert.Throws<OstreeException>(() => repo.CommitDirectory(badDir, "main"));
        Assert.StartsWith("Invalid UTF-8 in filename", ex.Message, StringComparison.Ordinal);

        Assert.Empty(repo.ListRefs());
        Assert.Empty(repo.EnumerateObjects());
        Assert.True(RepoFsck.Run(repo).IsValid);
    }
}
