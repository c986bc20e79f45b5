using OstreeSharp.Objects;

namespace OstreeSharp.Repository;

/// <summary>
/// A content object opened for reading: its header (owner, mode, xattrs, symlink target) and, for regular files,
/// a stream of the content. The stream checks the declared size: reading past it or ending early throws
/// <see cref="CorruptObjectException"/>.
/// </summary>
public sealed class ContentObject : IDisposable
{
    internal ContentObject(Checksum checksum, FileHeader header, ulong size, Stream? content, string? loosePath)
    {
        Checksum = checksum;
        Header = header;
        Size = size;
        Content = content;
        LoosePath = loosePath;
    }

    /// <summary>The object checksum.</summary>
    public Checksum Checksum { get; }

    /// <summary>Owner, mode, symlink target and xattrs.</summary>
    public FileHeader Header { get; }

    /// <summary>Content length in bytes (0 for symlinks).</summary>
    public ulong Size { get; }

    /// <summary>The content, for regular files; null for symlinks.</summary>
    public Stream? Content { get; }

    /// <summary>
    /// For bare repositories, the path of the stored file whose bytes are the content (usable for hardlinking);
    /// null for archive repositories and for symlinks stored as files.
    /// </summary>
    public string? LoosePath { get; }

    /// <inheritdoc/>
    public void Dispose() => Content?.Dispose();
}
