namespace OstreeSharp.Archive;

/// <summary>The kind of a tar entry, after GNU/PAX extension headers are folded in.</summary>
public enum TarArchiveEntryType
{
    /// <summary>A regular file (<c>'0'</c>, <c>'\0'</c>, <c>'7'</c>).</summary>
    RegularFile,

    /// <summary>A hard link to an earlier path (<c>'1'</c>).</summary>
    HardLink,

    /// <summary>A symbolic link (<c>'2'</c>).</summary>
    SymbolicLink,

    /// <summary>A character device (<c>'3'</c>).</summary>
    CharacterDevice,

    /// <summary>A block device (<c>'4'</c>).</summary>
    BlockDevice,

    /// <summary>A directory (<c>'5'</c>).</summary>
    Directory,

    /// <summary>A FIFO (<c>'6'</c>).</summary>
    Fifo,
}
