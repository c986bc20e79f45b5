namespace OstreeSharp.Objects;

/// <summary>A file (regular or symlink) entry of a dirtree: its name and content checksum.</summary>
/// <param name="Name">The entry name (one path component).</param>
/// <param name="Checksum">The content object's checksum.</param>
public readonly record struct DirTreeFile(string Name, Checksum Checksum);
