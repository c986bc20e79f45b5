using System.Globalization;
using System.Text;
using OstreeSharp.Native;
using OstreeSharp.Objects;

namespace OstreeSharp.Repository;

/// <summary>
/// An OSTree repository on disk: objects, refs and configuration, in any of the modes libostree uses.
/// Open one with <see cref="Open"/> or create one with <see cref="Create"/>. Instances are safe to use from several
/// threads for reading; writes go through a <see cref="RepoTransaction"/>.
/// </summary>
public sealed partial class OstreeRepo : IDisposable
{
    private readonly RepoLock _lock;

    private OstreeRepo(string path, KeyFile config, RepoMode mode, ReadLimits limits)
    {
        Path = path;
        Config = config;
        Mode = mode;
        Limits = limits;
        ObjectsPath = System.IO.Path.Combine(path, "objects");
        TmpPath = System.IO.Path.Combine(path, "tmp");
        RefsPath = System.IO.Path.Combine(path, "refs");
        StatePath = System.IO.Path.Combine(path, "state");
        DisableXattrs = GetConfigBool("core", "disable-xattrs", false);
        FsyncEnabled = GetConfigBool("core", "fsync", true);
        ZlibLevel = Math.Clamp(GetConfigInt("archive", "zlib-level", 6), 1, 9);
        LockTimeout = TimeSpan.FromSeconds(Math.Max(0, GetConfigInt("core", "lock-timeout-secs", 300)));
        LockingEnabled = GetConfigBool("core", "locking", true);
        CollectionId = config.GetString("core", "collection-id");
        _lock = new RepoLock(path, LockTimeout);
    }

    /// <summary>The repository directory.</summary>
    public string Path { get; }

    /// <summary>How content objects are stored.</summary>
    public RepoMode Mode { get; }

    /// <summary>The parsed <c>config</c> file. Change it through <see cref="SaveConfig"/>.</summary>
    public KeyFile Config { get; }

    /// <summary>Limits applied when reading objects.</summary>
    public ReadLimits Limits { get; }

    /// <summary>The repository's collection ID (<c>core.collection-id</c>), if any.</summary>
    public string? CollectionId { get; }

    /// <summary>True when the repository ignores xattrs (<c>core.disable-xattrs</c>).</summary>
    public bool DisableXattrs { get; }

    /// <summary><c>core.fsync</c>: make writes durable before refs move (default true); may be overridden per process (<c>--fsync</c>).</summary>
    public bool FsyncEnabled { get; set; }

    /// <summary><c>archive.zlib-level</c> (1–9, default 6).</summary>
    public int ZlibLevel { get; }

    /// <summary><c>core.lock-timeout-secs</c>.</summary>
    public TimeSpan LockTimeout { get; }

    /// <summary><c>core.locking</c>.</summary>
    public bool LockingEnabled { get; }

    internal string ObjectsPath { get; }

    internal string TmpPath { get; }

    internal string RefsPath { get; }

    internal string StatePath { get; }

    /// <summary>True for archive repositories (content stored as <c>.filez</c>).</summary>
    public bool IsArchive => Mode == RepoMode.Archive;

    private bool GetConfigBool(string group, string key, bool fallback)
    {
        string? v = Config.GetString(group, key);
        return v is null ? fallback : v is "true" or "1";
    }

    private int GetConfigInt(string group, string key, int fallback)
    {
        string? v = Config.GetString(group, key);
        return v is not null && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i : fallback;
    }

    /// <summary>Creates a repository (like <c>ostree init</c>); an existing repository of any mode is opened instead.</summary>
    /// <param name="path">Directory to create or reuse.</param>
    /// <param name="mode">Storage mode.</param>
    /// <param name="collectionId">Optional collection ID (<c>--collection-id</c>).</param>
    public static OstreeRepo Create(string path, RepoMode mode, string? collectionId = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (mode == RepoMode.BareSplitXattrs)
            throw new NotSupportedException("Writing bare-split-xattrs repositories is experimental in libostree and not supported.");
        if (collectionId is not null && !NameValidation.IsValidCollectionId(collectionId))
            throw new ArgumentException($"Invalid collection ID {collectionId}", nameof(collectionId));
        string configPath = System.IO.Path.Combine(path, "config");
        if (File.Exists(configPath) && Directory.Exists(System.IO.Path.Combine(path, "objects")))
            return Open(path);
        Directory.CreateDirectory(path);
        foreach (var dir in new[] { "objects", "tmp", "tmp/cache", "extensions", "state", "refs", "refs/heads", "refs/mirrors", "refs/remotes" })
            Directory.CreateDirectory(System.IO.Path.Combine(path, dir));
        var config = new StringBuilder();
        config.Append("[core]\nrepo_version=1\nmode=").Append(mode.ToConfigString()).Append('\n');
        if (collectionId is not null)
            config.Append("collection-id=").Append(collectionId).Append('\n');
        AtomicFile.WriteAllBytes(configPath, Encoding.UTF8.GetBytes(config.ToString()), fsync: true);
        return Open(path);
    }

    /// <summary>Opens an existing repository.</summary>
    /// <exception cref="InvalidRepositoryException">Not a repository, or an unusable configuration.</exception>
    public static OstreeRepo Open(string path, ReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
            throw new InvalidRepositoryException($"opening repo: opendir({path}): No such file or directory");
        if (!Directory.Exists(System.IO.Path.Combine(full, "objects")))
            throw new InvalidRepositoryException("opening repo: opendir(objects): No such file or directory");
        string configPath = System.IO.Path.Combine(full, "config");
        if (!File.Exists(configPath))
            throw new InvalidRepositoryException("opening repo: openat(config): No such file or directory");
        KeyFile config;
        try
        {
            config = KeyFile.Parse(File.ReadAllText(configPath, Encoding.UTF8));
        }
        catch (KeyFileFormatException ex)
        {
            throw new InvalidRepositoryException($"opening repo: Couldn't parse config file: {ex.Message}", ex);
        }
        string? version = config.GetString("core", "repo_version");
        if (version is null)
            throw new InvalidRepositoryException("opening repo: Key file does not have key “repo_version” in group “core”");
        if (version != "1")
            throw new InvalidRepositoryException($"opening repo: Invalid repository version {version}");
        if (config.GetString("core", "archive") == "true")
            throw new InvalidRepositoryException("opening repo: This version of OSTree no longer supports \"archive\" repositories; use archive-z2 instead");
        string modeText = config.GetString("core", "mode") ?? "bare";
        if (!RepoModeExtensions.TryParse(modeText, out var mode))
            throw new InvalidRepositoryException($"opening repo: Invalid mode '{modeText}' in repository configuration");
        return new OstreeRepo(full, config, mode, limits ?? ReadLimits.Trusted);
    }

    /// <summary>Writes <see cref="Config"/> back to disk atomically.</summary>
    public void SaveConfig() =>
        AtomicFile.WriteAllBytes(System.IO.Path.Combine(Path, "config"), Encoding.UTF8.GetBytes(Config.ToString()), FsyncEnabled);

    /// <summary>Takes the repository lock (libostree-compatible OFD lock on <c>.lock</c>).</summary>
    /// <remarks>With <c>core.locking=false</c> this returns a handle that holds nothing.</remarks>
    public IDisposable Lock(RepoLockMode mode, CancellationToken cancellationToken = default) =>
        LockingEnabled ? _lock.Acquire(mode, cancellationToken) : NoLock.Instance;

    /// <summary>Takes the repository lock without blocking the calling thread while waiting.</summary>
    public async ValueTask<IDisposable> LockAsync(RepoLockMode mode, CancellationToken cancellationToken = default) =>
        LockingEnabled ? await _lock.AcquireAsync(mode, cancellationToken).ConfigureAwait(false) : NoLock.Instance;

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose() { }
    }

    /// <summary>Starts a transaction: takes a shared lock and a staging directory.</summary>
    public RepoTransaction BeginTransaction(CancellationToken cancellationToken = default) => new(this, cancellationToken);

    /// <summary>The absolute path of an object in <c>objects/</c>.</summary>
    public string GetObjectPath(ObjectName name)
    {
        string extension = name.Type.Extension(IsArchive && name.Type == ObjectType.File);
        return string.Create(ObjectsPath.Length + 1 + ObjectName.RelativePathLength(extension), (ObjectsPath, name, extension), static (span, state) =>
        {
            state.ObjectsPath.CopyTo(span);
            span[state.ObjectsPath.Length] = '/';
            state.name.FormatRelativePath(span[(state.ObjectsPath.Length + 1)..], state.extension);
        });
    }

    /// <summary>The absolute path of an object in <c>objects/</c>.</summary>
    public string GetObjectPath(Checksum checksum, ObjectType type) => GetObjectPath(new ObjectName(checksum, type));

    /// <summary>True if the object is stored (symlink objects of bare repositories count even when dangling).</summary>
    /// <remarks>Allocation-free for paths of up to 1 KiB: the path is formatted on the stack (callers ask for every object
    /// of a delta part, a pull or a commit, several times).</remarks>
    public bool HasObject(Checksum checksum, ObjectType type) => TryStatObject(checksum, type, out _);

    /// <summary>
    /// <c>lstat</c> of a stored object's file, allocation-free for paths of up to 1 KiB (see <see cref="HasObject"/>);
    /// false when it is not stored.
    /// </summary>
    internal bool TryStatObject(Checksum checksum, ObjectType type, out FileStatus status)
    {
        var name = new ObjectName(checksum, type);
        string extension = type.Extension(IsArchive && type == ObjectType.File);
        int length = ObjectsPath.Length + 1 + ObjectName.RelativePathLength(extension);
        if (length > 1024)
            return FileStatus.TryLstat(GetObjectPath(name), out status);
        Span<char> path = stackalloc char[length];
        ObjectsPath.CopyTo(path);
        path[ObjectsPath.Length] = '/';
        name.FormatRelativePath(path[(ObjectsPath.Length + 1)..], extension);
        return FileStatus.TryLstat(path, out status);
    }

    /// <summary>Reads a metadata object's bytes, checking the size limit.</summary>
    /// <exception cref="ObjectNotFoundException">The object is missing.</exception>
    public byte[] ReadMetadataBytes(Checksum checksum, ObjectType type) =>
        ReadMetadataBytes(checksum, type, Limits.VerifyMetadataChecksums);

    /// <summary>Reads a metadata object's bytes; <paramref name="verifyChecksum"/> false leaves hashing to the caller
    /// (fsck, which hashes every object itself and reports mismatches in ostree's words).</summary>
    internal byte[] ReadMetadataBytes(Checksum checksum, ObjectType type, bool verifyChecksum)
    {
        if (!type.IsMetadata())
            throw new ArgumentException($"{type} is not a metadata type.", nameof(type));
        string path = GetObjectPath(checksum, type);
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            long length = fs.Length;
            if (length > Limits.MaxMetadataSize)
                throw new CorruptObjectException(new ObjectName(checksum, type), $"size {length} exceeds the metadata limit of {Limits.MaxMetadataSize} bytes");
            var bytes = new byte[length];
            fs.ReadExactly(bytes);
            if (verifyChecksum && type != ObjectType.CommitMeta)
            {
                var actual = Checksum.Compute(bytes);
                if (actual != checksum)
                    throw new CorruptObjectException(new ObjectName(checksum, type), $"checksum mismatch (actual {actual})");
            }
            return bytes;
        }
        catch (FileNotFoundException ex)
        {
            throw new ObjectNotFoundException(new ObjectName(checksum, type), ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new ObjectNotFoundException(new ObjectName(checksum, type), ex);
        }
    }

    private T ParseMetadata<T>(Checksum checksum, ObjectType type, Func<byte[], T> parse)
    {
        var bytes = ReadMetadataBytes(checksum, type);
        try
        {
            return parse(bytes);
        }
        catch (OstreeDataException ex) when (ex is not CorruptObjectException)
        {
            throw new CorruptObjectException(new ObjectName(checksum, type), ex.Message, ex);
        }
    }

    /// <summary>Reads and parses a commit.</summary>
    public CommitObject ReadCommit(Checksum checksum) => ParseMetadata(checksum, ObjectType.Commit, b => CommitObject.Parse(b));

    /// <summary>Reads and parses a dirtree (entry names are validated).</summary>
    public DirTreeObject ReadDirTree(Checksum checksum) =>
        ParseMetadata(checksum, ObjectType.DirTree, b => DirTreeObject.Parse(b, Limits.MaxDirTreeEntries));

    /// <summary>Reads and parses a dirmeta.</summary>
    public DirMetaObject ReadDirMeta(Checksum checksum) => ParseMetadata(checksum, ObjectType.DirMeta, b => DirMetaObject.Parse(b));

    /// <summary>Reads a commit's detached metadata (<c>.commitmeta</c>), or null if it has none.</summary>
    public MetadataDictionary? ReadDetachedMetadata(Checksum commit)
    {
        if (!HasObject(commit, ObjectType.CommitMeta))
            return null;
        return ParseMetadata(commit, ObjectType.CommitMeta, b => MetadataDictionary.Parse(b));
    }

    /// <summary>True if <c>state/CHECKSUM.commitpartial</c> marks the commit's tree as incomplete.</summary>
    public bool IsCommitPartial(Checksum commit) =>
        File.Exists(System.IO.Path.Combine(StatePath, commit + ".commitpartial"));

    /// <summary>Marks or unmarks a commit as partial.</summary>
    public void SetCommitPartial(Checksum commit, bool partial)
    {
        string p = System.IO.Path.Combine(StatePath, commit + ".commitpartial");
        if (partial)
        {
            Directory.CreateDirectory(StatePath);
            File.WriteAllBytes(p, []);
        }
        else
        {
            File.Delete(p);
        }
    }

    /// <summary>Opens a content object: its header and (for regular files) its content stream.</summary>
    /// <exception cref="ObjectNotFoundException">The object is missing.</exception>
    /// <exception cref="CorruptObjectException">The stored object is malformed.</exception>
    public ContentObject ReadContent(Checksum checksum) => ContentStore.Read(this, checksum);

    /// <summary>Enumerates every loose object (order unspecified).</summary>
    public IEnumerable<ObjectName> EnumerateObjects() => EnumerateObjectsIn(Directory.Exists(ObjectsPath) ? Directory.EnumerateDirectories(ObjectsPath) : []);

    /// <summary>Enumerates commits whose hex checksum starts with <paramref name="hexPrefix"/> (reads one object
    /// directory when the prefix has two or more characters).</summary>
    public IEnumerable<Checksum> EnumerateCommitsWithPrefix(string hexPrefix)
    {
        ArgumentNullException.ThrowIfNull(hexPrefix);
        var dirs = hexPrefix.Length >= 2
            ? [System.IO.Path.Combine(ObjectsPath, hexPrefix[..2])]
            : Directory.Exists(ObjectsPath) ? Directory.EnumerateDirectories(ObjectsPath) : [];
        return EnumerateObjectsIn(dirs.Where(Directory.Exists))
            .Where(o => o.Type == ObjectType.Commit && o.Checksum.StartsWith(hexPrefix))
            .Select(o => o.Checksum);
    }

    private IEnumerable<ObjectName> EnumerateObjectsIn(IEnumerable<string> objectDirs)
    {
        foreach (var dir in objectDirs)
        {
            string prefix = System.IO.Path.GetFileName(dir);
            if (prefix.Length != 2 || !IsHex(prefix))
                continue;
            foreach (var file in Directory.EnumerateFileSystemEntries(dir))
            {
                string name = System.IO.Path.GetFileName(file);
                int dot = name.IndexOf('.', StringComparison.Ordinal);
                if (dot != Checksum.HexLength - 2)
                    continue;
                if (!ObjectTypeExtensions.TryParseExtension(name.AsSpan(dot + 1), out var type))
                    continue;
                if (type == ObjectType.File && (name.EndsWith(".filez", StringComparison.Ordinal) != IsArchive))
                    continue;
                if (Checksum.TryParse(string.Concat(prefix, name.AsSpan(0, dot)), out var csum))
                    yield return new ObjectName(csum, type);
            }
        }
    }

    private static bool IsHex(string s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiHexDigitLower(c))
                return false;
        }
        return true;
    }

    /// <summary>Enumerates the checksums of all commit objects.</summary>
    public IEnumerable<Checksum> EnumerateCommits() =>
        EnumerateObjects().Where(o => o.Type == ObjectType.Commit).Select(o => o.Checksum);

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();
}
