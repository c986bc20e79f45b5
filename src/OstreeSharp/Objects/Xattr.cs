using System.Text;

namespace OstreeSharp.Objects;

/// <summary>
/// One extended attribute: a name (stored in objects with a trailing NUL, held here without it) and a raw value.
/// </summary>
public readonly struct Xattr : IEquatable<Xattr>
{
    private readonly byte[]? _name;
    private readonly byte[]? _value;

    /// <summary>Creates an xattr from raw name bytes (without NUL) and value bytes.</summary>
    public Xattr(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.IsEmpty)
            throw new ArgumentException("An xattr name cannot be empty.", nameof(name));
        if (name.Contains((byte)0))
            throw new ArgumentException("An xattr name cannot contain NUL.", nameof(name));
        _name = name.ToArray();
        _value = value.ToArray();
    }

    /// <summary>Creates an xattr from a UTF-8 name and raw value bytes.</summary>
    public Xattr(string name, ReadOnlySpan<byte> value) : this(Encoding.UTF8.GetBytes(name), value) { }

    /// <summary>The name bytes, without the trailing NUL.</summary>
    public ReadOnlySpan<byte> Name => _name;

    /// <summary>The value bytes.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>The name decoded as UTF-8 (lossy for invalid bytes).</summary>
    public string NameString => Encoding.UTF8.GetString(Name);

    /// <inheritdoc/>
    public bool Equals(Xattr other) => Name.SequenceEqual(other.Name) && Value.SequenceEqual(other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Xattr other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Name);
        hash.AddBytes(Value);
        return hash.ToHashCode();
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(Xattr left, Xattr right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Xattr left, Xattr right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => $"{NameString}={Convert.ToHexString(Value)}";
}
