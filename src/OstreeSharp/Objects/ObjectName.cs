namespace OstreeSharp.Objects;

/// <summary>An object's identity: its checksum and type (libostree's "object name").</summary>
/// <param name="Checksum">The object's checksum (for commitmeta and tombstones: the commit's).</param>
/// <param name="Type">The object type.</param>
public readonly record struct ObjectName(Checksum Checksum, ObjectType Type) : IComparable<ObjectName>
{
    /// <summary>The path below <c>objects/</c>: <c>XX/YYYY….EXT</c> (spec §2.1).</summary>
    public string RelativePath(bool archive)
    {
        string extension = Type.Extension(archive);
        return string.Create(RelativePathLength(extension), (this, extension), static (span, state) => state.Item1.FormatRelativePath(span, state.extension));
    }

    /// <summary>The length of <see cref="RelativePath"/> for an object with extension <paramref name="extension"/>.</summary>
    internal static int RelativePathLength(string extension) => Checksum.HexLength + 2 + extension.Length;

    /// <summary>Writes <see cref="RelativePath"/> (exactly <see cref="RelativePathLength"/> characters) into <paramref name="destination"/>.</summary>
    internal void FormatRelativePath(Span<char> destination, string extension)
    {
        Span<char> hex = stackalloc char[Checksum.HexLength];
        Checksum.TryFormat(hex, out _, default, null);
        hex[..2].CopyTo(destination);
        destination[2] = '/';
        hex[2..].CopyTo(destination[3..]);
        destination[Checksum.HexLength + 1] = '.';
        extension.CopyTo(destination[(Checksum.HexLength + 2)..]);
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
