using System.Buffers.Binary;
using System.Text;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;

namespace OstreeSharp.Summary;

/// <summary>
/// A repository summary: <c>(a(s(taya{sv}))a{sv})</c> (spec §6.1) — the ref list and the additional metadata, with
/// typed accessors for the keys libostree writes. <see cref="Parse"/> accepts any well-framed bytes (summaries come
/// from untrusted servers); <see cref="Serialize"/> writes normal form.
/// </summary>
public sealed class RepoSummary
{
    /// <summary>The summary's GVariant type.</summary>
    public static readonly GVariantType VariantType = GVariantType.Parse("(a(s(taya{sv}))a{sv})");

    /// <summary>The type of one ref list (<c>a(s(taya{sv}))</c>).</summary>
    public static readonly GVariantType RefListType = GVariantType.Parse("a(s(taya{sv}))");

    /// <summary>The type of <c>ostree.summary.collection-map</c>.</summary>
    public static readonly GVariantType CollectionMapType = GVariantType.Parse("a{sa(s(taya{sv}))}");

    /// <summary>Creates a summary from its parts (entries are written in the given order).</summary>
    public RepoSummary(IReadOnlyList<SummaryRef> refs, MetadataDictionary metadata)
    {
        ArgumentNullException.ThrowIfNull(refs);
        ArgumentNullException.ThrowIfNull(metadata);
        Refs = refs;
        Metadata = metadata;
    }

    /// <summary>The refs of the repository's own collection (or of a repository without collection ID).</summary>
    public IReadOnlyList<SummaryRef> Refs { get; }

    /// <summary>The additional metadata, in stored order.</summary>
    public MetadataDictionary Metadata { get; }

    /// <summary><c>ostree.summary.mode</c>, if present.</summary>
    public string? Mode => Metadata.TryGetString(SummaryKeys.Mode, out var v) ? v : null;

    /// <summary><c>ostree.summary.collection-id</c>, if present.</summary>
    public string? CollectionId => Metadata.TryGetString(SummaryKeys.CollectionId, out var v) ? v : null;

    /// <summary><c>ostree.summary.last-modified</c> as Unix seconds, if present.</summary>
    public ulong? LastModified => TryGetBigEndianUInt64(Metadata, SummaryKeys.LastModified, out ulong v) ? v : null;

    /// <summary><c>ostree.summary.expires</c> as Unix seconds, if present.</summary>
    public ulong? Expires => TryGetBigEndianUInt64(Metadata, SummaryKeys.Expires, out ulong v) ? v : null;

    /// <summary><c>ostree.summary.tombstone-commits</c>, if present.</summary>
    public bool? TombstoneCommits => Metadata.TryGetBoolean(SummaryKeys.TombstoneCommits, out bool v) ? v : null;

    /// <summary><c>ostree.summary.indexed-deltas</c>, if present.</summary>
    public bool? IndexedDeltas => Metadata.TryGetBoolean(SummaryKeys.IndexedDeltas, out bool v) ? v : null;

    /// <summary>
    /// <c>ostree.static-deltas</c>: delta name (<c>TO</c> or <c>FROM-TO</c> in hex) → SHA-256 of its superblock, in
    /// stored order. Entries whose value is not a 32-byte <c>ay</c> are skipped.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, Checksum>> StaticDeltas
    {
        get
        {
            var list = new List<KeyValuePair<string, Checksum>>();
            if (!Metadata.TryGetValue(SummaryKeys.StaticDeltas, out var e) || !e.Type.Equals(GVariantType.VarDict))
                return list;
            var r = e.GetReader();
            for (int i = 0; i < r.Count; i++)
            {
                var entry = r.GetChild(i);
                var value = entry.GetChild(1).GetVariant();
                if (value.Type.Equals(GVariantType.ByteArray) && Checksum.TryFromBytes(value.GetBytes(), out var digest))
                    list.Add(new(entry.GetChild(0).GetString(), digest));
            }
            return list;
        }
    }

    /// <summary>
    /// <c>ostree.summary.collection-map</c>: refs of other collections (collection ID → refs), in stored order;
    /// empty when absent or of another type.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<SummaryRef>>> CollectionMap
    {
        get
        {
            var list = new List<KeyValuePair<string, IReadOnlyList<SummaryRef>>>();
            if (!Metadata.TryGetValue(SummaryKeys.CollectionMap, out var e) || !e.Type.Equals(CollectionMapType))
                return list;
            var r = e.GetReader();
            for (int i = 0; i < r.Count; i++)
            {
                var entry = r.GetChild(i);
                list.Add(new(entry.GetChild(0).GetString(), ReadRefs(entry.GetChild(1))));
            }
            return list;
        }
    }

    /// <summary>Parses summary bytes. Non-normal framing is tolerated as GLib does; bad framing is not.</summary>
    /// <exception cref="OstreeDataException">The bytes are not a summary.</exception>
    public static RepoSummary Parse(ReadOnlySpan<byte> data)
    {
        var r = new GVariantReader(data, VariantType);
        var refs = ReadRefs(r.GetChild(0));
        var metadata = MetadataDictionary.Read(r.GetChild(1));
        return new RepoSummary(refs, metadata);
    }

    /// <summary>Reads a summary file.</summary>
    /// <exception cref="OstreeDataException">The file is not a summary.</exception>
    public static RepoSummary Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Reads an <c>a(s(taya{sv}))</c> ref list.</summary>
    public static IReadOnlyList<SummaryRef> ReadRefs(GVariantReader reader)
    {
        var refs = new SummaryRef[reader.Count];
        for (int i = 0; i < refs.Length; i++)
        {
            var entry = reader.GetChild(i);
            string name = Encoding.UTF8.GetString(entry.GetChild(0).GetStringUtf8());
            var info = entry.GetChild(1);
            ulong size = info.GetChild(0).GetUInt64();
            var csumBytes = info.GetChild(1).GetBytes();
            if (!Checksum.TryFromBytes(csumBytes, out var checksum))
                throw new OstreeDataException($"Summary ref '{name}' has a checksum of {csumBytes.Length} bytes.");
            refs[i] = new SummaryRef(name, size, checksum, MetadataDictionary.Read(info.GetChild(2)));
        }
        return refs;
    }

    /// <summary>Writes an <c>a(s(taya{sv}))</c> ref list at the writer's position.</summary>
    public static void WriteRefs(GVariantWriter writer, IEnumerable<SummaryRef> refs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(refs);
        Span<byte> csum = stackalloc byte[Checksum.ByteLength];
        writer.StartArray();
        foreach (var r in refs)
        {
            writer.StartTuple();
            writer.WriteString(r.Name);
            writer.StartTuple();
            writer.WriteUInt64(r.CommitSize);
            r.Checksum.CopyTo(csum);
            writer.WriteBytes(csum);
            r.Metadata.WriteTo(writer);
            writer.EndTuple();
            writer.EndTuple();
        }
        writer.EndArray();
    }

    /// <summary>Serializes in normal form.</summary>
    public byte[] Serialize() => GVariantWriter.Serialize(VariantType, w =>
    {
        w.StartTuple();
        WriteRefs(w, Refs);
        Metadata.WriteTo(w);
        w.EndTuple();
    });

    /// <summary>Reads a big-endian <c>t</c> value (ostree stores timestamps big-endian).</summary>
    internal static bool TryGetBigEndianUInt64(MetadataDictionary metadata, string key, out ulong value)
    {
        if (metadata.TryGetValue(key, out var e) && e.Type.Equals(GVariantType.UInt64) && e.Value.Length == 8)
        {
            value = BinaryPrimitives.ReadUInt64BigEndian(e.Value.Span);
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>Serializes a big-endian <c>t</c> value.</summary>
    internal static byte[] BigEndianUInt64(ulong value)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        return b;
    }
}
