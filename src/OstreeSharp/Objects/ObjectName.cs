namespace OstreeSharp.Objects;

/// <summary>An object's identity: its checksum and type (libostree's "object name").</summary>
/// <param name="Checksum">The object's checksum (for commitmeta and tombstones: the commit's).</param>
/// <param name="Type">The object type.</param>
public readonly record struct ObjectName(Checksum Checksum, ObjectType Type) : IComparable<ObjectName>
{
    /// <summary>The path below <c>objects/</c>: <c>XX/YYYY….EXT</c> (spec §2.1).</summary>
    public string RelativePath(bool archive)
    {
        string hex = Checksum.ToString();
        return $"{hex[..2]}/{hex[2..]}.{Type.Extension(archive)}";
    }

    /// <summary>Formats as <c>CHECKSUM.TYPE</c>, the way ostree names objects in messages.</summary>
    public override string ToString() => $"{Checksum}.{Type.Extension()}";

    /// <inheritdoc/>
    public int CompareTo(ObjectName other)
    {
        int c = Checksum.CompareTo(other.Checksum);
        return c != 0 ? c : Type.CompareTo(other.Type);
    }
}
