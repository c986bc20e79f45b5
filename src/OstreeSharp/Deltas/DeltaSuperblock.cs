using System.Buffers.Binary;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;

namespace OstreeSharp.Deltas;

/// <summary>
/// A static delta superblock (spec §8.2), <c>(a{sv}tayay(commit)aya(uayttay)a(yaytt))</c>: the target commit,
/// the part table and the fallback objects. Parsing accepts both byte orders of the host-endian fields (honouring
/// <c>ostree.endianness</c>, or guessing for old deltas that lack it) and the signed wrapper of spec §7.3.
/// </summary>
public sealed class DeltaSuperblock
{
    /// <summary>The type string of the superblock.</summary>
    public static readonly GVariantType Type = GVariantType.Parse("(a{sv}tayay(a{sv}aya(say)sstayay)aya(uayttay)a(yaytt))");

    /// <summary>The type string of a signed superblock (spec §7.3).</summary>
    public static readonly GVariantType SignedType = GVariantType.Parse("(taya{sv})");

    /// <summary>Magic of a signed superblock, stored big-endian (the bytes read <c>OSTSGNDT</c>).</summary>
    public const ulong SignedMagic = 0x4F535453474E4454;

    /// <summary>The metadata key holding the byte order.</summary>
    public const string EndiannessKey = "ostree.endianness";

    private static readonly GVariantType PartFileType = GVariantType.Parse("(yay)");
    private const int ObjectRecordSize = 1 + Checksum.ByteLength;

    private readonly byte[] _raw;

    private DeltaSuperblock(byte[] raw, MetadataDictionary metadata, ulong timestamp, Checksum? from, Checksum to,
        CommitObject commit, int recursiveCount, IReadOnlyList<DeltaPartHeader> parts, IReadOnlyList<DeltaFallback> fallbacks,
        DeltaEndianness endianness, bool endiannessGuessed, MetadataDictionary? signatures)
    {
        _raw = raw;
        Metadata = metadata;
        Timestamp = timestamp;
        From = from;
        To = to;
        Commit = commit;
        RecursiveDeltaCount = recursiveCount;
        Parts = parts;
        Fallbacks = fallbacks;
        Endianness = endianness;
        EndiannessGuessed = endiannessGuessed;
        Signatures = signatures;
    }

    /// <summary>The superblock metadata (endianness, inline parts, detached commit metadata, caller keys).</summary>
    public MetadataDictionary Metadata { get; }

    /// <summary>Generation time, seconds since the epoch.</summary>
    public ulong Timestamp { get; }

    /// <summary>The source commit, or null for a delta from scratch.</summary>
    public Checksum? From { get; }

    /// <summary>The target commit.</summary>
    public Checksum To { get; }

    /// <summary>The delta's name.</summary>
    public StaticDeltaName Name => new(From, To);

    /// <summary>The embedded target commit (its checksum is <see cref="To"/>).</summary>
    public CommitObject Commit { get; }

    /// <summary>Number of entries in the (always empty) "recursive deltas" field; <c>show</c> prints it as parents.</summary>
    public int RecursiveDeltaCount { get; }

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<DeltaPartHeader> Parts { get; }

    /// <summary>Objects fetched outside the delta.</summary>
    public IReadOnlyList<DeltaFallback> Fallbacks { get; }

    /// <summary>Byte order of the part-table and fallback integers.</summary>
    public DeltaEndianness Endianness { get; }

    /// <summary>True when <c>ostree.endianness</c> was absent and the byte order was inferred from the sizes.</summary>
    public bool EndiannessGuessed { get; }

    /// <summary>The signature dictionary when the superblock came in the signed wrapper; null otherwise.</summary>
    public MetadataDictionary? Signatures { get; }

    /// <summary>True if the superblock came in the signed wrapper.</summary>
    public bool IsSigned => Signatures is not null;

    /// <summary>The unsigned superblock bytes.</summary>
    public ReadOnlyMemory<byte> RawBytes => _raw;

    /// <summary>Finds inline part <paramref name="index"/> (the whole part file bytes), if the superblock carries it.</summary>
    public bool TryGetInlinePart(int index, out ReadOnlyMemory<byte> partFile)
    {
        partFile = default;
        if (!Metadata.TryGetValue($"{Name.RelativeDirectory}/{index}", out var entry))
            return false;
        if (!entry.Type.Equals(PartFileType))
            throw new DeltaFormatException($"Inline part {index} has type {entry.Type}, expected (yay)");
        partFile = entry.Value;
        return true;
    }

    /// <summary>The target commit's detached metadata carried by the delta, or null.</summary>
    public MetadataDictionary? GetDetachedCommitMetadata()
    {
        if (!Metadata.TryGetValue($"{Name.RelativeDirectory}/commitmeta", out var entry))
            return null;
        if (!entry.Type.Equals(OstreeTypes.VarDict))
            throw new DeltaFormatException($"Delta commitmeta has type {entry.Type}, expected a{{sv}}");
        try
        {
            return MetadataDictionary.Read(entry.GetReader());
        }
        catch (OstreeDataException ex) when (ex is not DeltaFormatException)
        {
            throw new DeltaFormatException("Invalid delta commitmeta: " + ex.Message, ex);
        }
    }

    /// <summary>True if <paramref name="data"/> starts with the signed-superblock magic.</summary>
    public static bool IsSignedSuperblock(ReadOnlySpan<byte> data) =>
        data.Length >= 8 && BinaryPrimitives.ReadUInt64BigEndian(data) == SignedMagic;

    /// <summary>Parses a superblock, signed or not.</summary>
    /// <param name="data">The superblock file bytes.</param>
    /// <param name="limits">Limits to enforce; <see cref="StaticDeltaLimits.Trusted"/> when null.</param>
    /// <exception cref="DeltaFormatException">The bytes are not a valid superblock, or exceed a limit.</exception>
    public static DeltaSuperblock Parse(ReadOnlySpan<byte> data, StaticDeltaLimits? limits = null)
    {
        limits ??= StaticDeltaLimits.Trusted;
        if (data.Length > limits.MaxSuperblockSize)
            throw new DeltaFormatException($"Delta superblock of {data.Length} bytes exceeds the limit of {limits.MaxSuperblockSize}");
        try
        {
            if (!IsSignedSuperblock(data))
                return ParseUnsigned(data, limits, null);
            var w = new GVariantReader(data, SignedType);
            w.ValidateNormalForm();
            var inner = w.GetChild(1).GetBytes();
            var sigs = MetadataDictionary.Read(w.GetChild(2));
            return ParseUnsigned(inner, limits, sigs);
        }
        catch (OstreeDataException ex) when (ex is not DeltaFormatException)
        {
            throw new DeltaFormatException("Invalid delta superblock: " + ex.Message, ex);
        }
    }

    private static DeltaSuperblock ParseUnsigned(ReadOnlySpan<byte> data, StaticDeltaLimits limits, MetadataDictionary? signatures)
    {
        var r = new GVariantReader(data, Type);
        r.ValidateNormalForm();
        var metadata = MetadataDictionary.Read(r.GetChild(0));
        ulong timestamp = BinaryPrimitives.ReverseEndianness(r.GetChild(1).GetUInt64());
        var fromBytes = r.GetChild(2).GetBytes();
        Checksum? from = fromBytes.Length switch
        {
            0 => null,
            Checksum.ByteLength => Checksum.FromBytes(fromBytes),
            _ => throw new DeltaFormatException($"Invalid delta superblock: source checksum of {fromBytes.Length} bytes"),
        };
        var toBytes = r.GetChild(3).GetBytes();
        if (toBytes.Length != Checksum.ByteLength)
            throw new DeltaFormatException($"Invalid delta superblock: target checksum of {toBytes.Length} bytes");
        var to = Checksum.FromBytes(toBytes);
        var commitData = r.GetChild(4).Data;
        if (commitData.Length > limits.MaxMetadataSize)
            throw new DeltaFormatException($"Delta commit of {commitData.Length} bytes exceeds the limit of {limits.MaxMetadataSize}");
        var commit = CommitObject.Parse(commitData);
        if (Checksum.Compute(commitData) != to)
            throw new DeltaFormatException($"Delta commit hashes to {Checksum.Compute(commitData)}, not the target {to}");
        int recursive = r.GetChild(5).GetBytes().Length;

        var endianness = DeltaEndianness.Little;
        bool guessed = false;
        if (metadata.TryGetValue(EndiannessKey, out var e))
        {
            if (!e.Type.Equals(GVariantType.Byte))
                throw new DeltaFormatException($"Invalid {EndiannessKey}: type {e.Type}");
            endianness = e.Value.Span[0] switch
            {
                (byte)'l' => DeltaEndianness.Little,
                (byte)'B' => DeltaEndianness.Big,
                var b => throw new DeltaFormatException($"Invalid {EndiannessKey} value 0x{b:x2}"),
            };
        }
        else
        {
            guessed = true;
            endianness = GuessEndianness(r.GetChild(6)) ? (BitConverter.IsLittleEndian ? DeltaEndianness.Big : DeltaEndianness.Little)
                                                       : (BitConverter.IsLittleEndian ? DeltaEndianness.Little : DeltaEndianness.Big);
        }
        bool swap = endianness == DeltaEndianness.Big;

        var partsReader = r.GetChild(6);
        int nparts = partsReader.Count;
        if (nparts > limits.MaxParts)
            throw new DeltaFormatException($"Delta has {nparts} parts, more than the limit of {limits.MaxParts}");
        var parts = new DeltaPartHeader[nparts];
        for (int i = 0; i < nparts; i++)
        {
            var p = partsReader.GetChild(i);
            uint version = Swap(p.GetChild(0).GetUInt32(), swap);
            var csumBytes = p.GetChild(1).GetBytes();
            if (csumBytes.Length != Checksum.ByteLength)
                throw new DeltaFormatException($"Part {i}: checksum of {csumBytes.Length} bytes");
            ulong size = Swap(p.GetChild(2).GetUInt64(), swap);
            ulong usize = Swap(p.GetChild(3).GetUInt64(), swap);
            if (size > (ulong)limits.MaxPartFileSize)
                throw new DeltaFormatException($"Part {i}: size {size} exceeds the limit of {limits.MaxPartFileSize}");
            parts[i] = new DeltaPartHeader(version, Checksum.FromBytes(csumBytes), size, usize, ReadObjectList(p.GetChild(4), i));
        }

        var fbReader = r.GetChild(7);
        int nfb = fbReader.Count;
        var fallbacks = new DeltaFallback[nfb];
        for (int i = 0; i < nfb; i++)
        {
            var f = fbReader.GetChild(i);
            byte type = f.GetChild(0).GetByte();
            if (!Enum.IsDefined((ObjectType)type))
                throw new DeltaFormatException($"Fallback {i}: invalid object type {type}");
            var csum = f.GetChild(1).GetBytes();
            if (csum.Length != Checksum.ByteLength)
                throw new DeltaFormatException($"Fallback {i}: checksum of {csum.Length} bytes");
            fallbacks[i] = new DeltaFallback(new ObjectName(Checksum.FromBytes(csum), (ObjectType)type),
                Swap(f.GetChild(2).GetUInt64(), swap), Swap(f.GetChild(3).GetUInt64(), swap));
        }
        return new DeltaSuperblock(data.ToArray(), metadata, timestamp, from, to, commit, recursive, parts, fallbacks, endianness, guessed, signatures);
    }

    private static ObjectName[] ReadObjectList(GVariantReader reader, int part)
    {
        var bytes = reader.GetBytes();
        if (bytes.Length % ObjectRecordSize != 0)
            throw new DeltaFormatException($"Part {part}: object list of {bytes.Length} bytes is not a multiple of {ObjectRecordSize}");
        var result = new ObjectName[bytes.Length / ObjectRecordSize];
        for (int i = 0; i < result.Length; i++)
        {
            var rec = bytes.Slice(i * ObjectRecordSize, ObjectRecordSize);
            if (!Enum.IsDefined((ObjectType)rec[0]))
                throw new DeltaFormatException($"Part {part}: object {i} has invalid type {rec[0]}");
            result[i] = new ObjectName(Checksum.FromBytes(rec[1..]), (ObjectType)rec[0]);
        }
        return result;
    }

    /// <summary>
    /// For superblocks without <c>ostree.endianness</c>: true when, read in host order, the sizes look byte-swapped
    /// (a part compressed to more than 1.2 times its object bytes, or parts averaging more than 4 GiB).
    /// </summary>
    private static bool GuessEndianness(GVariantReader parts)
    {
        int n = parts.Count;
        if (n == 0)
            return false;
        UInt128 total = 0;
        bool suspicious = false;
        for (int i = 0; i < n; i++)
        {
            var p = parts.GetChild(i);
            ulong size = p.GetChild(2).GetUInt64();
            ulong usize = p.GetChild(3).GetUInt64();
            total += size;
            if (usize > 0 && (UInt128)size * 10 > (UInt128)usize * 12 && size > 1024 * 1024)
                suspicious = true;
        }
        return suspicious || total / (ulong)n > 4UL * 1024 * 1024 * 1024;
    }

    private static uint Swap(uint v, bool swap) => swap == BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(v) : v;

    private static ulong Swap(ulong v, bool swap) => swap == BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(v) : v;

    /// <summary>Serializes a superblock.</summary>
    /// <param name="metadata">The metadata, written as given; <c>ostree.endianness</c> is appended when absent.</param>
    /// <param name="timestamp">Generation time (seconds since the epoch).</param>
    /// <param name="from">Source commit, or null from scratch.</param>
    /// <param name="commit">The target commit.</param>
    /// <param name="parts">Part headers.</param>
    /// <param name="fallbacks">Fallback objects.</param>
    /// <param name="endianness">Byte order of the part-table and fallback integers.</param>
    /// <returns>The superblock file bytes.</returns>
    public static byte[] Serialize(MetadataDictionary metadata, ulong timestamp, Checksum? from, CommitObject commit,
        IReadOnlyList<DeltaPartHeader> parts, IReadOnlyList<DeltaFallback> fallbacks, DeltaEndianness endianness)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(fallbacks);
        bool swap = endianness == DeltaEndianness.Big;
        var meta = metadata;
        if (!metadata.ContainsKey(EndiannessKey))
        {
            meta = new MetadataDictionary(metadata);
            meta.Add(EndiannessKey, GVariantType.Byte, new[] { endianness == DeltaEndianness.Big ? (byte)'B' : (byte)'l' });
        }
        return GVariantWriter.Serialize(Type, w =>
        {
            Span<byte> csum = stackalloc byte[Checksum.ByteLength];
            w.StartTuple();
            meta.WriteTo(w);
            w.WriteUInt64(BinaryPrimitives.ReverseEndianness(timestamp));
            if (from is { } f)
            {
                f.CopyTo(csum);
                w.WriteBytes(csum);
            }
            else
            {
                w.WriteBytes([]);
            }
            commit.Checksum.CopyTo(csum);
            w.WriteBytes(csum);
            w.WriteSerialized(commit.RawBytes.Span);
            w.WriteBytes([]);
            w.StartArray();
            foreach (var p in parts)
            {
                w.StartTuple();
                w.WriteUInt32(Swap(p.Version, swap));
                p.Checksum.CopyTo(csum);
                w.WriteBytes(csum);
                w.WriteUInt64(Swap(p.CompressedSize, swap));
                w.WriteUInt64(Swap(p.UncompressedSize, swap));
                w.WriteBytes(SerializeObjectList(p.Objects));
                w.EndTuple();
            }
            w.EndArray();
            w.StartArray();
            foreach (var fb in fallbacks)
            {
                w.StartTuple();
                w.WriteByte((byte)fb.Object.Type);
                fb.Object.Checksum.CopyTo(csum);
                w.WriteBytes(csum);
                w.WriteUInt64(Swap(fb.CompressedSize, swap));
                w.WriteUInt64(Swap(fb.UncompressedSize, swap));
                w.EndTuple();
            }
            w.EndArray();
            w.EndTuple();
        });
    }

    /// <summary>The 33-byte-per-object list of a part header.</summary>
    public static byte[] SerializeObjectList(IReadOnlyList<ObjectName> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var bytes = new byte[objects.Count * ObjectRecordSize];
        for (int i = 0; i < objects.Count; i++)
        {
            bytes[i * ObjectRecordSize] = (byte)objects[i].Type;
            objects[i].Checksum.CopyTo(bytes.AsSpan(i * ObjectRecordSize + 1, Checksum.ByteLength));
        }
        return bytes;
    }

    /// <summary>Wraps unsigned superblock bytes with signatures (spec §7.3).</summary>
    public static byte[] SerializeSigned(ReadOnlySpan<byte> superblock, MetadataDictionary signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        byte[] copy = superblock.ToArray();
        return GVariantWriter.Serialize(SignedType, w =>
        {
            w.StartTuple();
            w.WriteUInt64(BinaryPrimitives.ReverseEndianness(SignedMagic));
            w.WriteBytes(copy);
            signatures.WriteTo(w);
            w.EndTuple();
        });
    }
}
