using OstreeSharp.Objects;

namespace OstreeSharp.Archive;

/// <summary>
/// One entry of a tar archive as read by <see cref="TarArchiveReader"/>: GNU long names and PAX records
/// (<c>path</c>, <c>linkpath</c>, <c>size</c>, <c>uid</c>, <c>gid</c>, <c>SCHILY.xattr.*</c>, <c>LIBARCHIVE.xattr.*</c>)
/// are already applied. The content is readable from <see cref="TarArchiveReader.DataStream"/> until the next entry.
/// </summary>
public sealed class TarArchiveEntry
{
    internal TarArchiveEntry(string name, string linkName, TarArchiveEntryType type, uint mode, uint uid, uint gid, long size,
        long modificationTime, IReadOnlyList<Xattr> xattrs, long offset, uint deviceMajor = 0, uint deviceMinor = 0)
    {
        Name = name;
        LinkName = linkName;
        Type = type;
        Mode = mode;
        Uid = uid;
        Gid = gid;
        Size = size;
        ModificationTime = modificationTime;
        Xattrs = xattrs;
        Offset = offset;
        DeviceMajor = deviceMajor;
        DeviceMinor = deviceMinor;
    }

    /// <summary>The path as stored (not normalised).</summary>
    public string Name { get; }

    /// <summary>The link target of hard and symbolic links; empty otherwise.</summary>
    public string LinkName { get; }

    /// <summary>The entry type.</summary>
    public TarArchiveEntryType Type { get; }

    /// <summary>Permission bits (07777).</summary>
    public uint Mode { get; }

    /// <summary>Owner user id.</summary>
    public uint Uid { get; }

    /// <summary>Owner group id.</summary>
    public uint Gid { get; }

    /// <summary>Content length (regular files only; 0 for everything else).</summary>
    public long Size { get; }

    /// <summary>Modification time, seconds since the epoch.</summary>
    public long ModificationTime { get; }

    /// <summary>Extended attributes, in archive order, with their exact bytes.</summary>
    public IReadOnlyList<Xattr> Xattrs { get; }

    /// <summary>Major device number (device entries).</summary>
    public uint DeviceMajor { get; }

    /// <summary>Minor device number (device entries).</summary>
    public uint DeviceMinor { get; }

    /// <summary>Offset of the entry's first header in the uncompressed stream.</summary>
    public long Offset { get; }
}
