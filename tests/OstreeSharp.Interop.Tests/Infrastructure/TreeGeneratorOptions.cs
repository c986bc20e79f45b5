namespace OstreeSharp.Interop.Tests.Infrastructure;

/// <summary>Shape of a generated tree; the same options and seed always give the same tree.</summary>
public sealed record TreeGeneratorOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>Number of ordinary files spread over the directories.</summary>
    public int FileCount { get; init; } = 40;

    /// <summary>Number of directories (besides the deep chain).</summary>
    public int DirectoryCount { get; init; } = 8;

    public int MaxFileSize { get; init; } = 64 * 1024;

    /// <summary>Size of the one large file; 0 for none.</summary>
    public int LargeFileSize { get; init; } = 3 * 1024 * 1024;

    /// <summary>Depth of the deep directory chain.</summary>
    public int DeepNesting { get; init; } = 12;

    /// <summary>Put <c>user.*</c> xattrs on some entries when the filesystem allows it.</summary>
    public bool Xattrs { get; init; } = true;

    public bool UnicodeNames { get; init; } = true;

    public bool Symlinks { get; init; } = true;
}
