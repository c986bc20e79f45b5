using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace OstreeSharp.Compression;

/// <summary>
/// The sliding window and match finder of the LZMA encoder. Two structures over the same 2/3/4-byte hash heads: a hash
/// chain (HC4, fast presets) or a binary tree (BT4, normal presets) keyed by the 4-byte hash, both indexed by a cyclic
/// position of <c>dictionary size + 1</c> slots. The window keeps at least the dictionary behind the current position
/// and grows lazily, so a short input never allocates the full dictionary.
/// </summary>
/// <remarks>
/// Positions are global integers that start above the dictionary size, so the zero that fills a fresh table is always
/// "too far" and needs no separate empty check; they are renormalised long before they could overflow.
/// </remarks>
internal sealed class LzmaMatchFinder
{
    /// <summary>The longest match LZMA can code.</summary>
    public const int MaxMatchLength = 273;

    private const int Hash2Size = 1 << 16;
    private const int Hash3Size = 1 << 16;
    private const int InitialWindow = 64 * 1024;

    /// <summary>
    /// The 4-byte hash has at most 2^24 heads (64 MiB), as xz gives a 32 MiB dictionary. Capping it at 2^22 (16 MiB) was
    /// measured on a 30.6 MB delta part coded in two segments: the same bytes and 70 MB less peak memory, but about
    /// 4 % more CPU time (more positions share a tree, so searches take more steps, while the heads' cache misses are
    /// hidden by prefetching); speed won.
    /// </summary>
    private const int MaxHash4Bits = 24;

    private readonly int _dictSize;
    private readonly int _treeReach; // the farthest distance the tree or chain finds (at most _dictSize)
    private readonly int _cyclicSize;
    private readonly int _hash4Bits;
    private readonly int _nice;
    private readonly int _depth;
    private readonly bool _binaryTree;
    private readonly int _windowLimit;

    private readonly LzmaMatchFinderStorage _storage;
    private int[] _hash2 = [];
    private int[] _hash3 = [];
    private int[] _hash4 = [];
    private bool _hashReady;
    private int[] _son = [];
    private int _sonLength; // the part of _son in use (the array may be larger when reused)
    private int _cyclicPos;

    private byte[] _buf = [];
    private int _bufLength; // the window size in use (the array may be larger when reused)
    private bool _external; // _buf is the caller's array holding the whole stream (see UseWindow)
    private int _bufStart; // global position of _buf[0]
    private int _pos;      // global position of the next byte to insert
    private int _end;      // global position one past the last byte written
    private int _normalizeLimit;

    private LzmaFarMatches _far = LzmaFarMatches.Empty;
    private int _farIndex;
    private int _origin; // global position of the first byte written after Reset (stream offset 0)
    private byte[] _raw = []; // per LzmaRawBlocks block from _origin: 1 = neither searched nor inserted

    /// <summary>Creates a match finder with arrays of its own.</summary>
    public LzmaMatchFinder(int dictSize, int nice, int depth, bool binaryTree)
        : this(dictSize, nice, depth, binaryTree, new LzmaMatchFinderStorage(), 0)
    {
    }

    /// <summary>
    /// Creates a match finder that works in the arrays of <paramref name="storage"/> (growing them as needed and
    /// leaving the grown arrays there); only one match finder may use a storage at a time. The output does not depend
    /// on what the arrays held before: the parts in use are cleared. A <paramref name="treeReach"/> below the
    /// dictionary (0 = the dictionary) limits the tree or chain, and so its memory, to that many recent positions; the
    /// window still keeps the whole dictionary, for the far matches of <see cref="SetFarMatches"/> and the repeated
    /// distances they leave behind.
    /// </summary>
    public LzmaMatchFinder(int dictSize, int nice, int depth, bool binaryTree, LzmaMatchFinderStorage storage, int treeReach)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _buf = storage.Window;
        _son = storage.Tree;
        _dictSize = dictSize;
        _treeReach = treeReach > 0 ? Math.Min(treeReach, dictSize) : dictSize;
        _cyclicSize = _treeReach + 1;
        _nice = Math.Clamp(nice, 8, MaxMatchLength);
        _depth = depth > 0 ? depth : binaryTree ? 16 + (_nice / 2) : 4 + (_nice / 4);
        _binaryTree = binaryTree;
        // About one head per two positions of the tree's reach, as xz; a tree limited below the dictionary (far
        // matches cover the rest, see LzmaFarMatches) gets one per four, to save memory: on a from-scratch Debian
        // minbase delta 8 MB less peak memory for 0.01 % larger parts; on the v1 -> v2 delta the whole generation took
        // about 13 % more user CPU time (10.4 -> 11.9 s).
        int headsFor = _treeReach < dictSize ? _treeReach / 2 : _treeReach;
        int bits = 16;
        while (bits < MaxHash4Bits && (1L << (bits + 1)) < headsFor)
        {
            bits++;
        }

        _hash4Bits = bits;

        // History (the dictionary, or a whole 2 MiB LZMA2 chunk for the uncompressed fallback) plus lookahead room.
        long limit = (long)Math.Max(dictSize, 1 << 21) + 64 + Math.Max(1 << 20, dictSize / 4);
        _windowLimit = (int)Math.Min(limit, Array.MaxLength);

        // One write adds at most a window, so rebasing below this limit keeps every position below int.MaxValue.
        _normalizeLimit = int.MaxValue - _windowLimit - 1024;
        Reset();
    }

    /// <summary>The buffer holding the window; index a global position with <see cref="BufferStart"/>.</summary>
    public byte[] Buffer => _buf;

    /// <summary>The global position of <c>Buffer[0]</c>.</summary>
    public int BufferStart => _bufStart;

    /// <summary>The global position of the next byte the match finder will look at.</summary>
    public int Position => _pos;

    /// <summary>The global position one past the last byte written.</summary>
    public int End => _end;

    /// <summary>Bytes written but not yet passed by the match finder.</summary>
    public int Lookahead => _end - _pos;

    /// <summary>The global position past which <see cref="NormalizeIfNeeded"/> rebases (lowered by tests).</summary>
    public int NormalizeLimit
    {
        get => _normalizeLimit;
        set => _normalizeLimit = value;
    }

    /// <summary>How far back the tree or chain finds matches (the dictionary unless limited).</summary>
    public int TreeReach => _treeReach;

    /// <summary>Moves past the next <paramref name="n"/> positions without inserting them (they cannot be found later).</summary>
    public void Pass(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, _end - _pos);
        _pos += n;
        _cyclicPos = (int)((_cyclicPos + (long)n) % _cyclicSize);
    }

    /// <summary>The nice length: matches this long end the search.</summary>
    public int NiceLength => _nice;

    /// <summary>
    /// Allocates the window and tree for an input of <paramref name="totalBytes"/> bytes at once, instead of growing
    /// them by doubling (which briefly holds the old and the new array and leaves the old ones to the garbage
    /// collector). Never allocates more than the dictionary needs.
    /// </summary>
    public void Reserve(long totalBytes)
    {
        long window = Math.Min(_windowLimit, totalBytes + 64);
        if (!_external && window > _bufLength)
        {
            ResizeWindow((int)window);
        }

        long positions = Math.Min(_cyclicSize, totalBytes + 1);
        long son = Math.Min(_binaryTree ? 2 * (long)_cyclicSize : _cyclicSize, (_binaryTree ? 2 : 1) * positions);
        if (son > _sonLength)
        {
            ResizeSon((int)son);
        }
    }

    /// <summary>Sets the window size in use, keeping the bytes written so far.</summary>
    private void ResizeWindow(int size)
    {
        if (size > _buf.Length)
        {
            // Keep only the bytes in use: a reused array may hold more, and a fresh window needs no copy at all.
            byte[] grown = LzmaLargeArrays.Allocate<byte>(WithHeadroom(size), zeroed: false);
            _buf.AsSpan(0, _end - _bufStart).CopyTo(grown);
            _buf = grown;
            _storage.Window = grown;
        }

        _bufLength = size;
    }

    /// <summary>
    /// The length to allocate for <paramref name="size"/> elements: an eighth more, so that a reused storage serves a
    /// slightly larger input too (delta parts differ by a few percent) instead of being replaced. The pages beyond
    /// what is used are never touched (the arrays are allocated uninitialised), so the headroom costs address space,
    /// not memory.
    /// </summary>
    private static int WithHeadroom(int size) => (int)Math.Min(Array.MaxLength, size + ((long)size / 8));

    /// <summary>Sets the tree (or chain) size in use; entries beyond the old size read as empty, as in a new array.</summary>
    private void ResizeSon(int size)
    {
        if (size > _son.Length)
        {
            int[] grown = LzmaLargeArrays.Allocate<int>(WithHeadroom(size), zeroed: false);
            _son.AsSpan(0, _sonLength).CopyTo(grown);
            _son = grown;
            _storage.Tree = grown;
        }

        _son.AsSpan(_sonLength, size - _sonLength).Clear();
        _sonLength = size;
    }

    /// <summary>Forgets all history (a new block).</summary>
    public void Reset()
    {
        if (_hashReady)
        {
            ClearHashes();
        }


        if (_external)
        {
            _external = false;
            _buf = _storage.Window;
            _bufLength = 0;
        }

        _bufStart = _dictSize + 1;
        _pos = _bufStart;
        _end = _bufStart;
        _origin = _bufStart;
        _cyclicPos = 0;
        _far = LzmaFarMatches.Empty;
        _farIndex = 0;
    }

    /// <summary>
    /// Makes <c>array[offset..(offset + length)]</c> the window instead of a copy (call right after
    /// <see cref="Reset"/>): the whole stream, history included, must be there, and every <see cref="Write"/> must then
    /// pass the next bytes of exactly that memory. The caller must not change the bytes while the match finder lives.
    /// Returns false, changing nothing, when the stream is too long for positions to need no rebasing.
    /// </summary>
    public bool UseWindow(byte[] array, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, array.Length - offset);
        if (_end != _origin || (long)_end + length + 1024 > _normalizeLimit)
        {
            return false;
        }

        _external = true;
        _buf = array;
        _bufStart = _end - offset;
        _bufLength = offset + length;
        return true;
    }

    /// <summary>
    /// Adds <paramref name="matches"/> (stream offsets from the first byte written after <see cref="Reset"/>) to what
    /// <see cref="FindMatches"/> reports, where they are longer than what the tree finds. Call after <see cref="Reset"/>;
    /// their distances must be within the dictionary and their sources within the bytes written.
    /// </summary>
    public void SetFarMatches(LzmaFarMatches matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        _far = matches;
        _farIndex = 0;
    }

    /// <summary>
    /// Marks blocks (<see cref="LzmaRawBlocks"/>, stream offsets as for <see cref="SetFarMatches"/>) whose positions
    /// are neither searched nor inserted: there only the far matches and the repeated distances are found.
    /// </summary>
    public void SetRawBlocks(byte[] flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        _raw = flags;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsRaw(int pos)
    {
        uint block = (uint)(pos - _origin) >> LzmaRawBlocks.BlockShift;
        byte[] raw = _raw;
        return block < (uint)raw.Length && raw[block] != 0;
    }

    /// <summary>
    /// Appends input to the window, sliding out history older than <paramref name="keepFrom"/> (a global position the
    /// caller still needs) when full. Returns the bytes taken (possibly fewer than offered).
    /// </summary>
    public int Write(ReadOnlySpan<byte> data, int keepFrom)
    {
        if (!_hashReady)
        {
            TakeHashes();
        }

        int used = _end - _bufStart;
        if (_external)
        {
            // The bytes are already in place: only check that they are the ones expected next.
            int take = Math.Min(data.Length, _bufLength - used);
            if (take > 0 && !Unsafe.AreSame(ref MemoryMarshal.GetReference(data), ref _buf[used]))
            {
                throw new InvalidOperationException("The match finder's window is the caller's array: write its next bytes in place.");
            }

            _end += take;
            return take;
        }

        if (used == _bufLength)
        {
            if (_bufLength < _windowLimit)
            {
                ResizeWindow((int)Math.Min(_windowLimit, Math.Max(InitialWindow, (long)_bufLength * 2)));
            }
            else
            {
                int keep = Math.Min(keepFrom, _pos - _dictSize - 2);
                int drop = keep - _bufStart;
                if (drop > 0)
                {
                    _buf.AsSpan(drop, used - drop).CopyTo(_buf);
                    _bufStart += drop;
                    used -= drop;
                }
            }
        }

        int n = Math.Min(data.Length, _bufLength - used);
        data[..n].CopyTo(_buf.AsSpan(used));
        _end += n;
        return n;
    }

    /// <summary>
    /// Rebases all positions downwards once they pass <see cref="NormalizeLimit"/>, so they never overflow. Returns
    /// the amount subtracted, which the caller subtracts from the global positions it holds.
    /// </summary>
    public int NormalizeIfNeeded()
    {
        int sub = _bufStart - (_dictSize + 1);
        if (_end <= _normalizeLimit || sub <= 0)
        {
            return 0;
        }

        Sub(_hash2, sub);
        Sub(_hash3, sub);
        Sub(_hash4.AsSpan(0, 1 << _hash4Bits), sub);
        Sub(_son.AsSpan(0, _sonLength), sub);
        _bufStart -= sub;
        _pos -= sub;
        _end -= sub;
        _origin -= sub;
        return sub;

        static void Sub(Span<int> table, int sub)
        {
            for (int i = 0; i < table.Length; i++)
            {
                int v = table[i];
                table[i] = v > sub ? v - sub : 0;
            }
        }
    }

    /// <summary>Takes the hash tables from the storage (allocating them the first time) and clears the part in use.</summary>
    private void TakeHashes()
    {
        int size4 = 1 << _hash4Bits;
        if (_storage.Hash2.Length < Hash2Size)
        {
            _storage.Hash2 = new int[Hash2Size];
            _storage.Hash3 = new int[Hash3Size];
        }
        else
        {
            Array.Clear(_storage.Hash2);
            Array.Clear(_storage.Hash3);
        }

        if (_storage.Hash4.Length < size4)
        {
            _storage.Hash4 = LzmaLargeArrays.Allocate<int>(size4, zeroed: true);
        }
        else
        {
            _storage.Hash4.AsSpan(0, size4).Clear();
        }

        _hash2 = _storage.Hash2;
        _hash3 = _storage.Hash3;
        _hash4 = _storage.Hash4;
        _hashReady = true;
    }

    private void ClearHashes()
    {
        Array.Clear(_hash2);
        Array.Clear(_hash3);
        _hash4.AsSpan(0, 1 << _hash4Bits).Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureSon(int needed)
    {
        if (needed > _sonLength)
        {
            GrowSon(needed);
        }
    }

    private void GrowSon(int needed)
    {
        int full = _binaryTree ? 2 * _cyclicSize : _cyclicSize;
        long size = Math.Max(needed, Math.Max(InitialWindow, (long)_sonLength * 2));
        ResizeSon((int)Math.Min(size, full));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Advance()
    {
        _pos++;
        if (++_cyclicPos == _cyclicSize)
        {
            _cyclicPos = 0;
        }
    }

    /// <summary>
    /// Finds matches at the current position and advances by one. Writes (length, distance - 1) pairs with strictly
    /// increasing lengths into <paramref name="pairs"/> and returns the pair count.
    /// </summary>
    public int FindMatches(Span<int> pairs)
    {
        int avail = _end - _pos;
        if (avail < 4)
        {
            Advance();
            return 0;
        }

        int maxLen = Math.Min(_nice, avail);
        byte[] buf = _buf;
        int cur = _pos;
        int count = 0;
        if (IsRaw(cur))
        {
            if (_farIndex < _far.Count)
            {
                AddFarMatch(cur, maxLen, pairs, ref count);
            }

            Advance();
            return count >> 1;
        }

        int bi = cur - _bufStart;
        uint b0 = buf[bi], b1 = buf[bi + 1], b2 = buf[bi + 2], b3 = buf[bi + 3];
        int h2 = (int)(b0 | (b1 << 8));
        int h3 = (int)(((b0 | (b1 << 8) | (b2 << 16)) * 0x9E3779B1u) >> 16);
        int h4 = (int)(((b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)) * 0x9E3779B1u) >> (32 - _hash4Bits));
        if (avail > 5)
        {
            PrefetchAhead(buf, bi);
        }

        int d2 = cur - _hash2[h2];
        int d3 = cur - _hash3[h3];
        int curMatch = _hash4[h4];
        _hash2[h2] = cur;
        _hash3[h3] = cur;
        _hash4[h4] = cur;

        int best = 1;
        if (d2 <= _dictSize && buf[bi - d2] == b0 && buf[bi - d2 + 1] == b1)
        {
            best = ExtendMatch(buf, bi - d2, bi, 2, maxLen);
            pairs[0] = best;
            pairs[1] = d2 - 1;
            count = 2;
        }

        if (d3 != d2 && d3 <= _dictSize && buf[bi - d3] == b0 && buf[bi - d3 + 1] == b1 && buf[bi - d3 + 2] == b2)
        {
            int len = ExtendMatch(buf, bi - d3, bi, 3, maxLen);
            if (len > best)
            {
                best = len;
                pairs[count] = len;
                pairs[count + 1] = d3 - 1;
                count += 2;
            }
        }

        if (best == maxLen)
        {
            // Already as long as wanted: only insert the position.
            if (_binaryTree)
            {
                TreeInsert(curMatch, cur, bi, maxLen, pairs, ref count, int.MaxValue, record: false);
            }
            else
            {
                EnsureSon(_cyclicPos + 1);
                _son[_cyclicPos] = curMatch;
            }

            Advance();
            return count >> 1;
        }

        if (_binaryTree)
        {
            TreeInsert(curMatch, cur, bi, maxLen, pairs, ref count, best, record: true);
        }
        else
        {
            EnsureSon(_cyclicPos + 1);
            _son[_cyclicPos] = curMatch;
            ChainSearch(curMatch, cur, bi, maxLen, pairs, ref count, best);
        }

        if (_farIndex < _far.Count)
        {
            AddFarMatch(cur, maxLen, pairs, ref count);
        }

        Advance();
        return count >> 1;
    }

    /// <summary>Reports the far match covering <paramref name="cur"/>, if any, when it is longer than the tree's best.</summary>
    private void AddFarMatch(int cur, int maxLen, Span<int> pairs, ref int count)
    {
        int offset = cur - _origin;
        LzmaFarMatches far = _far;
        while (_farIndex < far.Count && far.Start(_farIndex) + far.Length(_farIndex) <= offset)
        {
            _farIndex++;
        }

        if (_farIndex == far.Count || far.Start(_farIndex) > offset)
        {
            return;
        }

        int len = Math.Min(far.Start(_farIndex) + far.Length(_farIndex) - offset, maxLen);
        int best = count > 0 ? pairs[count - 2] : 1;
        if (len > best)
        {
            pairs[count] = len;
            pairs[count + 1] = far.Distance(_farIndex) - 1;
            count += 2;
        }
    }

    /// <summary>Inserts the next <paramref name="n"/> positions without reporting matches.</summary>
    public void Skip(int n) => Skip(n, 1);

    /// <summary>
    /// Passes the next <paramref name="n"/> positions without reporting matches, inserting only every
    /// <paramref name="stride"/>-th one (the others cannot be found as match starts later, but a match covering them
    /// is still found a few bytes further on).
    /// </summary>
    public void Skip(int n, int stride)
    {
        Span<int> none = stackalloc int[2];
        for (int k = 0; k < n; k++)
        {
            int avail = _end - _pos;
            if (avail < 4 || (stride > 1 && k % stride != 0) || IsRaw(_pos))
            {
                Advance();
                continue;
            }

            byte[] buf = _buf;
            int cur = _pos;
            int bi = cur - _bufStart;
            uint b0 = buf[bi], b1 = buf[bi + 1], b2 = buf[bi + 2], b3 = buf[bi + 3];
            int h2 = (int)(b0 | (b1 << 8));
            int h3 = (int)(((b0 | (b1 << 8) | (b2 << 16)) * 0x9E3779B1u) >> 16);
            int h4 = (int)(((b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)) * 0x9E3779B1u) >> (32 - _hash4Bits));
            if (avail > 5)
            {
                PrefetchAhead(buf, bi);
            }

            int curMatch = _hash4[h4];
            _hash2[h2] = cur;
            _hash3[h3] = cur;
            _hash4[h4] = cur;
            if (_binaryTree)
            {
                int count = 0;
                TreeInsert(curMatch, cur, bi, Math.Min(_nice, avail), none, ref count, int.MaxValue, record: false);
            }
            else
            {
                EnsureSon(_cyclicPos + 1);
                _son[_cyclicPos] = curMatch;
            }

            Advance();
        }
    }

    /// <summary>
    /// Asks the processor to fetch what the next positions will look at first, so that the fetches overlap with the
    /// work on the current position instead of stalling later ones: the 3- and 4-byte hash heads of the position after
    /// next (random accesses into tables far larger than the caches), and the tree node and window bytes of the next
    /// position's first candidate (read from its hash head, fetched one position earlier). Changes no result: it only
    /// reads (<paramref name="bi"/> + 6 bytes are in the window) and a head that the current insertion is about to
    /// replace merely fetches the wrong line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchAhead(byte[] buf, int bi)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        ref byte b = ref MemoryMarshal.GetArrayDataReference(buf);
        uint next = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, bi + 1));
        uint after = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, bi + 2));
        int shift = 32 - _hash4Bits;
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_hash3), (int)(((after & 0xFFFFFF) * 0x9E3779B1u) >> 16))));
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_hash4), (int)((after * 0x9E3779B1u) >> shift))));

        int candidate = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_hash4), (int)((next * 0x9E3779B1u) >> shift));
        int delta = _pos + 1 - candidate;
        if ((uint)(delta - 1) < (uint)_treeReach)
        {
            int slot = _cyclicPos + 1 - delta;
            if (slot < 0)
            {
                slot += _cyclicSize;
            }

            int node = _binaryTree ? 2 * slot : slot;
            if ((uint)node < (uint)_sonLength)
            {
                Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_son), node)));
            }

            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref b, bi + 1 - delta)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ExtendMatch(byte[] buf, int a, int b, int len, int maxLen)
    {
        // Most matches end within a few bytes: compare those directly, hand long ones to the vectorised comparison.
        int quick = Math.Min(maxLen, len + 8);
        while (len < quick)
        {
            if (buf[a + len] != buf[b + len])
            {
                return len;
            }

            len++;
        }

        return len == maxLen ? len : len + buf.AsSpan(a + len, maxLen - len).CommonPrefixLength(buf.AsSpan(b + len, maxLen - len));
    }

    private void ChainSearch(int curMatch, int cur, int bi, int maxLen, Span<int> pairs, ref int count, int best)
    {
        byte[] buf = _buf;
        int[] son = _son;
        int depth = _depth;
        int dictSize = _treeReach;
        while (depth-- > 0)
        {
            int delta = cur - curMatch;
            if ((uint)(delta - 1) >= (uint)dictSize)
            {
                return;
            }

            int cb = bi - delta;
            if (buf[cb + best] == buf[bi + best] && buf[cb] == buf[bi])
            {
                int len = ExtendMatch(buf, cb, bi, 0, maxLen);
                if (len > best)
                {
                    best = len;
                    pairs[count] = len;
                    pairs[count + 1] = delta - 1;
                    count += 2;
                    if (len == maxLen)
                    {
                        return;
                    }
                }
            }

            int slot = _cyclicPos - delta;
            if (slot < 0)
            {
                slot += _cyclicSize;
            }

            curMatch = son[slot];
        }
    }

    private void TreeInsert(int curMatch, int cur, int bi, int maxLen, Span<int> pairs, ref int count, int best, bool record)
    {
        int cyc = _cyclicPos;
        EnsureSon((2 * cyc) + 2);
        int[] son = _son;
        byte[] buf = _buf;
        int ptr0 = (2 * cyc) + 1; // where the next candidate greater than cur hangs
        int ptr1 = 2 * cyc;       // where the next candidate smaller than cur hangs
        int len0 = 0, len1 = 0;
        int depth = _depth;
        int dictSize = _treeReach;
        int cyclicSize = _cyclicSize;
        while (true)
        {
            int delta = cur - curMatch;
            if (depth-- == 0 || (uint)(delta - 1) >= (uint)dictSize)
            {
                son[ptr0] = 0;
                son[ptr1] = 0;
                return;
            }

            int slot = cyc - delta;
            if (slot < 0)
            {
                slot += cyclicSize;
            }

            int pair = 2 * slot;
            int cb = bi - delta;
            int len = Math.Min(len0, len1);
            if (buf[cb + len] == buf[bi + len])
            {
                len = ExtendMatch(buf, cb, bi, len + 1, maxLen);
                if (record && len > best)
                {
                    best = len;
                    pairs[count] = len;
                    pairs[count + 1] = delta - 1;
                    count += 2;
                }

                if (len == maxLen)
                {
                    son[ptr1] = son[pair];
                    son[ptr0] = son[pair + 1];
                    return;
                }
            }

            if (buf[cb + len] < buf[bi + len])
            {
                son[ptr1] = curMatch;
                ptr1 = pair + 1;
                curMatch = son[ptr1];
                len1 = len;
            }
            else
            {
                son[ptr0] = curMatch;
                ptr0 = pair;
                curMatch = son[ptr0];
                len0 = len;
            }
        }
    }
}
