using System.Collections;
using System.Text;
using OstreeSharp.GVariant;

namespace OstreeSharp.Objects;

/// <summary>
/// An ordered <c>a{sv}</c> dictionary as ostree uses for commit metadata, detached metadata and summary metadata.
/// Order is preserved (commit metadata is in insertion order, not sorted; spec §4.3); values are kept as their
/// serialized bytes, so reading and re-writing an entry is exact.
/// </summary>
public sealed class MetadataDictionary : IReadOnlyList<MetadataEntry>
{
    private readonly List<MetadataEntry> _entries = [];

    /// <summary>Creates an empty dictionary.</summary>
    public MetadataDictionary() { }

    /// <summary>Creates a dictionary with the given entries, in order.</summary>
    public MetadataDictionary(IEnumerable<MetadataEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries.AddRange(entries);
    }

    /// <inheritdoc/>
    public int Count => _entries.Count;

    /// <inheritdoc/>
    public MetadataEntry this[int index] => _entries[index];

    /// <summary>The keys in order.</summary>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <summary>True if <paramref name="key"/> is present.</summary>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    private int IndexOf(string key)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }

    /// <summary>Finds an entry.</summary>
    public bool TryGetValue(string key, out MetadataEntry entry)
    {
        int i = IndexOf(key);
        entry = i >= 0 ? _entries[i] : default;
        return i >= 0;
    }

    /// <summary>Sets a value: replaces an existing key in place, or appends.</summary>
    /// <param name="key">The key (non-empty).</param>
    /// <param name="type">The value type.</param>
    /// <param name="serializedValue">The normal-form bytes of the value.</param>
    public void Set(string key, GVariantType type, ReadOnlyMemory<byte> serializedValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(type);
        var entry = new MetadataEntry(key, type, serializedValue);
        int i = IndexOf(key);
        if (i >= 0)
            _entries[i] = entry;
        else
            _entries.Add(entry);
    }

    /// <summary>
    /// Appends an entry even when <paramref name="key"/> is already present. ostree's CLI writes repeated keys this
    /// way (<c>--add-metadata-string=k=1 --add-metadata-string=k=2</c> stores both); lookups return the first.
    /// </summary>
    /// <param name="key">The key (non-empty).</param>
    /// <param name="type">The value type.</param>
    /// <param name="serializedValue">The normal-form bytes of the value.</param>
    public void Add(string key, GVariantType type, ReadOnlyMemory<byte> serializedValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(type);
        _entries.Add(new MetadataEntry(key, type, serializedValue));
    }

    /// <summary>Appends a string (<c>s</c>) entry even when the key is already present (see <see cref="Add"/>).</summary>
    public void AddString(string key, string value) =>
        Add(key, GVariantType.String, GVariantWriter.Serialize(GVariantType.String, w => w.WriteString(value)));

    /// <summary>Removes a key; true if it was present.</summary>
    public bool Remove(string key)
    {
        int i = IndexOf(key);
        if (i < 0)
            return false;
        _entries.RemoveAt(i);
        return true;
    }

    /// <summary>Sets a string (<c>s</c>) value.</summary>
    public void SetString(string key, string value) =>
        Set(key, GVariantType.String, GVariantWriter.Serialize(GVariantType.String, w => w.WriteString(value)));

    /// <summary>Sets a boolean (<c>b</c>) value.</summary>
    public void SetBoolean(string key, bool value) =>
        Set(key, GVariantType.Boolean, GVariantWriter.Serialize(GVariantType.Boolean, w => w.WriteBoolean(value)));

    /// <summary>Sets a byte-array (<c>ay</c>) value.</summary>
    public void SetBytes(string key, ReadOnlySpan<byte> value) => Set(key, GVariantType.ByteArray, value.ToArray());

    /// <summary>Sets a string-array (<c>as</c>) value.</summary>
    public void SetStringArray(string key, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Set(key, GVariantType.StringArray, GVariantWriter.Serialize(GVariantType.StringArray, w =>
        {
            w.StartArray();
            foreach (var v in values)
                w.WriteString(v);
            w.EndArray();
        }));
    }

    /// <summary>Sets an array-of-byte-arrays (<c>aay</c>) value, e.g. signatures.</summary>
    public void SetByteArrays(string key, IEnumerable<ReadOnlyMemory<byte>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var type = GVariantType.Parse("aay");
        Set(key, type, GVariantWriter.Serialize(type, w =>
        {
            w.StartArray();
            foreach (var v in values)
                w.WriteBytes(v.Span);
            w.EndArray();
        }));
    }

    /// <summary>Gets a string value when present with type <c>s</c>.</summary>
    public bool TryGetString(string key, out string value)
    {
        if (TryGetValue(key, out var e) && e.Type.Kind == GVariantTypeKind.String)
        {
            value = e.GetReader().GetString();
            return true;
        }
        value = "";
        return false;
    }

    /// <summary>Gets a boolean value when present with type <c>b</c>.</summary>
    public bool TryGetBoolean(string key, out bool value)
    {
        if (TryGetValue(key, out var e) && e.Type.Kind == GVariantTypeKind.Boolean)
        {
            value = e.GetReader().GetBoolean();
            return true;
        }
        value = false;
        return false;
    }

    /// <summary>Gets a string-array value when present with type <c>as</c>.</summary>
    public bool TryGetStringArray(string key, out IReadOnlyList<string> value)
    {
        if (TryGetValue(key, out var e) && e.Type.Equals(GVariantType.StringArray))
        {
            var r = e.GetReader();
            var list = new string[r.Count];
            for (int i = 0; i < list.Length; i++)
                list[i] = r.GetChild(i).GetString();
            value = list;
            return true;
        }
        value = [];
        return false;
    }

    /// <summary>Gets the blobs of an <c>aay</c> value (e.g. <c>ostree.gpgsigs</c>).</summary>
    public bool TryGetByteArrays(string key, out IReadOnlyList<byte[]> value)
    {
        if (TryGetValue(key, out var e) && e.Type.ToString() == "aay")
        {
            var r = e.GetReader();
            var list = new byte[r.Count][];
            for (int i = 0; i < list.Length; i++)
                list[i] = r.GetChild(i).GetBytes().ToArray();
            value = list;
            return true;
        }
        value = [];
        return false;
    }

    /// <summary>Writes the dictionary as <c>a{sv}</c> at the writer's current position.</summary>
    public void WriteTo(GVariantWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.StartArray();
        foreach (var e in _entries)
        {
            writer.StartDictEntry();
            writer.WriteString(e.Key);
            writer.StartVariant(e.Type);
            writer.WriteSerialized(e.Value.Span);
            writer.EndVariant();
            writer.EndDictEntry();
        }
        writer.EndArray();
    }

    /// <summary>Serializes as a standalone <c>a{sv}</c>.</summary>
    public byte[] Serialize() => GVariantWriter.Serialize(OstreeTypes.VarDict, WriteTo);

    /// <summary>Reads an <c>a{sv}</c> value (each value's bytes are copied).</summary>
    /// <exception cref="OstreeDataException">Bad framing or an empty key.</exception>
    public static MetadataDictionary Read(GVariantReader reader)
    {
        var dict = new MetadataDictionary();
        int n = reader.Count;
        for (int i = 0; i < n; i++)
        {
            var entry = reader.GetChild(i);
            var keyBytes = entry.GetChild(0).GetStringUtf8();
            if (keyBytes.IsEmpty)
                throw new OstreeDataException($"Metadata key at index {i} is empty.");
            var value = entry.GetChild(1).GetVariant();
            dict._entries.Add(new MetadataEntry(Encoding.UTF8.GetString(keyBytes), value.Type, value.Data.ToArray()));
        }
        return dict;
    }

    /// <summary>Parses standalone <c>a{sv}</c> bytes (normal form required).</summary>
    public static MetadataDictionary Parse(ReadOnlySpan<byte> data)
    {
        var r = new GVariantReader(data, OstreeTypes.VarDict);
        r.ValidateNormalForm();
        return Read(r);
    }

    /// <inheritdoc/>
    public IEnumerator<MetadataEntry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
