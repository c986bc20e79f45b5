using System.Collections.Concurrent;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Maintenance;

/// <summary>
/// Computes the set of objects reachable from commits: each commit, its parents (as deep as its
/// <see cref="ReachabilityRoot"/> allows) and, unless only commits are wanted, every dirtree, dirmeta and file below
/// their root trees. Trees are read level by level on several threads; the result is a compact
/// <see cref="ObjectIdSet"/>, so memory grows with what is reachable, not with what is stored.
/// </summary>
/// <remarks>
/// A missing parent commit ends that history quietly. A missing dirtree is an error
/// (<see cref="ObjectNotFoundException"/>) unless the commit that needs it is partial (<c>state/*.commitpartial</c>):
/// an incomplete walk would make reachable objects look unreachable.
/// </remarks>
public static class ReachabilityWalker
{
    /// <summary>Walks from <paramref name="roots"/> and returns the reachable set.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="roots">Where to start.</param>
    /// <param name="commitOnly">Only collect commits (do not read trees).</param>
    /// <param name="maxDegreeOfParallelism">Threads for reading trees; 0 for <see cref="Environment.ProcessorCount"/>.</param>
    /// <param name="progress">Receives the number of reachable objects found so far.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public static ObjectIdSet Walk(OstreeRepo repo, IEnumerable<ReachabilityRoot> roots, bool commitOnly = false,
        int maxDegreeOfParallelism = 0, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(roots);
        var set = new ObjectIdSet();
        // Remaining parent levels already walked from each commit (-1 = unlimited): a commit reached again with a
        // deeper allowance is walked again, so the result never depends on the order of the roots.
        var walkedDepth = new Dictionary<Checksum, int>();
        var frontier = new List<(Checksum Tree, bool Partial)>();
        foreach (var root in roots)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WalkHistory(repo, root, set, walkedDepth, frontier, commitOnly);
        }
        progress?.Report(set.Count);
        if (commitOnly)
            return set;

        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        int depth = 0;
        while (frontier.Count > 0)
        {
            if (depth++ > repo.Limits.MaxTreeDepth)
                throw new OstreeDataException($"Tree nested deeper than {repo.Limits.MaxTreeDepth} levels");
            var next = new ConcurrentBag<(Checksum, bool)>();
            ParallelWork.ForEach(frontier, options, item =>
            {
                DirTreeObject dt;
                try
                {
                    dt = repo.ReadDirTree(item.Tree);
                }
                catch (ObjectNotFoundException) when (item.Partial)
                {
                    return;
                }
                foreach (var f in dt.Files)
                    set.Add(f.Checksum, ObjectType.File);
                foreach (var d in dt.Directories)
                {
                    set.Add(d.MetaChecksum, ObjectType.DirMeta);
                    if (set.Add(d.TreeChecksum, ObjectType.DirTree))
                        next.Add((d.TreeChecksum, item.Partial));
                }
            });
            frontier = [.. next];
            progress?.Report(set.Count);
        }
        return set;
    }

    private static void WalkHistory(OstreeRepo repo, ReachabilityRoot root, ObjectIdSet set, Dictionary<Checksum, int> walkedDepth,
        List<(Checksum, bool)> frontier, bool commitOnly)
    {
        Checksum current = root.Commit;
        int level = 0;
        while (true)
        {
            // Remaining parents this visit may still follow (-1 = unlimited). A walk bounded by date records 0, so
            // any later walk allowed to go further still does.
            bool byDate = root.KeepYoungerThan is not null;
            int remaining = byDate ? 0 : root.Depth == -1 ? -1 : Math.Max(0, root.Depth - level);
            if (walkedDepth.TryGetValue(current, out int done) && (done == -1 || (!byDate && remaining != -1 && remaining <= done)))
                return;
            CommitObject commit;
            if (level > 0 && !repo.HasObject(current, ObjectType.Commit))
                return;
            commit = repo.ReadCommit(current);
            if (level > 0 && root.KeepYoungerThan is { } cutoff && (long)Math.Min(commit.Timestamp, long.MaxValue) < cutoff.ToUnixTimeSeconds())
                return;
            walkedDepth[current] = walkedDepth.TryGetValue(current, out int prev) && (prev == -1 || (remaining != -1 && prev > remaining)) ? prev : remaining;
            if (set.Add(current, ObjectType.Commit) && !commitOnly)
            {
                set.Add(commit.RootMeta, ObjectType.DirMeta);
                if (set.Add(commit.RootTree, ObjectType.DirTree))
                    frontier.Add((commit.RootTree, repo.IsCommitPartial(current)));
            }
            if ((!byDate && remaining == 0) || commit.Parent is not { } parent)
                return;
            current = parent;
            level++;
        }
    }
}
