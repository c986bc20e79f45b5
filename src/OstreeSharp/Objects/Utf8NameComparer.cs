namespace OstreeSharp.Objects;

/// <summary>
/// Orders names by their UTF-8 bytes, as ostree sorts dirtree entries (<c>strcmp</c>); differs from
/// <see cref="StringComparer.Ordinal"/> for characters above U+FFFF.
/// </summary>
public sealed class Utf8NameComparer : IComparer<string>
{
    /// <summary>The single instance.</summary>
    public static Utf8NameComparer Instance { get; } = new();

    private Utf8NameComparer() { }

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var ex = x.EnumerateRunes();
        var ey = y.EnumerateRunes();
        while (true)
        {
            bool hx = ex.MoveNext(), hy = ey.MoveNext();
            if (!hx || !hy)
                return hx == hy ? 0 : (hx ? 1 : -1);
            // UTF-8 byte order equals code point order for valid scalar values.
            int c = ex.Current.Value.CompareTo(ey.Current.Value);
            if (c != 0)
                return c;
        }
    }

    /// <summary>Compares raw UTF-8 byte strings.</summary>
    public static int Compare(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y) => x.SequenceCompareTo(y);
}
