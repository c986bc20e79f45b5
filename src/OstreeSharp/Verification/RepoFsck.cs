using System.Collections.Concurrent;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Verification;

/// <summary>
/// Checks a repository like <c>ostree fsck</c>: refs point to commits, and every object reachable from every
/// complete commit is present, well-formed and hashes to its name. Objects are re-hashed on all cores; memory is
/// proportional to the number of reachable objects.
/// </summary>
public static class RepoFsck
{
    /// <summary>Runs the check.</summary>
    public static FsckResult Run(OstreeRepo repo, FsckOptions? options = null, IProgress<FsckProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        options ??= new FsckOptions();
        var errors = new ConcurrentBag<FsckError>();

        progress?.Report(new FsckProgress(FsckPhase.ValidatingRefs, 0, 0));
        foreach (var (name, commit) in repo.ListRefs())
        {
            if (!repo.HasObject(commit, ObjectType.Commit))
                throw new FsckFailedException(new FsckError(new ObjectName(commit, ObjectType.Commit), [],
                    $"Loading commit for ref {name}: No such metadata object {commit}.commit"));
        }
        progress?.Report(new FsckProgress(FsckPhase.ValidatingCollectionRefs, 0, 0));
        foreach (var (cref, commit) in repo.ListCollectionRefs())
        {
            if (!repo.HasObject(commit, ObjectType.Commit))
                throw new FsckFailedException(new FsckError(new ObjectName(commit, ObjectType.Commit), [],
                    $"Loading commit for ref ({cref.CollectionId}, {cref.RefName}): No such metadata object {commit}.commit"));
        }

        progress?.Report(new FsckProgress(FsckPhase.EnumeratingCommits, 0, 0));
        var commits = repo.EnumerateCommits().Order().ToList();
        var complete = commits.Where(c => !repo.IsCommitPartial(c)).ToList();
        int partial = commits.Count - complete.Count;
        int fsckPartial = commits.Count(c => IsFsckPartial(repo, c));
        progress?.Report(new FsckProgress(FsckPhase.VerifyingObjects, 0, complete.Count));

        // Gather the reachable set; metadata is verified as it is read.
        var objects = new HashSet<ObjectName>();
        var contentObjects = new List<Checksum>();
        var seenTrees = new HashSet<Checksum>();
        foreach (var commit in complete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            objects.Add(new ObjectName(commit, ObjectType.Commit));
            CommitObject c;
            try
            {
                c = ReadVerified(repo, commit, ObjectType.Commit, b => CommitObject.Parse(b));
            }
            catch (Exception ex) when (ex is OstreeException)
            {
                AddOrThrow(errors, options, new FsckError(new ObjectName(commit, ObjectType.Commit), [commit], ex.Message));
                continue;
            }
            Walk(repo, c.RootTree, c.RootMeta, commit, objects, contentObjects, seenTrees, errors, options, 0, cancellationToken, complete);
        }

        long total = objects.Count;
        long done = objects.Count - contentObjects.Count;
        if (total > 0)
            progress?.Report(new FsckProgress(FsckPhase.VerifyingObjects, Math.Min(1, total), total));
        var markedPartial = new HashSet<Checksum>();
        ParallelWork.ForEach(contentObjects, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, csum =>
        {
            string? problem = VerifyContent(repo, csum, out bool missing);
            if (missing)
            {
                // Like ostree: report, mark every commit that needs the object partial ("f": found by fsck), go on.
                var name = new ObjectName(csum, ObjectType.File);
                var owners = CommitsContaining(repo, complete, csum);
                var marked = MarkPartial(repo, owners, markedPartial);
                errors.Add(new FsckError(name, owners, $"Object missing in commits {string.Join(", ", owners)}: {csum}.file", marked) { IsMissingObject = true });
            }
            else if (problem is not null)
            {
                var name = new ObjectName(csum, ObjectType.File);
                var owners = CommitsContaining(repo, complete, csum);
                string message = $"In commits {string.Join(", ", owners)}: fsck content object {csum}: {problem}";
                if (options.DeleteCorrupt)
                {
                    // ostree --delete: remove it, mark its commits partial ("f"), keep going.
                    File.Delete(repo.GetObjectPath(name));
                    errors.Add(new FsckError(name, owners, message, MarkPartial(repo, owners, markedPartial)));
                }
                else
                {
                    AddOrThrow(errors, options, new FsckError(name, owners, message));
                }
            }
            long d = Interlocked.Increment(ref done);
            progress?.Report(new FsckProgress(FsckPhase.VerifyingObjects, d, total));
        });
        if (total > 0)
            progress?.Report(new FsckProgress(FsckPhase.VerifyingObjects, total, total));
        var tombstones = options.AddTombstones ? Maintenance.TombstoneCommits.AddForMissingParents(repo, cancellationToken) : [];
        return new FsckResult(complete.Count, partial, total, errors.ToList(), fsckPartial) { TombstonesAdded = tombstones };
    }

    /// <summary>Marks <paramref name="owners"/> partial with fsck's marker; returns those not marked before.</summary>
    private static List<Checksum> MarkPartial(OstreeRepo repo, List<Checksum> owners, HashSet<Checksum> markedPartial)
    {
        var marked = new List<Checksum>();
        lock (markedPartial)
        {
            foreach (var o in owners)
            {
                if (markedPartial.Add(o))
                {
                    Directory.CreateDirectory(repo.StatePath);
                    File.WriteAllBytes(Path.Combine(repo.StatePath, o + ".commitpartial"), FsckPartialMarker);
                    marked.Add(o);
                }
            }
        }
        return marked;
    }

    /// <summary>With <see cref="FsckOptions.DeleteCorrupt"/>: delete the object, mark its commits partial, go on.</summary>
    private static void ReportCorruptMetadata(OstreeRepo repo, ConcurrentBag<FsckError> errors, FsckOptions options, FsckError error)
    {
        if (!options.DeleteCorrupt || error.Object is not { } name)
        {
            AddOrThrow(errors, options, error);
            return;
        }
        File.Delete(repo.GetObjectPath(name));
        Directory.CreateDirectory(repo.StatePath);
        foreach (var c in error.Commits)
            File.WriteAllBytes(Path.Combine(repo.StatePath, c + ".commitpartial"), FsckPartialMarker);
        errors.Add(error);
    }

    private static void AddOrThrow(ConcurrentBag<FsckError> errors, FsckOptions options, FsckError error)
    {
        errors.Add(error);
        if (!options.ContinueOnError)
            throw new FsckFailedException(error);
    }

    private static T ReadVerified<T>(OstreeRepo repo, Checksum checksum, ObjectType type, Func<byte[], T> parse)
    {
        var bytes = repo.ReadMetadataBytes(checksum, type);
        var actual = Checksum.Compute(bytes);
        if (actual != checksum)
            throw new CorruptObjectException(new ObjectName(checksum, type), $"Corrupted {type.DisplayName()} object; checksum expected='{checksum}' actual='{actual}'");
        try
        {
            return parse(bytes);
        }
        catch (OstreeDataException ex) when (ex is not CorruptObjectException)
        {
            throw new CorruptObjectException(new ObjectName(checksum, type), ex.Message, ex);
        }
    }

    /// <summary>ostree's wording for a bad metadata object: <c>In commits A, B: fsck X.dirtree: REASON</c>.</summary>
    private static FsckError MetadataError(OstreeRepo repo, List<Checksum> commits, ObjectName name, OstreeException ex)
    {
        var owners = CommitsContaining(repo, commits, name);
        string reason = ex is CorruptObjectException { Reason: { } r } ? r : ex.Message;
        return new FsckError(name, owners, $"In commits {string.Join(", ", owners)}: fsck {name}: {reason}");
    }

    private static void Walk(OstreeRepo repo, Checksum tree, Checksum meta, Checksum commit, HashSet<ObjectName> objects,
        List<Checksum> content, HashSet<Checksum> seenTrees, ConcurrentBag<FsckError> errors, FsckOptions options, int depth,
        CancellationToken ct, List<Checksum> allCommits)
    {
        ct.ThrowIfCancellationRequested();
        if (depth > repo.Limits.MaxTreeDepth)
        {
            AddOrThrow(errors, options, new FsckError(new ObjectName(tree, ObjectType.DirTree), [commit], $"Tree nested deeper than {repo.Limits.MaxTreeDepth} levels"));
            return;
        }
        if (objects.Add(new ObjectName(meta, ObjectType.DirMeta)))
        {
            try
            {
                ReadVerified(repo, meta, ObjectType.DirMeta, b => DirMetaObject.Parse(b));
            }
            catch (ObjectNotFoundException ex)
            {
                AddOrThrow(errors, options, new FsckError(ex.ObjectName, [commit], ex.Message));
            }
            catch (OstreeException ex)
            {
                ReportCorruptMetadata(repo, errors, options, MetadataError(repo, allCommits, new ObjectName(meta, ObjectType.DirMeta), ex));
            }
        }
        if (!objects.Add(new ObjectName(tree, ObjectType.DirTree)) || !seenTrees.Add(tree))
            return;
        DirTreeObject dt;
        try
        {
            dt = ReadVerified(repo, tree, ObjectType.DirTree, b => DirTreeObject.Parse(b, repo.Limits.MaxDirTreeEntries));
        }
        catch (ObjectNotFoundException ex)
        {
            AddOrThrow(errors, options, new FsckError(ex.ObjectName, [commit], ex.Message));
            return;
        }
        catch (OstreeException ex)
        {
            ReportCorruptMetadata(repo, errors, options, MetadataError(repo, allCommits, new ObjectName(tree, ObjectType.DirTree), ex));
            return;
        }
        foreach (var f in dt.Files)
        {
            if (objects.Add(new ObjectName(f.Checksum, ObjectType.File)))
                content.Add(f.Checksum);
        }
        foreach (var d in dt.Directories)
            Walk(repo, d.TreeChecksum, d.MetaChecksum, commit, objects, content, seenTrees, errors, options, depth + 1, ct, allCommits);
    }

    /// <summary>What fsck writes into <c>state/*.commitpartial</c> for commits it found incomplete.</summary>
    private static ReadOnlySpan<byte> FsckPartialMarker => "f"u8;

    private static bool IsFsckPartial(OstreeRepo repo, Checksum commit)
    {
        string path = Path.Combine(repo.StatePath, commit + ".commitpartial");
        try
        {
            return File.ReadAllBytes(path).AsSpan().SequenceEqual(FsckPartialMarker);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Re-hashes one content object; returns a problem description or null.</summary>
    private static string? VerifyContent(OstreeRepo repo, Checksum checksum, out bool missing)
    {
        missing = false;
        try
        {
            using var obj = repo.ReadContent(checksum);
            Checksum actual = obj.Content is null
                ? ContentHasher.Compute(obj.Header, ReadOnlySpan<byte>.Empty)
                : ContentHasher.Compute(obj.Header, obj.Content);
            return actual == checksum ? null : $"Corrupted file object; checksum expected='{checksum}' actual='{actual}'";
        }
        catch (ObjectNotFoundException)
        {
            missing = true;
            return null;
        }
        catch (CorruptObjectException ex)
        {
            return ex.ObjectName is null ? ex.Message : ex.Message[(ex.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        }
        catch (OstreeException ex)
        {
            return ex.Message;
        }
        catch (UnauthorizedAccessException ex)
        {
            return ex.Message;
        }
    }

    private static List<Checksum> CommitsContaining(OstreeRepo repo, List<Checksum> commits, Checksum content) =>
        CommitsContaining(repo, commits, new ObjectName(content, ObjectType.File));

    /// <summary>The commits whose trees reach <paramref name="target"/> (a content, dirtree or dirmeta object).</summary>
    private static List<Checksum> CommitsContaining(OstreeRepo repo, List<Checksum> commits, ObjectName target)
    {
        var memo = new Dictionary<Checksum, bool>();
        var result = new List<Checksum>();
        foreach (var c in commits)
        {
            try
            {
                var commit = repo.ReadCommit(c);
                if ((target.Type == ObjectType.DirTree && commit.RootTree == target.Checksum) ||
                    (target.Type == ObjectType.DirMeta && commit.RootMeta == target.Checksum) ||
                    TreeContains(repo, commit.RootTree, target, memo, 0))
                    result.Add(c);
            }
            catch (OstreeException)
            {
                // A broken commit is reported on its own.
            }
        }
        return result;
    }

    private static bool TreeContains(OstreeRepo repo, Checksum tree, ObjectName target, Dictionary<Checksum, bool> memo, int depth)
    {
        if (memo.TryGetValue(tree, out bool known))
            return known;
        memo[tree] = false;
        if (depth > repo.Limits.MaxTreeDepth)
            return false;
        DirTreeObject dt;
        try
        {
            dt = repo.ReadDirTree(tree);
        }
        catch (OstreeException)
        {
            return false;
        }
        bool found = target.Type switch
        {
            ObjectType.File => dt.Files.Any(f => f.Checksum == target.Checksum),
            ObjectType.DirTree => dt.Directories.Any(d => d.TreeChecksum == target.Checksum),
            ObjectType.DirMeta => dt.Directories.Any(d => d.MetaChecksum == target.Checksum),
            _ => false,
        } || dt.Directories.Any(d => TreeContains(repo, d.TreeChecksum, target, memo, depth + 1));
        memo[tree] = found;
        return found;
    }
}
