using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using OstreeSharp.Compression;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Deltas;

/// <summary>
/// Applies a static delta (spec §8) to a repository, like <c>ostree static-delta apply-offline</c>.
/// </summary>
/// <remarks>
/// <para>Parts are executed one at a time, in order, while a worker thread prepares the next one (at most one part
/// ahead). Preparing a part file reads it once: its bytes are hashed (SHA-256, checked against the part header) as
/// the xz decoder consumes them, and the payload is used only after the checksum matched — a corrupt file is reported
/// as a checksum mismatch even when decoding failed first. xz payloads are decoded straight into a buffer of exactly
/// the size the xz indexes declare (<see cref="XzDecoderStream"/> then verifies that the data decodes to exactly that
/// many bytes), which doubles as the LZMA dictionary: no window is allocated and nothing is copied. Uncompressed part
/// files are mapped in place. Every object is verified as it is written: content objects by their checksum, metadata
/// objects by parsing (normal form, names) and checksum. The target commit comes from the superblock and is written
/// last, in the same transaction, whose commit makes all objects durable before the commit object and refs appear.
/// An error in any part (including one prepared ahead) aborts the transaction: no ref moves.</para>
/// <para>Memory, independent of the delta's size: the superblock (inline parts included, bounded by
/// <see cref="StaticDeltaLimits.MaxSuperblockSize"/>); decoded payloads of up to 1 MiB in process memory, at most
/// <see cref="InMemoryPayloadBudget"/> bytes for the executing part and the one decoded ahead together; larger
/// payloads (or ones that do not fit) are decoded into a spool file in the repository's <c>tmp/</c> and used through a
/// file-backed mapping (<c>MADV_RANDOM</c>, so that its page cache holds small folios), of which only the last 4 MiB
/// behind the decoder, and 1 MiB behind the operations, stay mapped (<c>madvise(MADV_DONTNEED)</c>: the bytes stay in
/// the page cache, which the kernel can write back and reclaim). The decoder reads matches that reach further back from
/// the spool file (<c>pread</c>, through a 256 KiB page cache), so they map nothing; objects larger than 1 MiB are
/// written from the mapping in 1 MiB steps, each releasing what lies behind. Objects assembled by <c>o</c>…<c>c</c>
/// sequences use one pooled buffer of at most <see cref="InMemoryObjectLimit"/> bytes, larger ones temporary files;
/// bsdiff/rollsum sources are file-backed mappings. Fixed buffers take about 1 MiB. Measured on the minbase v1→v2
/// deltas (32 MB payloads, Native AOT): peak RSS 20-21 MB, of which about 12 MB are the executable and the shared
/// libraries. A payload size is checked against the limits before anything is allocated, and the decoder stops as
/// soon as the data produces more than that size. (xz data whose indexes cannot be read is streamed into a spool file,
/// measured as it is produced, with a window of at most 256 MiB.)</para>
/// </remarks>
public sealed class StaticDeltaApplier
{
    /// <summary>Objects produced by <c>o</c>…<c>c</c> sequences up to this size are assembled in memory.</summary>
    public const int InMemoryObjectLimit = 256 * 1024;

    /// <summary>
    /// Decoded part payloads held in memory at once (the part being executed and the one decoded ahead) stay within
    /// this many bytes; a payload that does not fit is decoded into a spool file in the repository's <c>tmp/</c>.
    /// </summary>
    public const int InMemoryPayloadBudget = 2 * 1024 * 1024;

    private const long XzMemoryLimit = 256L * 1024 * 1024;

    private readonly OstreeRepo _repo;
    private readonly StaticDeltaApplyOptions _options;
    private readonly StaticDeltaLimits _limits;

    /// <summary>Bytes of decoded payloads kept in memory at once (tests lower it to exercise the spool files).</summary>
    internal long PayloadBudgetBytes { get; set; } = InMemoryPayloadBudget;

    /// <summary>Test hook: called with the part index after a part is prepared (on the thread that prepared it).</summary>
    internal Action<int>? PartPrepared { get; set; }

    /// <summary>Creates an applier for <paramref name="repository"/>.</summary>
    public StaticDeltaApplier(OstreeRepo repository, StaticDeltaApplyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repo = repository;
        _options = options ?? new StaticDeltaApplyOptions();
        _limits = _options.Limits ?? StaticDeltaLimits.For(repository.Limits);
    }

    /// <summary>
    /// Reads a superblock file (or <c>DIR/superblock</c> when <paramref name="path"/> is a directory).
    /// </summary>
    /// <exception cref="DeltaFormatException">Malformed or over the limits.</exception>
    public static DeltaSuperblock ReadSuperblock(string path, StaticDeltaLimits? limits = null)
    {
        limits ??= StaticDeltaLimits.Trusted;
        return DeltaSuperblock.Parse(ReadSuperblockBytes(path, limits), limits);
    }

    /// <summary>
    /// Reads the superblock file bytes (signed or not) at <paramref name="path"/> (a delta directory or a superblock
    /// file) without parsing them, refusing a file over <see cref="StaticDeltaLimits.MaxSuperblockSize"/>.
    /// </summary>
    /// <exception cref="DeltaFormatException">The file is over the size limit.</exception>
    public static byte[] ReadSuperblockBytes(string path, StaticDeltaLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        limits ??= StaticDeltaLimits.Trusted;
        string file = Directory.Exists(path) ? Path.Combine(path, "superblock") : path;
        using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        if (fs.Length > limits.MaxSuperblockSize)
            throw new DeltaFormatException($"Delta superblock of {fs.Length} bytes exceeds the limit of {limits.MaxSuperblockSize}");
        var bytes = new byte[fs.Length];
        fs.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Applies the delta at <paramref name="path"/>: a delta directory, or a superblock file whose parts sit next
    /// to it (as <c>--filename</c> writes them).
    /// </summary>
    /// <exception cref="DeltaFormatException">The delta is malformed, truncated or over the limits.</exception>
    /// <exception cref="CorruptObjectException">An object does not match its checksum.</exception>
    /// <exception cref="ObjectNotFoundException">The source commit (or a read source) is missing.</exception>
    /// <exception cref="StaticDeltaFallbackException">Fallback objects are missing.</exception>
    /// <exception cref="Signing.SignatureVerificationException">
    /// <see cref="StaticDeltaApplyOptions.Ed25519Trust"/> is set and the superblock has no signature by a trusted key.
    /// </exception>
    public StaticDeltaApplyResult Apply(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string partsDir = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var superblock = ReadSuperblock(path, _limits);
        return Apply(superblock, partsDir, cancellationToken);
    }

    /// <summary>Applies a parsed superblock whose non-inline parts are files <c>0</c>, <c>1</c>… in <paramref name="partsDirectory"/>.</summary>
    /// <exception cref="Signing.SignatureVerificationException">
    /// <see cref="StaticDeltaApplyOptions.Ed25519Trust"/> is set and the superblock has no signature by a trusted key.
    /// </exception>
    public StaticDeltaApplyResult Apply(DeltaSuperblock superblock, string? partsDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(superblock);
        if (_options.Ed25519Trust is { } trust)
            StaticDeltaVerifier.RequireEd25519(superblock, trust);
        if (superblock.From is { } from && !_repo.HasObject(from, ObjectType.Commit))
            throw new ObjectNotFoundException($"Commit {from}, which is the delta source, is not in repository");
        var missing = superblock.Fallbacks.Where(f => !_repo.HasObject(f.Object.Checksum, f.Object.Type)).ToArray();
        if (missing.Length > 0 && _options.RequireFallbacks)
            throw new StaticDeltaFallbackException(missing);

        using var tx = _repo.BeginTransaction(cancellationToken);
        int applied = 0, skipped = 0;
        long objects = 0;
        var budget = new PayloadBudget(PayloadBudgetBytes);
        string tmpDir = _repo.TmpPath;
        var limits = _limits;
        var prepared = PartPrepared;
        using (var prefetcher = new PartPrefetcher(Prepare, cancellationToken))
        {
            for (int i = 0; i < superblock.Parts.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var header = superblock.Parts[i];
                if (header.Version > 0)
                    throw new DeltaFormatException($"Delta part {i} has unsupported version {header.Version}");
                if (IsComplete(tx, header))
                {
                    skipped++;
                    continue;
                }
                using (var payload = prefetcher.Take(i))
                {
                    int next = i + 1;
                    while (next < superblock.Parts.Count && superblock.Parts[next].Version == 0 && IsComplete(tx, superblock.Parts[next]))
                        next++;
                    if (next < superblock.Parts.Count && superblock.Parts[next].Version == 0)
                        prefetcher.StartAhead(next);
                    objects += ApplyPart(tx, header, i, payload);
                }
                applied++;
            }
        }

        tx.WriteMetadata(ObjectType.Commit, superblock.Commit.RawBytes.Span, superblock.To);
        if (_options.WriteDetachedMetadata && superblock.GetDetachedCommitMetadata() is { } detached)
            tx.WriteDetachedMetadata(superblock.To, detached);
        var tc = DeltaTrace.Start();
        tx.Commit();
        DeltaTrace.Stop(tc, "apply: commit transaction");
        return new StaticDeltaApplyResult(superblock.To, applied, skipped, objects, missing);

        PartPayload Prepare(int index, CancellationToken token)
        {
            var payload = PreparePart(superblock, index, partsDirectory, tmpDir, limits, budget, token);
            try
            {
                prepared?.Invoke(index);
            }
            catch
            {
                payload.Dispose();
                throw;
            }
            return payload;
        }
    }

    /// <summary>
    /// Loads part <paramref name="index"/> of a delta (inline, or file <c>N</c> in <paramref name="partsDirectory"/>,
    /// checked against its header) and describes its payload.
    /// </summary>
    /// <param name="superblock">The delta.</param>
    /// <param name="index">The part index.</param>
    /// <param name="partsDirectory">Where non-inline parts are; null if all are inline.</param>
    /// <param name="tempDirectory">Where to spool the decompressed payload.</param>
    /// <param name="limits">Limits; <see cref="StaticDeltaLimits.Trusted"/> when null.</param>
    /// <exception cref="DeltaFormatException">The part is missing, malformed or over the limits.</exception>
    public static DeltaPartInfo InspectPart(DeltaSuperblock superblock, int index, string? partsDirectory, string tempDirectory, StaticDeltaLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(superblock);
        ArgumentNullException.ThrowIfNull(tempDirectory);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, superblock.Parts.Count);
        limits ??= StaticDeltaLimits.Trusted;
        var header = superblock.Parts[index];
        using var payload = PreparePart(superblock, index, partsDirectory, tempDirectory, limits, new PayloadBudget(InMemoryPayloadBudget), CancellationToken.None);
        var part = DeltaPartPayload.Parse(payload.Span, limits);
        return new DeltaPartInfo(part.ModeCount, part.XattrSetCount, part.Blob.Length, part.Operations.Length, part.CountOperations(header.Objects));
    }

    /// <summary>True when parts whose objects are all present are skipped and <paramref name="header"/>'s are.</summary>
    private bool IsComplete(RepoTransaction tx, DeltaPartHeader header) =>
        _options.SkipCompleteParts && header.Objects.All(o => tx.HasObject(o.Checksum, o.Type));

    private long ApplyPart(RepoTransaction tx, DeltaPartHeader header, int index, PartPayload payload)
    {
        var t = DeltaTrace.Start();
        var part = DeltaPartPayload.Parse(payload.Span, _limits);
        var executor = new PartExecutor(_repo, tx, header, index, _limits);
        try
        {
            return executor.Execute(part, payload);
        }
        finally
        {
            executor.Dispose();
            DeltaTrace.Stop(t, $"apply part {index}: execute");
        }
    }

    /// <summary>Loads, verifies and decodes part <paramref name="index"/> (inline, or file <c>N</c> in <paramref name="partsDirectory"/>).</summary>
    private static PartPayload PreparePart(DeltaSuperblock superblock, int index, string? partsDirectory, string tmpDir, StaticDeltaLimits limits, PayloadBudget budget, CancellationToken cancellationToken)
    {
        var t = DeltaTrace.Start();
        var header = superblock.Parts[index];
        PartPayload payload;
        if (superblock.TryGetInlinePart(index, out var inline))
        {
            payload = PartPayload.FromMemory(inline, header, index, limits, tmpDir, budget, cancellationToken);
        }
        else
        {
            if (partsDirectory is null)
                throw new DeltaFormatException($"Delta part {index} is not inline and no part directory was given");
            string path = Path.Combine(partsDirectory, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            payload = PartPayload.FromFile(path, header, index, limits, tmpDir, budget, cancellationToken);
        }
        DeltaTrace.Stop(t, $"apply part {index}: verify and decode {payload.Span.Length} bytes{(payload.InMemory ? " in memory" : "")}");
        return payload;
    }

    /// <summary>
    /// Prepares parts on a worker thread, at most one ahead of the part being executed, so that part i+1 is verified
    /// and decoded while part i's objects are written. An error preparing a part surfaces (with its own type) when
    /// that part is taken; disposing waits for the worker and frees what it prepared.
    /// </summary>
    private sealed class PartPrefetcher(Func<int, CancellationToken, PartPayload> prepare, CancellationToken cancellationToken) : IDisposable
    {
        private readonly CancellationTokenSource _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        private Task<PartPayload>? _ahead;
        private int _aheadIndex = -1;

        /// <summary>The prepared part <paramref name="index"/>: the one prepared ahead, or prepared now.</summary>
        public PartPayload Take(int index)
        {
            if (_ahead is { } task && _aheadIndex == index)
            {
                _ahead = null;
                return task.GetAwaiter().GetResult();
            }
            Discard();
            return prepare(index, cancellationToken);
        }

        /// <summary>Starts preparing part <paramref name="index"/> in the background (after a <see cref="Take"/>).</summary>
        public void StartAhead(int index)
        {
            Discard();
            var token = _cts.Token;
            _aheadIndex = index;
            _ahead = Task.Run(() => prepare(index, token), token);
        }

        /// <summary>Waits for the part being prepared ahead, if any, and frees it.</summary>
        private void Discard()
        {
            if (_ahead is not { } task)
                return;
            _ahead = null;
            try
            {
                task.GetAwaiter().GetResult().Dispose();
            }
            catch (Exception)
            {
                // Not taken: its error (or cancellation) no longer matters.
            }
        }

        public void Dispose()
        {
            _cts.Cancel();
            Discard();
            _cts.Dispose();
        }
    }

    /// <summary>
    /// The bytes that decoded payloads may hold in memory at once (<see cref="InMemoryPayloadBudget"/>); a part
    /// that does not fit is decoded into a spool file instead.
    /// </summary>
    private sealed class PayloadBudget(long bytes)
    {
        private long _available = bytes;

        public bool TryReserve(long size)
        {
            lock (this)
            {
                if (size > _available)
                    return false;
                _available -= size;
                return true;
            }
        }

        public void Release(long size)
        {
            lock (this)
                _available += size;
        }
    }

    /// <summary>
    /// The decompressed payload of one part: native memory (counted against a <see cref="PayloadBudget"/>), a
    /// mapping of the part file itself (uncompressed parts), a mapping of a spool file in <c>tmp/</c>, or inline
    /// superblock bytes.
    /// </summary>
    private sealed unsafe class PartPayload : IDisposable
    {
        /// <summary>Payloads up to this size are decoded into process memory (within the budget); larger ones into spool files.</summary>
        public const int InMemoryPayloadLimit = 1 << 20;

        /// <summary>How much of a spooled payload behind the operations stays mapped (released in quarters).</summary>
        public const int ResidentWindow = 1 << 20;

        /// <summary>
        /// How much of a spooled payload behind the decoder stays mapped (released in quarters); the decoder reads what
        /// lies further back from the file. Decoding runs before the part's objects are written, when little else is in
        /// memory, so its window can be larger: matches 1-4 MiB back are common. On the minbase v1->v2 deltas (medians
        /// of 5, against keeping the whole payload mapped) a 1 MiB window made decoding 30-43 % slower, this one 0-14 %;
        /// the peak still comes from execution.
        /// </summary>
        public const int DecoderWindow = 4 << 20;

        private byte* _native;
        private int _length;
        private PayloadBudget? _budget;
        private MappedFile? _map;
        private string? _spoolPath;
        private ReadOnlyMemory<byte> _managed;
        private bool _useManaged;

        /// <summary>True when the payload is decoded into a spool file (mapped, and released behind as it is used).</summary>
        public bool IsSpooled => _spoolPath is not null;

        /// <summary>True when the payload is held in (budgeted) process memory.</summary>
        public bool InMemory => _native is not null || (_budget is not null && _length == 0);

        public ReadOnlySpan<byte> Span =>
            _useManaged ? _managed.Span : _map is not null ? _map.Span : new ReadOnlySpan<byte>(_native, _length);

        /// <summary>
        /// Tells that <paramref name="region"/> (part of <see cref="Span"/>) is not needed for now: a spooled payload
        /// unmaps its pages (reading them again maps them back from the file); other payloads ignore it.
        /// </summary>
        public void Release(ReadOnlySpan<byte> region)
        {
            if (_spoolPath is not null)
                _map?.Release(region);
        }

        /// <summary>
        /// Releases <paramref name="data"/> (part of <see cref="Span"/>) up to <paramref name="window"/> bytes behind
        /// <paramref name="position"/>, once that is at least a quarter window past <paramref name="released"/>
        /// (where the last release ended); returns where this one ended. Every release starts at the front again: reads
        /// that reach back map pages again.
        /// </summary>
        public int ReleaseBehind(ReadOnlySpan<byte> data, int position, int released, int window = ResidentWindow)
        {
            int until = position - window;
            if (until - released < window / 4)
                return released;
            Release(data[..until]);
            return until;
        }

        private static long Allowed(DeltaPartHeader header, StaticDeltaLimits limits)
        {
            long max = limits.MaxPartPayloadSize;
            if (limits.BoundPayloadByDeclaredSize)
            {
                UInt128 bound = (UInt128)header.UncompressedSize * 2 + (UInt128)(ulong)header.Objects.Count * 64 + 1024 * 1024;
                if (bound < (UInt128)(ulong)max)
                    max = (long)(ulong)bound;
            }
            return Math.Min(max, int.MaxValue);
        }

        public static PartPayload FromMemory(ReadOnlyMemory<byte> partFile, DeltaPartHeader header, int index, StaticDeltaLimits limits, string tmpDir, PayloadBudget budget, CancellationToken cancellationToken)
        {
            var span = partFile.Span;
            if (span.IsEmpty)
                throw new DeltaFormatException($"Delta part {index} is empty");
            long allowed = Allowed(header, limits);
            switch ((DeltaPartCompression)span[0])
            {
                case DeltaPartCompression.None:
                    if (span.Length - 1 > allowed)
                        throw new DeltaFormatException($"Delta part {index} payload of {span.Length - 1} bytes exceeds the allowed {allowed}");
                    return new PartPayload { _managed = partFile[1..], _useManaged = true };
                case DeltaPartCompression.Xz:
                    var payload = new PartPayload();
                    try
                    {
                        using var ms = new MemoryStream(partFile[1..].ToArray(), writable: false);
                        payload.Decode(ms, 0, index, allowed, tmpDir, budget, cancellationToken);
                        return payload;
                    }
                    catch
                    {
                        payload.Dispose();
                        throw;
                    }
                default:
                    throw new DeltaFormatException($"Invalid compression type '{(char)span[0]}' (0x{span[0]:x2}) in delta part {index}");
            }
        }

        /// <summary>
        /// Reads a part file once: its bytes are hashed as the decoder consumes them, and the checksum is checked
        /// before the payload is returned (also when decoding failed, so a corrupt file is reported as such).
        /// </summary>
        public static PartPayload FromFile(string path, DeltaPartHeader header, int index, StaticDeltaLimits limits, string tmpDir, PayloadBudget budget, CancellationToken cancellationToken)
        {
            FileStream fs;
            try
            {
                fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            }
            catch (FileNotFoundException ex)
            {
                throw new DeltaFormatException($"Delta part {index} is missing ({path})", ex);
            }
            var payload = new PartPayload();
            try
            {
                using (fs)
                using (var hashing = new PartFileHashingStream(fs))
                {
                    if ((ulong)fs.Length != header.CompressedSize)
                        throw new DeltaFormatException($"Delta part {index} is {fs.Length} bytes, the superblock says {header.CompressedSize}");
                    long allowed = Allowed(header, limits);
                    try
                    {
                        int kind = hashing.ReadByte();
                        switch (kind)
                        {
                            case < 0:
                                throw new DeltaFormatException($"Delta part {index} is empty");
                            case (int)DeltaPartCompression.None:
                                if (fs.Length - 1 > allowed)
                                    throw new DeltaFormatException($"Delta part {index} payload of {fs.Length - 1} bytes exceeds the allowed {allowed}");
                                hashing.Verify(header, index);
                                payload._map = MappedFile.Open(path, 1, fs.Length - 1);
                                break;
                            case (int)DeltaPartCompression.Xz:
                                payload.Decode(hashing, 1, index, allowed, tmpDir, budget, cancellationToken);
                                hashing.Verify(header, index);
                                break;
                            default:
                                throw new DeltaFormatException($"Invalid compression type '{(char)kind}' (0x{kind:x2}) in delta part {index}");
                        }
                    }
                    catch (DeltaFormatException)
                    {
                        hashing.Verify(header, index); // a corrupt file is reported as such, whatever decoding made of it
                        throw;
                    }
                }
                return payload;
            }
            catch
            {
                payload.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Decodes the xz data that <paramref name="compressed"/> holds from <paramref name="start"/> (its current
        /// position). The output size comes from the xz indexes, is checked against <paramref name="allowed"/> before
        /// anything is allocated, and the decoder verifies that the data decodes to exactly that size: into memory
        /// when the budget has room, else into a spool file mapped for writing. Data whose indexes cannot be read is
        /// streamed into a spool file, measured as it is produced.
        /// </summary>
        private void Decode(Stream compressed, long start, int index, long allowed, string tmpDir, PayloadBudget budget, CancellationToken cancellationToken)
        {
            Stream seekable = compressed is PartFileHashingStream h ? h.Inner : compressed;
            bool sized = XzIndexReader.TryReadUncompressedSize(seekable, start, out long size);
            seekable.Position = start;
            try
            {
                if (!sized)
                {
                    DecodeStreaming(compressed, index, allowed, tmpDir);
                    return;
                }
                if (size > allowed)
                    throw new DeltaFormatException($"Delta part {index} decompresses to more than the allowed {allowed} bytes");
                var options = new XzDecoderOptions { MemoryLimit = XzMemoryLimit };
                if (size <= InMemoryPayloadLimit && budget.TryReserve(size))
                {
                    _budget = budget;
                    _length = (int)size;
                    _native = (byte*)NativeMemory.Alloc((nuint)Math.Max(1, size));
                    XzDecoderStream.DecodeAll(compressed, _native, _length, options, cancellationToken);
                }
                else
                {
                    _spoolPath = Path.Combine(tmpDir, ".delta-part-" + Guid.NewGuid().ToString("N"));
                    var map = _map = MappedFile.CreateWritable(_spoolPath, size);

                    // The decoder reads back up to a dictionary: keep only the last stretch mapped, and let it read
                    // what lies further back from the file (pread), which maps nothing. (Through the mapping, each such
                    // read mapped at least 64 KiB again: 13-20 MB on libostree's v1->v2 delta.)
                    int released = 0;
                    XzDecoderStream.DecodeAll(compressed, map.WritablePointer, (int)size, options, cancellationToken,
                        decoded => released = ReleaseBehind(map.Span, decoded, released, DecoderWindow), map.FileHandle, DecoderWindow);

                    // The operations start from the front again: nothing needs to stay mapped until then.
                    map.Release(map.Span);
                }
            }
            catch (XzFormatException ex)
            {
                throw new DeltaFormatException($"Delta part {index}: invalid xz data: {ex.Message}", ex);
            }
        }

        private void DecodeStreaming(Stream compressed, int index, long allowed, string tmpDir)
        {
            _spoolPath = Path.Combine(tmpDir, ".delta-part-" + Guid.NewGuid().ToString("N"));
            long total = 0;
            using (var output = new FileStream(_spoolPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            using (var xz = new XzDecoderStream(compressed, new XzDecoderOptions { MemoryLimit = XzMemoryLimit }, leaveOpen: true))
            {
                byte[] buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
                try
                {
                    int n;
                    while ((n = xz.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        total += n;
                        if (total > allowed)
                            throw new DeltaFormatException($"Delta part {index} decompresses to more than the allowed {allowed} bytes");
                        output.Write(buffer, 0, n);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            _map = MappedFile.Open(_spoolPath, 0, total);
        }

        public void Dispose()
        {
            if (_native is not null)
            {
                NativeMemory.Free(_native);
                _native = null;
            }
            if (_budget is not null)
            {
                _budget.Release(_length);
                _budget = null;
            }
            _map?.Dispose();
            _map = null;
            if (_spoolPath is not null)
            {
                File.Delete(_spoolPath);
                _spoolPath = null;
            }
        }
    }

    /// <summary>Hashes a part file as it is read (once), for the checksum the superblock records.</summary>
    private sealed class PartFileHashingStream(FileStream inner) : ForwardReadStream
    {
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public FileStream Inner => inner;

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            _sha.AppendData(buffer[..n]);
            return n;
        }

        /// <summary>Hashes whatever was not read yet and checks the digest against the part header.</summary>
        public void Verify(DeltaPartHeader header, int index)
        {
            // Usually only the xz footer is left (more when decoding stopped at an error): a small buffer does.
            Span<byte> buffer = stackalloc byte[16 * 1024];
            while (Read(buffer) > 0)
            {
            }
            Span<byte> digest = stackalloc byte[Checksum.ByteLength];
            _sha.GetHashAndReset(digest);
            if (Checksum.FromBytes(digest) != header.Checksum)
                throw new DeltaFormatException($"Checksum mismatch in delta part {index}: expected {header.Checksum}, got {Checksum.FromBytes(digest)}");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _sha.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Executes one part's bytecode.</summary>
    private sealed class PartExecutor : IDisposable
    {
        private readonly OstreeRepo _repo;
        private readonly RepoTransaction _tx;
        private readonly DeltaPartHeader _header;
        private readonly int _index;
        private readonly StaticDeltaLimits _limits;
        private XattrSet?[] _xattrCache = [];

        private int _object;
        private int _blobEnd;      // the furthest blob byte the operations have read
        private int _blobReleased; // blob bytes before this are released (see PartPayload.Release)
        private Checksum? _sourceChecksum;
        private MappedFile? _source;
        private string? _sourceSpool;

        // The open object (between 'o' and 'c').
        private bool _open;
        private FileHeader? _openHeader;
        private ulong _openSize;
        private ulong _written;
        private ObjectSink? _sink;

        public PartExecutor(OstreeRepo repo, RepoTransaction tx, DeltaPartHeader header, int index, StaticDeltaLimits limits)
        {
            _repo = repo;
            _tx = tx;
            _header = header;
            _index = index;
            _limits = limits;
        }

        private DeltaFormatException Error(string message) => new($"Delta part {_index}: {message}");

        public long Execute(DeltaPartPayload part, PartPayload payload)
        {
            _xattrCache = new XattrSet?[part.XattrSetCount];
            var ops = part.Operations;
            var blob = part.Blob;
            int pos = 0;
            while (pos < ops.Length)
            {
                // Operations read the blob front to back (in every delta seen): keep only the last stretch mapped.
                _blobReleased = payload.ReleaseBehind(blob, _blobEnd, _blobReleased);

                var op = (DeltaOpcode)ops[pos++];
                switch (op)
                {
                    case DeltaOpcode.OpenSpliceAndClose:
                        OpenSpliceAndClose(part, ops, ref pos, blob, payload);
                        break;
                    case DeltaOpcode.Open:
                    {
                        if (_open)
                            throw Error("'o' while an object is open");
                        ulong mode = Arg(ops, ref pos), xattrs = Arg(ops, ref pos), size = Arg(ops, ref pos);
                        var name = NextObject(ObjectType.File);
                        var fh = MakeHeader(part, mode, xattrs, "");
                        if (!fh.IsRegularFile)
                            throw Error("'o' opens a symlink");
                        if (size > (ulong)_limits.MaxContentObjectSize)
                            throw Error($"object size {size} exceeds the limit of {_limits.MaxContentObjectSize}");
                        _open = true;
                        _openHeader = fh;
                        _openSize = size;
                        _written = 0;
                        _sink = new ObjectSink(_repo.TmpPath, size, name);
                        break;
                    }
                    case DeltaOpcode.Write:
                    {
                        ulong len = Arg(ops, ref pos), offset = Arg(ops, ref pos);
                        RequireOpen('w');
                        if (_source is not null)
                        {
                            Append(Slice(_source.Span, offset, len, "read source"));
                            break;
                        }
                        var data = BlobSlice(blob, offset, len);
                        for (int done = 0; done < data.Length;)
                        {
                            // A long write releases the blob behind it as it goes (a spooled payload keeps its window).
                            int n = Math.Min(data.Length - done, PartPayload.ResidentWindow);
                            Append(data.Slice(done, n));
                            done += n;
                            _blobReleased = payload.ReleaseBehind(blob, (int)offset + done, _blobReleased);
                        }
                        break;
                    }
                    case DeltaOpcode.SetReadSource:
                    {
                        ulong offset = Arg(ops, ref pos);
                        var csum = Checksum.FromBytes(BlobSlice(blob, offset, Checksum.ByteLength));
                        SetSource(csum);
                        break;
                    }
                    case DeltaOpcode.UnsetReadSource:
                        UnsetSource();
                        break;
                    case DeltaOpcode.Close:
                        RequireOpen('c');
                        Close();
                        break;
                    case DeltaOpcode.Bspatch:
                    {
                        ulong offset = Arg(ops, ref pos), len = Arg(ops, ref pos);
                        RequireOpen('B');
                        if (_source is null)
                            throw Error("'B' without a read source");
                        var patch = BlobSlice(blob, offset, len);
                        ulong remaining = _openSize - _written;
                        try
                        {
                            BsPatch.Apply(_source.Span, patch, (long)remaining, _sink!);
                        }
                        catch (BsdiffFormatException ex)
                        {
                            throw new DeltaFormatException($"Delta part {_index}: invalid bsdiff patch: {ex.Message}", ex);
                        }
                        _written = _openSize;
                        break;
                    }
                    default:
                        throw Error($"unknown opcode 0x{(byte)op:x2} at offset {pos - 1}");
                }
            }
            if (_open)
                throw Error("operations end with an object still open");
            if (_object != _header.Objects.Count)
                throw Error($"operations produced {_object} objects, the header lists {_header.Objects.Count}");
            return _object;
        }

        private void OpenSpliceAndClose(DeltaPartPayload part, ReadOnlySpan<byte> ops, ref int pos, ReadOnlySpan<byte> blob, PartPayload payload)
        {
            if (_open)
                throw Error("'S' while an object is open");
            if (_object >= _header.Objects.Count)
                throw Error("more objects in the operations than in the header");
            var name = _header.Objects[_object];
            if (name.Type.IsMetadata())
            {
                ulong len = Arg(ops, ref pos), offset = Arg(ops, ref pos);
                _object++;
                if (len > (ulong)_limits.MaxMetadataSize)
                    throw Error($"metadata object of {len} bytes exceeds the limit of {_limits.MaxMetadataSize}");
                var bytes = BlobSlice(blob, offset, len);
                WriteMetadata(name, bytes);
                return;
            }
            if (name.Type != ObjectType.File)
                throw Error($"unsupported object type {name.Type}");
            ulong mode = Arg(ops, ref pos), xattrs = Arg(ops, ref pos), clen = Arg(ops, ref pos), coff = Arg(ops, ref pos);
            _object++;
            var content = BlobSlice(blob, coff, clen);
            FileHeader header;
            if (UnixMode.IsSymlink(part.GetMode(mode).Mode))
            {
                string target;
                try
                {
                    target = new UTF8Encoding(false, true).GetString(content);
                }
                catch (DecoderFallbackException ex)
                {
                    throw new DeltaFormatException($"Delta part {_index}: symlink target is not UTF-8", ex);
                }
                header = MakeHeader(part, mode, xattrs, target);
                content = default;
            }
            else
            {
                header = MakeHeader(part, mode, xattrs, "");
            }
            if (_tx.HasObject(name.Checksum, ObjectType.File))
                return;
            if (content.Length > PartPayload.ResidentWindow && payload.IsSpooled)
            {
                // Streamed, so that a large object in a spooled payload is released behind as it is written.
                int start = (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(payload.Span), ref MemoryMarshal.GetReference(content));
                using var stream = new PayloadRegionStream(payload, start, content.Length);
                _tx.WriteContent(header, stream, (ulong)content.Length, name.Checksum);
            }
            else
            {
                _tx.WriteContent(header, content, name.Checksum);
            }
        }

        private void WriteMetadata(ObjectName name, ReadOnlySpan<byte> bytes)
        {
            try
            {
                switch (name.Type)
                {
                    case ObjectType.DirTree:
                        DirTreeObject.Parse(bytes, _repo.Limits.MaxDirTreeEntries);
                        break;
                    case ObjectType.DirMeta:
                        DirMetaObject.Parse(bytes);
                        break;
                    case ObjectType.Commit:
                        CommitObject.Parse(bytes);
                        break;
                    default:
                        throw Error($"unsupported metadata type {name.Type}");
                }
            }
            catch (OstreeDataException ex) when (ex is not DeltaFormatException)
            {
                throw new CorruptObjectException(name, ex.Message, ex);
            }
            if (_tx.HasObject(name.Checksum, name.Type))
            {
                if (Checksum.Compute(bytes) != name.Checksum)
                    throw new CorruptObjectException(name, $"bytes hash to {Checksum.Compute(bytes)}");
                return;
            }
            _tx.WriteMetadata(name.Type, bytes, name.Checksum);
        }

        private FileHeader MakeHeader(DeltaPartPayload part, ulong modeIndex, ulong xattrIndex, string target)
        {
            var (uid, gid, mode) = part.GetMode(modeIndex);
            if (xattrIndex >= (ulong)_xattrCache.Length)
                throw Error($"xattr index {xattrIndex} out of range (table has {_xattrCache.Length})");
            var xattrs = _xattrCache[xattrIndex] ??= part.GetXattrs(xattrIndex);
            try
            {
                return new FileHeader(uid, gid, mode, target, xattrs);
            }
            catch (ArgumentException ex)
            {
                throw new DeltaFormatException($"Delta part {_index}: invalid file metadata: {ex.Message}", ex);
            }
        }

        private ObjectName NextObject(ObjectType expected)
        {
            if (_object >= _header.Objects.Count)
                throw Error("more objects in the operations than in the header");
            var name = _header.Objects[_object];
            if (name.Type != expected)
                throw Error($"object {_object} is a {name.Type}, the operations produce a {expected}");
            return name;
        }

        private void RequireOpen(char op)
        {
            if (!_open)
                throw Error($"'{op}' without an open object");
        }

        private void Append(ReadOnlySpan<byte> data)
        {
            if ((ulong)data.Length > _openSize - _written)
                throw Error($"writes exceed the declared object size {_openSize}");
            _sink!.Write(data);
            _written += (ulong)data.Length;
        }

        private void Close()
        {
            var name = _header.Objects[_object];
            if (_written != _openSize)
                throw Error($"object {name.Checksum} closed after {_written} of {_openSize} bytes");
            using (var sink = _sink!)
            {
                _sink = null;
                if (!_tx.HasObject(name.Checksum, ObjectType.File))
                    sink.WriteTo(_tx, _openHeader!, name.Checksum);
                else
                    sink.Verify(_openHeader!, name.Checksum);
            }
            _open = false;
            _openHeader = null;
            _object++;
            UnsetSource();
        }

        private void SetSource(Checksum checksum)
        {
            if (_sourceChecksum == checksum)
                return;
            UnsetSource();
            using var content = _repo.ReadContent(checksum);
            if (content.Content is null)
                throw Error($"read source {checksum} is not a regular file");
            if (content.LoosePath is not null)
            {
                _source = MappedFile.Open(content.LoosePath, 0, (long)content.Size);
            }
            else
            {
                _sourceSpool = Path.Combine(_repo.TmpPath, ".delta-source-" + Guid.NewGuid().ToString("N"));
                using (var fs = new FileStream(_sourceSpool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
                    content.Content.CopyTo(fs, 256 * 1024);
                _source = MappedFile.Open(_sourceSpool, 0, (long)content.Size);
            }
            _sourceChecksum = checksum;
        }

        private void UnsetSource()
        {
            _source?.Dispose();
            _source = null;
            _sourceChecksum = null;
            if (_sourceSpool is not null)
            {
                File.Delete(_sourceSpool);
                _sourceSpool = null;
            }
        }

        /// <summary>A range of the part's blob; remembers how far into the blob the operations have read.</summary>
        private ReadOnlySpan<byte> BlobSlice(ReadOnlySpan<byte> blob, ulong offset, ulong length)
        {
            var data = Slice(blob, offset, length, "blob");
            _blobEnd = Math.Max(_blobEnd, (int)offset + (int)length);
            return data;
        }

        private ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> data, ulong offset, ulong length, string what)
        {
            if (offset > (ulong)data.Length || length > (ulong)data.Length - offset)
                throw Error($"range [{offset}, +{length}) is outside the {what} ({data.Length} bytes)");
            return data.Slice((int)offset, (int)length);
        }

        private static ulong Arg(ReadOnlySpan<byte> ops, ref int pos)
        {
            pos += DeltaOperationReader.ReadVarint(ops[pos..], out ulong value);
            return value;
        }

        public void Dispose()
        {
            _sink?.Dispose();
            UnsetSource();
        }
    }

    /// <summary>
    /// Reads <c>[start, start + length)</c> of a spooled payload front to back, releasing what lies more than
    /// <see cref="PartPayload.ResidentWindow"/> behind.
    /// </summary>
    private sealed class PayloadRegionStream(PartPayload payload, int start, int length) : ForwardReadStream
    {
        private readonly int _end = start + length;
        private int _position = start;
        private int _released;

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(buffer.Length, _end - _position);
            if (n <= 0)
                return 0;
            var span = payload.Span;
            span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            _released = payload.ReleaseBehind(span, _position, _released);
            return n;
        }
    }

    /// <summary>Collects the bytes of an object opened with <c>o</c>: in memory when small, else in a temp file.</summary>
    private sealed class ObjectSink : Stream
    {
        private readonly ulong _size;
        private readonly ObjectName _name;
        private readonly byte[]? _buffer;
        private readonly string? _path;
        private readonly FileStream? _file;
        private ulong _position;
        private bool _disposed;

        public ObjectSink(string tmpDir, ulong size, ObjectName name)
        {
            _size = size;
            _name = name;
            if (size <= InMemoryObjectLimit)
            {
                _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, size));
            }
            else
            {
                _path = Path.Combine(tmpDir, ".delta-object-" + Guid.NewGuid().ToString("N"));
                _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 16 * 1024);
            }
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => (long)_position;
        public override long Position { get => (long)_position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if ((ulong)buffer.Length > _size - _position)
                throw new DeltaFormatException($"Delta output for {_name.Checksum} exceeds its declared size {_size}");
            if (_buffer is not null)
                buffer.CopyTo(_buffer.AsSpan((int)_position));
            else
                _file!.Write(buffer);
            _position += (ulong)buffer.Length;
        }

        public void WriteTo(RepoTransaction tx, FileHeader header, Checksum expected)
        {
            if (_buffer is not null)
            {
                tx.WriteContent(header, _buffer.AsSpan(0, (int)_size), expected);
                return;
            }
            _file!.Flush();
            _file.Position = 0;
            tx.WriteContent(header, _file, _size, expected);
        }

        public void Verify(FileHeader header, Checksum expected)
        {
            Checksum actual;
            if (_buffer is not null)
            {
                actual = ContentHasher.Compute(header, _buffer.AsSpan(0, (int)_size));
            }
            else
            {
                _file!.Flush();
                _file.Position = 0;
                actual = ContentHasher.Compute(header, _file);
            }
            if (actual != expected)
                throw new CorruptObjectException(new ObjectName(expected, ObjectType.File), $"content hashes to {actual}");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                if (_buffer is not null)
                    ArrayPool<byte>.Shared.Return(_buffer);
                if (_file is not null)
                {
                    _file.Dispose();
                    File.Delete(_path!);
                }
            }
            base.Dispose(disposing);
        }
    }
}
