namespace OstreeSharp.Objects;

/// <summary>OSTree object types, with libostree's numeric values (spec §2.2).</summary>
public enum ObjectType : byte
{
    /// <summary>Content object: a regular file or symlink with its metadata (<c>.file</c> / <c>.filez</c>).</summary>
    File = 1,

    /// <summary>Directory listing (<c>.dirtree</c>).</summary>
    DirTree = 2,

    /// <summary>Directory metadata: owner, mode, xattrs (<c>.dirmeta</c>).</summary>
    DirMeta = 3,

    /// <summary>Commit (<c>.commit</c>).</summary>
    Commit = 4,

    /// <summary>Marker for a deleted commit (<c>.tombstone-commit</c>), named by the deleted commit.</summary>
    TombstoneCommit = 5,

    /// <summary>Detached commit metadata, e.g. signatures (<c>.commitmeta</c>), named by the commit.</summary>
    CommitMeta = 6,

    /// <summary>Payload link (<c>.payload-link</c>), a symlink named by the payload's checksum.</summary>
    PayloadLink = 7,

    /// <summary>Split xattrs (<c>.file-xattrs</c>) of bare-split-xattrs repositories.</summary>
    FileXattrs = 8,

    /// <summary>Hardlink from a content object to its <c>.file-xattrs</c> (<c>.file-xattrs-link</c>).</summary>
    FileXattrsLink = 9,
}
