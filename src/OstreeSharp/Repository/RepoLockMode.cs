namespace OstreeSharp.Repository;

/// <summary>How a repository is locked (spec §5.5).</summary>
public enum RepoLockMode
{
    /// <summary>Shared: taken for writes and critical reads (transactions, summary regeneration); many holders.</summary>
    Shared,

    /// <summary>Exclusive: taken for deletions (prune); excludes every other holder.</summary>
    Exclusive,
}
