using OstreeSharp.Objects;

namespace OstreeSharp.Deltas;

/// <summary>What <see cref="StaticDeltaApplier"/> did.</summary>
public sealed class StaticDeltaApplyResult
{
    internal StaticDeltaApplyResult(Checksum commit, int partsApplied, int partsSkipped, long objectsWritten, IReadOnlyList<DeltaFallback> missing)
    {
        Commit = commit;
        PartsApplied = partsApplied;
        PartsSkipped = partsSkipped;
        ObjectsWritten = objectsWritten;
        MissingFallbacks = missing;
    }

    /// <summary>The target commit, now in the repository.</summary>
    public Checksum Commit { get; }

    /// <summary>Parts decompressed and executed.</summary>
    public int PartsApplied { get; }

    /// <summary>Parts skipped because all their objects were present.</summary>
    public int PartsSkipped { get; }

    /// <summary>Objects produced by the parts (including ones that turned out to exist already).</summary>
    public long ObjectsWritten { get; }

    /// <summary>Fallback objects still missing (only with <see cref="StaticDeltaApplyOptions.RequireFallbacks"/> false).</summary>
    public IReadOnlyList<DeltaFallback> MissingFallbacks { get; }
}
