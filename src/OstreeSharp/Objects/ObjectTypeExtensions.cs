namespace OstreeSharp.Objects;

/// <summary>Helpers for <see cref="ObjectType"/>: file extensions and classification.</summary>
public static class ObjectTypeExtensions
{
    /// <summary>True for the metadata types DirTree, DirMeta, Commit, TombstoneCommit and CommitMeta (spec §2.2).</summary>
    public static bool IsMetadata(this ObjectType type) => type is >= ObjectType.DirTree and <= ObjectType.CommitMeta;

    /// <summary>The file extension without the dot; content objects in archive repositories get <c>filez</c>.</summary>
    public static string Extension(this ObjectType type, bool archive = false) => type switch
    {
        ObjectType.File => archive ? "filez" : "file",
        ObjectType.DirTree => "dirtree",
        ObjectType.DirMeta => "dirmeta",
        ObjectType.Commit => "commit",
        ObjectType.TombstoneCommit => "tombstone-commit",
        ObjectType.CommitMeta => "commitmeta",
        ObjectType.PayloadLink => "payload-link",
        ObjectType.FileXattrs => "file-xattrs",
        ObjectType.FileXattrsLink => "file-xattrs-link",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown object type."),
    };

    /// <summary>The name ostree uses in messages and <c>ostree cat</c>-style listings (e.g. <c>commit</c>, <c>file</c>).</summary>
    public static string DisplayName(this ObjectType type) => type.Extension();

    /// <summary>Parses an extension (<c>file</c>, <c>filez</c>, <c>dirtree</c>, …) into a type.</summary>
    public static bool TryParseExtension(ReadOnlySpan<char> extension, out ObjectType type)
    {
        switch (extension)
        {
            case "file": case "filez": type = ObjectType.File; return true;
            case "dirtree": type = ObjectType.DirTree; return true;
            case "dirmeta": type = ObjectType.DirMeta; return true;
            case "commit": type = ObjectType.Commit; return true;
            case "tombstone-commit": type = ObjectType.TombstoneCommit; return true;
            case "commitmeta": type = ObjectType.CommitMeta; return true;
            case "payload-link": type = ObjectType.PayloadLink; return true;
            case "file-xattrs": type = ObjectType.FileXattrs; return true;
            case "file-xattrs-link": type = ObjectType.FileXattrsLink; return true;
            default: type = default; return false;
        }
    }
}
