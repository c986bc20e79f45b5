using OstreeSharp.Objects;

namespace OstreeSharp.Repository;

/// <summary>An entry of a committed tree, addressed by its absolute path inside the commit.</summary>
/// <param name="Path">Absolute path inside the commit (<c>/</c> for the root).</param>
/// <param name="Kind">Directory or file.</param>
/// <param name="Checksum">Dirtree checksum for directories, content checksum for files.</param>
/// <param name="MetaChecksum">Dirmeta checksum for directories; default for files.</param>
public readonly record struct TreeEntry(string Path, TreeEntryKind Kind, Checksum Checksum, Checksum MetaChecksum);
