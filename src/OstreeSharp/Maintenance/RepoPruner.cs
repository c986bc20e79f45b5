using System.IO.Enumeration;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Maintenance;

/// <summary>
/// Deletes unreachable objects like <c>ostree prune</c>, under the repository's <b>exclusive</b> lock (so a concurrent
/// libostree or OstreeSharp transaction, which holds the shared lock until its refs are written, can never have
/// objects deleted from under it). Memory is proportional to the reachable set; objects are listed one
/// <c>objects/XX</c> directory at a time and deleted on several threads.
/// </summary>
public static class RepoPruner
{
    /// <summary>Prunes the repository.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="options">What to keep; defaults keep everything reachable from any commit.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Cancels the walk or the deletion (objects already deleted stay deleted;
    /// the repository stays consistent because only unreachable objects are ever removed).</param>
    /// <exception cref="ArgumentException">Contradictory options.</exception>
    /// <exception cref="CommitReferencedException"><see cref="PruneOptions.DeleteCommit"/> is the target of a ref.</exception>
    /// <exception cref="RefNotFoundException">An <see cref="PruneOptions.OnlyBranches"/> entry is not a ref.</exception>
    /// <exception cref="ObjectNotFoundException">The commit to delete does not exist, or a complete commit lacks a dirtree.</exception>
    public static PruneResult Prune(OstreeRepo repo, PruneOptions? options = null, IProgress<PruneProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        options ??= new PruneOptions();
        Validate(options);
        using var _ = repo.Lock(RepoLockMode.Exclusive, cancellationToken);
        bool tombstones = TombstoneCommits.IsEnabled(repo);
        int tombstonesWritten = 0;
        var deletedDeltas = new List<string>();

        if (options.DeleteCommit is { } victim)
        {
            progress?.Report(new PruneProgress(PrunePhase.DeletingCommit, 0, 0));
            ThrowIfReferenced(repo, victim);
            if (!options.StaticDeltasOnly)
            {
                // ostree 2022.7 turns tombstones on for good before deleting the commit, so this and every later
                // deletion leaves one.
                TombstoneCommits.Enable(repo);
                tombstones = true;
            }
            if (options.StaticDeltasOnly)
            {
                foreach (var d in StaticDeltaFiles.Enumerate(repo).Where(d => d.To == victim).ToList())
                {
                    StaticDeltaFiles.Delete(d);
                    deletedDeltas.Add(d.Name);
                }
            }
            else
            {
                var name = new ObjectName(victim, ObjectType.Commit);
                string path = repo.GetObjectPath(name);
                if (!FileSystem.Exists(path))
                {
                    throw new ObjectNotFoundException(
                        $"Deleting object {name}: unlinkat({name.RelativePath(false)}): No such file or directory");
                }
                // Unlike pruned commits, an explicitly deleted commit keeps its partial marker (as in ostree 2022.7).
                TombstoneCommits.DeleteCommit(repo, victim, writeTombstone: true, keepPartialMarker: true);
                tombstonesWritten++;
            }
        }

        progress?.Report(new PruneProgress(PrunePhase.ComputingReachability, 0, 0));
        var roots = BuildRoots(repo, options);
        var reachable = ReachabilityWalker.Walk(repo, roots, options.CommitOnly, options.MaxDegreeOfParallelism,
            progress is null ? null : new Progress(progress), cancellationToken);

        progress?.Report(new PruneProgress(PrunePhase.DeletingObjects, 0, 0));
        long total = 0, pruned = 0, freed = 0;
        var deletedCommits = new List<Checksum>();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        // Crash safety: unreachable commits go first (and are made durable) before any tree or content object, so a
        // prune killed at any point never leaves a commit whose tree is incomplete (ostree fsck checks every commit).
        // Durability is an fsync of each directory a commit left, not syncfs: syncfs would also wait for every other
        // dirty file on the file system (measured: 0.39 s against ostree's 0.12 s right after a repository copy).
        var commitDirectories = new List<string>();
        foreach (bool commitsPhase in new[] { true, false })
        {
            if (!commitsPhase && options.CommitOnly)
                break;
            ParallelWork.ForEach(ObjectDirectories(repo), parallel, dir =>
            {
                long dirTotal = 0, dirPruned = 0, dirFreed = 0;
                int dirTombstones = 0;
                List<Checksum>? dirCommits = null;
                foreach (var name in ListObjects(repo, dir))
                {
                    if (options.CommitOnly ? name.Type != ObjectType.Commit
                        : name.Type is not (ObjectType.Commit or ObjectType.DirTree or ObjectType.DirMeta or ObjectType.File))
                        continue;
                    if ((name.Type == ObjectType.Commit) != commitsPhase)
                        continue;
                    dirTotal++;
                    if (reachable.Contains(name))
                        continue;
                    string path = repo.GetObjectPath(name);
                    if (!FileSystem.TryLstat(path, out var st))
                        continue; // gone meanwhile
                    dirPruned++;
                    dirFreed += st.Size;
                    if (name.Type == ObjectType.Commit)
                        (dirCommits ??= []).Add(name.Checksum);
                    if (options.DryRun)
                        continue;
                    if (name.Type == ObjectType.Commit)
                    {
                        TombstoneCommits.DeleteCommit(repo, name.Checksum, tombstones);
                        if (tombstones)
                            dirTombstones++;
                    }
                    else
                    {
                        DeleteIfExists(path);
                    }
                }
                lock (deletedCommits)
                {
                    total += dirTotal;
                    pruned += dirPruned;
                    freed += dirFreed;
                    tombstonesWritten += dirTombstones;
                    if (dirCommits is not null)
                    {
                        deletedCommits.AddRange(dirCommits);
                        commitDirectories.Add(dir);
                    }
                    progress?.Report(new PruneProgress(PrunePhase.DeletingObjects, total, pruned));
                }
            });
            if (commitsPhase && !options.DryRun && repo.FsyncEnabled)
            {
                foreach (string dir in commitDirectories)
                    FileSystem.FsyncDirectory(dir);
            }
        }

        // Like ostree 2022.7, deltas leading to a commit that no longer exists go even in a dry run (they are
        // useless, not merely unreachable).
        progress?.Report(new PruneProgress(PrunePhase.PruningDeltas, 0, 0));
        foreach (var d in StaticDeltaFiles.Enumerate(repo).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!repo.HasObject(d.To, ObjectType.Commit))
            {
                StaticDeltaFiles.Delete(d);
                deletedDeltas.Add(d.Name);
            }
        }
        deletedCommits.Sort();
        deletedDeltas.Sort(StringComparer.Ordinal);
        return new PruneResult(total, pruned, freed, deletedCommits, deletedDeltas, tombstonesWritten, options.DryRun);
    }

    private static void Validate(PruneOptions options)
    {
        if (options.DeleteCommit is not null && options.DryRun)
            throw new ArgumentException("Cannot specify both a commit to delete and a dry run.", nameof(options));
        if (options.StaticDeltasOnly && options.DeleteCommit is null)
            throw new ArgumentException("Pruning only static deltas requires a commit to delete.", nameof(options));
    }

    /// <summary>Every ref and collection ref with the commit it points at, named as <c>ostree refs</c> lists them.</summary>
    private static List<(string Name, Checksum Commit, bool Collection)> AllRefs(OstreeRepo repo)
    {
        var refs = new List<(string, Checksum, bool)>();
        foreach (var (name, commit) in repo.ListRefs())
            refs.Add((name, commit, false));
        foreach (var (cref, commit) in repo.ListCollectionRefs())
        {
            if (cref.CollectionId != repo.CollectionId)
                refs.Add(($"({cref.CollectionId}, {cref.RefName})", commit, true));
        }
        return refs;
    }

    private static void ThrowIfReferenced(OstreeRepo repo, Checksum commit)
    {
        foreach (var (name, target, _) in AllRefs(repo))
        {
            if (target == commit)
                throw new CommitReferencedException(commit, name);
        }
    }

    private static List<ReachabilityRoot> BuildRoots(OstreeRepo repo, PruneOptions options)
    {
        var roots = new List<ReachabilityRoot>();
        var refs = AllRefs(repo);
        bool custom = options.OnlyBranches.Count > 0 || options.RetainBranchDepth.Count > 0 || options.KeepYoungerThan is not null;
        if (!custom)
        {
            if (options.RefsOnly)
            {
                foreach (var r in refs)
                    roots.Add(new ReachabilityRoot(r.Commit, options.Depth));
            }
            else
            {
                foreach (var c in repo.EnumerateCommits())
                    roots.Add(new ReachabilityRoot(c, options.Depth));
            }
            return roots;
        }
        var only = new HashSet<string>(StringComparer.Ordinal);
        foreach (string b in options.OnlyBranches)
        {
            if (!refs.Any(r => !r.Collection && r.Name == b))
                throw new RefNotFoundException($"Refspec '{b}' not found");
            only.Add(b);
        }
        foreach (var (name, commit, _) in refs)
        {
            // ostree 2022.7 stops a per-branch walk at a commit an earlier ref (in hash-table order) already reached,
            // so it can drop history another ref would keep; walks here are order-independent and keep the union.
            if (options.KeepYoungerThan is null && options.RetainBranchDepth.TryGetValue(name, out int retain))
                roots.Add(new ReachabilityRoot(commit, retain));
            else if (only.Count > 0 && !only.Contains(name))
                roots.Add(new ReachabilityRoot(commit, -1));
            else
                roots.Add(new ReachabilityRoot(commit, options.Depth, options.KeepYoungerThan));
        }
        return roots;
    }

    private static void DeleteIfExists(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static IEnumerable<string> ObjectDirectories(OstreeRepo repo)
    {
        string objects = Path.Combine(repo.Path, "objects");
        if (!Directory.Exists(objects))
            return [];
        return Directory.EnumerateDirectories(objects)
            .Where(d => Path.GetFileName(d) is { Length: 2 } n && char.IsAsciiHexDigitLower(n[0]) && char.IsAsciiHexDigitLower(n[1]));
    }

    /// <summary>
    /// The objects of one <c>objects/XX</c> directory (read fully first, so deleting does not disturb the listing).
    /// Names are parsed from the directory entries without allocating a string per entry: a repository of a million
    /// objects made a path string per object, and the garbage grew prune's peak RSS to 420 MB.
    /// </summary>
    private static List<ObjectName> ListObjects(OstreeRepo repo, string dir)
    {
        string prefix = Path.GetFileName(dir);
        bool archive = repo.IsArchive;
        var entries = new FileSystemEnumerable<(ObjectName Name, bool Ok)>(dir, (ref FileSystemEntry entry) =>
        {
            ReadOnlySpan<char> file = entry.FileName;
            int dot = file.IndexOf('.');
            if (dot != Checksum.HexLength - 2 || prefix.Length != 2 || !ObjectTypeExtensions.TryParseExtension(file[(dot + 1)..], out var type))
                return default;
            if (type == ObjectType.File && file.EndsWith(".filez", StringComparison.Ordinal) != archive)
                return default;
            Span<char> hex = stackalloc char[Checksum.HexLength];
            prefix.AsSpan().CopyTo(hex);
            file[..dot].CopyTo(hex[2..]);
            return Checksum.TryParse(hex, out var checksum) ? (new ObjectName(checksum, type), true) : default;
        }, new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false });
        var result = new List<ObjectName>();
        foreach (var (name, ok) in entries)
        {
            if (ok)
                result.Add(name);
        }
        return result;
    }

    private sealed class Progress(IProgress<PruneProgress> inner) : IProgress<long>
    {
        public void Report(long value) => inner.Report(new PruneProgress(PrunePhase.ComputingReachability, value, 0));
    }
}
