using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Deltas;

/// <summary>
/// Generates static deltas (spec §8.6), like <c>ostree static-delta generate</c>.
/// </summary>
/// <remarks>
/// <para>New objects are those reachable from the target and not from the source. Each new regular file is
/// matched to a file of the source commit — same path, then same name, then the same name with digit runs
/// ignored (so versioned renames such as <c>libfoo.so.1.2</c> → <c>libfoo.so.1.3</c> match), then the same
/// prefix before the first dot — whose size is within 30 %. A matched pair is sent as a rollsum delta when at
/// least half of the new file's content-defined chunks occur in the old one (consecutive copies are merged into one
/// write), else as a bsdiff patch when both fit <see cref="StaticDeltaGeneratorOptions.MaxBsdiffSize"/>. Other
/// files larger than <see cref="StaticDeltaGeneratorOptions.MinFallbackSize"/> become fallbacks.</para>
/// <para>Parts are filled in ostree's order (metadata, rollsum, bsdiff, plain files, symlinks) and split at
/// <see cref="StaticDeltaGeneratorOptions.MaxChunkSize"/>. bsdiff patches are computed, and small files read, on worker
/// threads ahead of the loop that fills the parts (which takes them in order). Each part's data blob is spooled to a
/// temporary file; a finished part is compressed while the next one is built. With the built-in xz compressors the
/// payload is read back into memory and coded in place with a dictionary sized to it (at most the preset's 32 MiB); a
/// part of 4 MiB or more is coded in two segments on two threads that share the dictionary
/// (<see cref="Compression.XzSegmentedEncoder"/>), so a one-part delta also uses two cores. The match finder's binary
/// tree covers only the last 4 MiB; repeats of 32 bytes or more further back, up to the whole dictionary, are found
/// beforehand by content-defined sampling (<see cref="Compression.LzmaFarMatches"/>). Blocks that look already
/// compressed (<c>.gz</c>, <c>.deb</c> members: 38 % of a Debian minbase v1 -> v2 delta's payload) are coded without match
/// search, their repeats found by the far matches alone (<see cref="Compression.LzmaRawBlocks"/>). The part bytes do not depend on
/// the thread count.</para>
/// <para>Memory: at most <see cref="StaticDeltaGeneratorOptions.MaxDegreeOfParallelism"/> LZMA encoders exist at
/// once (parts and segments take slots from one semaphore); a part in two segments is compressed alone, smaller parts
/// side by side. An encoder needs about 40 MiB (a 32 MiB tree, 4 MiB of hash heads, a 4 MiB far-match table) plus its
/// coded output, next to its part's payload (at most <see cref="StaticDeltaGeneratorOptions.MaxChunkSize"/> plus the
/// tables and bytecode); these arrays are reused from part to part. Add the pairs of files being diffed (at most
/// <c>MaxBsdiffSize</c> each, plus the bsdiff suffix array of four bytes per old byte; one pair per encoder slot) and up
/// to 8 MiB of files read ahead. <see cref="StaticDeltaGeneratorOptions.LowMemory"/> shrinks the tree to 1 MiB (about
/// 13 MiB per encoder plus its output). None of this grows with the delta's size, except that inline deltas necessarily hold all parts
/// in the superblock.</para>
/// </remarks>
public sealed class StaticDeltaGenerator
{
    private const double SizeTolerance = 0.30;

    /// <summary>Regular files up to this size are read ahead on worker threads.</summary>
    private const ulong PrefetchMaxFile = 4 << 20;

    /// <summary>The most bytes of files read ahead and not yet added to a part.</summary>
    private const long PrefetchBudget = 8 << 20;

    private readonly OstreeRepo _repo;
    private readonly StaticDeltaGeneratorOptions _options;
    private readonly DeltaPartCompressor _compressor;

    /// <summary>Creates a generator reading from <paramref name="repository"/>.</summary>
    public StaticDeltaGenerator(OstreeRepo repository, StaticDeltaGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repo = repository;
        _options = options ?? new StaticDeltaGeneratorOptions();
        _compressor = _options.Compressor ?? DeltaPartCompressor.Default;
    }

    /// <summary>Generates the delta from <paramref name="from"/> (null: from scratch) to <paramref name="to"/>.</summary>
    /// <exception cref="ObjectNotFoundException">A commit or object is missing.</exception>
    public StaticDeltaGenerationResult Generate(Checksum? from, Checksum to, CancellationToken cancellationToken = default)
    {
        var name = new StaticDeltaName(from, to);
        var result = new StaticDeltaGenerationResult { Name = name };
        var toCommit = _repo.ReadCommit(to);
        var t = DeltaTrace.Start();
        var fromTree = from is { } f ? Walk(f) : new TreeIndex();
        var toTree = Walk(to);

        var newMeta = toTree.Metadata.Where(m => !fromTree.MetadataSet.Contains(m)).ToList();
        var seen = new HashSet<Checksum>();
        var newFiles = new List<NewFile>();
        foreach (var (csum, path) in toTree.Files)
        {
            if (fromTree.FileSet.Contains(csum) || !seen.Add(csum))
                continue;
            using var content = _repo.ReadContent(csum);
            newFiles.Add(new NewFile(csum, path, content.Header, content.Size));
        }
        DeltaTrace.Stop(t, $"walk and stat: {newMeta.Count} new metadata, {newFiles.Count} new files");
        t = DeltaTrace.Start();
        result.NewMetadata = newMeta.Count;
        result.NewRegularFiles = newFiles.Count(n => !n.Header.IsSymlink);
        result.NewSymlinks = newFiles.Count(n => n.Header.IsSymlink);

        // Classify regular files.
        var rollsum = new List<(NewFile File, Checksum Source, List<Segment> Plan)>();
        var bsdiff = new List<(NewFile File, Checksum Source)>();
        var plain = new List<NewFile>();
        var fallbacks = new List<DeltaFallback>();
        var sizeCache = new Dictionary<Checksum, ulong?>();
        foreach (var nf in newFiles.Where(n => !n.Header.IsSymlink))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = FindSource(nf, fromTree, sizeCache);
            if (source is { } src)
            {
                result.Modified++;
                ulong srcSize = sizeCache[src]!.Value;
                bool fits = srcSize + nf.Size <= _options.MaxBsdiffSize;
                if (fits && !_options.DisableRollsum)
                {
                    var plan = TryRollsum(src, nf, out long matched);
                    if (plan is not null)
                    {
                        rollsum.Add((nf, src, plan));
                        result.RollsumObjects++;
                        result.RollsumBytes += matched;
                        continue;
                    }
                }
                if (fits && !_options.DisableBsdiff)
                {
                    bsdiff.Add((nf, src));
                    result.BsdiffObjects++;
                    continue;
                }
            }
            if (_options.MinFallbackSize > 0 && nf.Size > _options.MinFallbackSize)
            {
                fallbacks.Add(new DeltaFallback(new ObjectName(nf.Checksum, ObjectType.File), StoredSize(nf.Checksum, ObjectType.File), nf.Size));
                continue;
            }
            plain.Add(nf);
        }
        result.Fallbacks = fallbacks.Count;
        DeltaTrace.Stop(t, $"match sources and rollsum: {rollsum.Count} rollsum, {bsdiff.Count} bsdiff candidates");

        string superblockPath;
        string partsDir;
        if (_options.Filename is { } fn)
        {
            superblockPath = Path.GetFullPath(fn);
            partsDir = Path.GetDirectoryName(superblockPath)!;
            if (!Directory.Exists(partsDir))
                throw new DirectoryNotFoundException($"opendir({partsDir}): No such file or directory");
        }
        else
        {
            partsDir = Path.Combine(_repo.Path, name.RelativeDirectory);
            if (Directory.Exists(partsDir))
                Directory.Delete(partsDir, recursive: true);
            Directory.CreateDirectory(partsDir);
            superblockPath = Path.Combine(partsDir, "superblock");
        }

        using var writer = new PartWriter(this, partsDir, cancellationToken);
        t = DeltaTrace.Start();
        foreach (var m in newMeta)
        {
            var bytes = _repo.ReadMetadataBytes(m.Checksum, m.Type);
            var part = writer.Reserve((ulong)bytes.Length);
            long off = part.AppendBlob(bytes);
            part.Op(DeltaOpcode.OpenSpliceAndClose, (ulong)bytes.Length, (ulong)off);
            part.AddObject(m, (ulong)bytes.Length);
            result.TotalLoose += (ulong)bytes.Length;
        }
        foreach (var (nf, src, plan) in rollsum)
        {
            var data = ReadAll(nf.Checksum);
            ulong unmatched = (ulong)plan.Where(s => !s.FromSource).Sum(s => (long)s.Length);
            var part = writer.Reserve(unmatched + Checksum.ByteLength);
            long csOff = part.AppendBlob(src.ToArray());
            part.Op(DeltaOpcode.Open, (ulong)part.Mode(nf.Header), (ulong)part.Xattrs(nf.Header.Xattrs), nf.Size);
            part.Op(DeltaOpcode.SetReadSource, (ulong)csOff);
            bool sourceSet = true;
            foreach (var seg in plan)
            {
                if (seg.FromSource)
                {
                    if (!sourceSet)
                    {
                        part.Op(DeltaOpcode.SetReadSource, (ulong)csOff);
                        sourceSet = true;
                    }
                    part.Op(DeltaOpcode.Write, (ulong)seg.Length, (ulong)seg.Offset);
                }
                else
                {
                    if (sourceSet)
                    {
                        part.Op(DeltaOpcode.UnsetReadSource);
                        sourceSet = false;
                    }
                    long off = part.AppendBlob(data.AsSpan(seg.Offset, seg.Length));
                    part.Op(DeltaOpcode.Write, (ulong)seg.Length, (ulong)off);
                }
            }
            part.Op(DeltaOpcode.Close);
            part.AddObject(new ObjectName(nf.Checksum, ObjectType.File), nf.Size);
        }
        DeltaTrace.Stop(t, "metadata and rollsum ops");
        t = DeltaTrace.Start();
        int workers = Math.Max(1, _options.MaxDegreeOfParallelism);

        // The patches are computed on worker threads, up to one per allowed encoder ahead of this loop, which takes
        // them in order: the parts' bytes do not depend on the threads.
        using (var patches = new Prefetcher<(NewFile File, Checksum Source), byte[]>(
            bsdiff, x => BsDiff.Create(ReadAll(x.Source), ReadAll(x.File.Checksum)), _ => 1, maxItems: workers, maxCost: workers, cancellationToken))
        {
            for (int i = 0; i < bsdiff.Count; i++)
            {
                var (nf, src) = bsdiff[i];
                var patch = patches.Take(i);
                var part = writer.Reserve((ulong)patch.Length + Checksum.ByteLength);
                long csOff = part.AppendBlob(src.ToArray());
                long pOff = part.AppendBlob(patch);
                part.Op(DeltaOpcode.SetReadSource, (ulong)csOff);
                part.Op(DeltaOpcode.Open, (ulong)part.Mode(nf.Header), (ulong)part.Xattrs(nf.Header.Xattrs), nf.Size);
                part.Op(DeltaOpcode.Bspatch, (ulong)pOff, (ulong)patch.Length);
                part.Op(DeltaOpcode.Close);
                part.Op(DeltaOpcode.UnsetReadSource);
                part.AddObject(new ObjectName(nf.Checksum, ObjectType.File), nf.Size);
            }
        }
        DeltaTrace.Stop(t, "bsdiff");
        t = DeltaTrace.Start();
        var files = plain.Concat(newFiles.Where(n => n.Header.IsSymlink)).ToList();

        // Small regular files are read (and, in archive repositories, inflated) on worker threads ahead of this loop,
        // within a budget of bytes held, into pooled arrays (a from-scratch delta reads every file of the commit:
        // arrays of their own would pile up on the large-object heap between collections); larger ones are copied
        // here as a stream. The pool is this generation's own, with few arrays per size: the shared pool keeps arrays
        // per thread and per core for every size, tens of megabytes that would stay for the whole run.
        var readAhead = ArrayPool<byte>.Create((int)PrefetchMaxFile, 4);
        using var contents = new Prefetcher<NewFile, byte[]?>(
            files, nf => nf.Header.IsSymlink || nf.Size > PrefetchMaxFile ? null : ReadAll(nf.Checksum, readAhead),
            nf => nf.Header.IsSymlink || nf.Size > PrefetchMaxFile ? 0 : (long)nf.Size + 1, maxItems: 256, maxCost: PrefetchBudget, cancellationToken);
        for (int i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var nf = files[i];
            var prefetched = contents.Take(i);
            byte[]? target = nf.Header.IsSymlink ? Encoding.UTF8.GetBytes(nf.Header.SymlinkTarget) : null;
            ulong len = target is null ? nf.Size : (ulong)target.Length;
            var part = writer.Reserve(len);
            long off;
            if (target is not null)
            {
                off = part.AppendBlob(target);
            }
            else if (prefetched is not null)
            {
                off = part.AppendBlob(prefetched.AsSpan(0, (int)nf.Size));
                readAhead.Return(prefetched);
            }
            else
            {
                using var content = _repo.ReadContent(nf.Checksum);
                off = part.AppendBlob(content.Content!, nf.Size);
            }
            part.Op(DeltaOpcode.OpenSpliceAndClose, (ulong)part.Mode(nf.Header), (ulong)part.Xattrs(nf.Header.Xattrs), len, (ulong)off);
            part.AddObject(new ObjectName(nf.Checksum, ObjectType.File), nf.Size);
            result.TotalLoose += StoredSize(nf.Checksum, ObjectType.File);
        }
        DeltaTrace.Stop(t, "plain files and symlinks");
        t = DeltaTrace.Start();
        var parts = writer.Finish();
        DeltaTrace.Stop(t, "waiting for compression");

        // Superblock metadata, in libostree's order.
        var metadata = new MetadataDictionary(_options.Metadata ?? new MetadataDictionary());
        metadata.Set(DeltaSuperblock.EndiannessKey, GVariantType.Byte, new[] { _options.Endianness == DeltaEndianness.Big ? (byte)'B' : (byte)'l' });
        if (_options.Inline)
        {
            for (int i = 0; i < parts.Count; i++)
            {
                string partPath = Path.Combine(partsDir, i.ToString(CultureInfo.InvariantCulture));
                metadata.Set($"{name.RelativeDirectory}/{i}", GVariantType.Parse("(yay)"), File.ReadAllBytes(partPath));
                File.Delete(partPath);
            }
        }
        if (_repo.ReadDetachedMetadata(to) is { } detached)
            metadata.Set($"{name.RelativeDirectory}/commitmeta", OstreeTypes.VarDict, detached.Serialize());

        ulong timestamp = _options.Timestamp ?? (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var superblock = DeltaSuperblock.Serialize(metadata, timestamp, from, toCommit, parts.Select(p => p.Header).ToList(), fallbacks, _options.Endianness);
        if (_options.Signer is not null || _options.Ed25519SigningKeys.Count > 0)
            superblock = StaticDeltaSigner.SignUnsigned(superblock, _options.Ed25519SigningKeys, _options.Signer);
        AtomicFile.WriteAllBytes(superblockPath, superblock, _repo.FsyncEnabled);

        result.SuperblockPath = superblockPath;
        result.Parts = parts.Select(p => (p.Header.Objects.Count, p.Header.CompressedSize, p.Header.UncompressedSize)).ToList();
        result.TotalCompressed = (ulong)parts.Sum(p => (long)p.Header.CompressedSize);
        result.TotalUncompressed = (ulong)parts.Sum(p => (long)p.Header.UncompressedSize);
        return result;
    }

    private sealed record NewFile(Checksum Checksum, string Path, FileHeader Header, ulong Size);

    private readonly record struct Segment(bool FromSource, int Offset, int Length);

    private sealed class TreeIndex
    {
        public List<ObjectName> Metadata { get; } = [];
        public HashSet<ObjectName> MetadataSet { get; } = [];
        public List<(Checksum Checksum, string Path)> Files { get; } = [];
        public HashSet<Checksum> FileSet { get; } = [];
        public Dictionary<string, Checksum> ByPath { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<Checksum>> ByName { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<Checksum>> ByVersionlessName { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<Checksum>> ByPrefix { get; } = new(StringComparer.Ordinal);
    }

    private TreeIndex Walk(Checksum commit)
    {
        var index = new TreeIndex();
        var c = _repo.ReadCommit(commit);
        var visited = new HashSet<Checksum>();
        void AddMeta(ObjectName n)
        {
            if (index.MetadataSet.Add(n))
                index.Metadata.Add(n);
        }
        void WalkDir(Checksum tree, Checksum meta, string path, int depth)
        {
            if (depth > _repo.Limits.MaxTreeDepth)
                throw new OstreeDataException($"Tree nested deeper than {_repo.Limits.MaxTreeDepth} levels");
            AddMeta(new ObjectName(tree, ObjectType.DirTree));
            AddMeta(new ObjectName(meta, ObjectType.DirMeta));
            var dt = _repo.ReadDirTree(tree);
            foreach (var f in dt.Files)
            {
                string p = path + f.Name;
                index.Files.Add((f.Checksum, p));
                index.FileSet.Add(f.Checksum);
                index.ByPath.TryAdd(p, f.Checksum);
                Add(index.ByName, f.Name, f.Checksum);
                Add(index.ByVersionlessName, VersionlessName(f.Name), f.Checksum);
                Add(index.ByPrefix, PrefixKey(f.Name), f.Checksum);
            }
            foreach (var d in dt.Directories)
            {
                if (!visited.Add(d.TreeChecksum) && index.MetadataSet.Contains(new ObjectName(d.MetaChecksum, ObjectType.DirMeta)))
                {
                    // Identical subtree already walked: its objects are known, only the paths differ.
                    WalkPathsOnly(d.TreeChecksum, path + d.Name + "/", depth + 1);
                    continue;
                }
                WalkDir(d.TreeChecksum, d.MetaChecksum, path + d.Name + "/", depth + 1);
            }
        }
        void WalkPathsOnly(Checksum tree, string path, int depth)
        {
            if (depth > _repo.Limits.MaxTreeDepth)
                throw new OstreeDataException($"Tree nested deeper than {_repo.Limits.MaxTreeDepth} levels");
            var dt = _repo.ReadDirTree(tree);
            foreach (var f in dt.Files)
                index.ByPath.TryAdd(path + f.Name, f.Checksum);
            foreach (var d in dt.Directories)
                WalkPathsOnly(d.TreeChecksum, path + d.Name + "/", depth + 1);
        }
        WalkDir(c.RootTree, c.RootMeta, "/", 0);
        return index;
    }

    private static void Add(Dictionary<string, List<Checksum>> map, string key, Checksum value)
    {
        if (key.Length == 0)
            return;
        if (!map.TryGetValue(key, out var list))
            map[key] = list = [];
        if (!list.Contains(value))
            list.Add(value);
    }

    /// <summary>The name with every run of digits replaced by <c>#</c> (<c>libfoo.so.1.2</c> → <c>libfoo.so.#.#</c>).</summary>
    internal static string VersionlessName(string name)
    {
        var sb = new StringBuilder(name.Length);
        bool inDigits = false;
        foreach (char ch in name)
        {
            if (char.IsAsciiDigit(ch))
            {
                if (!inDigits)
                    sb.Append('#');
                inDigits = true;
            }
            else
            {
                sb.Append(ch);
                inDigits = false;
            }
        }
        return sb.ToString();
    }

    private static string PrefixKey(string name)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot <= 0 ? "" : name[..dot];
    }

    private Checksum? FindSource(NewFile nf, TreeIndex from, Dictionary<Checksum, ulong?> sizes)
    {
        if (nf.Size == 0 || nf.Path.EndsWith(".xz", StringComparison.Ordinal) || nf.Path.EndsWith(".bz2", StringComparison.Ordinal))
            return null;
        string fileName = nf.Path[(nf.Path.LastIndexOf('/') + 1)..];
        IEnumerable<IEnumerable<Checksum>> tiers =
        [
            from.ByPath.TryGetValue(nf.Path, out var same) ? [same] : [],
            from.ByName.GetValueOrDefault(fileName) ?? [],
            from.ByVersionlessName.GetValueOrDefault(VersionlessName(fileName)) ?? [],
            from.ByPrefix.GetValueOrDefault(PrefixKey(fileName)) ?? [],
        ];
        foreach (var tier in tiers)
        {
            Checksum? best = null;
            double bestDistance = double.MaxValue;
            foreach (var candidate in tier)
            {
                ulong? size = SizeOf(candidate, sizes);
                if (size is not { } s || s == 0)
                    continue;
                double distance = Math.Abs((double)s - nf.Size) / nf.Size;
                if (distance <= SizeTolerance && distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            if (best is not null)
                return best;
        }
        return null;
    }

    /// <summary>The content size of a regular-file object (null for symlinks).</summary>
    private ulong? SizeOf(Checksum checksum, Dictionary<Checksum, ulong?> cache)
    {
        if (cache.TryGetValue(checksum, out var size))
            return size;
        using var c = _repo.ReadContent(checksum);
        size = c.Header.IsRegularFile ? c.Size : null;
        cache[checksum] = size;
        return size;
    }

    /// <summary>
    /// A regular file's content: in an array of exactly its size, or in one from <paramref name="pool"/> (which may be
    /// longer).
    /// </summary>
    private byte[] ReadAll(Checksum checksum, ArrayPool<byte>? pool = null)
    {
        using var c = _repo.ReadContent(checksum);
        int size = checked((int)c.Size);
        var data = pool is null ? new byte[size] : pool.Rent(size);
        c.Content!.ReadExactly(data.AsSpan(0, size));
        return data;
    }

    private ulong StoredSize(Checksum checksum, ObjectType type) =>
        FileSystem.TryLstat(_repo.GetObjectPath(checksum, type), out var st) ? (ulong)st.Size : 0;

    private List<Segment>? TryRollsum(Checksum source, NewFile nf, out long matchedBytes)
    {
        matchedBytes = 0;
        var oldData = ReadAll(source);
        var newData = ReadAll(nf.Checksum);
        var chunker = new RollsumChunker();
        var oldIndex = new Dictionary<Checksum, int>();
        foreach (var chunk in chunker.Split(oldData))
            oldIndex.TryAdd(Checksum.Compute(oldData.AsSpan(chunk.Offset, chunk.Length)), chunk.Offset);
        var newChunks = chunker.Split(newData);
        if (newChunks.Count == 0)
            return null;
        var plan = new List<Segment>();
        int matchedChunks = 0;
        foreach (var chunk in newChunks)
        {
            var span = newData.AsSpan(chunk.Offset, chunk.Length);
            if (oldIndex.TryGetValue(Checksum.Compute(span), out int oldOffset) && oldData.AsSpan(oldOffset, chunk.Length).SequenceEqual(span))
            {
                matchedChunks++;
                matchedBytes += chunk.Length;
                if (plan.Count > 0 && plan[^1] is { FromSource: true } last && last.Offset + last.Length == oldOffset)
                    plan[^1] = last with { Length = last.Length + chunk.Length };
                else
                    plan.Add(new Segment(true, oldOffset, chunk.Length));
            }
            else if (plan.Count > 0 && plan[^1] is { FromSource: false } lastNew && lastNew.Offset + lastNew.Length == chunk.Offset)
            {
                plan[^1] = lastNew with { Length = lastNew.Length + chunk.Length };
            }
            else
            {
                plan.Add(new Segment(false, chunk.Offset, chunk.Length));
            }
        }
        if (matchedChunks * 2 < newChunks.Count)
        {
            matchedBytes = 0;
            return null;
        }
        return plan;
    }

    /// <summary>
    /// Runs a function over a list on thread-pool threads ahead of a consumer that takes the results strictly in order
    /// (<see cref="Take"/> with 0, 1, 2, ...). At most <c>maxItems</c> results are pending (started and not taken)
    /// and their costs add up to at most <c>maxCost</c>, except that the next item always starts. Disposing waits for
    /// the workers, so none outlives the consumer.
    /// </summary>
    private sealed class Prefetcher<TIn, TOut> : IDisposable
    {
        private readonly IReadOnlyList<TIn> _items;
        private readonly Func<TIn, TOut> _selector;
        private readonly Func<TIn, long> _cost;
        private readonly int _maxItems;
        private readonly long _maxCost;
        private readonly CancellationToken _ct;
        private readonly Queue<(Task<TOut> Task, long Cost)> _pending = new();
        private int _next;
        private int _taken;
        private long _pendingCost;

        public Prefetcher(IReadOnlyList<TIn> items, Func<TIn, TOut> selector, Func<TIn, long> cost, int maxItems, long maxCost, CancellationToken ct)
        {
            _items = items;
            _selector = selector;
            _cost = cost;
            _maxItems = Math.Max(1, maxItems);
            _maxCost = maxCost;
            _ct = ct;
            TopUp();
        }

        /// <summary>The result for item <paramref name="index"/> (which must be the next one), waiting for it if needed.</summary>
        public TOut Take(int index)
        {
            if (index != _taken)
                throw new InvalidOperationException("Results must be taken in order.");
            var (task, cost) = _pending.Dequeue();
            _taken++;
            _pendingCost -= cost;
            TopUp();
            return task.GetAwaiter().GetResult();
        }

        private void TopUp()
        {
            while (_next < _items.Count && (_pending.Count == 0 || (_pending.Count < _maxItems && _pendingCost + _cost(_items[_next]) <= _maxCost)))
            {
                var item = _items[_next++];
                long cost = _cost(item);
                _pendingCost += cost;
                _pending.Enqueue((Task.Run(() => _selector(item), _ct), cost));
            }
        }

        public void Dispose()
        {
            foreach (var (task, _) in _pending)
            {
                try
                {
                    task.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // the consumer stopped early (an exception is unwinding); results no one takes are dropped
                }
            }
            _pending.Clear();
        }
    }

    /// <summary>How one part is compressed: the compressor, its segment count, and the shared limit on encoders.</summary>
    /// <remarks><see cref="Xz"/>: the built-in xz settings in effect (with <see cref="StaticDeltaGeneratorOptions.LowMemory"/>'s dictionary), or null to stream through the compressor.</remarks>
    private sealed record PartCompression(DeltaPartCompressor Compressor, Compression.XzEncoderOptions? Xz, int Segments, SemaphoreSlim Gate, int MaxParallel, Compression.LzmaMatchFinderPool Pool, PayloadBufferPool Buffers, CancellationToken Cancellation);

    /// <summary>
    /// Payload arrays handed from part to part (at most <c>capacity</c> kept idle), dropped with the writer: parts are
    /// about the same size, so later parts code in earlier parts' arrays instead of leaving one large array per part to
    /// the garbage collector (and, unlike the shared array pool, nothing stays behind in other size classes).
    /// </summary>
    private sealed class PayloadBufferPool(int capacity)
    {
        private readonly Compression.SizedIdlePool<byte[]> _idle = new(capacity, b => b.Length);

        // A little headroom, so that a slightly larger next part fits; the match finder reads the payload at random, so
        // it gets the same huge-page advice as the match finder's own arrays.
        public byte[] Rent(int length) =>
            _idle.Take(length, orLargest: false)
            ?? Compression.LzmaLargeArrays.Allocate<byte>((int)Math.Min(Array.MaxLength, length + ((long)length / 16)), zeroed: false);

        public void Return(byte[] buffer) => _idle.Return(buffer);
    }

    /// <summary>A finished part: its header (for the superblock).</summary>
    private sealed record FinishedPart(DeltaPartHeader Header);

    /// <summary>Fills parts in order and compresses finished ones on worker tasks.</summary>
    private sealed class PartWriter : IDisposable
    {
        private readonly StaticDeltaGenerator _gen;
        private readonly string _dir;
        private readonly CancellationToken _ct;
        private readonly SemaphoreSlim _slots;
        private readonly SemaphoreSlim _inFlight;
        private readonly Compression.LzmaMatchFinderPool _pool;
        private readonly PayloadBufferPool _buffers;
        private readonly Compression.XzEncoderOptions? _xz;
        private readonly List<Task<FinishedPart>> _tasks = [];
        private PartBuilder? _current;

        public PartWriter(StaticDeltaGenerator gen, string dir, CancellationToken ct)
        {
            _gen = gen;
            _dir = dir;
            _ct = ct;
            _slots = new SemaphoreSlim(Math.Max(1, gen._options.MaxDegreeOfParallelism));
            _inFlight = new SemaphoreSlim(Math.Max(1, gen._options.MaxDegreeOfParallelism));

            // Encoders hold a slot, so no more than this many match finders exist at once: each part after the first
            // few codes in the arrays of an earlier one instead of allocating a window and tree of its own.
            _pool = new Compression.LzmaMatchFinderPool(Math.Max(1, gen._options.MaxDegreeOfParallelism));
            _buffers = new PayloadBufferPool(Math.Max(1, gen._options.MaxDegreeOfParallelism));
            _xz = gen._compressor.XzOptions is { } xz && gen._options.LowMemory
                ? new Compression.XzEncoderOptions
                {
                    Preset = xz.Preset,
                    Check = xz.Check,
                    DictionarySize = xz.DictionarySize,
                    MatchWindow = Math.Min(xz.MatchWindow ?? int.MaxValue, StaticDeltaGeneratorOptions.LowMemoryMatchWindow),
                    FarMatches = true,
                }
                : gen._compressor.XzOptions;
        }

        /// <summary>
        /// How many segments a part is coded in (two for a large part coded in memory, whatever the thread count, so
        /// that the bytes do not depend on it).
        /// </summary>
        private int SegmentsFor(PartBuilder part) =>
            _xz is not null && part.PayloadLength >= Compression.XzSegmentedEncoder.MinSplitLength ? 2 : 1;

        /// <summary>The part to add an object of <paramref name="blobBytes"/> blob bytes to (starting a new part if needed).</summary>
        public PartBuilder Reserve(ulong blobBytes)
        {
            if (_current is not null && _current.Objects.Count > 0 && (ulong)_current.BlobLength + blobBytes > _gen._options.MaxChunkSize)
                Flush();
            return _current ??= new PartBuilder(_gen._repo.TmpPath);
        }

        private void Flush(bool last = false)
        {
            var part = _current!;
            _current = null;
            int index = _tasks.Count;

            // No more parts in memory (payload and coded output) than encoders may run; the next part is built (and
            // spooled to its file) while these compress. A large part is coded in two segments that share its payload
            // (and so takes two of these), rather than beside another part: one payload in memory instead of two.
            int segments = SegmentsFor(part);
            int slots = Math.Min(segments, Math.Max(1, _gen._options.MaxDegreeOfParallelism));
            for (int i = 0; i < slots; i++)
                _inFlight.Wait(_ct);
            // Part encoders run on threads of their own: they are long and CPU-bound, and thread-pool threads stay free
            // for the short read-ahead work items (see Prefetcher).
            _tasks.Add(Task.Factory.StartNew(() =>
            {
                try
                {
                    // Every encoder (a small part, or a segment of a large one) takes a slot of its own, so at most
                    // MaxDegreeOfParallelism exist at once. A second segment loads only the tree's reach of history
                    // (4 MiB, the rest is found by far matches). Measured together with the 4 MiB tree, a from-scratch
                    // Debian minbase delta took 64.7 s of user CPU time with every large part split, 66.3 s before.
                    var compression = new PartCompression(_gen._compressor, _xz, segments, _slots, _gen._options.MaxDegreeOfParallelism, _pool, _buffers, _ct);
                    return new FinishedPart(part.Complete(Path.Combine(_dir, index.ToString(CultureInfo.InvariantCulture)), compression));
                }
                finally
                {
                    part.Dispose();
                    if (segments > 1)
                    {
                        // Building and coding a large part leaves tens of megabytes of garbage on the large object
                        // heap (file buffers, bytecode, tables); collected now, it does not add up across parts before
                        // the collector gets to it (a from-scratch Debian minbase delta: 9 MB less peak memory). The
                        // live heap is mostly a few large arrays, so this costs milliseconds per 32 MiB part.
                        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
                    }
                    _inFlight.Release(slots);
                }
            }, _ct, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        }

        public List<FinishedPart> Finish()
        {
            if (_current is not null && _current.Objects.Count > 0)
                Flush(last: true);
            try
            {
                Task.WaitAll(_tasks.ToArray(), _ct);
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
                throw;
            }
            return _tasks.Select(t => t.Result).ToList();
        }

        public void Dispose()
        {
            _current?.Dispose();
            try
            {
                Task.WaitAll(_tasks.ToArray());
            }
            catch (AggregateException)
            {
                // already reported by Finish, or superseded by the exception that is unwinding
            }
            _slots.Dispose();
            _inFlight.Dispose();
        }
    }

    /// <summary>One part under construction: tables, a spooled blob and the bytecode.</summary>
    private sealed class PartBuilder : IDisposable
    {
        private static readonly GVariantType XattrTableType = GVariantType.Parse("aa(ayay)");
        private readonly Dictionary<(uint, uint, uint), int> _modes = [];
        private readonly List<(uint Uid, uint Gid, uint Mode)> _modeList = [];
        private readonly Dictionary<XattrSet, int> _xattrs = [];
        private readonly List<XattrSet> _xattrList = [];
        private readonly ArrayBufferWriter<byte> _ops = new(256);
        private readonly string _blobPath;
        private readonly FileStream _blob;

        public PartBuilder(string tmpDir)
        {
            _blobPath = Path.Combine(tmpDir, ".delta-blob-" + Guid.NewGuid().ToString("N"));
            _blob = new FileStream(_blobPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 256 * 1024);
        }

        public List<ObjectName> Objects { get; } = [];

        public ulong Uncompressed { get; private set; }

        public long BlobLength => _blob.Length;

        /// <summary>About the size of the part's payload (the blob and the bytecode; the tables are small).</summary>
        public long PayloadLength => _blob.Length + _ops.WrittenCount;

        public long AppendBlob(ReadOnlySpan<byte> data)
        {
            long off = _blob.Length;
            _blob.Write(data);
            return off;
        }

        public long AppendBlob(Stream source, ulong size)
        {
            long off = _blob.Length;
            ContentStore.CopyExactly(source, _blob, size);
            return off;
        }

        public void AddObject(ObjectName name, ulong size)
        {
            Objects.Add(name);
            Uncompressed += size;
        }

        public int Mode(FileHeader h)
        {
            var key = (h.Uid, h.Gid, h.Mode);
            if (!_modes.TryGetValue(key, out int i))
            {
                _modes[key] = i = _modeList.Count;
                _modeList.Add(key);
            }
            return i;
        }

        public int Xattrs(XattrSet x)
        {
            if (!_xattrs.TryGetValue(x, out int i))
            {
                _xattrs[x] = i = _xattrList.Count;
                _xattrList.Add(x);
            }
            return i;
        }

        public void Op(DeltaOpcode op, params ReadOnlySpan<ulong> args)
        {
            var span = _ops.GetSpan(1 + args.Length * Varint.MaxLength);
            span[0] = (byte)op;
            int n = 1;
            foreach (ulong a in args)
                n += Varint.Write(span[n..], a);
            _ops.Advance(n);
        }

        /// <summary>Writes the part file (compression byte + compressed payload) and returns its header.</summary>
        public DeltaPartHeader Complete(string partPath, PartCompression compression)
        {
            var compressor = compression.Compressor;
            var modes = new byte[_modeList.Count * 12];
            for (int i = 0; i < _modeList.Count; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(modes.AsSpan(i * 12), _modeList[i].Uid);
                BinaryPrimitives.WriteUInt32BigEndian(modes.AsSpan(i * 12 + 4), _modeList[i].Gid);
                BinaryPrimitives.WriteUInt32BigEndian(modes.AsSpan(i * 12 + 8), _modeList[i].Mode);
            }
            var xattrs = GVariantWriter.Serialize(XattrTableType, w =>
            {
                w.StartArray();
                foreach (var x in _xattrList)
                    x.WriteTo(w);
                w.EndArray();
            });
            long end0 = modes.Length, end1 = end0 + xattrs.Length, end2 = end1 + _blob.Length;
            long body = end2 + _ops.WrittenCount;
            int width = body + 3 <= 0xFF ? 1 : body + 6 <= 0xFFFF ? 2 : body + 12 <= 0xFFFFFFFFL ? 4 : 8;
            Span<byte> framing = stackalloc byte[3 * 8];
            WriteOffset(framing, 0, width, end2);
            WriteOffset(framing, 1, width, end1);
            WriteOffset(framing, 2, width, end0);

            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size;
            using (var file = new FileStream(partPath, FileMode.Create, FileAccess.Write, FileShare.None, 256 * 1024))
            {
                var hashing = new HashingWriteStream(file, sha);
                hashing.WriteByte((byte)compressor.Kind);
                if (compression.Xz is { } xz && body + (3 * width) <= Array.MaxLength)
                {
                    // The whole payload in memory: the encoders are sized to it, work on it in place (it is their
                    // window) and may work on it in parallel. The buffer is pooled (see PayloadBufferPool).
                    _blob.Flush();
                    int length = (int)(body + (3 * width));
                    byte[] buffer = compression.Buffers.Rent(length);
                    try
                    {
                        var payload = buffer.AsSpan(0, length);
                        modes.CopyTo(payload);
                        xattrs.CopyTo(payload[(int)end0..]);
                        _blob.Position = 0;
                        _blob.ReadExactly(payload.Slice((int)end1, (int)_blob.Length));
                        _ops.WrittenSpan.CopyTo(payload[(int)end2..]);
                        framing[..(3 * width)].CopyTo(payload[(int)body..]);
                        var timer = DeltaTrace.Start();
                        Compression.XzSegmentedEncoder.Compress(buffer.AsMemory(0, length), hashing, xz, compression.Segments,
                            compression.MaxParallel, compression.Gate, compression.Cancellation, compression.Pool);
                        DeltaTrace.Stop(timer, $"xz part {Path.GetFileName(partPath)}: {length} bytes, {compression.Segments} segment(s)");
                    }
                    finally
                    {
                        compression.Buffers.Return(buffer);
                    }
                }
                else
                {
                    compression.Gate.Wait(compression.Cancellation);
                    try
                    {
                        using var payload = compressor.CreateStream(hashing);
                        payload.Write(modes);
                        payload.Write(xattrs);
                        _blob.Flush();
                        _blob.Position = 0;
                        _blob.CopyTo(payload, 256 * 1024);
                        payload.Write(_ops.WrittenSpan);
                        payload.Write(framing[..(3 * width)]);
                    }
                    finally
                    {
                        compression.Gate.Release();
                    }
                }
                hashing.Flush();
                size = file.Length;
            }
            Span<byte> digest = stackalloc byte[Checksum.ByteLength];
            sha.GetHashAndReset(digest);
            return new DeltaPartHeader(0, Checksum.FromBytes(digest), (ulong)size, Uncompressed, Objects.ToArray());
        }

        private static void WriteOffset(Span<byte> dest, int index, int width, long value)
        {
            var slot = dest.Slice(index * width, width);
            Span<byte> tmp = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(tmp, value);
            tmp[..width].CopyTo(slot);
        }

        public void Dispose()
        {
            _blob.Dispose();
            File.Delete(_blobPath);
        }
    }

    private sealed class HashingWriteStream(Stream inner, IncrementalHash hash) : ForwardWriteStream
    {
        public override void Flush() => inner.Flush();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }
    }
}
