namespace OstreeSharp.Commit;

/// <summary>OCI / overlayfs whiteout names (<see cref="CommitModifier.ProcessWhiteouts"/>).</summary>
public static class Whiteouts
{
    /// <summary>Prefix of a whiteout file: <c>.wh.NAME</c> deletes NAME.</summary>
    public const string Prefix = ".wh.";

    /// <summary>The opaque-directory marker: the directory keeps none of its lower entries.</summary>
    public const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>
    /// True if <paramref name="name"/> is a whiteout; <paramref name="target"/> is the name it deletes, or null for
    /// the opaque marker.
    /// </summary>
    public static bool TryParse(string name, out string? target)
    {
        ArgumentNullException.ThrowIfNull(name);
        target = null;
        if (name == OpaqueMarker)
            return true;
        if (name.Length > Prefix.Length && name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            target = name[Prefix.Length..];
            return true;
        }
        return false;
    }
}
