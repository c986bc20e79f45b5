namespace OstreeSharp.Repository;

/// <summary>A ref qualified by a collection ID (P2P / mirrors).</summary>
/// <param name="CollectionId">Reverse-DNS collection ID.</param>
/// <param name="RefName">The ref name.</param>
public sealed record CollectionRef(string CollectionId, string RefName)
{
    /// <summary>
    /// True if <paramref name="id"/> is a valid collection ID: D-Bus interface-name syntax, at least two
    /// <c>.</c>-separated elements of <c>[A-Za-z_][A-Za-z0-9_-]*</c>... at most 255 characters (spec §5.1).
    /// </summary>
    public static bool IsValidCollectionId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 255)
            return false;
        var elements = id.Split('.');
        if (elements.Length < 2)
            return false;
        foreach (var e in elements)
        {
            if (e.Length == 0 || char.IsAsciiDigit(e[0]))
                return false;
            foreach (char c in e)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                    return false;
            }
        }
        return true;
    }
}
