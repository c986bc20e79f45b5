using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using OstreeSharp.Native;
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

        // Gather the reachable set; metadata is verified as it is read. Content objects are re-hashed on all cores
        // while the walk goes on (reading only: what a failure leads to, marking commits partial, deleting, throwing,
        // happens after the walk, in the order it always did).
        var objects = new Maintenance.ObjectIdSet();
        long contentObjects = 0;
        var verification = new ContentVerification(repo, options, cancellationToken);
        try
        {
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
                Walk(repo, c.RootTree, c.RootMeta, commit, objects, ref contentObjects, verification, errors, options, 0, cancellationToken, complete);
            }
        }
        catch
        {
            verification.Abandon();
            throw;
        }

        long total = objects.Count;
        if (total > 0)
            progress?.Report(new FsckProgress(FsckPhase.VerifyingObjects, Math.Min(1, total), total));
        verification.Finish(objects.Count - contentObjects, total, progress);
        var markedPartial = new HashSet<Checksum>();
        foreach (var (csum, problem, missing) in verification.Failures)
        {
            if (missing)
            {
                // Like ostree: report, mark every commit that needs the object partial ("f": found by fsck), go on.
                var name = new ObjectName(csum, ObjectType.File);
                var owners = CommitsContaining(repo, complete, csum);
                var marked = MarkPartial(repo, owners, markedPartial);
                errors.Add(new FsckError(name, owners, $"Object missing in commits {string.Join(", ", owners)}: {csum}.file", marked) { IsMissingObject = true });
            }
            else
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
        }
        if (total > 0)
            progress?.Report(new FsckProgress(FsckPhase.VerifyingObjects, total, total));
        var tombstones = options.AddTombstones ? Maintenance.TombstoneCommits.AddForMissingParents(repo, cancellationToken) : [];
        return new FsckResult(complete.Count, partial, total, errors.ToList(), fsckPartial) { TombstonesAdded = tombstones };
    }

    /// <summary>
    /// Re-hashes content objects on all cores as the walk finds them. Workers only read; failures are collected for
    /// <see cref="Run"/> to act on after the walk. Progress is reported once the total is known (after the walk).
    /// </summary>
    /// <remarks>
    /// The walk stats each content object (it mostly waits for the workers anyway). Objects stored in files of
    /// <see cref="LargeObject"/> bytes or more go to a heap that the workers take from first, largest first; the
    /// others to a queue in walk order. One large object found late in the walk (a 50 MB apt list is the last file of
    /// a Debian tree) otherwise waited behind thousands of small ones and was hashed by one core alone at the end, a
    /// third of minbase's fsck time.
    /// </remarks>
    private sealed class ContentVerification
    {
        private const long LargeObject = 1 << 20;
        private const int MaxLarge = 1 << 16;

        private readonly OstreeRepo _repo;
        private readonly bool _stopAtFirstCorrupt;
        private readonly CancellationToken _cancellationToken;
        // Bounded: the walk reads metadata much faster than the workers hash content, and an unbounded queue held
        // every content checksum of the repository at once (48 MB per million objects). A large object queues a
        // wake-up item instead, which sends a waiting worker to the heap.
        private readonly BlockingCollection<Item> _queue;
        private readonly PriorityQueue<Item, long> _large = new(); // by negated stored size: largest first
        private readonly ConcurrentQueue<(Checksum Checksum, string? Problem, bool Missing, long Order)> _failures = new();
        private readonly CancellationTokenSource _stop;
        private readonly Task[] _workers;
        private int _largeCount;
        private long _added; // walk order of the next object (the walk is one thread)
        private long _firstCorrupt = long.MaxValue; // walk order of the first corrupt object found (stopping at it)
        private long _verified;
        private long _metadata;
        private long _total = -1;
        private IProgress<FsckProgress>? _progress;

        public ContentVerification(OstreeRepo repo, FsckOptions options, CancellationToken cancellationToken)
        {
            _repo = repo;
            _cancellationToken = cancellationToken;
            // Without --keep-going the first corrupt object (in walk order) ends the run: no point hashing what follows it.
            _stopAtFirstCorrupt = !options.ContinueOnError && !options.DeleteCorrupt;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _queue = new BlockingCollection<Item>(new ConcurrentQueue<Item>(), options.QueueCapacity);
            _workers = new Task[Environment.ProcessorCount];
            for (int i = 0; i < _workers.Length; i++)
                _workers[i] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>
        /// What failed, in walk order (so a run reports, marks and stops the same way whichever worker finds what
        /// first); when stopping at the first corrupt object, only the failures up to it in walk order.
        /// </summary>
        public IEnumerable<(Checksum Checksum, string? Problem, bool Missing)> Failures
        {
            get
            {
                long last = Volatile.Read(ref _firstCorrupt);
                return _failures.Where(f => f.Order <= last).OrderBy(f => f.Order).Select(f => (f.Checksum, f.Problem, f.Missing));
            }
        }

        /// <summary>Queues a content object; blocks while the queue is full; a no-op once the workers stopped.</summary>
        public void Add(Checksum checksum)
        {
            long order = _added++;
            if ((_stop.IsCancellationRequested && !_cancellationToken.IsCancellationRequested) || order > Volatile.Read(ref _firstCorrupt))
                return;
            var queued = new Item(checksum, order);
            long size = StoredSize(checksum);
            if (size >= LargeObject)
            {
                lock (_large)
                {
                    if (_large.Count < MaxLarge)
                    {
                        _large.Enqueue(queued, -size);
                        Volatile.Write(ref _largeCount, _large.Count);
                        queued = Item.WakeUp;
                    }
                }
            }
            try
            {
                _queue.Add(queued, _stop.Token);
            }
            catch (OperationCanceledException) when (!_cancellationToken.IsCancellationRequested)
            {
                // the workers stopped (first corrupt object, or one failed): the walk goes on without them
            }
        }

        /// <summary>The size of the object's file; -1 when it cannot be seen (hashing it then reports why).</summary>
        private long StoredSize(Checksum checksum)
        {
            try
            {
                return _repo.TryStatObject(checksum, ObjectType.File, out var status) ? status.Size : -1;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return -1;
            }
        }

        private void Work()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    if (TryTakeLarge(out var large))
                        VerifyOne(large);
                    else if (!_queue.TryTake(out var queued, Timeout.Infinite, _stop.Token))
                        return; // done: the walk ended and every large object was taken before its wake-up
                    else if (queued.Order >= 0)
                        VerifyOne(queued);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // stopped: the first corrupt object, cancellation, or another worker's failure (Finish tells which)
            }
            catch
            {
                // Stop the others and unblock the walk, which may be waiting on a full queue; Finish rethrows this.
                _stop.Cancel();
                throw;
            }
        }

        /// <summary>The largest object waiting in the heap, if any.</summary>
        private bool TryTakeLarge(out Item item)
        {
            item = default;
            if (Volatile.Read(ref _largeCount) == 0)
                return false;
            lock (_large)
            {
                bool taken = _large.TryDequeue(out item, out _);
                Volatile.Write(ref _largeCount, _large.Count);
                return taken;
            }
        }

        private void VerifyOne(Item item)
        {
            // Stopping at the first corrupt object means the first in walk order: objects before it are still verified
            // (a missing one there marks its commits partial, as when it is found first), later ones are not.
            if (item.Order > Volatile.Read(ref _firstCorrupt))
                return;
            string? problem = VerifyContent(_repo, item.Checksum, out bool missing);
            if (missing || problem is not null)
            {
                _failures.Enqueue((item.Checksum, problem, missing, item.Order));
                if (!missing && _stopAtFirstCorrupt)
                {
                    long seen = Volatile.Read(ref _firstCorrupt);
                    while (item.Order < seen)
                    {
                        long was = Interlocked.CompareExchange(ref _firstCorrupt, item.Order, seen);
                        if (was == seen)
                            break;
                        seen = was;
                    }
                }
            }
            long verified = Interlocked.Increment(ref _verified);
            long total = Volatile.Read(ref _total);
            if (total >= 0)
                _progress?.Report(new FsckProgress(FsckPhase.VerifyingObjects, Volatile.Read(ref _metadata) + verified, total));
        }

        /// <summary>A content object and its place in the walk; <see cref="WakeUp"/> (order -1) points a worker at the heap.</summary>
        private readonly record struct Item(Checksum Checksum, long Order)
        {
            public static Item WakeUp => new(default, -1);
        }

        /// <summary>No more objects: waits for the workers (rethrowing an unexpected failure as itself).</summary>
        public void Finish(long metadataObjects, long total, IProgress<FsckProgress>? progress)
        {
            _progress = progress;
            Volatile.Write(ref _metadata, metadataObjects);
            Volatile.Write(ref _total, total);
            _queue.CompleteAdding();
            try
            {
                Task.WaitAll(_workers);
            }
            catch (AggregateException ex)
            {
                var first = ex.Flatten().InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException);
                if (first is not null)
                    ExceptionDispatchInfo.Capture(first).Throw();
            }
            finally
            {
                _stop.Dispose();
                _queue.Dispose();
            }
            _cancellationToken.ThrowIfCancellationRequested();
        }

        /// <summary>The walk failed: stop the workers and wait for them.</summary>
        public void Abandon()
        {
            _stop.Cancel();
            _queue.CompleteAdding();
            try
            {
                Task.WaitAll(_workers, CancellationToken.None);
            }
            catch (AggregateException)
            {
                // the walk's exception is the one reported
            }
            finally
            {
                _stop.Dispose();
                _queue.Dispose();
            }
        }
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
        var bytes = repo.ReadMetadataBytes(checksum, type, verifyChecksum: false);
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

    private static void Walk(OstreeRepo repo, Checksum tree, Checksum meta, Checksum commit, Maintenance.ObjectIdSet objects,
        ref long content, ContentVerification verification, ConcurrentBag<FsckError> errors, FsckOptions options, int depth,
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
        if (!objects.Add(new ObjectName(tree, ObjectType.DirTree)))
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
            {
                content++;
                verification.Add(f.Checksum);
            }
        }
        foreach (var d in dt.Directories)
            Walk(repo, d.TreeChecksum, d.MetaChecksum, commit, objects, ref content, verification, errors, options, depth + 1, ct, allCommits);
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
