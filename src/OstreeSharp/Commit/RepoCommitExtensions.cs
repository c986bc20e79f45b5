using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Commit;

/// <summary>One-call commits for the everyday case.</summary>
public static class RepoCommitExtensions
{
    /// <summary>
    /// Commits the directory <paramref name="path"/> on top of <paramref name="branch"/> (whose current head becomes
    /// the parent) and moves the branch, in one transaction. The commit is bound to the branch
    /// (<c>ostree.ref-binding</c>) and to the repository's collection ID, as <c>ostree commit -b</c> does.
    /// </summary>
    /// <returns>The new commit checksum.</returns>
    public static Checksum CommitDirectory(this OstreeRepo repo, string path, string branch, string subject = "",
        CommitModifier? modifier = null, IProgress<CommitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(branch);
        NameValidation.ValidateRefName(branch);
        Checksum? parent = repo.TryReadRef(null, branch, out var head) ? head : null;
        using var tx = repo.BeginTransaction(cancellationToken);
        var root = new MutableTree();
        CommitWriter.ImportDirectory(tx, root, path, modifier, progress, cancellationToken);
        var commit = CommitWriter.WriteCommit(tx, root, new CommitOptions
        {
            Subject = subject,
            Parent = parent,
            RefBindings = [branch],
            CollectionBinding = repo.CollectionId,
        });
        tx.SetRef(null, branch, commit);
        tx.Commit();
        return commit;
    }
}
