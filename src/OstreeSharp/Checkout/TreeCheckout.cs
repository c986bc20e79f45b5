using Microsoft.Win32.SafeHandles;
using OstreeSharp.Native;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Checkout;

/// <summary>
/// Materialises a commit (or a subpath of it) as a directory tree. From bare repositories files are hardlinked
/// when the ownership view matches the storage (bare + <see cref="CheckoutMode.None"/>, bare-user(-only) +
/// <see cref="CheckoutMode.User"/>); otherwise, and across filesystems or at the hardlink limit, they are copied.
/// Entry names were validated when the dirtrees were parsed, and nothing is ever created through a symlink that
/// already exists in the destination, so a checkout never writes outside its destination.
/// </summary>
public static class TreeCheckout
{
    private const uint SetIdBits = 0xC00; // S_ISUID | S_ISGID
    private const uint BareUserOnlyDirMask = 0x1FD; // 0775

    /// <summary>Where archive repositories keep decompressed copies of file objects for user-mode checkouts.</summary>
    public const string UncompressedCacheDirectory = "uncompressed-objects-cache";

    /// <summary>Name prefix of the files <see cref="CheckoutOptions.ProcessPassthroughWhiteouts"/> turns into whiteout devices.</summary>
    public const string PassthroughWhiteoutPrefix = ".ostree-wh.";

    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";

    private sealed class DirJob(string path, DirMetaObject meta)
    {
        public string Path { get; } = path;
        public DirMetaObject Meta { get; } = meta;
        public List<string>? Whiteouts { get; set; }
        public bool Created { get; set; }

        /// <summary>This directory's entries in the plan's file list: <c>[FilesStart, FilesEnd)</c>.</summary>
        public int FilesStart { get; set; }

        public int FilesEnd { get; set; }
    }

    private sealed record FileJob(string Path, Checksum Content, bool WhiteoutDevice = false);

    /// <summary>Checks out <paramref name="commit"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="OstreeException">The subpath is missing, the destination exists (without a union mode), or a
    /// file conflicts.</exception>
    public static void Run(OstreeRepo repo, Checksum commit, string destination, CheckoutOptions? options = null,
        IProgress<CheckoutProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(destination);
        options ??= new CheckoutOptions();
        var c = repo.ReadCommit(commit);
        RunTree(repo, c.RootTree, c.RootMeta, destination, options, progress, cancellationToken);
    }

    /// <summary>Checks out a dirtree/dirmeta pair (honouring <see cref="CheckoutOptions.Subpath"/>).</summary>
    public static void RunTree(OstreeRepo repo, Checksum rootTree, Checksum rootMeta, string destination, CheckoutOptions options,
        IProgress<CheckoutProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ForceCopy && options.RequireHardlinks)
            throw new ArgumentException("Cannot specify both --force-copy and --require-hardlinks");
        bool canLink = !options.ForceCopy && repo.Mode switch
        {
            RepoMode.Bare => options.Mode == CheckoutMode.None,
            RepoMode.BareUser => options.Mode == CheckoutMode.User,
            RepoMode.BareUserOnly => true,
            _ => false,
        };
        if (options.RequireHardlinks && !canLink)
        {
            throw new OstreeException(repo.Mode == RepoMode.Archive || options.Mode == CheckoutMode.User
                ? "Bare repository mode cannot hardlink in user checkout mode"
                : "User repository mode requires user checkout mode to hardlink");
        }

        // Walk the subpath. Nothing is written until every dirtree to check out has been read and validated.
        var components = options.Subpath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var tree = rootTree;
        var meta = rootMeta;
        for (int i = 0; i < components.Length; i++)
        {
            var dt = repo.ReadDirTree(tree);
            if (dt.TryGetDirectory(components[i], out var sub))
            {
                tree = sub.TreeChecksum;
                meta = sub.MetaChecksum;
                continue;
            }
            if (i == components.Length - 1 && dt.TryGetFile(components[i], out var file))
            {
                if (options.SkipFilter?.Invoke("/" + components[i]) == true)
                    return;
                // As ostree: the destination is a (private) directory holding the one file.
                if (!FileStatus.TryLstat(destination, out _))
                    Directory.CreateDirectory(destination, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                var ctx1 = new Context(repo, options, canLink, progress, cancellationToken);
                ctx1.CheckoutFile(new FileJob(Path.Combine(destination, components[i]), file.Checksum));
                return;
            }
            if (dt.TryGetFile(components[i], out _))
                throw new OstreeException("Not a directory");
            if (options.AllowNoent)
                return;
            throw new OstreeException($"No such file or directory: /{string.Join('/', components[..(i + 1)])}");
        }

        var ctx = new Context(repo, options, canLink, progress, cancellationToken);
        var dirs = new List<DirJob>();
        var files = new List<FileJob>();
        ctx.Plan(tree, meta, destination, "/", 0, dirs, files);
        ctx.FilesTotal = files.Count;
        // Directories are created in order on this thread; each one's files go to the workers as soon as it exists.
        // Whiteout devices wait until every directory is in place (one may name a directory of the commit, and what
        // happens then must not depend on timing).
        StreamingWork.Run<FileJob>(add =>
        {
            foreach (var dir in dirs)
            {
                ctx.PrepareDirectory(dir);
                for (int i = dir.FilesStart; i < dir.FilesEnd; i++)
                {
                    if (!files[i].WhiteoutDevice)
                        add(files[i]);
                }
            }
            foreach (var file in files)
            {
                if (file.WhiteoutDevice)
                    add(file);
            }
        }, null, ctx.CheckoutFile, cancellationToken);
        for (int i = dirs.Count - 1; i >= 0; i--)
            ctx.FinishDirectory(dirs[i]);
    }

    private enum LinkOutcome
    {
        /// <summary>The entry is in place (linked, or an identical/kept existing file).</summary>
        Done,

        /// <summary>This object is never linked (empty file, symlink in a user-mode repository…): copy it.</summary>
        NotEligible,

        /// <summary>Linking was attempted and failed (other filesystem, link limit…).</summary>
        Failed,
    }

    private sealed class Context(OstreeRepo repo, CheckoutOptions options, bool canLink, IProgress<CheckoutProgress>? progress, CancellationToken ct)
    {
        private readonly bool useCache = !canLink && !options.ForceCopy && options.UseUncompressedCache &&
            repo.Mode == RepoMode.Archive && options.Mode == CheckoutMode.User;

        private readonly ReadLimits _limits = options.Limits ?? repo.Limits;
        private long _filesDone;
        private long _linked;

        public long FilesTotal { get; set; }

        /// <summary>
        /// Reads (and so validates) the whole tree below <paramref name="tree"/> without touching the destination:
        /// directories in pre-order, files, and each directory's whiteouts. <paramref name="relative"/> is the
        /// directory's path below the checkout root as the skip filter sees it (<c>/</c>, <c>/a/b/</c>).
        /// </summary>
        public void Plan(Checksum tree, Checksum meta, string path, string relative, int depth, List<DirJob> dirs, List<FileJob> files)
        {
            ct.ThrowIfCancellationRequested();
            if (depth > _limits.MaxTreeDepth)
                throw new OstreeDataException($"Tree is nested deeper than {_limits.MaxTreeDepth} levels (a dirtree that contains itself?)");
            if (path.Length > _limits.MaxPathLength)
                throw new OstreeDataException($"Path longer than {_limits.MaxPathLength} bytes: {path[..64]}...");
            if (options.SkipFilter?.Invoke(relative) == true)
                return;
            // A dirtree cannot contain itself unless an object is stored under a false name: report that plainly
            // instead of walking to the depth limit.
            if (_ancestors.Contains(tree))
                throw new CorruptObjectException(new ObjectName(tree, ObjectType.DirTree), $"dirtree contains itself (at {relative})");
            var dm = repo.ReadDirMeta(meta);
            var job = new DirJob(path, dm);
            dirs.Add(job);
            var dt = repo.ReadDirTree(tree);
            job.FilesStart = files.Count;
            foreach (var f in dt.Files)
            {
                if (options.SkipFilter?.Invoke(relative + f.Name) == true)
                    continue;
                if (options.ProcessWhiteouts && f.Name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
                {
                    string target = f.Name == OpaqueWhiteout ? "" : f.Name[WhiteoutPrefix.Length..];
                    if (target is "." or ".." || (target.Length == 0 && f.Name != OpaqueWhiteout))
                        throw new OstreeDataException($"Invalid whiteout {f.Name}: it names the directory itself or its parent");
                    (job.Whiteouts ??= []).Add(target);
                    continue;
                }
                if (options.ProcessPassthroughWhiteouts && f.Name.StartsWith(PassthroughWhiteoutPrefix, StringComparison.Ordinal))
                {
                    string target = f.Name[PassthroughWhiteoutPrefix.Length..];
                    if (target.Length == 0 || target is "." or "..")
                        throw new OstreeDataException($"Invalid passthrough whiteout {f.Name}");
                    files.Add(new FileJob(Path.Combine(path, target), f.Checksum, WhiteoutDevice: true));
                    continue;
                }
                files.Add(new FileJob(Path.Combine(path, f.Name), f.Checksum));
            }
            job.FilesEnd = files.Count;
            _ancestors.Add(tree);
            foreach (var d in dt.Directories)
                Plan(d.TreeChecksum, d.MetaChecksum, Path.Combine(path, d.Name), relative + d.Name + "/", depth + 1, dirs, files);
            _ancestors.RemoveAt(_ancestors.Count - 1);
        }

        /// <summary>The dirtrees on the path from the root to the directory being planned.</summary>
        private readonly List<Checksum> _ancestors = [];

        /// <summary>Creates (or, in a union mode, keeps) the directory, then applies its whiteouts.</summary>
        public void PrepareDirectory(DirJob job)
        {
            ct.ThrowIfCancellationRequested();
            job.Created = MakeDirectory(job.Path);
            if (job.Created || job.Whiteouts is null)
                return;
            // An opaque whiteout empties what earlier layers put here; then the named entries go.
            if (job.Whiteouts.Contains(""))
            {
                foreach (string entry in Directory.EnumerateFileSystemEntries(job.Path))
                    DeleteEntry(entry);
            }
            foreach (string target in job.Whiteouts)
            {
                if (target.Length > 0)
                    DeleteEntry(Path.Combine(job.Path, target));
            }
        }

        /// <summary>Removes a file, symlink or directory tree; symlinks are removed, never followed.</summary>
        private static void DeleteEntry(string path)
        {
            if (!FileStatus.TryLstat(path, out var st))
                return;
            if (st.IsDirectory)
            {
                foreach (string child in Directory.EnumerateFileSystemEntries(path))
                    DeleteEntry(child);
                Directory.Delete(path);
            }
            else
            {
                File.Delete(path);
            }
        }

        private bool MakeDirectory(string path)
        {
            if (FileStatus.TryLstat(path, out var st))
            {
                if (options.Overwrite == CheckoutOverwriteMode.None)
                    throw new OstreeException("mkdirat: File exists");
                if (st.IsDirectory)
                    return false;
                if (options.Overwrite == CheckoutOverwriteMode.UnionFiles)
                {
                    // The commit's directory replaces a file or a symlink; a symlink is removed, never followed, so
                    // nothing is ever written outside the destination.
                    File.Delete(path);
                }
                else
                {
                    throw new OstreeException($"mkdirat: File exists: {path} is not a directory");
                }
            }
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return true;
        }

        public void FinishDirectory(DirJob job)
        {
            if (!job.Created)
                return;
            uint mode = job.Meta.Mode & UnixMode.PermissionMask;
            if (options.BareUserOnlyDirs)
                mode &= BareUserOnlyDirMask;
            if (options.Mode == CheckoutMode.User)
            {
                mode &= ~SetIdBits;
            }
            else
            {
                NativeFile.Lchown(job.Path, job.Meta.Uid, job.Meta.Gid);
                foreach (var x in job.Meta.Xattrs)
                    Xattrs.Set(job.Path, x.Name, x.Value);
            }
            File.SetUnixFileMode(job.Path, (UnixFileMode)mode);
            if (!options.ForceCopy)
                NativeFile.SetTimes(job.Path, 0, 0, 0, 0);
            if (options.Fsync)
                NativeFile.FsyncDirectory(job.Path);
        }

        public void CheckoutFile(FileJob job)
        {
            ct.ThrowIfCancellationRequested();
            if (job.WhiteoutDevice)
            {
                CreateWhiteoutDevice(job);
                Report();
                return;
            }
            if (canLink || useCache)
            {
                switch (canLink ? TryHardlink(job) : TryLinkFromCache(job))
                {
                    case LinkOutcome.Done:
                        Report();
                        return;
                    case LinkOutcome.Failed when options.RequireHardlinks:
                        throw new OstreeException($"Unable to hardlink {job.Path}: hardlinks are required");
                }
            }
            using var obj = repo.ReadContent(job.Content);
            if (options.Overwrite != CheckoutOverwriteMode.None && !PrepareDestination(job, obj))
            {
                Report();
                return;
            }
            var h = obj.Header;
            if (h.IsSymlink)
            {
                NativeFile.CreateSymbolicLink(h.SymlinkTarget, job.Path);
                if (options.Mode == CheckoutMode.None)
                {
                    NativeFile.Lchown(job.Path, h.Uid, h.Gid);
                    foreach (var x in h.Xattrs)
                        Xattrs.Set(job.Path, x.Name, x.Value);
                }
            }
            else
            {
                uint mode = h.Mode & UnixMode.PermissionMask;
                using var handle = CreateFile(job.Path);
                ContentStore.WritePlain(handle, default, obj.Content!, obj.Size);
                if (options.Fsync)
                    NativeFile.Fsync(handle);
                if (options.Mode == CheckoutMode.User)
                {
                    mode &= ~SetIdBits;
                }
                else
                {
                    NativeFile.Fchown(handle, h.Uid, h.Gid);
                    foreach (var x in h.Xattrs)
                        Xattrs.Set(handle, x.Name, x.Value);
                }
                NativeFile.Fchmod(handle, mode);
            }
            Report();
        }

        /// <summary>An overlayfs whiteout: a 0:0 character device with the object's permissions (and, unless in user
        /// mode, its owner and xattrs).</summary>
        private void CreateWhiteoutDevice(FileJob job)
        {
            FileHeader h;
            using (var obj = repo.ReadContent(job.Content))
                h = obj.Header;
            if (options.Overwrite != CheckoutOverwriteMode.None && FileStatus.TryLstat(job.Path, out var st))
            {
                if (options.Overwrite != CheckoutOverwriteMode.UnionFiles || st.IsDirectory)
                    throw new OstreeException($"File exists: {job.Path}");
                File.Delete(job.Path);
            }
            uint mode = h.Mode & UnixMode.PermissionMask;
            if (options.Mode == CheckoutMode.User)
                mode &= ~SetIdBits;
            WhiteoutDevices.Create(job.Path, mode);
            if (options.Mode == CheckoutMode.None)
            {
                NativeFile.Lchown(job.Path, h.Uid, h.Gid);
                foreach (var x in h.Xattrs)
                    Xattrs.Set(job.Path, x.Name, x.Value);
                // chown clears set-id bits: apply the mode last.
                WhiteoutDevices.Chmod(job.Path, mode);
            }
        }

        private static SafeFileHandle CreateFile(string path)
        {
            try
            {
                return NativeFile.CreateNew(path, 0x180);
            }
            catch (NativeIOException ex) when (ex.Errno == 17) // EEXIST
            {
                throw new OstreeException($"File exists: {path}", ex);
            }
        }

        private void Report()
        {
            long done = Interlocked.Increment(ref _filesDone);
            progress?.Report(new CheckoutProgress(done, FilesTotal, Interlocked.Read(ref _linked)));
        }

        /// <summary>Handles an existing entry at the destination; false means "leave it, nothing to do".</summary>
        private bool PrepareDestination(FileJob job, ContentObject obj)
        {
            if (!FileStatus.TryLstat(job.Path, out var st))
                return true;
            switch (options.Overwrite)
            {
                case CheckoutOverwriteMode.UnionFiles:
                    if (st.IsDirectory)
                        throw new OstreeException($"Cannot replace directory {job.Path} with a file");
                    File.Delete(job.Path);
                    return true;
                case CheckoutOverwriteMode.AddFiles:
                    return false;
                case CheckoutOverwriteMode.UnionIdentical:
                    if (!st.IsDirectory && ChecksumOfExisting(job.Path, st, obj.Header) == job.Content)
                        return false;
                    if (canLink)
                    {
                        throw new OstreeException(
                            $"Hardlinking {RelativeToRepository(repo.GetObjectPath(job.Content, ObjectType.File))} to {Path.GetFileName(job.Path)}: File exists");
                    }
                    throw new OstreeException($"File exists: {job.Path}");
                default:
                    throw new OstreeException($"File exists: {job.Path}");
            }
        }

        /// <summary>The content checksum of an existing file: as it is on disk, or (for the copy path's
        /// <c>--union-identical</c> in user mode) with <paramref name="wanted"/>'s owner and xattrs.</summary>
        private Checksum ChecksumOfExisting(string path, FileStatus st, FileHeader? wanted)
        {
            bool onDisk = wanted is null || options.Mode == CheckoutMode.None;
            var xattrs = onDisk ? FileSystem.ReadXattrs(path) : wanted!.Xattrs;
            uint uid = onDisk ? st.Uid : wanted!.Uid;
            uint gid = onDisk ? st.Gid : wanted!.Gid;
            if (st.IsSymbolicLink)
                return ContentHasher.Compute(new FileHeader(uid, gid, st.Mode, FileSystem.ReadLink(path), xattrs), ReadOnlySpan<byte>.Empty);
            using var fs = File.OpenRead(path);
            return ContentHasher.Compute(new FileHeader(uid, gid, st.Mode, "", xattrs), fs);
        }

        private LinkOutcome TryHardlink(FileJob job)
        {
            string objPath = repo.GetObjectPath(job.Content, ObjectType.File);
            if (!FileStatus.TryLstat(objPath, out var ost))
                throw new ObjectNotFoundException($"Couldn't find file object '{job.Content}'");
            if (ost.IsRegularFile && ost.Size == 0)
                return LinkOutcome.NotEligible; // empty files are copied, as libostree does (they would share one inode across the system)
            if (repo.Mode == RepoMode.BareUserOnly && !ost.IsRegularFile)
                return LinkOutcome.NotEligible; // libostree copies symlinks out of bare-user-only repositories
            if (repo.Mode == RepoMode.BareUser && !ost.IsRegularFile)
                return LinkOutcome.NotEligible;
            if (repo.Mode == RepoMode.BareUser)
            {
                // Symlinks are stored as regular files in bare-user; only regular objects can be linked.
                var meta = Xattrs.Get(objPath, ContentStore.OstreeMetaXattr);
                if (meta is null || !UnixMode.IsRegular(DirMetaObject.Parse(meta).Mode))
                    return LinkOutcome.NotEligible;
            }
            return LinkInto(objPath, ost, job);
        }

        /// <summary>Links <paramref name="source"/> (an object or a cached uncompressed copy) to the job's path,
        /// resolving an existing entry by the overwrite mode.</summary>
        private LinkOutcome LinkInto(string source, FileStatus sourceStatus, FileJob job)
        {
            while (true)
            {
                var result = NativeFile.TryHardLink(source, job.Path);
                switch (result)
                {
                    case HardLinkResult.Success:
                        Interlocked.Increment(ref _linked);
                        return LinkOutcome.Done;
                    case HardLinkResult.AlreadyExists:
                        if (!FileStatus.TryLstat(job.Path, out var existing))
                            continue;
                        switch (options.Overwrite)
                        {
                            case CheckoutOverwriteMode.UnionFiles:
                                if (existing.IsDirectory)
                                    throw new OstreeException($"Cannot replace directory {job.Path} with a file");
                                // Like libostree, an existing file that already is this object stays as it is.
                                if (existing.IsRegularFile && ChecksumOfExisting(job.Path, existing, null) == job.Content)
                                    return LinkOutcome.Done;
                                File.Delete(job.Path);
                                continue;
                            case CheckoutOverwriteMode.AddFiles:
                                return LinkOutcome.Done;
                            case CheckoutOverwriteMode.UnionIdentical:
                                if (existing.Ino == sourceStatus.Ino && existing.Dev == sourceStatus.Dev)
                                    return LinkOutcome.Done;
                                return LinkOutcome.NotEligible; // fall back to the content comparison of the copy path
                            default:
                                throw new OstreeException($"File exists: {job.Path}");
                        }
                    case HardLinkResult.TooManyLinks or HardLinkResult.CrossDevice when options.RequireHardlinks:
                        throw new OstreeException($"Hardlinking {RelativeToRepository(source)} to {Path.GetFileName(job.Path)}: " +
                            (result == HardLinkResult.TooManyLinks ? "Too many links" : "Invalid cross-device link"));
                    default:
                        return LinkOutcome.Failed; // EXDEV, EMLINK (the hardlink limit), EPERM…: copy instead
                }
            }
        }

        /// <summary>An object path as ostree names it in messages: <c>XX/YYYY.file</c> below <c>objects/</c>.</summary>
        private string RelativeToRepository(string path)
        {
            string objects = Path.Combine(repo.Path, "objects") + "/";
            return path.StartsWith(objects, StringComparison.Ordinal) ? path[objects.Length..] : path;
        }

        /// <summary>
        /// Archive repositories in user mode: regular files are decompressed once into
        /// <c>uncompressed-objects-cache/</c> and hardlinked from there, as <c>ostree checkout</c> does.
        /// </summary>
        private LinkOutcome TryLinkFromCache(FileJob job)
        {
            string hex = job.Content.ToString();
            string dir = Path.Combine(repo.Path, UncompressedCacheDirectory, hex[..2]);
            string cached = Path.Combine(dir, hex[2..] + ".file");
            if (!FileStatus.TryLstat(cached, out var cst))
            {
                using var obj = repo.ReadContent(job.Content);
                if (obj.Header.IsSymlink || obj.Size == 0)
                    return LinkOutcome.NotEligible;
                Directory.CreateDirectory(dir);
                string tmp = Path.Combine(dir, "." + hex[2..] + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
                try
                {
                    using (var fs = new FileStream(tmp, new FileStreamOptions
                    {
                        Mode = FileMode.CreateNew,
                        Access = FileAccess.Write,
                        BufferSize = 0,
                        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    }))
                    {
                        ContentStore.CopyExactly(obj.Content!, fs, obj.Size);
                    }
                    File.SetUnixFileMode(tmp, (UnixFileMode)(obj.Header.Mode & UnixMode.PermissionMask & ~SetIdBits));
                    NativeFile.Rename(tmp, cached); // a concurrent writer produced identical bytes
                }
                catch
                {
                    File.Delete(tmp);
                    throw;
                }
                cst = FileStatus.Lstat(cached);
            }
            return LinkInto(cached, cst, job);
        }
    }
}
