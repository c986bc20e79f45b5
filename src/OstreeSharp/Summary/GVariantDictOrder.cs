using System.Text;
using OstreeSharp.Objects;

namespace OstreeSharp.Summary;

/// <summary>
/// Orders <c>a{sv}</c> entries the way a GLib <c>GVariantDict</c> emits them (libostree builds summary metadata with
/// one). The model was fitted black-box against GLib 2.74 through python3-gi: the documented "djb" string hash
/// (start 5381, <c>h = h * 33 + c</c>, with <c>c</c> a <b>signed</b> byte), slot = <c>(h * 11 mod 2^32) mod 7</c> in an
/// 8-slot table, collisions probed at +1, +2, +3… (mod 8), and iteration in slot order. This is exact for up to
/// seven distinct keys (verified on thousands of random key sets, with collisions and insertion-order effects).
/// Larger dictionaries are ordered by the same scheme in a grown table, which is deterministic but not known to
/// match GLib.
/// </summary>
internal static class GVariantDictOrder
{
    private static readonly int[] s_primes = [1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521,
        131071, 262139, 524287, 1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859, 134217689, 268435399,
        536870909, 1073741789, 2147483647];

    /// <summary>The djb hash of the UTF-8 bytes with signed-char arithmetic.</summary>
    public static uint Hash(string key)
    {
        uint h = 5381;
        foreach (byte b in Encoding.UTF8.GetBytes(key))
            h = unchecked(h * 33 + (uint)(sbyte)b);
        return h;
    }

    /// <summary>
    /// Applies <paramref name="insertions"/> in order (a repeated key replaces the earlier value but keeps its slot)
    /// and returns the entries in iteration order.
    /// </summary>
    public static MetadataDictionary Order(IEnumerable<MetadataEntry> insertions)
    {
        var values = new Dictionary<string, MetadataEntry>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var e in insertions)
        {
            if (!values.ContainsKey(e.Key))
                keys.Add(e.Key);
            values[e.Key] = e;
        }
        var ordered = OrderKeys(keys);
        return new MetadataDictionary(ordered.Select(k => values[k]));
    }

    /// <summary>Orders distinct keys given in insertion order.</summary>
    public static IReadOnlyList<string> OrderKeys(IReadOnlyList<string> keys)
    {
        int shift = 3;
        while (keys.Count > (1 << shift) - 1 - ((1 << shift) >> 4) && shift < 31)
            shift++;
        var slots = new string?[1 << shift];
        int mask = slots.Length - 1;
        uint mod = (uint)s_primes[shift];
        foreach (var key in keys)
        {
            int index = (int)(unchecked(Hash(key) * 11u) % mod);
            int step = 0;
            while (slots[index] is not null)
            {
                step++;
                index = (index + step) & mask;
            }
            slots[index] = key;
        }
        var result = new List<string>(keys.Count);
        foreach (var s in slots)
        {
            if (s is not null)
                result.Add(s);
        }
        return result;
    }
}
