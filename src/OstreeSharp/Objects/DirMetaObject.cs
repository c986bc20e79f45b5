using System.Buffers.Binary;
using OstreeSharp.GVariant;

namespace OstreeSharp.Objects;

/// <summary>
/// A directory's metadata (<c>.dirmeta</c>, <c>(uuua(ayay))</c>, integers big-endian; spec §4.2). The same layout
/// is stored in bare-user repositories' <c>user.ostreemeta</c> xattr for files.
/// </summary>
public sealed class DirMetaObject : IEquatable<DirMetaObject>
{
    /// <summary>Creates dirmeta; <paramref name="mode"/> gets the directory type bits if it lacks type bits.</summary>
    public DirMetaObject(uint uid, uint gid, uint mode, XattrSet? xattrs = null)
    {
        Uid = uid;
        Gid = gid;
        Mode = (mode & UnixMode.TypeMask) == 0 ? mode | UnixMode.Directory : mode;
        Xattrs = xattrs ?? XattrSet.Empty;
    }

    private DirMetaObject(uint uid, uint gid, uint mode, XattrSet xattrs, byte[] raw) : this(uid, gid, mode, xattrs)
    {
        _raw = raw;
    }

    private byte[]? _raw;

    /// <summary>The most common dirmeta in existence: root-owned 040755, no xattrs.</summary>
    public static DirMetaObject Default { get; } = new(0, 0, 0x41ED);

    /// <summary>Owner user id.</summary>
    public uint Uid { get; }

    /// <summary>Owner group id.</summary>
    public uint Gid { get; }

    /// <summary>Full mode with type bits.</summary>
    public uint Mode { get; }

    /// <summary>Extended attributes.</summary>
    public XattrSet Xattrs { get; }

    /// <summary>The serialized bytes (the original bytes when parsed).</summary>
    public ReadOnlyMemory<byte> RawBytes => _raw ??= Serialize(Uid, Gid, Mode, Xattrs);

    /// <summary>The object checksum: SHA-256 of <see cref="RawBytes"/>.</summary>
    public Checksum Checksum => Checksum.Compute(RawBytes.Span);

    /// <summary>Serializes <c>(uuua(ayay))</c> from fields.</summary>
    public static byte[] Serialize(uint uid, uint gid, uint mode, XattrSet xattrs)
    {
        ArgumentNullException.ThrowIfNull(xattrs);
        return GVariantWriter.Serialize(OstreeTypes.DirMeta, w =>
        {
            w.StartTuple();
            w.WriteUInt32(BinaryPrimitives.ReverseEndianness(uid));
            w.WriteUInt32(BinaryPrimitives.ReverseEndianness(gid));
            w.WriteUInt32(BinaryPrimitives.ReverseEndianness(mode));
            xattrs.WriteTo(w);
            w.EndTuple();
        });
    }

    /// <summary>
    /// Writes <see cref="Serialize(uint, uint, uint, XattrSet)"/>'s bytes into <paramref name="destination"/> without
    /// allocating when there are no xattrs: <c>(uuua(ayay))</c> is then the three big-endian integers alone (the empty
    /// array has no bytes, and the last member needs no framing offset). False, writing nothing, otherwise.
    /// </summary>
    internal static bool TrySerializeWithoutXattrs(uint uid, uint gid, uint mode, XattrSet xattrs, Span<byte> destination, out int written)
    {
        written = 0;
        if (xattrs.Count != 0 || destination.Length < 12)
            return false;
        BinaryPrimitives.WriteUInt32BigEndian(destination, uid);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], gid);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mode);
        written = 12;
        return true;
    }

    /// <summary>Parses dirmeta bytes (normal form required); the original bytes are kept.</summary>
    /// <exception cref="OstreeDataException">The bytes are malformed.</exception>
    public static DirMetaObject Parse(ReadOnlySpan<byte> data)
    {
        var r = new GVariantReader(data, OstreeTypes.DirMeta);
        r.ValidateNormalForm();
        uint uid = BinaryPrimitives.ReverseEndianness(r.GetChild(0).GetUInt32());
        uint gid = BinaryPrimitives.ReverseEndianness(r.GetChild(1).GetUInt32());
        uint mode = BinaryPrimitives.ReverseEndianness(r.GetChild(2).GetUInt32());
        var xattrs = XattrSet.Read(r.GetChild(3));
        return new DirMetaObject(uid, gid, mode, xattrs, data.ToArray());
    }

    /// <inheritdoc/>
    public bool Equals(DirMetaObject? other) => other is not null && RawBytes.Span.SequenceEqual(other.RawBytes.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DirMetaObject);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Uid, Gid, Mode, Xattrs);
}
