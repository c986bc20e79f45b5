using System.Runtime.CompilerServices;

namespace OstreeSharp.Compression;

/// <summary>The parsers of <see cref="Lzma2Encoder"/>: price-based optimal parsing and a fast greedy/lazy one.</summary>
internal sealed partial class Lzma2Encoder
{
    /// <summary>The most positions one optimal parse looks ahead.</summary>
    private const int OptCount = 4096;
    private const int OptSize = OptCount + LzmaMatchFinder.MaxMatchLength + 2;
    private const int MaxPairs = 2 * (LzmaMatchFinder.MaxMatchLength + 2);
    private const int LenRefresh = 64;
    private const int DistRefresh = 128;
    private const int AlignRefresh = 16;

    // Parser output.
    private int[] _decLen = [];
    private int[] _decDist = [];

    // Match finder results and the one-position cache (matches found at the next position to code).
    private int[] _pairs = [];
    private int[] _cachePairs = [];
    private int _cacheCount;
    private bool _cacheValid;

    // Optimal parser nodes.
    private int[] _optPrice = [];
    private int[] _optPrev = [];
    private int[] _optDist = [];
    private int[] _optState = [];
    private int[] _optReps = [];

    // Prices.
    private readonly int[] _matchLenPrices = new int[MaxPosStates * LenSymbols];
    private readonly int[] _repLenPrices = new int[MaxPosStates * LenSymbols];
    private readonly int[] _slotPrices = new int[4 * 64];
    private readonly int[] _distPrices = new int[4 * 128];
    private readonly int[] _alignPrices = new int[16];
    private int _matchLenCount;
    private int _repLenCount;
    private int _distCount;
    private int _alignCount;

    private void InitParser()
    {
        _decLen = new int[OptSize];
        _decDist = new int[OptSize];
        _pairs = new int[MaxPairs];
        _cachePairs = new int[MaxPairs];
        if (_settings.Optimal)
        {
            _optPrice = new int[OptSize];
            _optPrev = new int[OptSize];
            _optDist = new int[OptSize];
            _optState = new int[OptSize];
            _optReps = new int[4 * OptSize];
        }
    }

    private void InvalidatePrices()
    {
        _matchLenCount = LenRefresh;
        _repLenCount = LenRefresh;
        _distCount = DistRefresh;
        _alignCount = AlignRefresh;
    }

    private void RefreshPrices()
    {
        if (_matchLenCount >= LenRefresh)
        {
            FillLengthPrices(_matchLen, _matchLenPrices);
            _matchLenCount = 0;
        }

        if (_repLenCount >= LenRefresh)
        {
            FillLengthPrices(_repLen, _repLenPrices);
            _repLenCount = 0;
        }

        if (_distCount >= DistRefresh)
        {
            FillDistancePrices();
            _distCount = 0;
        }

        if (_alignCount >= AlignRefresh)
        {
            for (int i = 0; i < 16; i++)
            {
                _alignPrices[i] = LzmaPrices.ReverseTree(_align, -1, 4, i);
            }

            _alignCount = 0;
        }
    }

    private void FillLengthPrices(ushort[] probs, int[] prices)
    {
        int choice0 = LzmaPrices.Zero(probs[0]);
        int choice1 = LzmaPrices.One(probs[0]);
        int mid = choice1 + LzmaPrices.Zero(probs[1]);
        int high = choice1 + LzmaPrices.One(probs[1]);
        int posStates = _pbMask + 1;
        Span<int> highPrices = stackalloc int[256];
        for (int s = 0; s < 256; s++)
        {
            highPrices[s] = high + LzmaPrices.Tree(probs, 258 - 1, 8, s);
        }

        for (int ps = 0; ps < posStates; ps++)
        {
            int b = ps * LenSymbols;
            for (int s = 0; s < 8; s++)
            {
                prices[b + s] = choice0 + LzmaPrices.Tree(probs, 2 + (ps * LenLowSymbols) - 1, 3, s);
                prices[b + 8 + s] = mid + LzmaPrices.Tree(probs, 130 + (ps * LenLowSymbols) - 1, 3, s);
            }

            highPrices[..(LenSymbols - 16)].CopyTo(prices.AsSpan(b + 16));
        }
    }

    private void FillDistancePrices()
    {
        for (int ls = 0; ls < 4; ls++)
        {
            for (int slot = 0; slot < 64; slot++)
            {
                int price = LzmaPrices.Tree(_posSlot, (ls * 64) - 1, 6, slot);
                if (slot >= 14)
                {
                    price += ((slot >> 1) - 1 - 4) * LzmaPrices.BitPrice;
                }

                _slotPrices[(ls * 64) + slot] = price;
            }

            for (int dist = 0; dist < 128; dist++)
            {
                int slot = DistanceSlot(dist);
                int price = _slotPrices[(ls * 64) + slot];
                if (slot >= 4)
                {
                    int footerBits = (slot >> 1) - 1;
                    int baseDist = (2 | (slot & 1)) << footerBits;
                    price += LzmaPrices.ReverseTree(_specPos, baseDist - slot - 1, footerBits, dist - baseDist);
                }

                _distPrices[(ls * 128) + dist] = price;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int MatchPrice(int dist, int len, int posState)
    {
        int lenState = len < 6 ? len - 2 : 3;
        int price = _matchLenPrices[(posState * LenSymbols) + len - 2];
        if (dist < 128)
        {
            return price + _distPrices[(lenState * 128) + dist];
        }

        return price + _slotPrices[(lenState * 64) + DistanceSlot(dist)] + _alignPrices[dist & 15];
    }

    /// <summary>Price of the rep selector bits (after isMatch) for rep <paramref name="k"/> of length at least 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int RepPrice(int k, int state, int posState)
    {
        int price = LzmaPrices.One(_isRep[state]);
        if (k == 0)
        {
            return price + LzmaPrices.Zero(_isRepG0[state]) + LzmaPrices.One(_isRep0Long[(state << 4) + posState]);
        }

        price += LzmaPrices.One(_isRepG0[state]);
        if (k == 1)
        {
            return price + LzmaPrices.Zero(_isRepG1[state]);
        }

        return price + LzmaPrices.One(_isRepG1[state]) + LzmaPrices.Bit(_isRepG2[state], k - 2);
    }

    private int ShortRepPrice(int state, int posState) =>
        LzmaPrices.One(_isMatch[(state << 4) + posState]) + LzmaPrices.One(_isRep[state])
        + LzmaPrices.Zero(_isRepG0[state]) + LzmaPrices.Zero(_isRep0Long[(state << 4) + posState]);

    private int LiteralPrice(byte[] buf, int bi, long blockPos, int state, int rep0)
    {
        int prevByte = blockPos == 0 ? 0 : buf[bi - 1];
        int litBase = 0x300 * ((((int)blockPos & _lpMask) << _lc) + (prevByte >> (8 - _lc)));
        int cur = buf[bi];
        ushort[] lit = _literal;
        int price = 0;
        int symbol = 1;
        int i = 7;
        if (state >= 7)
        {
            int matchByte = buf[bi - rep0 - 1];
            for (; i >= 0; i--)
            {
                int bit = (cur >> i) & 1;
                int matchBit = (matchByte >> i) & 1;
                price += LzmaPrices.Bit(lit[litBase + ((1 + matchBit) << 8) + symbol], bit);
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
            price += LzmaPrices.Bit(lit[litBase + symbol], bit);
            symbol = (symbol << 1) | bit;
        }

        return price;
    }

    /// <summary>Matches at <see cref="_encodePos"/>, from the cache or the match finder (which then moves past it).</summary>
    private int MatchesAtStart()
    {
        if (_cacheValid)
        {
            _cacheValid = false;
            _cachePairs.AsSpan(0, 2 * _cacheCount).CopyTo(_pairs);
            return _cacheCount;
        }

        return _mf.FindMatches(_pairs);
    }

    private void CacheMatches(int count)
    {
        _pairs.AsSpan(0, 2 * count).CopyTo(_cachePairs);
        _cacheCount = count;
        _cacheValid = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MatchLength(byte[] buf, int bi, int dist, int limit)
    {
        int src = bi - dist - 1;
        if (limit < 2 || buf[src] != buf[bi] || buf[src + 1] != buf[bi + 1])
        {
            return 0;
        }

        return 2 + buf.AsSpan(src + 2, limit - 2).CommonPrefixLength(buf.AsSpan(bi + 2, limit - 2));
    }

    private int Single(int len, int dist)
    {
        _decLen[0] = len;
        _decDist[0] = dist;
        return 1;
    }

    /// <summary>Fast parsing: the longest match, unless a rep match is nearly as long or the next position does better.</summary>
    private int ParseFast(int avail)
    {
        byte[] buf = _mf.Buffer;
        int bi = _encodePos - _mf.BufferStart;
        int limit = Math.Min(avail, LzmaMatchFinder.MaxMatchLength);
        int count = MatchesAtStart();
        int[] pairs = _pairs;

        int repLen = 0, repDist = 0;
        for (int k = 0; k < 4; k++)
        {
            int d = _reps[k];
            if (d < _blockPos)
            {
                int len = MatchLength(buf, bi, d, limit);
                if (len > repLen)
                {
                    repLen = len;
                    repDist = d;
                }
            }
        }

        if (repLen >= _nice)
        {
            _mf.Skip(repLen - 1);
            return Single(repLen, repDist);
        }

        int mainLen = 0, mainDist = 0;
        if (count > 0)
        {
            mainLen = pairs[(2 * count) - 2];
            mainDist = pairs[(2 * count) - 1];
            if (mainLen >= _nice)
            {
                mainLen = Math.Max(mainLen, MatchLength(buf, bi, mainDist, limit));
                _mf.Skip(mainLen - 1);
                return Single(mainLen, mainDist);
            }

            // Prefer a one byte shorter match that is much closer.
            while (count > 1 && pairs[(2 * count) - 4] + 1 == mainLen && (mainDist >> 7) > pairs[(2 * count) - 3])
            {
                count--;
                mainLen = pairs[(2 * count) - 2];
                mainDist = pairs[(2 * count) - 1];
            }

            if (mainLen == 2 && mainDist >= 128)
            {
                mainLen = 1;
            }
        }

        if (repLen >= 2 && (repLen + 1 >= mainLen || (repLen + 2 >= mainLen && mainDist >= (1 << 9))
            || (repLen + 3 >= mainLen && mainDist >= (1 << 15))))
        {
            _mf.Skip(repLen - 1);
            return Single(repLen, repDist);
        }

        if (mainLen < 2 || avail < 3)
        {
            if (mainLen >= 2)
            {
                _mf.Skip(mainLen - 1);
                return Single(mainLen, mainDist);
            }

            return Single(1, -1);
        }

        // One step of lazy evaluation: look at the next position.
        int next = _mf.FindMatches(pairs);
        CacheMatches(next);
        if (next > 0)
        {
            int nextLen = pairs[(2 * next) - 2];
            int nextDist = pairs[(2 * next) - 1];
            if ((nextLen >= mainLen && nextDist < mainDist) || (nextLen == mainLen + 1 && (nextDist >> 7) <= mainDist)
                || nextLen > mainLen + 1)
            {
                return Single(1, -1);
            }
        }

        int limit1 = Math.Min(avail - 1, LzmaMatchFinder.MaxMatchLength);
        for (int k = 0; k < 4; k++)
        {
            int d = _reps[k];
            if (d < _blockPos + 1 && MatchLength(buf, bi + 1, d, limit1) + 1 >= mainLen)
            {
                return Single(1, -1);
            }
        }

        _cacheValid = false;
        _mf.Skip(mainLen - 2);
        return Single(mainLen, mainDist);
    }

    /// <summary>
    /// Optimal parsing: the cheapest path, by current prices, through literals, short reps, rep matches and matches
    /// over up to <see cref="OptCount"/> positions. Returns the decision count.
    /// </summary>
    private int ParseOptimal(int avail)
    {
        RefreshPrices();
        byte[] buf = _mf.Buffer;
        int start = _encodePos;
        int bi0 = start - _mf.BufferStart;
        long blockPos0 = _blockPos;
        int limit = Math.Min(avail, LzmaMatchFinder.MaxMatchLength);
        int count = MatchesAtStart();
        int[] pairs = _pairs;
        int[] reps0 = _reps;
        Span<int> repLens = stackalloc int[4];
        int repBest = 0;
        for (int k = 0; k < 4; k++)
        {
            repLens[k] = reps0[k] < blockPos0 ? MatchLength(buf, bi0, reps0[k], limit) : 0;
            if (repLens[k] > repLens[repBest])
            {
                repBest = k;
            }
        }

        if (repLens[repBest] >= _nice)
        {
            _mf.Skip(repLens[repBest] - 1);
            return Single(repLens[repBest], reps0[repBest]);
        }

        int mainLen = count > 0 ? pairs[(2 * count) - 2] : 0;
        if (mainLen >= _nice)
        {
            int d = pairs[(2 * count) - 1];
            mainLen = Math.Max(mainLen, MatchLength(buf, bi0, d, limit));
            _mf.Skip(mainLen - 1);
            return Single(mainLen, d);
        }

        byte curByte = buf[bi0];
        bool rep0Ok = reps0[0] < blockPos0;
        bool shortRep = rep0Ok && buf[bi0 - reps0[0] - 1] == curByte;
        if (mainLen < 2 && repLens[repBest] < 2 && !shortRep)
        {
            return Single(1, -1);
        }

        int[] optPrice = _optPrice;
        int[] optPrev = _optPrev;
        int[] optDist = _optDist;
        int[] optState = _optState;
        int[] optReps = _optReps;
        int state = _state;
        int posState = (int)blockPos0 & _pbMask;

        optState[0] = state;
        optReps[0] = reps0[0];
        optReps[1] = reps0[1];
        optReps[2] = reps0[2];
        optReps[3] = reps0[3];
        optPrice[0] = 0;

        int matchBit1 = LzmaPrices.One(_isMatch[(state << 4) + posState]);
        optPrice[1] = LzmaPrices.Zero(_isMatch[(state << 4) + posState]) + LiteralPrice(buf, bi0, blockPos0, state, reps0[0]);
        optPrev[1] = 0;
        optDist[1] = -1;
        if (shortRep)
        {
            int p = ShortRepPrice(state, posState);
            if (p < optPrice[1])
            {
                optPrice[1] = p;
                optDist[1] = reps0[0];
            }
        }

        int lenEnd = Math.Max(mainLen, repLens[repBest]);
        if (lenEnd < 2)
        {
            return Single(1, optDist[1]);
        }

        for (int i = 2; i <= lenEnd; i++)
        {
            optPrice[i] = LzmaPrices.Infinity;
        }

        for (int k = 0; k < 4; k++)
        {
            int repLen = repLens[k];
            if (repLen < 2)
            {
                continue;
            }

            int basePrice = matchBit1 + RepPrice(k, state, posState);
            int lb = posState * LenSymbols;
            for (int l = 2; l <= repLen; l++)
            {
                int p = basePrice + _repLenPrices[lb + l - 2];
                if (p < optPrice[l])
                {
                    optPrice[l] = p;
                    optPrev[l] = 0;
                    optDist[l] = reps0[k];
                }
            }
        }

        AddMatches(0, matchBit1 + LzmaPrices.Zero(_isRep[state]), repLens[0] >= 2 ? repLens[0] + 1 : 2, count, posState);

        int cur = 0;
        while (true)
        {
            cur++;
            if (cur == lenEnd || cur >= OptCount)
            {
                break;
            }

            // The coder state on arrival at cur.
            int prev = optPrev[cur];
            int dist = optDist[cur];
            int st = optState[prev];
            int pr = 4 * prev;
            int r0 = optReps[pr], r1 = optReps[pr + 1], r2 = optReps[pr + 2], r3 = optReps[pr + 3];
            if (dist < 0)
            {
                st = st < 4 ? 0 : st < 10 ? st - 3 : st - 6;
            }
            else if (cur - prev == 1 && dist == r0)
            {
                st = st < 7 ? 9 : 11;
            }
            else if (dist == r0)
            {
                st = st < 7 ? 8 : 11;
            }
            else if (dist == r1)
            {
                st = st < 7 ? 8 : 11;
                r1 = r0;
                r0 = dist;
            }
            else if (dist == r2)
            {
                st = st < 7 ? 8 : 11;
                r2 = r1;
                r1 = r0;
                r0 = dist;
            }
            else if (dist == r3)
            {
                st = st < 7 ? 8 : 11;
                r3 = r2;
                r2 = r1;
                r1 = r0;
                r0 = dist;
            }
            else
            {
                st = st < 7 ? 7 : 10;
                r3 = r2;
                r2 = r1;
                r1 = r0;
                r0 = dist;
            }

            optState[cur] = st;
            int cr = 4 * cur;
            optReps[cr] = r0;
            optReps[cr + 1] = r1;
            optReps[cr + 2] = r2;
            optReps[cr + 3] = r3;

            int bi = bi0 + cur;
            long blockPos = blockPos0 + cur;
            int availHere = avail - cur;
            int lim = Math.Min(availHere, LzmaMatchFinder.MaxMatchLength);
            count = _mf.FindMatches(pairs);
            mainLen = count > 0 ? pairs[(2 * count) - 2] : 0;
            if (mainLen >= _nice)
            {
                CacheMatches(count);
                break;
            }

            bool longRep = false;
            int maxRep = 0;
            for (int k = 0; k < 4; k++)
            {
                int d = optReps[cr + k];
                int len = d < blockPos && lim >= 2 ? MatchLength(buf, bi, d, lim) : 0;
                repLens[k] = len;
                maxRep = Math.Max(maxRep, len);
                longRep |= len >= _nice;
            }

            if (longRep)
            {
                CacheMatches(count);
                break;
            }

            int curPrice = optPrice[cur];
            posState = (int)blockPos & _pbMask;
            int isMatchIdx = (st << 4) + posState;
            int need = cur + Math.Max(1, Math.Max(mainLen, maxRep));
            while (lenEnd < need)
            {
                optPrice[++lenEnd] = LzmaPrices.Infinity;
            }

            int litPrice = curPrice + LzmaPrices.Zero(_isMatch[isMatchIdx]) + LiteralPrice(buf, bi, blockPos, st, r0);
            if (litPrice < optPrice[cur + 1])
            {
                optPrice[cur + 1] = litPrice;
                optPrev[cur + 1] = cur;
                optDist[cur + 1] = -1;
            }

            if (r0 < blockPos && buf[bi - r0 - 1] == buf[bi])
            {
                int p = curPrice + ShortRepPrice(st, posState);
                if (p < optPrice[cur + 1])
                {
                    optPrice[cur + 1] = p;
                    optPrev[cur + 1] = cur;
                    optDist[cur + 1] = r0;
                }
            }

            if (lim < 2)
            {
                continue;
            }

            matchBit1 = curPrice + LzmaPrices.One(_isMatch[isMatchIdx]);
            for (int k = 0; k < 4; k++)
            {
                int repLen = repLens[k];
                if (repLen < 2)
                {
                    continue;
                }

                int basePrice = matchBit1 + RepPrice(k, st, posState);
                int lb = posState * LenSymbols;
                int d = optReps[cr + k];
                for (int l = 2; l <= repLen; l++)
                {
                    int p = basePrice + _repLenPrices[lb + l - 2];
                    if (p < optPrice[cur + l])
                    {
                        optPrice[cur + l] = p;
                        optPrev[cur + l] = cur;
                        optDist[cur + l] = d;
                    }
                }
            }

            AddMatches(cur, matchBit1 + LzmaPrices.Zero(_isRep[st]), repLens[0] >= 2 ? repLens[0] + 1 : 2, count, posState);
        }

        // Walk back from cur and emit the path forwards.
        int n = 0;
        for (int i = cur; i > 0; i = optPrev[i])
        {
            n++;
        }

        int j = n;
        for (int i = cur; i > 0; i = optPrev[i])
        {
            j--;
            _decLen[j] = i - optPrev[i];
            _decDist[j] = optDist[i];
        }

        return n;
    }

    /// <summary>Relaxes the nodes reachable from <paramref name="cur"/> by the found matches, lengths from <paramref name="startLen"/>.</summary>
    private void AddMatches(int cur, int basePrice, int startLen, int count, int posState)
    {
        if (count == 0)
        {
            return;
        }

        int[] pairs = _pairs;
        int[] optPrice = _optPrice;
        int mainLen = pairs[(2 * count) - 2];
        if (startLen > mainLen)
        {
            return;
        }

        int j = 0;
        while (pairs[2 * j] < startLen)
        {
            j++;
        }

        for (int l = startLen; ; l++)
        {
            int d = pairs[(2 * j) + 1];
            int p = basePrice + MatchPrice(d, l, posState);
            if (p < optPrice[cur + l])
            {
                optPrice[cur + l] = p;
                _optPrev[cur + l] = cur;
                _optDist[cur + l] = d;
            }

            if (l == pairs[2 * j])
            {
                if (++j == count)
                {
                    return;
                }
            }
        }
    }
}
