namespace OstreeSharp.Repository;

/// <summary>The kind of a <see cref="TreeEntry"/>.</summary>
public enum TreeEntryKind
{
    /// <summary>A directory: <see cref="TreeEntry.Checksum"/> is its dirtree, <see cref="TreeEntry.MetaChecksum"/> its dirmeta.</summary>
    Directory,

    /// <summary>A regular file or symlink: <see cref="TreeEntry.Checksum"/> is its content object.</summary>
    File,
}
