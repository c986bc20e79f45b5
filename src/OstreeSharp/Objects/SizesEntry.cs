namespace OstreeSharp.Objects;

/// <summary>
/// One <c>ostree.sizes</c> entry (spec §4.4): checksum, archived (on-disk) size, unpacked size and object type.
/// </summary>
/// <param name="Checksum">The object checksum.</param>
/// <param name="ArchivedSize">Size of the object as stored in an archive repo (<c>.filez</c> or metadata bytes).</param>
/// <param name="UnpackedSize">Content length (symlinks: target length; metadata: byte size).</param>
/// <param name="Type">Object type; null for pre-2019 entries that lack the byte.</param>
public readonly record struct SizesEntry(Checksum Checksum, ulong ArchivedSize, ulong UnpackedSize, ObjectType? Type)
{
    /// <summary>Serializes the entry's <c>ay</c> bytes.</summary>
    public byte[] Serialize()
    {
        Span<byte> buf = stackalloc byte[Checksum.ByteLength + (2 * Varint.MaxLength) + 1];
        Checksum.CopyTo(buf);
        int n = Checksum.ByteLength;
        n += Varint.Write(buf[n..], ArchivedSize);
        n += Varint.Write(buf[n..], UnpackedSize);
        if (Type is { } t)
            buf[n++] = (byte)t;
        return buf[..n].ToArray();
    }

    /// <summary>Parses an entry.</summary>
    /// <exception cref="OstreeDataException">Malformed entry.</exception>
    public static SizesEntry Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < Checksum.ByteLength + 2)
            throw new OstreeDataException("Truncated ostree.sizes entry.");
        var csum = Checksum.FromBytes(data[..Checksum.ByteLength]);
        int n = Checksum.ByteLength;
        n += Varint.Read(data[n..], out ulong archived);
        n += Varint.Read(data[n..], out ulong unpacked);
        ObjectType? type = null;
        if (n < data.Length)
        {
            type = (ObjectType)data[n++];
            if (n != data.Length || type is < ObjectType.File or > ObjectType.DirMeta)
                throw new OstreeDataException("Invalid ostree.sizes entry: trailing bytes or bad object type.");
        }
        return new SizesEntry(csum, archived, unpacked, type);
    }
}
