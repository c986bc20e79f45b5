using OstreeSharp.Commit;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Maintenance;

/// <summary>A scratch archive repository with helpers to commit small trees at chosen timestamps.</summary>
internal sealed class TestRepo : IDisposable
{
    private readonly ScratchDir _dir = new();
    private int _trees;

    public TestRepo(RepoMode mode = RepoMode.Archive)
    {
        Repo = OstreeRepo.Create(_dir.Combine("repo"), mode);
    }

    public OstreeRepo Repo { get; }

    public string Path => Repo.Path;

    /// <summary>Commits a tree with one unique file (plus a shared one) on <paramref name="branch"/>.</summary>
    public Checksum Commit(string branch, long timestamp, string? unique = null, bool setRef = true, Checksum? parent = null)
    {
        string tree = _dir.Combine("tree" + _trees++);
        Directory.CreateDirectory(System.IO.Path.Combine(tree, "sub"));
        File.WriteAllText(System.IO.Path.Combine(tree, "shared"), "shared\n");
        File.WriteAllText(System.IO.Path.Combine(tree, "sub", "unique"), unique ?? Guid.NewGuid().ToString());
        if (parent is null && Repo.TryReadRef(null, branch, out var head))
            parent = head;
        using var tx = Repo.BeginTransaction();
        var root = new MutableTree();
        CommitWriter.ImportDirectory(tx, root, tree, null, null, default);
        var commit = CommitWriter.WriteCommit(tx, root, new CommitOptions
        {
            Subject = "c",
            Parent = parent,
            Timestamp = DateTimeOffset.FromUnixTimeSeconds(timestamp),
        });
        if (setRef)
            tx.SetRef(null, branch, commit);
        tx.Commit();
        return commit;
    }

    public HashSet<string> ObjectFiles() =>
        Directory.EnumerateFiles(System.IO.Path.Combine(Path, "objects"), "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Path, f)).ToHashSet(StringComparer.Ordinal);

    public void Dispose()
    {
        Repo.Dispose();
        _dir.Dispose();
    }
}
