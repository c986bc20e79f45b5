namespace OstreeSharp.Deltas;

/// <summary>
/// Suffix array construction by prefix doubling with radix (counting) sorts: round <c>k</c> orders suffixes by
/// their first <c>2^k</c> bytes, using the ranks of round <c>k-1</c> as a pair of keys. Each round is O(n), there
/// are at most ⌈log2 n⌉ + 1 rounds, so the whole build is O(n log n) time and uses four int arrays of length n.
/// </summary>
internal static class SuffixArray
{
    /// <summary>Returns the start offsets of all non-empty suffixes of <paramref name="data"/> in lexicographic order.</summary>
    public static int[] Build(ReadOnlySpan<byte> data)
    {
        int n = data.Length;
        var sa = new int[n];
        if (n == 0)
        {
            return sa;
        }

        var rank = new int[n];
        var tmp = new int[n];
        var count = new int[Math.Max(257, n + 1)];

        // Round 0: counting sort on the first byte; rank = dense byte class.
        for (int i = 0; i < n; i++)
        {
            count[data[i] + 1]++;
        }

        for (int c = 1; c < 257; c++)
        {
            count[c] += count[c - 1];
        }

        for (int i = 0; i < n; i++)
        {
            sa[count[data[i]]++] = i;
        }

        int classes = 0;
        for (int j = 0; j < n; j++)
        {
            if (j > 0 && data[sa[j]] != data[sa[j - 1]])
            {
                classes++;
            }

            rank[sa[j]] = classes;
        }

        classes++;
        for (int k = 1; classes < n; k <<= 1)
        {
            // Order by the second key (rank at i + k; suffixes shorter than k+1 have the smallest, "empty" key):
            // first those, in increasing i, then the rest in the order of the previous round.
            int p = 0;
            for (int i = n - k; i < n; i++)
            {
                if (i >= 0)
                {
                    tmp[p++] = i;
                }
            }

            for (int j = 0; j < n; j++)
            {
                if (sa[j] >= k)
                {
                    tmp[p++] = sa[j] - k;
                }
            }

            // Stable counting sort of that order by the first key.
            Array.Clear(count, 0, classes + 1);
            for (int i = 0; i < n; i++)
            {
                count[rank[i] + 1]++;
            }

            for (int c = 1; c <= classes; c++)
            {
                count[c] += count[c - 1];
            }

            for (int j = 0; j < n; j++)
            {
                int s = tmp[j];
                sa[count[rank[s]]++] = s;
            }

            // New ranks: equal when both keys are equal.
            tmp[sa[0]] = 0;
            classes = 1;
            for (int j = 1; j < n; j++)
            {
                int a = sa[j - 1], b = sa[j];
                int a2 = a + k < n ? rank[a + k] : -1;
                int b2 = b + k < n ? rank[b + k] : -1;
                if (rank[a] != rank[b] || a2 != b2)
                {
                    classes++;
                }

                tmp[b] = classes - 1;
            }

            (rank, tmp) = (tmp, rank);
            if (k > n)
            {
                break;
            }
        }

        return sa;
    }
}
