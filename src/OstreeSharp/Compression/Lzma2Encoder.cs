using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OstreeSharp.Compression;

/// <summary>Tuning of one LZMA2 encoder: what an xz preset (or explicit options) resolves to.</summary>
/// <param name="DictionarySize">The window; every match distance is below it.</param>
/// <param name="NiceLength">Matches at least this long are taken without further search.</param>
/// <param name="Depth">Match finder search depth (0 = automatic).</param>
/// <param name="BinaryTree">BT4 match finder (otherwise HC4).</param>
/// <param name="Optimal">Price-based optimal parsing (otherwise greedy with one step of lazy evaluation).</param>
internal readonly record struct LzmaEncoderSettings(int DictionarySize, int NiceLength, int Depth, bool BinaryTree, bool Optimal)
{
    /// <summary>
    /// How far back the match finder's tree (or chain) reaches, when less than <see cref="DictionarySize"/>; 0 (the
    /// default) means the whole dictionary. The tree's memory is about 8 bytes per position it covers; matches further
    /// back then come from <see cref="LzmaFarMatches"/> (see <see cref="FarMatches"/>).
    /// </summary>
    public int MatchWindow { get; init; }

    /// <summary>
    /// Whether an encoder that has its whole input in memory looks for long repeats beyond <see cref="MatchWindow"/>
    /// with <see cref="LzmaFarMatches"/>.
    /// </summary>
    public bool FarMatches { get; init; }

    /// <summary>How far back the tree reaches: <see cref="MatchWindow"/> when set and below the dictionary, else the dictionary.</summary>
    public int TreeReach => MatchWindow > 0 && MatchWindow < DictionarySize ? MatchWindow : DictionarySize;

    /// <summary>Literal context bits.</summary>
    public const int Lc = 3;

    /// <summary>Literal position bits.</summary>
    public const int Lp = 0;

    /// <summary>Position bits.</summary>
    public const int Pb = 2;
}

/// <summary>
/// Streaming LZMA2 encoder for one .xz block at a time: an LZMA encoder (range coder, literal/match/rep coding,
/// adaptive probabilities and their prices) over <see cref="LzmaMatchFinder"/>, cut into LZMA2 chunks of at most
/// 2 MiB uncompressed and 64 KiB compressed, with stored chunks where compression does not help.
/// </summary>
internal sealed partial class Lzma2Encoder
{
    private const int NumStates = 12;
    private const int MaxPosStates = 16;
    private const int LenLowSymbols = 8;
    private const int LenSymbols = 2 + 8 + 8 + 256 - 2; // 272 coded lengths, 2..273
    private const int MaxChunkUncompressed = 1 << 21;
    private const int MaxChunkCompressed = 1 << 16;
    private const int MaxStoredChunk = 1 << 16;
    private const int DenseHistory = 1 << 20; // preloaded history this close to the start is inserted at every position
    private const int HistoryStride = 4;       // older preloaded history: every HistoryStride-th position
    private const int SymbolMargin = 48; // more than the largest single symbol can add to the range coder output

    private readonly LzmaEncoderSettings _settings;
    private readonly LzmaMatchFinder _mf;
    private readonly int _nice;
    private readonly int _lc = LzmaEncoderSettings.Lc;
    private readonly int _lpMask = (1 << LzmaEncoderSettings.Lp) - 1;
    private readonly int _pbMask = (1 << LzmaEncoderSettings.Pb) - 1;
    private readonly byte _propsByte = (byte)((((LzmaEncoderSettings.Pb * 5) + LzmaEncoderSettings.Lp) * 9) + LzmaEncoderSettings.Lc);

    // Probabilities (same layout as LzmaDecoder).
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
    private readonly ushort[] _literal = new ushort[0x300 << (LzmaEncoderSettings.Lc + LzmaEncoderSettings.Lp)];

    // Coder state.
    private int _state;
    private readonly int[] _reps = new int[4];
    private int _encodePos;  // global position (match finder coordinates) of the next byte to code
    private long _blockPos;  // bytes coded since the block (dictionary) started
    private int _historyEnd; // global position where preloaded history ends (see ContinueAfter)

    // Range encoder over the current chunk.
    private readonly byte[] _rc = new byte[MaxChunkCompressed + 256];
    private int _rcPos;
    private ulong _low;
    private uint _range;
    private byte _cache;
    private long _cacheSize;

    // LZMA2 chunk state.
    private bool _chunkOpen;
    private int _chunkStart;
    private int _chunkUncompressed;
    private bool _needDictReset;
    private bool _needProps;
    private bool _needStateReset;

    public Lzma2Encoder(LzmaEncoderSettings settings)
        : this(settings, new LzmaMatchFinderStorage())
    {
    }

    /// <summary>Creates an encoder whose match finder works in <paramref name="storage"/> (see <see cref="LzmaMatchFinderPool"/>).</summary>
    public Lzma2Encoder(LzmaEncoderSettings settings, LzmaMatchFinderStorage storage)
    {
        _settings = settings;
        _mf = new LzmaMatchFinder(settings.DictionarySize, settings.NiceLength, settings.Depth, settings.BinaryTree, storage, settings.TreeReach);
        _nice = _mf.NiceLength;
        InitParser();
        Reset();
    }

    public LzmaEncoderSettings Settings => _settings;

    /// <summary>The match finder (exposed so tests can force position renormalisation early).</summary>
    internal LzmaMatchFinder MatchFinder => _mf;

    /// <summary>Starts a new block: forgets history and requests a dictionary reset in the first chunk.</summary>
    public void Reset()
    {
        _mf.Reset();
        _encodePos = _mf.Position;
        _historyEnd = _encodePos;
        _blockPos = 0;
        _chunkOpen = false;
        _needDictReset = true;
        _needProps = true;
        _needStateReset = true;
        _cacheValid = false;
        ResetState();
    }

    /// <summary>
    /// Starts coding in the middle of a block (call right after <see cref="Reset"/>): <paramref name="history"/> is the
    /// data the decoder already holds just before this point (at most the dictionary size), and
    /// <paramref name="blockOffset"/> the uncompressed offset of this point in the block. The history is added to the
    /// dictionary without being coded, and the first chunk resets the coder state and repeats the properties but keeps
    /// the dictionary (LZMA2 control 0xC0), so chunks
    /// written from here can be appended to the chunks (without end marker) of whoever coded the data before them.
    /// </summary>
    public void ContinueAfter(ReadOnlySpan<byte> history, long blockOffset)
    {
        if (history.Length > _settings.DictionarySize || history.Length > blockOffset || blockOffset <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(history), "The history must be non-empty, within the dictionary and not before the block.");
        }

        while (!history.IsEmpty)
        {
            int n = _mf.Write(history, _mf.Position);
            history = history[n..];
            if (n == 0)
            {
                throw new InvalidOperationException("The match finder window cannot hold the history.");
            }
        }

        _historyEnd = _mf.End;
        _encodePos = _mf.End;
        _blockPos = blockOffset;
        _needDictReset = false;

        // The properties again (LZMA2 control 0xC0 rather than 0xA0): whoever coded the data before may have written
        // only uncompressed chunks (incompressible input), and then the decoder has not seen them yet.
        _needProps = true;
        _needStateReset = true;
    }

    /// <summary>
    /// Lets the match finder report <paramref name="matches"/> (stream offsets counted from the first history byte,
    /// or from the first byte written when there is no history): call after <see cref="Reset"/> and
    /// <see cref="ContinueAfter"/>, before writing.
    /// </summary>
    public void SetFarMatches(LzmaFarMatches matches) => _mf.SetFarMatches(matches);

    /// <summary>Marks raw blocks (see <see cref="LzmaMatchFinder.SetRawBlocks"/>; same offsets and timing as <see cref="SetFarMatches"/>).</summary>
    public void SetRawBlocks(byte[] flags) => _mf.SetRawBlocks(flags);

    /// <summary>
    /// Codes straight from <paramref name="array"/> instead of copying into a window of the encoder's own (see
    /// <see cref="LzmaMatchFinder.UseWindow"/>; call right after <see cref="Reset"/>): every later write, history
    /// included, passes the next bytes of <c>array[offset..(offset + length)]</c>. False if not possible.
    /// </summary>
    public bool UseWindow(byte[] array, int offset, int length) => _mf.UseWindow(array, offset, length);

    /// <summary>Pre-sizes the match finder for an input of <paramref name="totalBytes"/> bytes (history included).</summary>
    public void Reserve(long totalBytes) => _mf.Reserve(totalBytes);

    /// <summary>Compresses <paramref name="data"/>, appending finished LZMA2 chunks to <paramref name="output"/>.</summary>
    public void Write(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        while (!data.IsEmpty)
        {
            int n = _mf.Write(data, _chunkOpen ? _chunkStart : _encodePos);
            data = data[n..];
            int sub = _mf.NormalizeIfNeeded();
            _encodePos -= sub;
            _chunkStart -= sub;
            _historyEnd -= sub;
            EncodeAvailable(finishing: false, output);
        }
    }

    /// <summary>Codes all buffered input and closes the current chunk (the block continues).</summary>
    public void Flush(IBufferWriter<byte> output)
    {
        EncodeAvailable(finishing: true, output);
        if (_chunkOpen)
        {
            FlushChunk(output);
        }
    }

    /// <summary>Codes all buffered input and writes the LZMA2 end marker; call <see cref="Reset"/> before reuse.</summary>
    public void Finish(IBufferWriter<byte> output)
    {
        Flush(output);
        output.GetSpan(1)[0] = 0;
        output.Advance(1);
    }

    /// <summary>The LZMA2 dictionary-size property byte for a block header (the smallest size not below ours).</summary>
    public static byte DictionaryProperty(int dictSize)
    {
        for (int p = 0; p < 40; p++)
        {
            long size = (2L | (uint)(p & 1)) << ((p / 2) + 11);
            if (size >= dictSize)
            {
                return (byte)p;
            }
        }

        return 40;
    }

    private void EncodeAvailable(bool finishing, IBufferWriter<byte> output)
    {
        int required = OptCount + LzmaMatchFinder.MaxMatchLength + 1;
        if (_mf.Position < _historyEnd)
        {
            // Insert the history positions once enough follows them to see matches as long as in one pass.
            if (!finishing && _mf.End - _historyEnd < required)
            {
                return;
            }

            // History beyond the tree's reach cannot be found by it (only by far matches, which index it themselves);
            // distant history only needs to be findable for long matches: insert every fourth position there.
            int unreachable = Math.Max(0, _historyEnd - _mf.Position - _mf.TreeReach);
            _mf.Pass(unreachable);
            int sparse = Math.Max(0, _historyEnd - _mf.Position - DenseHistory);
            _mf.Skip(sparse, HistoryStride);
            _mf.Skip(_historyEnd - _mf.Position);
        }

        while (true)
        {
            int avail = _mf.End - _encodePos;
            if (avail == 0 || (!finishing && avail < required))
            {
                return;
            }

            int n = _settings.Optimal ? ParseOptimal(avail) : ParseFast(avail);
            for (int i = 0; i < n; i++)
            {
                EncodeDecision(_decLen[i], _decDist[i], output);
            }
        }
    }

    private void ResetState()
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
        _literal.AsSpan().Fill(half);
        _state = 0;
        _reps[0] = _reps[1] = _reps[2] = _reps[3] = 0;
        InvalidatePrices();
    }

    // ---- LZMA2 chunks ----

    private void BeginSymbol(int len, IBufferWriter<byte> output)
    {
        if (_chunkOpen
            && (_chunkUncompressed + len > MaxChunkUncompressed || _rcPos + _cacheSize + 4 + SymbolMargin > MaxChunkCompressed))
        {
            FlushChunk(output);
        }

        if (!_chunkOpen)
        {
            if (_needStateReset)
            {
                ResetState();
            }

            _low = 0;
            _range = uint.MaxValue;
            _cache = 0;
            _cacheSize = 1;
            _rcPos = 0;
            _chunkOpen = true;
            _chunkStart = _encodePos;
            _chunkUncompressed = 0;
        }
    }

    private void FlushChunk(IBufferWriter<byte> output)
    {
        for (int i = 0; i < 5; i++)
        {
            ShiftLow();
        }

        int csize = _rcPos;
        int unc = _chunkUncompressed;
        int reset = _needDictReset ? 3 : _needProps ? 2 : _needStateReset ? 1 : 0;
        int lzmaTotal = csize + (reset >= 2 ? 6 : 5);
        int storedTotal = unc + (3 * ((unc + MaxStoredChunk - 1) / MaxStoredChunk));
        _chunkOpen = false;
        if (lzmaTotal < storedTotal)
        {
            Span<byte> span = output.GetSpan(lzmaTotal);
            int u = unc - 1;
            int c = csize - 1;
            span[0] = (byte)(0x80 | (reset << 5) | (u >> 16));
            span[1] = (byte)(u >> 8);
            span[2] = (byte)u;
            span[3] = (byte)(c >> 8);
            span[4] = (byte)c;
            int h = 5;
            if (reset >= 2)
            {
                span[5] = _propsByte;
                h = 6;
            }

            _rc.AsSpan(0, csize).CopyTo(span[h..]);
            output.Advance(lzmaTotal);
            _needDictReset = _needProps = _needStateReset = false;
            return;
        }

        // Stored: the bytes are still in the window (it keeps whole chunks).
        ReadOnlySpan<byte> raw = _mf.Buffer.AsSpan(_chunkStart - _mf.BufferStart, unc);
        while (!raw.IsEmpty)
        {
            int n = Math.Min(raw.Length, MaxStoredChunk);
            Span<byte> span = output.GetSpan(n + 3);
            span[0] = (byte)(_needDictReset ? 1 : 2);
            span[1] = (byte)((n - 1) >> 8);
            span[2] = (byte)(n - 1);
            raw[..n].CopyTo(span[3..]);
            output.Advance(n + 3);
            raw = raw[n..];
            _needDictReset = false;
        }

        // The coder's probabilities advanced over data the decoder will not see coded: reset both sides.
        _needStateReset = true;
    }

    // ---- Range encoder ----

    private void ShiftLow()
    {
        if ((uint)_low < 0xFF00_0000u || (_low >> 32) != 0)
        {
            byte carry = (byte)(_low >> 32);
            byte temp = _cache;
            byte[] rc = _rc;
            do
            {
                rc[_rcPos++] = (byte)(temp + carry);
                temp = 0xFF;
            }
            while (--_cacheSize != 0);

            _cache = (byte)(_low >> 24);
        }

        _cacheSize++;
        _low = (_low & 0x00FF_FFFF) << 8;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EncodeBit(ref ushort prob, int bit)
    {
        uint p = prob;
        uint bound = (_range >> 11) * p;
        if (bit == 0)
        {
            _range = bound;
            prob = (ushort)(p + ((2048 - p) >> 5));
        }
        else
        {
            _low += bound;
            _range -= bound;
            prob = (ushort)(p - (p >> 5));
        }

        while (_range < (1u << 24))
        {
            _range <<= 8;
            ShiftLow();
        }
    }

    private void EncodeDirect(int value, int count)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            _range >>= 1;
            if (((value >> i) & 1) != 0)
            {
                _low += _range;
            }

            while (_range < (1u << 24))
            {
                _range <<= 8;
                ShiftLow();
            }
        }
    }

    private void EncodeTree(ushort[] probs, int offset, int bits, int symbol)
    {
        int m = 1;
        for (int i = bits - 1; i >= 0; i--)
        {
            int bit = (symbol >> i) & 1;
            EncodeBit(ref probs[offset + m], bit);
            m = (m << 1) | bit;
        }
    }

    private void EncodeReverseTree(ushort[] probs, int offset, int bits, int symbol)
    {
        int m = 1;
        for (int i = 0; i < bits; i++)
        {
            int bit = symbol & 1;
            symbol >>= 1;
            EncodeBit(ref probs[offset + m], bit);
            m = (m << 1) | bit;
        }
    }

    // Layout: [0] choice, [1] choice2, [2..130) low (16 pos states x 8), [130..258) mid, [258..514) high.
    private void EncodeLength(ushort[] probs, int symbol, int posState)
    {
        if (symbol < 8)
        {
            EncodeBit(ref probs[0], 0);
            EncodeTree(probs, 2 + (posState * LenLowSymbols) - 1, 3, symbol);
        }
        else if (symbol < 16)
        {
            EncodeBit(ref probs[0], 1);
            EncodeBit(ref probs[1], 0);
            EncodeTree(probs, 130 + (posState * LenLowSymbols) - 1, 3, symbol - 8);
        }
        else
        {
            EncodeBit(ref probs[0], 1);
            EncodeBit(ref probs[1], 1);
            EncodeTree(probs, 258 - 1, 8, symbol - 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DistanceSlot(int dist)
    {
        if (dist < 4)
        {
            return dist;
        }

        int n = BitOperations.Log2((uint)dist);
        return (n << 1) | ((dist >> (n - 1)) & 1);
    }

    private void EncodeDistance(int dist, int len)
    {
        int lenState = Math.Min(len - 2, 3);
        int slot = DistanceSlot(dist);
        EncodeTree(_posSlot, (lenState * 64) - 1, 6, slot);
        if (slot < 4)
        {
            return;
        }

        int footerBits = (slot >> 1) - 1;
        int baseDist = (2 | (slot & 1)) << footerBits;
        int reduced = dist - baseDist;
        if (slot < 14)
        {
            EncodeReverseTree(_specPos, baseDist - slot - 1, footerBits, reduced);
        }
        else
        {
            EncodeDirect(reduced >> 4, footerBits - 4);
            EncodeReverseTree(_align, -1, 4, reduced & 15);
            _alignCount++;
        }

        _distCount++;
    }

    private void EncodeLiteral(byte[] buf, int bi)
    {
        int prevByte = _blockPos == 0 ? 0 : buf[bi - 1];
        int litBase = 0x300 * ((((int)_blockPos & _lpMask) << _lc) + (prevByte >> (8 - _lc)));
        int cur = buf[bi];
        ushort[] lit = _literal;
        int symbol = 1;
        int i = 7;
        if (_state >= 7)
        {
            int matchByte = buf[bi - _reps[0] - 1];
            for (; i >= 0; i--)
            {
                int bit = (cur >> i) & 1;
                int matchBit = (matchByte >> i) & 1;
                EncodeBit(ref lit[litBase + ((1 + matchBit) << 8) + symbol], bit);
                symbol = (symbol << 1) | bit;
                if (matchBit != bit)
                {
                    i--;
                    break;
                }
            }
        }

        for (; i >= 0; i--)
        {
            int bit = (cur >> i) & 1;
            EncodeBit(ref lit[litBase + symbol], bit);
            symbol = (symbol << 1) | bit;
        }
    }

    /// <summary>Codes one parser decision: a literal (<paramref name="dist"/> &lt; 0), a short rep, a rep or a match.</summary>
    private void EncodeDecision(int len, int dist, IBufferWriter<byte> output)
    {
        BeginSymbol(len, output);
        int posState = (int)_blockPos & _pbMask;
        int state = _state;
        byte[] buf = _mf.Buffer;
        int bi = _encodePos - _mf.BufferStart;
        if (dist < 0 || (len == 1 && (dist != _reps[0] || _reps[0] >= _blockPos)))
        {
            EncodeBit(ref _isMatch[(state << 4) + posState], 0);
            EncodeLiteral(buf, bi);
            _state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
            len = 1;
        }
        else if (len == 1)
        {
            EncodeBit(ref _isMatch[(state << 4) + posState], 1);
            EncodeBit(ref _isRep[state], 1);
            EncodeBit(ref _isRepG0[state], 0);
            EncodeBit(ref _isRep0Long[(state << 4) + posState], 0);
            _state = state < 7 ? 9 : 11;
        }
        else
        {
            int[] reps = _reps;
            int k = dist == reps[0] ? 0 : dist == reps[1] ? 1 : dist == reps[2] ? 2 : dist == reps[3] ? 3 : -1;
            EncodeBit(ref _isMatch[(state << 4) + posState], 1);
            if (k >= 0)
            {
                EncodeBit(ref _isRep[state], 1);
                if (k == 0)
                {
                    EncodeBit(ref _isRepG0[state], 0);
                    EncodeBit(ref _isRep0Long[(state << 4) + posState], 1);
                }
                else
                {
                    EncodeBit(ref _isRepG0[state], 1);
                    if (k == 1)
                    {
                        EncodeBit(ref _isRepG1[state], 0);
                    }
                    else
                    {
                        EncodeBit(ref _isRepG1[state], 1);
                        EncodeBit(ref _isRepG2[state], k - 2);
                        if (k == 3)
                        {
                            reps[3] = reps[2];
                        }
                    }

                    if (k >= 2)
                    {
                        reps[2] = reps[1];
                    }

                    reps[1] = reps[0];
                    reps[0] = dist;
                }

                EncodeLength(_repLen, len - 2, posState);
                _repLenCount++;
                _state = state < 7 ? 8 : 11;
            }
            else
            {
                EncodeBit(ref _isRep[state], 0);
                EncodeLength(_matchLen, len - 2, posState);
                _matchLenCount++;
                EncodeDistance(dist, len);
                reps[3] = reps[2];
                reps[2] = reps[1];
                reps[1] = reps[0];
                reps[0] = dist;
                _state = state < 7 ? 7 : 10;
            }
        }

        _encodePos += len;
        _blockPos += len;
        _chunkUncompressed += len;
    }
}
