namespace OstreeSharp.Repository;

/// <summary>
/// A validated ref name such as <c>exampleos/x86_64/stable</c> (spec §5.2). Compares ordinally.
/// </summary>
public readonly struct RefName : IEquatable<RefName>, IComparable<RefName>
{
    private readonly string? _value;

    private RefName(string value) => _value = value;

    /// <summary>The name text (empty for <see langword="default"/>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Validates and wraps <paramref name="name"/>.</summary>
    /// <param name="name">The ref name.</param>
    /// <returns>The ref name.</returns>
    /// <exception cref="InvalidRefNameException"><c>Invalid ref name NAME</c>.</exception>
    public static RefName Parse(string name)
    {
        NameValidation.ValidateRefName(name, nameof(name));
        return new RefName(name);
    }

    /// <summary>Validates and wraps <paramref name="name"/> without throwing.</summary>
    /// <param name="name">The candidate.</param>
    /// <param name="result">The ref name when valid.</param>
    /// <returns>Whether <paramref name="name"/> is valid.</returns>
    public static bool TryParse(string? name, out RefName result)
    {
        if (name is not null && NameValidation.IsValidRefName(name))
        {
            result = new RefName(name);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Whether <paramref name="name"/> is a valid ref name.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(ReadOnlySpan<char> name) => NameValidation.IsValidRefName(name);

    /// <inheritdoc/>
    public bool Equals(RefName other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RefName other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public int CompareTo(RefName other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>The name text.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;

    /// <summary>Ordinal equality.</summary>
    /// <param name="left">First name.</param>
    /// <param name="right">Second name.</param>
    /// <returns>Whether equal.</returns>
    public static bool operator ==(RefName left, RefName right) => left.Equals(right);

    /// <summary>Ordinal inequality.</summary>
    /// <param name="left">First name.</param>
    /// <param name="right">Second name.</param>
    /// <returns>Whether different.</returns>
    public static bool operator !=(RefName left, RefName right) => !left.Equals(right);

    /// <summary>Ordinal ordering.</summary>
    /// <param name="left">First name.</param>
    /// <param name="right">Second name.</param>
    /// <returns>Whether <paramref name="left"/> sorts first.</returns>
    public static bool operator <(RefName left, RefName right) => left.CompareTo(right) < 0;

    /// <summary>Ordinal ordering.</summary>
    /// <param name="left">First name.</param>
    /// <param name="right">Second name.</param>
    /// <returns>Whether <paramref name="left"/> sorts first or equal.</returns>
    public static bool operator <=(RefName left, RefName right) => left.CompareTo(right) <= 0;

    /// <summary>Ordinal ordering.</summary>
    /// <param name="left">First name.</param>
    /// <param name="right">Second name.</param>
    /// <returns>Whether <paramref name="left"/> sorts last.</returns>
    public static bool operator >(RefName left, RefName right) => left.CompareTo(right) > 0;

    /// <summary>Ordinal ordering.</summary>
    /// <param name="left">First name.</param>
    /// <param name="right">Second name.</param>
    /// <returns>Whether <paramref name="left"/> sorts last or equal.</returns>
    public static bool operator >=(RefName left, RefName right) => left.CompareTo(right) >= 0;

    /// <summary>The name text.</summary>
    /// <param name="name">The ref name.</param>
    public static implicit operator string(RefName name) => name.Value;
}
