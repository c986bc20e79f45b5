using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Diff;

/// <summary>One side of a comparison: a commit's tree in a repository, or a directory on disk.</summary>
public sealed class DiffTree
{
    private DiffTree(OstreeRepo? repo, Checksum commit, string? directory)
    {
        Repository = repo;
        Commit = commit;
        Directory = directory;
    }

    /// <summary>The repository, for a commit tree.</summary>
    public OstreeRepo? Repository { get; }

    /// <summary>The commit, for a commit tree.</summary>
    public Checksum Commit { get; }

    /// <summary>The directory, for a filesystem tree.</summary>
    public string? Directory { get; }

    /// <summary>The tree of <paramref name="commit"/>.</summary>
    public static DiffTree FromCommit(OstreeRepo repo, Checksum commit)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return new DiffTree(repo, commit, null);
    }

    /// <summary>The tree under <paramref name="directory"/> (symlinks are compared as links, not followed).</summary>
    public static DiffTree FromDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return new DiffTree(null, default, directory);
    }
}
