using OstreeSharp.GVariant;

namespace OstreeSharp.Objects;

/// <summary>The GVariant types of ostree's objects (spec §0), parsed once.</summary>
public static class OstreeTypes
{
    /// <summary><c>(a{sv}aya(say)sstayay)</c>: a commit.</summary>
    public static readonly GVariantType Commit = GVariantType.Parse("(a{sv}aya(say)sstayay)");

    /// <summary><c>(a(say)a(sayay))</c>: a dirtree.</summary>
    public static readonly GVariantType DirTree = GVariantType.Parse("(a(say)a(sayay))");

    /// <summary><c>(uuua(ayay))</c>: a dirmeta, and bare-user's <c>user.ostreemeta</c>.</summary>
    public static readonly GVariantType DirMeta = GVariantType.Parse("(uuua(ayay))");

    /// <summary><c>(uuuusa(ayay))</c>: the file header hashed into content checksums.</summary>
    public static readonly GVariantType FileHeader = GVariantType.Parse("(uuuusa(ayay))");

    /// <summary><c>(tuuuusa(ayay))</c>: the header of an archive <c>.filez</c> object.</summary>
    public static readonly GVariantType ArchiveHeader = GVariantType.Parse("(tuuuusa(ayay))");

    /// <summary><c>a(ayay)</c>: an xattr list.</summary>
    public static readonly GVariantType Xattrs = GVariantType.Parse("a(ayay)");

    /// <summary><c>a{sv}</c>: commit metadata, detached metadata, summary metadata.</summary>
    public static readonly GVariantType VarDict = GVariantType.Parse("a{sv}");
}
