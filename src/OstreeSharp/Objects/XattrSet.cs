using System.Buffers;
using System.Collections;
using OstreeSharp.GVariant;

namespace OstreeSharp.Objects;

/// <summary>
/// An immutable list of xattrs as stored in file headers and dirmeta (<c>a(ayay)</c>).
/// Sets built by <see cref="Create"/> are in canonical order (sorted by name bytes, spec §3.4);
/// sets read from objects keep the stored order so that re-hashing reproduces the stored bytes.
/// </summary>
public sealed class XattrSet : IReadOnlyList<Xattr>, IEquatable<XattrSet>
{
    private readonly Xattr[] _items;

    private XattrSet(Xattr[] items) => _items = items;

    /// <summary>The empty set.</summary>
    public static XattrSet Empty { get; } = new([]);

    /// <summary>Creates a canonical set: sorted by name bytes; a repeated name keeps its last value.</summary>
    public static XattrSet Create(IEnumerable<Xattr> xattrs)
    {
        ArgumentNullException.ThrowIfNull(xattrs);
        var sorted = new SortedDictionary<byte[], Xattr>(ByteArrayComparer.Instance);
        foreach (var x in xattrs)
            sorted[x.Name.ToArray()] = x;
        return sorted.Count == 0 ? Empty : new XattrSet([.. sorted.Values]);
    }

    /// <summary>Creates a set that keeps the given order (as read from an object).</summary>
    public static XattrSet FromStoredOrder(IEnumerable<Xattr> xattrs)
    {
        ArgumentNullException.ThrowIfNull(xattrs);
        var items = xattrs.ToArray();
        return items.Length == 0 ? Empty : new XattrSet(items);
    }

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <inheritdoc/>
    public Xattr this[int index] => _items[index];

    /// <summary>True if the names are strictly increasing in byte order (canonical form).</summary>
    public bool IsCanonical
    {
        get
        {
            for (int i = 1; i < _items.Length; i++)
            {
                if (_items[i - 1].Name.SequenceCompareTo(_items[i].Name) >= 0)
                    return false;
            }
            return true;
        }
    }

    /// <summary>Finds the value of the xattr named <paramref name="name"/> (UTF-8, no NUL).</summary>
    public bool TryGetValue(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        foreach (var x in _items)
        {
            if (x.Name.SequenceEqual(name))
            {
                value = x.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>Writes the set as <c>a(ayay)</c> at the writer's current position (names get their NUL).</summary>
    public void WriteTo(GVariantWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.StartArray();
        byte[]? rented = null;
        foreach (var x in _items)
        {
            int n = x.Name.Length + 1;
            if (rented is null || rented.Length < n)
            {
                if (rented is not null)
                    ArrayPool<byte>.Shared.Return(rented);
                rented = ArrayPool<byte>.Shared.Rent(n);
            }
            x.Name.CopyTo(rented);
            rented[n - 1] = 0;
            writer.StartTuple();
            writer.WriteBytes(rented.AsSpan(0, n));
            writer.WriteBytes(x.Value);
            writer.EndTuple();
        }
        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented);
        writer.EndArray();
    }

    /// <summary>Serializes the set alone as an <c>a(ayay)</c> variant.</summary>
    public byte[] Serialize() => GVariantWriter.Serialize(OstreeTypes.Xattrs, WriteTo);

    /// <summary>Reads an <c>a(ayay)</c> value, keeping the stored order.</summary>
    /// <exception cref="OstreeDataException">A name lacks its trailing NUL or contains NUL, or the framing is bad.</exception>
    public static XattrSet Read(GVariantReader reader)
    {
        int count = reader.Count;
        if (count == 0)
            return Empty;
        var items = new Xattr[count];
        for (int i = 0; i < count; i++)
        {
            var entry = reader.GetChild(i);
            var name = entry.GetChild(0).GetBytes();
            var value = entry.GetChild(1).GetBytes();
            if (name.Length < 2 || name[^1] != 0 || name[..^1].Contains((byte)0))
                throw new OstreeDataException($"Invalid xattr name at index {i}: names are non-empty and NUL-terminated.");
            items[i] = new Xattr(name[..^1], value);
        }
        return new XattrSet(items);
    }

    /// <inheritdoc/>
    public bool Equals(XattrSet? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as XattrSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var x in _items)
            hash.Add(x);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public IEnumerator<Xattr> GetEnumerator() => ((IEnumerable<Xattr>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
