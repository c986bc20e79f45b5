namespace OstreeSharp.Objects;

/// <summary>A subdirectory entry of a dirtree: its name, dirtree checksum and dirmeta checksum.</summary>
/// <param name="Name">The entry name (one path component).</param>
/// <param name="TreeChecksum">The subdirectory's dirtree checksum.</param>
/// <param name="MetaChecksum">The subdirectory's dirmeta checksum.</param>
public readonly record struct DirTreeDirectory(string Name, Checksum TreeChecksum, Checksum MetaChecksum);
