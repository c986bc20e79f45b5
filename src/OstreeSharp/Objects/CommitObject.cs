using System.Buffers.Binary;
using OstreeSharp.GVariant;

namespace OstreeSharp.Objects;

/// <summary>
/// A commit (<c>.commit</c>, <c>(a{sv}aya(say)sstayay)</c>; spec §4.3). Parsed commits keep their original bytes:
/// the checksum and signatures are always over <see cref="RawBytes"/>, never a re-serialisation.
/// </summary>
public sealed class CommitObject
{
    private CommitObject(MetadataDictionary metadata, Checksum? parent, IReadOnlyList<RelatedCommit> related,
        string subject, string body, ulong timestamp, Checksum rootTree, Checksum rootMeta, byte[] raw)
    {
        Metadata = metadata;
        Parent = parent;
        Related = related;
        Subject = subject;
        Body = body;
        Timestamp = timestamp;
        RootTree = rootTree;
        RootMeta = rootMeta;
        _raw = raw;
    }

    private readonly byte[] _raw;

    /// <summary>Commit metadata (covered by the checksum). Do not modify a parsed commit's dictionary.</summary>
    public MetadataDictionary Metadata { get; }

    /// <summary>The parent commit, if any.</summary>
    public Checksum? Parent { get; }

    /// <summary>Related objects (empty in practice).</summary>
    public IReadOnlyList<RelatedCommit> Related { get; }

    /// <summary>The subject line (may be empty).</summary>
    public string Subject { get; }

    /// <summary>The body (may be empty).</summary>
    public string Body { get; }

    /// <summary>Seconds since the Unix epoch (stored big-endian).</summary>
    public ulong Timestamp { get; }

    /// <summary>The timestamp as a UTC date.</summary>
    public DateTimeOffset Date => DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(Timestamp, 253402300799UL));

    /// <summary>The root dirtree checksum.</summary>
    public Checksum RootTree { get; }

    /// <summary>The root dirmeta checksum.</summary>
    public Checksum RootMeta { get; }

    /// <summary>The object bytes.</summary>
    public ReadOnlyMemory<byte> RawBytes => _raw;

    /// <summary>The commit checksum: SHA-256 of <see cref="RawBytes"/>.</summary>
    public Checksum Checksum => Checksum.Compute(_raw);

    /// <summary>
    /// The content checksum ostree's <c>log</c>/<c>show</c> print: SHA-256 of the root dirtree checksum bytes
    /// followed by the root dirmeta checksum bytes.
    /// </summary>
    public Checksum ContentChecksum
    {
        get
        {
            Span<byte> both = stackalloc byte[2 * Checksum.ByteLength];
            RootTree.CopyTo(both);
            RootMeta.CopyTo(both[Checksum.ByteLength..]);
            return Checksum.Compute(both);
        }
    }

    /// <summary>Builds and serializes a commit.</summary>
    public static CommitObject Create(MetadataDictionary metadata, Checksum? parent, string subject, string body,
        ulong timestamp, Checksum rootTree, Checksum rootMeta, IReadOnlyList<RelatedCommit>? related = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(body);
        related ??= [];
        var bytes = GVariantWriter.Serialize(OstreeTypes.Commit, w =>
        {
            Span<byte> csum = stackalloc byte[Checksum.ByteLength];
            w.StartTuple();
            metadata.WriteTo(w);
            if (parent is { } p)
            {
                p.CopyTo(csum);
                w.WriteBytes(csum);
            }
            else
            {
                w.WriteBytes([]);
            }
            w.StartArray();
            foreach (var rel in related)
            {
                w.StartTuple();
                w.WriteString(rel.Name);
                rel.Checksum.CopyTo(csum);
                w.WriteBytes(csum);
                w.EndTuple();
            }
            w.EndArray();
            w.WriteString(subject);
            w.WriteString(body);
            w.WriteUInt64(BinaryPrimitives.ReverseEndianness(timestamp));
            rootTree.CopyTo(csum);
            w.WriteBytes(csum);
            rootMeta.CopyTo(csum);
            w.WriteBytes(csum);
            w.EndTuple();
        });
        return new CommitObject(metadata, parent, related, subject, body, timestamp, rootTree, rootMeta, bytes);
    }

    /// <summary>Parses commit bytes (normal form required); the bytes are kept as given.</summary>
    /// <exception cref="OstreeDataException">The bytes are not a valid commit.</exception>
    public static CommitObject Parse(ReadOnlySpan<byte> data)
    {
        var r = new GVariantReader(data, OstreeTypes.Commit);
        r.ValidateNormalForm();
        var metadata = MetadataDictionary.Read(r.GetChild(0));
        var parentBytes = r.GetChild(1).GetBytes();
        Checksum? parent = parentBytes.Length switch
        {
            0 => null,
            Checksum.ByteLength => Checksum.FromBytes(parentBytes),
            _ => throw new OstreeDataException($"Invalid commit: parent checksum of {parentBytes.Length} bytes."),
        };
        var relReader = r.GetChild(2);
        var related = new RelatedCommit[relReader.Count];
        for (int i = 0; i < related.Length; i++)
        {
            var e = relReader.GetChild(i);
            related[i] = new RelatedCommit(e.GetChild(0).GetString(), DirTreeObject.ReadChecksum(e.GetChild(1)));
        }
        string subject = r.GetChild(3).GetString();
        string body = r.GetChild(4).GetString();
        ulong timestamp = BinaryPrimitives.ReverseEndianness(r.GetChild(5).GetUInt64());
        var tree = DirTreeObject.ReadChecksum(r.GetChild(6));
        var meta = DirTreeObject.ReadChecksum(r.GetChild(7));
        return new CommitObject(metadata, parent, related, subject, body, timestamp, tree, meta, data.ToArray());
    }
}
