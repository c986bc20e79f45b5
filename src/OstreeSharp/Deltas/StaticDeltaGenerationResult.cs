namespace OstreeSharp.Deltas;

/// <summary>What <see cref="StaticDeltaGenerator"/> produced, with the statistics <c>ostree</c> prints.</summary>
public sealed class StaticDeltaGenerationResult
{
    internal StaticDeltaGenerationResult() { }

    /// <summary>The delta.</summary>
    public StaticDeltaName Name { get; internal set; }

    /// <summary>The superblock file written.</summary>
    public string SuperblockPath { get; internal set; } = "";

    /// <summary>New files matched to a file of the source commit.</summary>
    public int Modified { get; internal set; }

    /// <summary>New metadata objects.</summary>
    public int NewMetadata { get; internal set; }

    /// <summary>New regular-file content objects.</summary>
    public int NewRegularFiles { get; internal set; }

    /// <summary>New symlink content objects.</summary>
    public int NewSymlinks { get; internal set; }

    /// <summary>Files sent as rollsum deltas.</summary>
    public int RollsumObjects { get; internal set; }

    /// <summary>Bytes of those files found in their source (not sent).</summary>
    public long RollsumBytes { get; internal set; }

    /// <summary>Files sent as bsdiff patches.</summary>
    public int BsdiffObjects { get; internal set; }

    /// <summary>Per part: (objects, part file size, uncompressed object bytes).</summary>
    public IReadOnlyList<(int Objects, ulong Size, ulong UncompressedSize)> Parts { get; internal set; } = [];

    /// <summary>Fallback objects.</summary>
    public int Fallbacks { get; internal set; }

    /// <summary>Sum of the uncompressed object bytes of all parts.</summary>
    public ulong TotalUncompressed { get; internal set; }

    /// <summary>Sum of the part file sizes.</summary>
    public ulong TotalCompressed { get; internal set; }

    /// <summary>Stored size in the repository of the objects sent whole.</summary>
    public ulong TotalLoose { get; internal set; }
}
