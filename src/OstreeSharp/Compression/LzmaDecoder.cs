using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OstreeSharp.Compression;

/// <summary>
/// The LZMA decoder as LZMA2 drives it: a dictionary, the range decoder over one fully buffered compressed chunk, and
/// the literal/match/rep state machine. Output is produced into the dictionary; the caller reads
/// <c>[start, Position)</c> through <see cref="Output"/> after each call.
/// </summary>
/// <remarks>
/// The dictionary is either a sliding window owned by the decoder (a pinned array allocated lazily up to the declared
/// size, wrapping once full), or — after <see cref="UseLinearOutput"/> — the caller's whole output buffer: then
/// nothing wraps, the output is never copied, and no window is allocated. Match distances are validated against the
/// bytes decoded since the last dictionary reset and the declared window size in both modes, so the decoder reads
/// only bytes it wrote; all dictionary accesses go through a bounds-checked span.
/// </remarks>
internal sealed unsafe class LzmaDecoder
{
    private const int NumStates = 12;
    private const int MaxPosStates = 16;
    private const int LenLowSymbols = 8;
    private const int MaxDictionary = 0x6000_0000; // 1.5 GiB: the largest array-friendly LZMA2 dictionary size
    private const int InitialDictionary = 64 * 1024;

    // Dictionary.
    private byte[] _window = [];  // the sliding window (pinned) when not in linear mode
    private byte* _dict;          // the dictionary memory: _window's data, or the caller's linear output buffer
    private int _dictLength;      // bytes addressable at _dict
    private bool _linear;
    private int _dictSize;   // declared (clamped) window size
    private int _cap;        // current wrap point: min(_window.Length, _dictSize); the buffer length in linear mode
    private int _pos;        // write position in the dictionary
    private long _full;      // bytes written since the last dictionary reset (valid history is min(_full, _dictSize))
    private uint _farDistance = uint.MaxValue; // linear mode with a backing file: distances from here on are read from it
    private SafeFileHandle? _backing;           // the file the linear output buffer maps (from offset 0)

    // Far reads go through a small direct-mapped cache of output pages: a literal after a far match reads the byte
    // after the match, and matches cluster. 64 pages (256 KiB) cut the reads of libostree's minbase v1->v2 delta
    // from 452,000 to 139,000 with a 1 MiB resident window.
    private const int FarPageShift = 12;
    private const int FarPageSize = 1 << FarPageShift;
    private const int FarEntries = 64;
    private byte[]? _farCache;
    private int[]? _farTags;

    // Properties.
    private int _lc;
    private int _lp;
    private int _pbMask;

    // Probabilities: one pinned block (stable pointers, no bounds checks in the hot loop; every index below is
    // within its table by construction: states < 12, posState <= 15, tree nodes < 2^bits, literal coder < 16).
    private const int IsMatchOffset = 0;
    private const int IsRepOffset = IsMatchOffset + (NumStates * MaxPosStates);
    private const int IsRepG0Offset = IsRepOffset + NumStates;
    private const int IsRepG1Offset = IsRepG0Offset + NumStates;
    private const int IsRepG2Offset = IsRepG1Offset + NumStates;
    private const int IsRep0LongOffset = IsRepG2Offset + NumStates;
    private const int PosSlotOffset = IsRep0LongOffset + (NumStates * MaxPosStates);
    private const int SpecPosOffset = PosSlotOffset + (4 * 64);
    private const int AlignOffset = SpecPosOffset + 114;
    private const int MatchLenOffset = AlignOffset + 16;
    private const int LenCoderSize = 2 + (2 * MaxPosStates * LenLowSymbols) + 256;
    private const int RepLenOffset = MatchLenOffset + LenCoderSize;
    private const int LiteralOffset = RepLenOffset + LenCoderSize;
    private const int ProbabilityCount = LiteralOffset + (0x300 << 4);

    private readonly ushort[] _probs = GC.AllocateArray<ushort>(ProbabilityCount, pinned: true);
    private readonly ushort* _p;

    /// <summary>Creates a decoder (call <see cref="SetDictionarySize"/> and <see cref="SetProperties"/> before decoding).</summary>
    public LzmaDecoder()
    {
        _p = (ushort*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_probs));
    }

    // State machine.
    private int _state;
    private uint _rep0, _rep1, _rep2, _rep3;
    private int _pendingLen;

    // Range decoder.
    private byte[] _in = [];
    private int _inPos;
    private int _inEnd;
    private uint _range;
    private uint _code;

    /// <summary>Write position in the dictionary; output since the last call starts where the previous call ended.</summary>
    public int Position => _pos;

    /// <summary>True after <see cref="UseLinearOutput"/>: output stays where it was decoded.</summary>
    public bool IsLinear => _linear;

    /// <summary>
    /// Dictionary bytes <c>[start, start + length)</c> (valid until the next <see cref="PrepareWrite"/>, which may
    /// grow or wrap the window).
    /// </summary>
    public ReadOnlySpan<byte> Output(int start, int length) => Dictionary.Slice(start, length);

    private Span<byte> Dictionary => new(_dict, _dictLength);

    /// <summary>
    /// Decodes straight into <paramref name="buffer"/> (<paramref name="capacity"/> bytes) from now on: the buffer is
    /// the dictionary, output accumulates from offset 0 across blocks, and <see cref="PrepareWrite"/> returns 0 once it
    /// is full. The memory must stay valid and unmoved while this decoder uses it.
    /// </summary>
    /// <param name="buffer">The output buffer (and dictionary).</param>
    /// <param name="capacity">Its size.</param>
    /// <param name="backing">
    /// Optional: the file that <paramref name="buffer"/> maps from offset 0 (a shared mapping, so the file reads what
    /// was written through it). Matches and match bytes at least <paramref name="residentDistance"/> bytes back are
    /// then read from the file (<c>pread</c>) instead of through the mapping, so the caller can unmap everything
    /// further back than that while decoding without the decoder mapping it in again.
    /// </param>
    /// <param name="residentDistance">
    /// With <paramref name="backing"/>: how far back the buffer stays readable; at least 4 KiB, so that far reads
    /// only ever see whole pages that are already written (they are cached by the page).
    /// </param>
    public void UseLinearOutput(byte* buffer, int capacity, SafeFileHandle? backing = null, int residentDistance = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (backing is not null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(residentDistance, FarPageSize);
            _backing = backing;
            _farDistance = (uint)residentDistance;
        }

        _window = [];
        _linear = true;
        _dict = buffer;
        _dictLength = capacity;
        _cap = capacity;
        _pos = 0;
        _full = 0;
        _pendingLen = 0;
    }

    /// <summary>True when a match was cut by the output limit and still has bytes to copy.</summary>
    public bool HasPendingMatch => _pendingLen > 0;

    /// <summary>Sets the window size for a new block and resets the dictionary.</summary>
    public void SetDictionarySize(long size)
    {
        _dictSize = (int)Math.Min(size, MaxDictionary);
        ResetDictionary();
    }

    /// <summary>Forgets the dictionary contents (LZMA2 dictionary reset).</summary>
    public void ResetDictionary()
    {
        _full = 0;
        _pendingLen = 0;
        if (!_linear)
        {
            _pos = 0;
            _cap = Math.Min(_window.Length, _dictSize);
        }
    }

    /// <summary>Sets lc/lp/pb from an LZMA properties byte and resets the state.</summary>
    public void SetProperties(byte props)
    {
        if (props >= 9 * 5 * 5)
        {
            throw new XzFormatException($"Invalid LZMA properties byte 0x{props:X2}");
        }

        int lc = props % 9;
        int rest = props / 9;
        int lp = rest % 5;
        int pb = rest / 5;
        if (lc + lp > 4)
        {
            throw new XzFormatException($"Invalid LZMA2 properties: lc={lc} + lp={lp} exceeds 4");
        }

        _lc = lc;
        _lp = lp;
        _pbMask = (1 << pb) - 1;
        ResetState();
    }

    /// <summary>Resets probabilities and the match state (LZMA2 state reset).</summary>
    public void ResetState()
    {
        const ushort half = 1024;
        _probs.AsSpan(0, LiteralOffset + (0x300 << (_lc + _lp))).Fill(half);
        _state = 0;
        _rep0 = _rep1 = _rep2 = _rep3 = 0;
        _pendingLen = 0;
    }

    /// <summary>
    /// Makes room to write at least one byte: grows the dictionary while it is smaller than the window, or wraps the
    /// write position. Call only after the output so far has been copied out. Returns the writable byte count.
    /// </summary>
    public int PrepareWrite()
    {
        if (_pos == _cap && !_linear)
        {
            if (_cap < _dictSize)
            {
                int newSize = (int)Math.Min(_dictSize, Math.Max(InitialDictionary, (long)_window.Length * 2));
                if (newSize > _window.Length)
                {
                    byte[] grown = GC.AllocateUninitializedArray<byte>(newSize, pinned: true);
                    _window.AsSpan(0, _pos).CopyTo(grown);
                    _window = grown;
                    _dict = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(grown));
                    _dictLength = grown.Length;
                }

                _cap = Math.Min(_window.Length, _dictSize);
            }
            else
            {
                _pos = 0;
            }
        }

        return _cap - _pos;
    }

    /// <summary>Appends stored bytes (an LZMA2 uncompressed chunk); <paramref name="data"/> must fit <see cref="PrepareWrite"/>.</summary>
    public void CopyUncompressed(ReadOnlySpan<byte> data)
    {
        data.CopyTo(Dictionary[_pos.._cap]);
        _pos += data.Length;
        _full += data.Length;
    }

    /// <summary>Starts the range decoder on a compressed chunk held in <paramref name="input"/>.</summary>
    public void StartChunk(byte[] input, int offset, int length)
    {
        if (length < 5)
        {
            throw new XzFormatException($"LZMA2 chunk of {length} compressed bytes is too short for the range coder");
        }

        if (input[offset] != 0)
        {
            throw new XzFormatException("LZMA range coder does not start with a zero byte");
        }

        _in = input;
        _inPos = offset + 5;
        _inEnd = offset + length;
        _code = (uint)((input[offset + 1] << 24) | (input[offset + 2] << 16) | (input[offset + 3] << 8) | input[offset + 4]);
        _range = uint.MaxValue;
        if (_code == uint.MaxValue)
        {
            throw new XzFormatException("LZMA range coder starts with an invalid code");
        }
    }

    /// <summary>
    /// Ends a chunk: the range coder must have consumed exactly the chunk's compressed bytes and end with code 0,
    /// and no match may continue past the chunk.
    /// </summary>
    public void FinishChunk()
    {
        if (_pendingLen > 0)
        {
            throw new XzFormatException("LZMA match continues past the end of its LZMA2 chunk");
        }

        if (_range < (1u << 24))
        {
            if (_inPos >= _inEnd)
            {
                throw new XzFormatException("LZMA2 chunk is shorter than its compressed data");
            }

            _range <<= 8;
            _code = (_code << 8) | _in[_inPos++];
        }

        if (_inPos != _inEnd)
        {
            throw new XzFormatException($"LZMA2 chunk has {_inEnd - _inPos} unused compressed bytes");
        }

        if (_code != 0)
        {
            throw new XzFormatException("LZMA range coder did not finish cleanly at the end of its chunk");
        }
    }

    /// <summary>Decodes up to <paramref name="maxOut"/> bytes (at most <see cref="PrepareWrite"/>'s result) into the dictionary.</summary>
    /// <returns>The bytes produced.</returns>
    /// <remarks>
    /// Memory safety without per-byte bounds checks rests on these invariants: writes happen at <c>pos &lt; limit
    /// &lt;= _cap &lt;= _dictLength</c>; a match or rep distance is used only after checking it is below both the bytes
    /// decoded since the last dictionary reset (<c>full</c>) and the window size, so its source lies in
    /// <c>[0, _cap)</c> (before <c>pos</c>, or — in a wrapped window, which only happens once <c>_cap</c> equals the
    /// window size — just below it after adding the window size); a matched literal (state &gt;= 7) uses rep0, which
    /// the preceding match validated (dictionary resets always come with a state reset, which clears the state and
    /// the reps). Input is read only below the chunk end.
    /// </remarks>
    public int Decode(int maxOut)
    {
        int start = _pos;
        int limit = _pos + maxOut;
        if ((uint)maxOut > (uint)(_cap - _pos))
        {
            throw new ArgumentOutOfRangeException(nameof(maxOut));
        }

        byte* dict = _dict;
        int pos = _pos;

        if (_pendingLen > 0)
        {
            int n = Math.Min(_pendingLen, limit - pos);
            CopyMatch(dict, ref pos, _rep0, n);
            _pendingLen -= n;
        }

        fixed (byte* inBase = _in)
        {
            byte* ip = inBase + _inPos;
            byte* inEnd = inBase + _inEnd;
            uint range = _range;
            uint code = _code;
            int state = _state;
            int lc = _lc;
            int lpMask = (1 << _lp) - 1;
            int pbMask = _pbMask;
            long full = _full + (pos - _pos);
            uint rep0 = _rep0;
            uint dictSize = (uint)_dictSize;
            ushort* p = _p;
            ushort* literal = p + LiteralOffset;

            while (pos < limit)
            {
                int posState = pos & pbMask;
                if (DecodeBit(p + IsMatchOffset + (state << 4) + posState, ref ip, inEnd, ref range, ref code) == 0)
                {
                    // Literal.
                    int prevByte = full == 0 ? 0 : dict[(pos == 0 ? _dictSize : pos) - 1];
                    ushort* probs = literal + (0x300 * (((pos & lpMask) << lc) + (prevByte >> (8 - lc))));
                    uint symbol = 1;
                    if (state >= 7)
                    {
                        int src = pos - (int)rep0 - 1;
                        uint matchByte = rep0 >= _farDistance ? ReadFar(src) : dict[src < 0 ? src + _dictSize : src];
                        do
                        {
                            uint matchBit = (matchByte >> 7) & 1;
                            matchByte <<= 1;
                            uint bit = DecodeBit(probs + ((1 + matchBit) << 8) + symbol, ref ip, inEnd, ref range, ref code);
                            symbol = (symbol << 1) | bit;
                            if (matchBit != bit)
                            {
                                break;
                            }
                        }
                        while (symbol < 0x100);

                        while (symbol < 0x100)
                        {
                            symbol = (symbol << 1) | DecodeBit(probs + symbol, ref ip, inEnd, ref range, ref code);
                        }
                    }
                    else
                    {
                        // Eight bits, unrolled.
                        symbol = 2 | DecodeBit(probs + 1, ref ip, inEnd, ref range, ref code);
                        symbol = (symbol << 1) | DecodeBit(probs + symbol, ref ip, inEnd, ref range, ref code);
                        symbol = (symbol << 1) | DecodeBit(probs + symbol, ref ip, inEnd, ref range, ref code);
                        symbol = (symbol << 1) | DecodeBit(probs + symbol, ref ip, inEnd, ref range, ref code);
                        symbol = (symbol << 1) | DecodeBit(probs + symbol, ref ip, inEnd, ref range, ref code);
                        symbol = (symbol << 1) | DecodeBit(probs + symbol, ref ip, inEnd, ref range, ref code);
                        symbol = (symbol << 1) | DecodeBit(probs + symbol, ref ip, inEnd, ref range, ref code);
                        symbol = (symbol << 1) | DecodeBit(probs + symbol, ref ip, inEnd, ref range, ref code);
                    }

                    dict[pos++] = (byte)symbol;
                    full++;
                    state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
                    continue;
                }

                int len;
                if (DecodeBit(p + IsRepOffset + state, ref ip, inEnd, ref range, ref code) == 0)
                {
                    // Simple match.
                    len = DecodeLength(p + MatchLenOffset, posState, ref ip, inEnd, ref range, ref code);
                    state = state < 7 ? 7 : 10;
                    uint dist = DecodeDistance(p, len, ref ip, inEnd, ref range, ref code);
                    if (dist == uint.MaxValue)
                    {
                        throw new XzFormatException("LZMA end-of-payload marker inside an LZMA2 chunk");
                    }

                    _rep3 = _rep2;
                    _rep2 = _rep1;
                    _rep1 = rep0;
                    rep0 = dist;
                }
                else
                {
                    if (full == 0)
                    {
                        throw new XzFormatException("LZMA repeated match before any data was decoded");
                    }

                    if (DecodeBit(p + IsRepG0Offset + state, ref ip, inEnd, ref range, ref code) == 0)
                    {
                        if (DecodeBit(p + IsRep0LongOffset + (state << 4) + posState, ref ip, inEnd, ref range, ref code) == 0)
                        {
                            // Short rep: one byte at rep0.
                            if (rep0 >= full || rep0 >= dictSize)
                            {
                                throw new XzFormatException($"LZMA match distance {(ulong)rep0 + 1} exceeds the {Math.Min(full, _dictSize)} bytes of dictionary available");
                            }

                            state = state < 7 ? 9 : 11;
                            int src = pos - (int)rep0 - 1;
                            dict[pos] = rep0 >= _farDistance ? ReadFar(src) : dict[src < 0 ? src + _dictSize : src];
                            pos++;
                            full++;
                            continue;
                        }
                    }
                    else
                    {
                        uint dist;
                        if (DecodeBit(p + IsRepG1Offset + state, ref ip, inEnd, ref range, ref code) == 0)
                        {
                            dist = _rep1;
                        }
                        else
                        {
                            if (DecodeBit(p + IsRepG2Offset + state, ref ip, inEnd, ref range, ref code) == 0)
                            {
                                dist = _rep2;
                            }
                            else
                            {
                                dist = _rep3;
                                _rep3 = _rep2;
                            }

                            _rep2 = _rep1;
                        }

                        _rep1 = rep0;
                        rep0 = dist;
                    }

                    len = DecodeLength(p + RepLenOffset, posState, ref ip, inEnd, ref range, ref code);
                    state = state < 7 ? 8 : 11;
                }

                if (rep0 >= full || rep0 >= dictSize)
                {
                    _rep0 = rep0;
                    throw new XzFormatException($"LZMA match distance {(ulong)rep0 + 1} exceeds the {Math.Min(full, _dictSize)} bytes of dictionary available");
                }

                int copy = Math.Min(len, limit - pos);
                CopyMatch(dict, ref pos, rep0, copy);
                full += copy;
                _pendingLen = len - copy;
            }

            _inPos = (int)(ip - inBase);
            _range = range;
            _code = code;
            _state = state;
            _rep0 = rep0;
            _pos = pos;
            _full = full;
        }

        return pos - start;
    }

    /// <summary>Copies <paramref name="count"/> bytes from <paramref name="dist"/> + 1 back (validated by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CopyMatch(byte* dict, ref int pos, uint dist, int count)
    {
        int src = pos - (int)dist - 1;
        if (dist >= _farDistance)
        {
            // Linear mode with a backing file (src >= 0, validated): far back, so no overlap either.
            CopyFar(dict + pos, src, count);
            pos += count;
            return;
        }

        if (src >= 0)
        {
            byte* d = dict + pos;
            byte* s = dict + src;
            pos += count;
            if (count <= (int)dist + 1)
            {
                // No overlap.
                if (count <= 16)
                {
                    for (int i = 0; i < count; i++)
                    {
                        d[i] = s[i];
                    }
                }
                else
                {
                    Unsafe.CopyBlockUnaligned(d, s, (uint)count);
                }

                return;
            }

            // The source overlaps the destination: a short distance repeats its pattern.
            if (dist == 0)
            {
                Unsafe.InitBlockUnaligned(d, *s, (uint)count);
                return;
            }

            for (int i = 0; i < count; i++)
            {
                d[i] = s[i];
            }

            return;
        }

        CopyWrapped(dict, ref pos, src + _dictSize, count);
    }

    /// <summary>Reads the output byte at <paramref name="offset"/> from the backing file.</summary>
    private byte ReadFar(int offset) => FarPage(offset >> FarPageShift)[offset & (FarPageSize - 1)];

    /// <summary>Copies <paramref name="count"/> output bytes from <paramref name="offset"/> to <paramref name="destination"/> through the backing file.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CopyFar(byte* destination, int offset, int count)
    {
        while (count > 0)
        {
            int inPage = offset & (FarPageSize - 1);
            int n = Math.Min(count, FarPageSize - inPage);
            Unsafe.CopyBlockUnaligned(destination, FarPage(offset >> FarPageShift) + inPage, (uint)n);
            destination += n;
            offset += n;
            count -= n;
        }
    }

    /// <summary>The cached copy of output page <paramref name="page"/> (read from the backing file on a miss).</summary>
    private byte* FarPage(int page)
    {
        if (_farCache is null)
        {
            _farCache = GC.AllocateUninitializedArray<byte>(FarEntries * FarPageSize, pinned: true);
            _farTags = new int[FarEntries];
            Array.Fill(_farTags, -1);
        }

        int slot = page & (FarEntries - 1);
        byte* cached = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_farCache)) + (slot * FarPageSize);
        if (_farTags![slot] != page)
        {
            _farTags[slot] = -1;
            long start = (long)page << FarPageShift;
            var span = new Span<byte>(cached, FarPageSize);
            while (!span.IsEmpty)
            {
                int n = RandomAccess.Read(_backing!, span, start);
                if (n <= 0)
                {
                    throw new IOException("The decoder's backing file is shorter than its output.");
                }

                span = span[n..];
                start += n;
            }

            _farTags[slot] = page;
        }

        return cached;
    }

    private void CopyWrapped(byte* dict, ref int pos, int src, int count)
    {
        int cap = _dictSize;
        for (int i = 0; i < count; i++)
        {
            dict[pos++] = dict[src++];
            if (src == cap)
            {
                src = 0;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint DecodeBit(ushort* prob, ref byte* ip, byte* inEnd, ref uint range, ref uint code)
    {
        if (range < (1u << 24))
        {
            if (ip >= inEnd)
            {
                ThrowOverrun();
            }

            range <<= 8;
            code = (code << 8) | *ip++;
        }

        uint p = *prob;
        uint bound = (range >> 11) * p;
        if (code < bound)
        {
            range = bound;
            *prob = (ushort)(p + ((2048 - p) >> 5));
            return 0;
        }

        range -= bound;
        code -= bound;
        *prob = (ushort)(p - (p >> 5));
        return 1;
    }

    private static void ThrowOverrun() =>
        throw new XzFormatException("LZMA data runs past the end of its LZMA2 chunk");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeTree(ushort* probs, int bits, ref byte* ip, byte* inEnd, ref uint range, ref uint code)
    {
        int m = 1;
        for (int i = 0; i < bits; i++)
        {
            m = (m << 1) | (int)DecodeBit(probs + m, ref ip, inEnd, ref range, ref code);
        }

        return m - (1 << bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeReverseTree(ushort* probs, int bits, ref byte* ip, byte* inEnd, ref uint range, ref uint code)
    {
        int m = 1;
        int symbol = 0;
        for (int i = 0; i < bits; i++)
        {
            int bit = (int)DecodeBit(probs + m, ref ip, inEnd, ref range, ref code);
            m = (m << 1) | bit;
            symbol |= bit << i;
        }

        return symbol;
    }

    // Layout: [0] choice, [1] choice2, [2..130) low (16 pos states x 8), [130..258) mid, [258..514) high.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeLength(ushort* probs, int posState, ref byte* ip, byte* inEnd, ref uint range, ref uint code)
    {
        const int low = 2;
        const int mid = low + (MaxPosStates * LenLowSymbols);
        const int high = mid + (MaxPosStates * LenLowSymbols);
        if (DecodeBit(probs, ref ip, inEnd, ref range, ref code) == 0)
        {
            return 2 + DecodeTree(probs + low + (posState * LenLowSymbols) - 1, 3, ref ip, inEnd, ref range, ref code);
        }

        if (DecodeBit(probs + 1, ref ip, inEnd, ref range, ref code) == 0)
        {
            return 2 + 8 + DecodeTree(probs + mid + (posState * LenLowSymbols) - 1, 3, ref ip, inEnd, ref range, ref code);
        }

        return 2 + 16 + DecodeTree(probs + high - 1, 8, ref ip, inEnd, ref range, ref code);
    }

    private static uint DecodeDistance(ushort* p, int len, ref byte* ip, byte* inEnd, ref uint range, ref uint code)
    {
        int lenState = Math.Min(len - 2, 3);
        int slot = DecodeTree(p + PosSlotOffset + (lenState * 64) - 1, 6, ref ip, inEnd, ref range, ref code);
        if (slot < 4)
        {
            return (uint)slot;
        }

        int directBits = (slot >> 1) - 1;
        uint dist = (uint)(2 | (slot & 1));
        if (slot < 14)
        {
            dist <<= directBits;
            return dist + (uint)DecodeReverseTree(p + SpecPosOffset + (int)dist - slot - 1, directBits, ref ip, inEnd, ref range, ref code);
        }

        for (int i = directBits - 4; i > 0; i--)
        {
            if (range < (1u << 24))
            {
                if (ip >= inEnd)
                {
                    ThrowOverrun();
                }

                range <<= 8;
                code = (code << 8) | *ip++;
            }

            range >>= 1;
            code -= range;
            uint t = 0u - (code >> 31);
            code += range & t;
            dist = (dist << 1) + (t + 1);
        }

        return (dist << 4) + (uint)DecodeReverseTree(p + AlignOffset - 1, 4, ref ip, inEnd, ref range, ref code);
    }
}
