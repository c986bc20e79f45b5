using OstreeSharp.Commit;
using OstreeSharp.Diff;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Diff;

public class TreeDiffTests
{
    private static void Write(string root, string rel, string text)
    {
        string p = Path.Combine(root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text);
    }

    private static (ScratchDir Dir, OstreeRepo Repo, string A, string B) Trees()
    {
        var dir = new ScratchDir();
        string a = dir.Combine("a"), b = dir.Combine("b");
        Write(a, "same", "s");
        Write(a, "mod", "old");
        Write(a, "gone", "g");
        Write(a, "sub/keep", "k");
        Write(a, "sub/change", "1");
        Write(a, "olddir/deep/x", "x");
        Write(a, "typechange", "file");
        Write(b, "same", "s");
        Write(b, "mod", "new");
        Write(b, "sub/keep", "k");
        Write(b, "sub/change", "2");
        Write(b, "sub/added", "n");
        Write(b, "newdir/inner/y", "y");
        Write(b, "typechange/child", "now a directory");
        Write(b, "zadded", "z");
        var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.BareUserOnly);
        return (dir, repo, a, b);
    }

    [Fact]
    public void CommitsDifferInOstreeOrder()
    {
        var (dir, repo, a, b) = Trees();
        using var _ = dir;
        using var __ = repo;
        var ca = repo.CommitDirectory(a, "a");
        var cb = repo.CommitDirectory(b, "b");
        var result = TreeDiff.Compare(DiffTree.FromCommit(repo, ca), DiffTree.FromCommit(repo, cb));
        Assert.Equal(["M    /mod", "M    /typechange", "M    /sub/change"], result.Modified.Select(e => e.ToString()));
        Assert.Equal(["D    /gone", "D    /olddir"], result.Removed.Select(e => e.ToString()));
        Assert.Equal(["A    /sub/added", "A    /zadded", "A    /newdir", "A    /newdir/inner", "A    /newdir/inner/y"],
            result.Added.Select(e => e.ToString()));
        Assert.True(TreeDiff.Compare(DiffTree.FromCommit(repo, ca), DiffTree.FromCommit(repo, ca)).IsEmpty);
    }

    [Fact]
    public void ADirectoryEqualsItsOwnCommit()
    {
        var (dir, repo, a, b) = Trees();
        using var _ = dir;
        using var __ = repo;
        var cb = repo.CommitDirectory(b, "b");
        // bare-user-only canonicalises owners and modes; commit the same way the tree is read.
        var fromDisk = TreeDiff.Compare(DiffTree.FromCommit(repo, cb), DiffTree.FromDirectory(b),
            new TreeDiffOptions { ReadXattrs = false, OwnerUid = 0, OwnerGid = 0 });
        Assert.True(fromDisk.All.All(e => e.Kind == DiffChangeKind.Modified), string.Join('\n', fromDisk.All));
        var dirs = TreeDiff.Compare(DiffTree.FromDirectory(a), DiffTree.FromDirectory(b));
        Assert.Contains(new TreeDiffEntry(DiffChangeKind.Modified, "mod"), dirs.Modified);
        Assert.Contains(new TreeDiffEntry(DiffChangeKind.Removed, "olddir"), dirs.Removed);
        Assert.Contains(new TreeDiffEntry(DiffChangeKind.Added, "newdir/inner/y"), dirs.Added);
        Assert.True(TreeDiff.Compare(DiffTree.FromDirectory(a), DiffTree.FromDirectory(a)).IsEmpty);
    }

    [Fact]
    public void OwnerOverrideAppliesToTheSecondTreeOnly()
    {
        var (dir, repo, a, _) = Trees();
        using var _ = dir;
        using var __ = repo;
        uint uid = OstreeSharp.Native.FileStatus.Lstat(a).Uid;
        var changed = TreeDiff.Compare(DiffTree.FromDirectory(a), DiffTree.FromDirectory(a), new TreeDiffOptions { OwnerUid = uid + 1 });
        Assert.Contains(new TreeDiffEntry(DiffChangeKind.Modified, "sub"), changed.Modified);
        Assert.Contains(new TreeDiffEntry(DiffChangeKind.Modified, "sub/keep"), changed.Modified);
        Assert.Empty(changed.Added);
    }

    [Fact]
    public void StatsCountReachableAndCommonObjects()
    {
        var (dir, repo, a, b) = Trees();
        using var _ = dir;
        using var __ = repo;
        var ca = repo.CommitDirectory(a, "a");
        var cb = repo.CommitDirectory(b, "b");
        var self = TreeDiff.ComputeStats(repo, ca, ca);
        Assert.Equal(self.ObjectCountA, self.CommonObjectCount);
        var stats = TreeDiff.ComputeStats(repo, ca, cb);
        Assert.InRange(stats.CommonObjectCount, 2, Math.Min(stats.ObjectCountA, stats.ObjectCountB) - 1);
        Assert.True(stats.CommonObjectSize > 0);
    }

    [Fact]
    public void MissingDirectoryIsReportedLikeOstree()
    {
        var (dir, repo, a, _) = Trees();
        using var _ = dir;
        using var __ = repo;
        var ca = repo.CommitDirectory(a, "a");
        var ex = Assert.ThrowsAny<IOException>(() => TreeDiff.Compare(DiffTree.FromCommit(repo, ca), DiffTree.FromDirectory(dir.Combine("nope"))));
        Assert.Equal($"Error when getting information for file \u201c{dir.Combine("nope")}\u201d: No such file or directory", ex.Message);
    }
}
