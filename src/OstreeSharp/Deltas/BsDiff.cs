using System.Buffers;

namespace OstreeSharp.Deltas;

/// <summary>
/// Creates bsdiff patches in the bare stream form static deltas use (spec §8.5); apply them with
/// <see cref="BsPatch"/>.
/// </summary>
/// <remarks>
/// <para>The old data is indexed by a suffix array (prefix doubling with counting sorts, O(n log n) time, O(n)
/// ints of memory). The new data is scanned left to right: at each position the longest exact match in the old
/// data is found by binary search over the suffix array, and a match is taken once it beats, by more than 8 bytes
/// (or entirely), what simply continuing the previous alignment would give. Between two taken matches the
/// previous alignment is extended forwards and the new one backwards as far as at least half the bytes agree;
/// the extensions become the "diff" part of a block (byte differences, mostly zero for similar data, which the
/// delta part's xz layer then compresses well) and the gap between them the "extra" part.</para>
/// <para>The output is deterministic. On the inputs checked black-box it was byte-identical to the patch
/// <c>ostree static-delta generate</c> (2022.7) embedded for the same pair; readers do not depend on that.</para>
/// </remarks>
public static class BsDiff
{
    /// <summary>How much better than the running alignment a fresh match must be before it is taken.</summary>
    private const int MatchSlack = 8;

    /// <summary>Returns a patch that turns <paramref name="old"/> into <paramref name="new"/>.</summary>
    /// <param name="old">The data the receiver already has.</param>
    /// <param name="new">The data the receiver should end up with.</param>
    /// <returns>The bare bsdiff stream (control triples, diff and extra bytes).</returns>
    public static byte[] Create(ReadOnlySpan<byte> old, ReadOnlySpan<byte> @new)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(256, @new.Length / 8));
        Create(old, @new, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes a patch that turns <paramref name="old"/> into <paramref name="new"/> to <paramref name="output"/>.</summary>
    /// <param name="old">The data the receiver already has.</param>
    /// <param name="new">The data the receiver should end up with.</param>
    /// <param name="output">Receives the bare bsdiff stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    public static void Create(ReadOnlySpan<byte> old, ReadOnlySpan<byte> @new, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int[] sa = SuffixArray.Build(old);
        int newLen = @new.Length;

        int scan = 0, matchLen = 0, matchPos = 0;
        int lastScan = 0, lastPos = 0, lastOffset = 0;
        while (scan < newLen)
        {
            // Find the next position where a fresh exact match clearly beats the running alignment.
            int alignedScore = 0;
            scan += matchLen;
            int scored = scan;
            for (; scan < newLen; scan++)
            {
                matchLen = LongestMatch(sa, old, @new[scan..], out matchPos);
                for (; scored < scan + matchLen; scored++)
                {
                    if (AgreesAt(old, @new, scored, lastOffset))
                    {
                        alignedScore++;
                    }
                }

                if ((matchLen == alignedScore && matchLen != 0) || matchLen > alignedScore + MatchSlack)
                {
                    break;
                }

                if (AgreesAt(old, @new, scan, lastOffset))
                {
                    alignedScore--;
                }
            }

            if (matchLen == alignedScore && scan != newLen)
            {
                continue;
            }

            int forward = ExtendForward(old, @new, lastScan, lastPos, scan);
            int backward = scan < newLen ? ExtendBackward(old, @new, lastScan, scan, matchPos) : 0;
            if (lastScan + forward > scan - backward)
            {
                int overlap = (lastScan + forward) - (scan - backward);
                int keep = ResolveOverlap(old, @new, lastScan, lastPos, forward, scan, matchPos, backward);
                forward -= overlap - keep;
                backward -= keep;
            }

            int extraStart = lastScan + forward;
            int extraLen = (scan - backward) - extraStart;
            long seek = (long)(matchPos - backward) - (lastPos + forward);
            WriteBlock(output, old.Slice(lastPos, forward), @new.Slice(lastScan, forward), @new.Slice(extraStart, extraLen), seek);

            lastScan = scan - backward;
            lastPos = matchPos - backward;
            lastOffset = matchPos - scan;
        }
    }

    /// <summary>True when new[i] equals the old byte the current alignment pairs it with.</summary>
    private static bool AgreesAt(ReadOnlySpan<byte> old, ReadOnlySpan<byte> @new, int i, int offset)
    {
        long o = (long)i + offset;
        return o >= 0 && o < old.Length && old[(int)o] == @new[i];
    }

    /// <summary>Length of the forward extension from (lastScan, lastPos) that maximises 2·matches − length.</summary>
    private static int ExtendForward(ReadOnlySpan<byte> old, ReadOnlySpan<byte> @new, int lastScan, int lastPos, int scan)
    {
        int matches = 0, best = 0, bestLen = 0;
        for (int i = 0; lastScan + i < scan && lastPos + i < old.Length;)
        {
            if (old[lastPos + i] == @new[lastScan + i])
            {
                matches++;
            }

            i++;
            if (matches * 2 - i > best * 2 - bestLen)
            {
                best = matches;
                bestLen = i;
            }
        }

        return bestLen;
    }

    /// <summary>Length of the backward extension from (scan, pos) that maximises 2·matches − length.</summary>
    private static int ExtendBackward(ReadOnlySpan<byte> old, ReadOnlySpan<byte> @new, int lastScan, int scan, int pos)
    {
        int matches = 0, best = 0, bestLen = 0;
        for (int i = 1; scan >= lastScan + i && pos >= i; i++)
        {
            if (old[pos - i] == @new[scan - i])
            {
                matches++;
            }

            if (matches * 2 - i > best * 2 - bestLen)
            {
                best = matches;
                bestLen = i;
            }
        }

        return bestLen;
    }

    /// <summary>
    /// When the forward and backward extensions overlap, picks the split point inside the overlap that keeps the
    /// most agreeing bytes; returns how many overlap bytes the forward extension keeps (the backward one gives
    /// up the same number).
    /// </summary>
    private static int ResolveOverlap(ReadOnlySpan<byte> old, ReadOnlySpan<byte> @new, int lastScan, int lastPos, int forward, int scan, int pos, int backward)
    {
        int overlap = (lastScan + forward) - (scan - backward);
        int score = 0, bestScore = 0, keep = 0;
        for (int i = 0; i < overlap; i++)
        {
            if (@new[lastScan + forward - overlap + i] == old[lastPos + forward - overlap + i])
            {
                score++;
            }

            if (@new[scan - backward + i] == old[pos - backward + i])
            {
                score--;
            }

            if (score > bestScore)
            {
                bestScore = score;
                keep = i + 1;
            }
        }

        return keep;
    }

    /// <summary>Longest common prefix of <paramref name="target"/> with any suffix of <paramref name="old"/>.</summary>
    private static int LongestMatch(int[] sa, ReadOnlySpan<byte> old, ReadOnlySpan<byte> target, out int position)
    {
        position = 0;
        if (sa.Length == 0 || target.IsEmpty)
        {
            return 0;
        }

        // Binary search for the boundary between suffixes < target and ≥ target; the longest common prefix is
        // attained by one of the two neighbours of that boundary.
        int lo = 0, hi = sa.Length - 1;
        while (hi - lo > 1)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (old[sa[mid]..].SequenceCompareTo(target) < 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        int lenLo = old[sa[lo]..].CommonPrefixLength(target);
        int lenHi = old[sa[hi]..].CommonPrefixLength(target);
        if (lenLo >= lenHi)
        {
            position = sa[lo];
            return lenLo;
        }

        position = sa[hi];
        return lenHi;
    }

    private static void WriteBlock(IBufferWriter<byte> output, ReadOnlySpan<byte> oldPart, ReadOnlySpan<byte> newPart, ReadOnlySpan<byte> extra, long seek)
    {
        var ctrl = output.GetSpan(BsPatch.ControlSize);
        BsPatch.WriteOfftin(ctrl, newPart.Length);
        BsPatch.WriteOfftin(ctrl[8..], extra.Length);
        BsPatch.WriteOfftin(ctrl[16..], seek);
        output.Advance(BsPatch.ControlSize);

        var remaining = newPart;
        var oldRemaining = oldPart;
        while (!remaining.IsEmpty)
        {
            var dst = output.GetSpan(1);
            int n = Math.Min(dst.Length, remaining.Length);
            for (int i = 0; i < n; i++)
            {
                dst[i] = (byte)(remaining[i] - oldRemaining[i]);
            }

            output.Advance(n);
            remaining = remaining[n..];
            oldRemaining = oldRemaining[n..];
        }

        output.Write(extra);
    }
}
