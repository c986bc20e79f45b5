using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using OstreeSharp.Native;
using OstreeSharp.Objects;

namespace OstreeSharp.Repository;

/// <summary>
/// A write transaction (spec §5.4): objects are written into a private staging directory under <c>tmp/</c>, made
/// durable, and only then renamed into <c>objects/</c>; refs move last. A crash or <see cref="Abort"/> at any
/// point leaves the repository consistent (at worst with unreferenced objects, or a staging directory that the next
/// transaction from the same boot reuses). Writing methods are safe to call from several threads at once.
/// </summary>
public sealed class RepoTransaction : IDisposable
{
    /// <summary>Files up to this size are read once into memory, hashed, and stored only if new.</summary>
    private const int InMemoryThreshold = 1024 * 1024;

    private readonly OstreeRepo _repo;
    private readonly CancellationToken _cancellationToken;
    private readonly IDisposable _repoLock;
    private readonly StagingDirectory _staging;
    // Each new object is a fully written temporary file in the staging directory, renamed into objects/ only at
    // commit, after syncfs. Temporary names never look like object names, so a crash leaves nothing to trust.
    private readonly ConcurrentDictionary<ObjectName, string> _staged = new();
    private readonly List<(string RelativeRefPath, Checksum? Target)> _refUpdates = [];
    private readonly List<(Checksum Commit, byte[]? Bytes)> _detached = [];
    private long _metadataTotal, _metadataWritten, _contentTotal, _contentWritten, _contentBytesWritten;
    private ConcurrentDictionary<ObjectName, byte>? _writeLog;
    private bool _finished;

    internal RepoTransaction(OstreeRepo repo, CancellationToken cancellationToken)
    {
        _repo = repo;
        _cancellationToken = cancellationToken;
        _repoLock = repo.Lock(RepoLockMode.Shared, cancellationToken);
        try
        {
            _staging = StagingDirectory.Allocate(repo.TmpPath);
        }
        catch
        {
            _repoLock.Dispose();
            throw;
        }
    }

    /// <summary>The repository being written.</summary>
    public OstreeRepo Repository => _repo;

    /// <summary>Counts of what this transaction wrote so far.</summary>
    public TransactionStats Stats => new(
        Interlocked.Read(ref _metadataTotal),
        Interlocked.Read(ref _metadataWritten),
        Interlocked.Read(ref _contentTotal),
        Interlocked.Read(ref _contentWritten),
        Interlocked.Read(ref _contentBytesWritten));

    /// <summary>
    /// Starts logging, or restarts with an empty log, the name of every object that a write method of this transaction
    /// is asked to write from now on, whether it was new or already present (<c>ostree commit --generate-sizes</c> lists
    /// what the last <c>--tree</c> layer wrote this way; see <see cref="OstreeSharp.Commit.CommitSizes"/>).
    /// </summary>
    public void StartWriteLog() => _writeLog = new ConcurrentDictionary<ObjectName, byte>();

    /// <summary>The objects logged since the last <see cref="StartWriteLog"/> (empty if logging never started).</summary>
    public IReadOnlyCollection<ObjectName> WriteLog => _writeLog is { } log ? [.. log.Keys] : [];

    private void LogWrite(Checksum checksum, ObjectType type) => _writeLog?.TryAdd(new ObjectName(checksum, type), 0);

    /// <summary>True if the object is in the repository or already staged by this transaction.</summary>
    public bool HasObject(Checksum checksum, ObjectType type) =>
        _staged.ContainsKey(new ObjectName(checksum, type)) || _repo.HasObject(checksum, type);

    /// <summary>The file holding an object: its staged copy if this transaction wrote it, else its path in the repository.</summary>
    internal string GetObjectFilePath(ObjectName name) =>
        _staged.TryGetValue(name, out var staged) ? staged : _repo.GetObjectPath(name);

    private string NewTempPath() =>
        string.Create(_staging.Path.Length + 6 + 32, (_staging.Path, Guid.NewGuid()), static (span, state) =>
        {
            state.Path.CopyTo(span);
            "/.tmp-".CopyTo(span[state.Path.Length..]);
            state.Item2.TryFormat(span[(state.Path.Length + 6)..], out _, "N");
        });

    /// <summary>
    /// Stages <paramref name="tmpPath"/> as <paramref name="name"/>; false if another thread staged the same object
    /// meanwhile (two identical files stored at once): then the copy is deleted and the write does not count as one.
    /// </summary>
    private bool Publish(ObjectName name, string tmpPath)
    {
        if (_staged.TryAdd(name, tmpPath))
            return true;
        FileSystem.DeleteFileOrLink(tmpPath);
        return false;
    }

    private void ThrowIfFinished()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Writes a metadata object (commit, dirtree, dirmeta) whose name is the SHA-256 of its bytes.
    /// </summary>
    /// <param name="type">DirTree, DirMeta or Commit.</param>
    /// <param name="bytes">The object bytes (normal form).</param>
    /// <param name="expected">If given, the bytes must hash to this.</param>
    /// <returns>The object checksum.</returns>
    public Checksum WriteMetadata(ObjectType type, ReadOnlySpan<byte> bytes, Checksum? expected = null)
    {
        ThrowIfFinished();
        if (type is not (ObjectType.DirTree or ObjectType.DirMeta or ObjectType.Commit))
            throw new ArgumentException($"{type} objects are not content-addressed metadata.", nameof(type));
        var checksum = Checksum.Compute(bytes);
        if (expected is { } e && e != checksum)
            throw new CorruptObjectException(new ObjectName(e, type), $"bytes hash to {checksum}");
        Interlocked.Increment(ref _metadataTotal);
        LogWrite(checksum, type);
        if (HasObject(checksum, type))
            return checksum;
        string tmp = NewTempPath();
        using (var h = NativeFile.CreateNew(tmp, 0x1A4))
            RandomAccess.Write(h, bytes, 0);
        if (Publish(new ObjectName(checksum, type), tmp))
            Interlocked.Increment(ref _metadataWritten);
        return checksum;
    }

    /// <summary>Stages detached metadata (<c>.commitmeta</c>) for a commit; null removes it. Applied at commit.</summary>
    public void WriteDetachedMetadata(Checksum commit, MetadataDictionary? metadata)
    {
        ThrowIfFinished();
        lock (_detached)
            _detached.Add((commit, metadata?.Serialize()));
    }

    /// <summary>Writes a content object from in-memory content (empty for symlinks).</summary>
    public Checksum WriteContent(FileHeader header, ReadOnlySpan<byte> content, Checksum? expected = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ThrowIfFinished();
        if (header.IsSymlink && !content.IsEmpty)
            throw new ArgumentException("Symlinks have no content.", nameof(content));
        var checksum = ContentHasher.Compute(header, content);
        CheckExpected(expected, checksum);
        Interlocked.Increment(ref _contentTotal);
        LogWrite(checksum, ObjectType.File);
        if (HasObject(checksum, ObjectType.File))
            return checksum;
        string tmp = NewTempPath();
        ContentStore.WriteStored(_repo, tmp, header, content, null, (ulong)content.Length);
        if (Publish(new ObjectName(checksum, ObjectType.File), tmp))
        {
            Interlocked.Increment(ref _contentWritten);
            Interlocked.Add(ref _contentBytesWritten, content.Length);
        }
        return checksum;
    }

    /// <summary>
    /// Writes a content object streaming from <paramref name="content"/> (exactly <paramref name="size"/> bytes;
    /// null for symlinks). The stream is read once; nothing is buffered whole.
    /// </summary>
    public Checksum WriteContent(FileHeader header, Stream? content, ulong size, Checksum? expected = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ThrowIfFinished();
        if (content is null || header.IsSymlink)
            return WriteContent(header, ReadOnlySpan<byte>.Empty, expected);
        using var hasher = new ContentHasher(header);
        using var hashing = new HashingReadStream(content, hasher);
        string tmp = NewTempPath();
        try
        {
            ContentStore.WriteStored(_repo, tmp, header, default, hashing, size);
            var checksum = hasher.Finish();
            CheckExpected(expected, checksum);
            Interlocked.Increment(ref _contentTotal);
            LogWrite(checksum, ObjectType.File);
            if (HasObject(checksum, ObjectType.File))
            {
                File.Delete(tmp);
                return checksum;
            }
            if (Publish(new ObjectName(checksum, ObjectType.File), tmp))
            {
                Interlocked.Increment(ref _contentWritten);
                Interlocked.Add(ref _contentBytesWritten, (long)size);
            }
            return checksum;
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }

    /// <summary>
    /// Writes a regular file or symlink from the filesystem with the given header. The content is hashed first and
    /// stored only if the object is new (an unchanged tree costs one read per file and no compression).
    /// </summary>
    /// <param name="path">The file to read (a symlink's target comes from <paramref name="header"/>).</param>
    /// <param name="header">Owner, mode and xattrs to record.</param>
    /// <param name="size">The file size (from stat).</param>
    public Checksum WriteContentFromFile(string path, FileHeader header, ulong size)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(header);
        ThrowIfFinished();
        if (header.IsSymlink)
            return WriteContent(header, ReadOnlySpan<byte>.Empty);
        if (size <= InMemoryThreshold)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, size));
            try
            {
                int n;
                using (var fs = ContentStore.OpenRead(path))
                {
                    n = fs.ReadAtLeast(buffer.AsSpan(0, (int)size), (int)size, throwOnEndOfStream: false);
                    Span<byte> probe = stackalloc byte[1];
                    if (n != (int)size || fs.Read(probe) != 0)
                        throw new IOException($"File {path} changed size while being committed.");
                }
                return WriteContent(header, buffer.AsSpan(0, n));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        Checksum checksum;
        using (var fs = ContentStore.OpenRead(path))
            checksum = ContentHasher.Compute(header, fs);
        if (HasObject(checksum, ObjectType.File))
        {
            Interlocked.Increment(ref _contentTotal);
            LogWrite(checksum, ObjectType.File);
            return checksum;
        }
        using (var fs = ContentStore.OpenRead(path))
            return WriteContent(header, fs, size, checksum);
    }

    /// <summary>
    /// Records that the caller re-stored an object that is already present, without reading or hashing it again: it
    /// counts towards the totals in <see cref="Stats"/> and is logged (<see cref="StartWriteLog"/>) as a write would be,
    /// but nothing is written (how a rewritten <c>--tree=ref=</c> layer reuses an object whose metadata is unchanged).
    /// </summary>
    /// <exception cref="ObjectNotFoundException">The object is neither in the repository nor staged.</exception>
    internal void NoteExisting(Checksum checksum, ObjectType type)
    {
        ThrowIfFinished();
        if (!HasObject(checksum, type))
            throw new ObjectNotFoundException($"Couldn't find {type.ToString().ToLowerInvariant()} object '{checksum}'");
        if (type == ObjectType.File)
            Interlocked.Increment(ref _contentTotal);
        else
            Interlocked.Increment(ref _metadataTotal);
        LogWrite(checksum, type);
    }

    private static void CheckExpected(Checksum? expected, Checksum actual)
    {
        if (expected is { } e && e != actual)
            throw new CorruptObjectException(new ObjectName(e, ObjectType.File), $"content hashes to {actual} (did the file change while it was read?)");
    }

    /// <summary>Queues a ref update applied when the transaction commits (null target deletes the ref).</summary>
    /// <param name="remote">A remote name for <c>refs/remotes/REMOTE/</c>, or null for a local branch.</param>
    /// <param name="refName">The ref name.</param>
    /// <param name="target">The commit, or null to delete.</param>
    public void SetRef(string? remote, string refName, Checksum? target)
    {
        ThrowIfFinished();
        NameValidation.ValidateRefName(refName);
        if (remote is not null)
            NameValidation.ValidateRemoteName(remote);
        string rel = remote is null ? Path.Combine("heads", refName) : Path.Combine("remotes", remote, refName);
        lock (_refUpdates)
            _refUpdates.Add((rel, target));
    }

    /// <summary>Queues a collection ref update (<c>refs/mirrors/COLLECTION/REF</c>, or a local branch for the
    /// repository's own collection).</summary>
    public void SetCollectionRef(CollectionRef collectionRef, Checksum? target)
    {
        ThrowIfFinished();
        string rel = collectionRef.CollectionId is null || collectionRef.CollectionId == _repo.CollectionId
            ? Path.Combine("heads", collectionRef.RefName)
            : Path.Combine("mirrors", collectionRef.CollectionId, collectionRef.RefName);
        lock (_refUpdates)
            _refUpdates.Add((rel, target));
    }

    /// <summary>
    /// Makes everything durable and visible: write detached metadata and the new ref files into the staging
    /// directory, sync it, rename the objects into <c>objects/</c> (commits last, so a visible commit always has its
    /// tree), fsync the object directories, then rename the refs into place. Every file appears under its final name
    /// only complete; a crash at any point leaves at worst unreferenced objects and a stale staging directory.
    /// </summary>
    public TransactionStats Commit()
    {
        ThrowIfFinished();
        _finished = true;
        try
        {
            var detached = new List<(string Destination, string? Staged)>(_detached.Count);
            foreach (var (commit, bytes) in _detached)
                detached.Add((_repo.GetObjectPath(commit, ObjectType.CommitMeta), bytes is null ? null : StageFile(bytes)));
            var refs = new List<(string Destination, string? Staged)>(_refUpdates.Count);
            foreach (var (rel, target) in _refUpdates)
                refs.Add((Path.Combine(_repo.RefsPath, rel), target is { } t ? StageFile(Encoding.ASCII.GetBytes(t + "\n")) : null));
            if (_repo.FsyncEnabled)
                FileSystem.Syncfs(_staging.Path);

            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, stagedPath) in _staged.Where(kv => kv.Key.Type != ObjectType.Commit))
                PublishObject(name, stagedPath, touched);
            foreach (var (dest, staged) in detached)
            {
                string dir = Path.GetDirectoryName(dest)!;
                if (touched.Add(dir))
                    Directory.CreateDirectory(dir);
                if (staged is null)
                    File.Delete(dest);
                else
                    NativeFile.Rename(staged, dest);
            }
            foreach (var (name, stagedPath) in _staged.Where(kv => kv.Key.Type == ObjectType.Commit))
                PublishObject(name, stagedPath, touched);
            if (_repo.FsyncEnabled)
            {
                // All of them before any ref moves, one thread: issued from several threads they overlapped their
                // waits, but then a kill before "the Nth fsync" (CrashPointTests: strace counts per thread) no longer
                // names one point, and the whole commit did not measurably gain from it on a quiet machine.
                foreach (var dir in touched)
                    FileSystem.FsyncDirectory(dir);
                FileSystem.FsyncDirectory(_repo.ObjectsPath);
            }
            PublishRefs(refs);
            _staging.Delete();
            return Stats;
        }
        finally
        {
            _staging.Dispose();
            _repoLock.Dispose();
        }
    }

    /// <summary>Writes a small file (a ref, detached metadata) into the staging directory.</summary>
    private string StageFile(ReadOnlySpan<byte> bytes)
    {
        string tmp = NewTempPath();
        using (var h = NativeFile.CreateNew(tmp, 0x1A4))
            RandomAccess.Write(h, bytes, 0);
        return tmp;
    }

    private void PublishObject(ObjectName name, string stagedPath, HashSet<string> touched)
    {
        string dest = _repo.GetObjectPath(name);
        string dir = Path.GetDirectoryName(dest)!;
        if (touched.Add(dir))
            Directory.CreateDirectory(dir);
        if (!NativeFile.TryRenameNoReplace(stagedPath, dest))
            FileSystem.DeleteFileOrLink(stagedPath); // already there (another writer): identical by name
    }

    private void PublishRefs(List<(string Destination, string? Staged)> refs)
    {
        var dirs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, staged) in refs)
        {
            string dir = Path.GetDirectoryName(path)!;
            if (staged is not null)
            {
                Directory.CreateDirectory(dir);
                NativeFile.Rename(staged, path);
                dirs.Add(dir);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
                dirs.Add(dir);
            }
        }
        if (_repo.FsyncEnabled)
        {
            foreach (var dir in dirs)
                FileSystem.FsyncDirectory(dir);
        }
    }

    /// <summary>Discards everything staged; no ref moves.</summary>
    public void Abort()
    {
        if (_finished)
            return;
        _finished = true;
        try
        {
            _staging.Delete();
        }
        finally
        {
            _staging.Dispose();
            _repoLock.Dispose();
        }
    }

    /// <summary>Aborts unless committed.</summary>
    public void Dispose() => Abort();

    private sealed class HashingReadStream(Stream inner, ContentHasher hasher) : ForwardReadStream
    {
        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            hasher.Append(buffer[..n]);
            return n;
        }
    }
}
