using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    // Properties.
    private int _lc;
    private int _lp;
    private int _pbMask;

    // Probabilities.
    private readonly ushort[] _isMatch = new ushort[NumStates * MaxPosStates];
    private readonly ushort[] _isRep = new ushort[NumStates];
    private readonly ushort[] _isRepG0 = new ushort[NumStates];
    private readonly ushort[] _isRepG1 = new ushort[NumStates];
    private readonly ushort[] _isRepG2 = new ushort[NumStates];
    private readonly ushort[] _isRep0Long = new ushort[NumStates * MaxPosStates];
    private readonly ushort[] _posSlot = new ushort[4 * 64];
    private readonly ushort[] _specPos = new ushort[114];
    private readonly ushort[] _align = new ushort[16];
    private readonly ushort[] _matchLen = new ushort[2 + (2 * MaxPosStates * LenLowSymbols) + 256];
    private readonly ushort[] _repLen = new ushort[2 + (2 * MaxPosStates * LenLowSymbols) + 256];
    private ushort[] _literal = new ushort[0x300 * 16];

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
    public void UseLinearOutput(byte* buffer, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
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
        int literalSize = 0x300 << (lc + lp);
        if (_literal.Length < literalSize)
        {
            _literal = new ushort[literalSize];
        }

        ResetState();
    }

    /// <summary>Resets probabilities and the match state (LZMA2 state reset).</summary>
    public void ResetState()
    {
        const ushort half = 1024;
        _isMatch.AsSpan().Fill(half);
        _isRep.AsSpan().Fill(half);
        _isRepG0.AsSpan().Fill(half);
        _isRepG1.AsSpan().Fill(half);
        _isRepG2.AsSpan().Fill(half);
        _isRep0Long.AsSpan().Fill(half);
        _posSlot.AsSpan().Fill(half);
        _specPos.AsSpan().Fill(half);
        _align.AsSpan().Fill(half);
        _matchLen.AsSpan().Fill(half);
        _repLen.AsSpan().Fill(half);
        _literal.AsSpan(0, 0x300 << (_lc + _lp)).Fill(half);
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
    public int Decode(int maxOut)
    {
        int start = _pos;
        int limit = _pos + maxOut;
        Span<byte> dict = Dictionary[.._cap];
        int pos = _pos;

        if (_pendingLen > 0)
        {
            int n = Math.Min(_pendingLen, limit - pos);
            CopyMatch(dict, ref pos, _rep0, n);
            _pendingLen -= n;
        }

        byte[] input = _in;
        int inPos = _inPos;
        int inEnd = _inEnd;
        uint range = _range;
        uint code = _code;
        int state = _state;
        int lc = _lc;
        int lpMask = (1 << _lp) - 1;
        int pbMask = _pbMask;
        long full = _full + (pos - _pos);
        ushort[] literal = _literal;

        while (pos < limit)
        {
            int posState = pos & pbMask;
            if (DecodeBit(ref _isMatch[(state << 4) + posState], input, ref inPos, inEnd, ref range, ref code) == 0)
            {
                // Literal.
                int prevByte = full == 0 ? 0 : dict[(pos == 0 ? _dictSize : pos) - 1];
                int litBase = 0x300 * (((pos & lpMask) << lc) + (prevByte >> (8 - lc)));
                uint symbol = 1;
                if (state >= 7)
                {
                    uint matchByte = GetByte(dict, pos, _rep0);
                    do
                    {
                        uint matchBit = (matchByte >> 7) & 1;
                        matchByte <<= 1;
                        uint bit = DecodeBit(ref literal[litBase + (int)((1 + matchBit) << 8) + (int)symbol], input, ref inPos, inEnd, ref range, ref code);
                        symbol = (symbol << 1) | bit;
                        if (matchBit != bit)
                        {
                            break;
                        }
                    }
                    while (symbol < 0x100);
                }

                while (symbol < 0x100)
                {
                    symbol = (symbol << 1) | DecodeBit(ref literal[litBase + (int)symbol], input, ref inPos, inEnd, ref range, ref code);
                }

                dict[pos++] = (byte)symbol;
                full++;
                state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
                continue;
            }

            int len;
            if (DecodeBit(ref _isRep[state], input, ref inPos, inEnd, ref range, ref code) == 0)
            {
                // Simple match.
                len = DecodeLength(_matchLen, posState, input, ref inPos, inEnd, ref range, ref code);
                state = state < 7 ? 7 : 10;
                uint dist = DecodeDistance(len, input, ref inPos, inEnd, ref range, ref code);
                if (dist == uint.MaxValue)
                {
                    throw new XzFormatException("LZMA end-of-payload marker inside an LZMA2 chunk");
                }

                _rep3 = _rep2;
                _rep2 = _rep1;
                _rep1 = _rep0;
                _rep0 = dist;
            }
            else
            {
                if (full == 0)
                {
                    throw new XzFormatException("LZMA repeated match before any data was decoded");
                }

                if (DecodeBit(ref _isRepG0[state], input, ref inPos, inEnd, ref range, ref code) == 0)
                {
                    if (DecodeBit(ref _isRep0Long[(state << 4) + posState], input, ref inPos, inEnd, ref range, ref code) == 0)
                    {
                        // Short rep: one byte at rep0.
                        if (_rep0 >= full)
                        {
                            throw new XzFormatException($"LZMA match distance {(ulong)_rep0 + 1} exceeds the {full} bytes of dictionary available");
                        }

                        state = state < 7 ? 9 : 11;
                        dict[pos] = GetByte(dict, pos, _rep0);
                        pos++;
                        full++;
                        continue;
                    }
                }
                else
                {
                    uint dist;
                    if (DecodeBit(ref _isRepG1[state], input, ref inPos, inEnd, ref range, ref code) == 0)
                    {
                        dist = _rep1;
                    }
                    else
                    {
                        if (DecodeBit(ref _isRepG2[state], input, ref inPos, inEnd, ref range, ref code) == 0)
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

                    _rep1 = _rep0;
                    _rep0 = dist;
                }

                len = DecodeLength(_repLen, posState, input, ref inPos, inEnd, ref range, ref code);
                state = state < 7 ? 8 : 11;
            }

            if (_rep0 >= full || _rep0 >= (uint)_dictSize)
            {
                throw new XzFormatException($"LZMA match distance {(ulong)_rep0 + 1} exceeds the {Math.Min(full, _dictSize)} bytes of dictionary available");
            }

            int copy = Math.Min(len, limit - pos);
            CopyMatch(dict, ref pos, _rep0, copy);
            full += copy;
            _pendingLen = len - copy;
        }

        _inPos = inPos;
        _range = range;
        _code = code;
        _state = state;
        _pos = pos;
        _full = full;
        return pos - start;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte GetByte(Span<byte> dict, int pos, uint dist)
    {
        int src = pos - (int)dist - 1;
        if (src < 0)
        {
            src += _dictSize;
        }

        return dict[src];
    }

    private void CopyMatch(Span<byte> dict, ref int pos, uint dist, int count)
    {
        int src = pos - (int)dist - 1;
        if (src >= 0)
        {
            // Source precedes the destination: copy in runs; a short distance repeats its pattern, doubling each time.
            while (count > 0)
            {
                int n = Math.Min(count, pos - src);
                dict.Slice(src, n).CopyTo(dict[pos..]);
                pos += n;
                count -= n;
            }

            return;
        }

        src += _dictSize;
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
    private static uint DecodeBit(ref ushort prob, byte[] input, ref int inPos, int inEnd, ref uint range, ref uint code)
    {
        if (range < (1u << 24))
        {
            if ((uint)inPos >= (uint)inEnd)
            {
                ThrowOverrun();
            }

            range <<= 8;
            code = (code << 8) | input[inPos++];
        }

        uint p = prob;
        uint bound = (range >> 11) * p;
        if (code < bound)
        {
            range = bound;
            prob = (ushort)(p + ((2048 - p) >> 5));
            return 0;
        }

        range -= bound;
        code -= bound;
        prob = (ushort)(p - (p >> 5));
        return 1;
    }

    private static void ThrowOverrun() =>
        throw new XzFormatException("LZMA data runs past the end of its LZMA2 chunk");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeTree(ushort[] probs, int offset, int bits, byte[] input, ref int inPos, int inEnd, ref uint range, ref uint code)
    {
        int m = 1;
        for (int i = 0; i < bits; i++)
        {
            m = (m << 1) | (int)DecodeBit(ref probs[offset + m], input, ref inPos, inEnd, ref range, ref code);
        }

        return m - (1 << bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeReverseTree(ushort[] probs, int offset, int bits, byte[] input, ref int inPos, int inEnd, ref uint range, ref uint code)
    {
        int m = 1;
        int symbol = 0;
        for (int i = 0; i < bits; i++)
        {
            int bit = (int)DecodeBit(ref probs[offset + m], input, ref inPos, inEnd, ref range, ref code);
            m = (m << 1) | bit;
            symbol |= bit << i;
        }

        return symbol;
    }

    // Layout: [0] choice, [1] choice2, [2..130) low (16 pos states x 8), [130..258) mid, [258..514) high.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeLength(ushort[] probs, int posState, byte[] input, ref int inPos, int inEnd, ref uint range, ref uint code)
    {
        const int low = 2;
        const int mid = low + (MaxPosStates * LenLowSymbols);
        const int high = mid + (MaxPosStates * LenLowSymbols);
        if (DecodeBit(ref probs[0], input, ref inPos, inEnd, ref range, ref code) == 0)
        {
            return 2 + DecodeTree(probs, low + (posState * LenLowSymbols) - 1, 3, input, ref inPos, inEnd, ref range, ref code);
        }

        if (DecodeBit(ref probs[1], input, ref inPos, inEnd, ref range, ref code) == 0)
        {
            return 2 + 8 + DecodeTree(probs, mid + (posState * LenLowSymbols) - 1, 3, input, ref inPos, inEnd, ref range, ref code);
        }

        return 2 + 16 + DecodeTree(probs, high - 1, 8, input, ref inPos, inEnd, ref range, ref code);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint DecodeDistance(int len, byte[] input, ref int inPos, int inEnd, ref uint range, ref uint code)
    {
        int lenState = Math.Min(len - 2, 3);
        int slot = DecodeTree(_posSlot, (lenState * 64) - 1, 6, input, ref inPos, inEnd, ref range, ref code);
        if (slot < 4)
        {
            return (uint)slot;
        }

        int directBits = (slot >> 1) - 1;
        uint dist = (uint)(2 | (slot & 1));
        if (slot < 14)
        {
            dist <<= directBits;
            return dist + (uint)DecodeReverseTree(_specPos, (int)dist - slot - 1, directBits, input, ref inPos, inEnd, ref range, ref code);
        }

        for (int i = directBits - 4; i > 0; i--)
        {
            if (range < (1u << 24))
            {
                if ((uint)inPos >= (uint)inEnd)
                {
                    ThrowOverrun();
                }

                range <<= 8;
                code = (code << 8) | input[inPos++];
            }

            range >>= 1;
            code -= range;
            uint t = 0u - (code >> 31);
            code += range & t;
            dist = (dist << 1) + (t + 1);
        }

        return (dist << 4) + (uint)DecodeReverseTree(_align, -1, 4, input, ref inPos, inEnd, ref range, ref code);
    }
}
