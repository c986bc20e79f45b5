namespace OstreeSharp.Diff;

/// <summary>Object statistics of two commits (<c>ostree diff --stats</c>).</summary>
/// <param name="ObjectCountA">Objects reachable from the first commit (itself, its trees, metadata and files).</param>
/// <param name="ObjectCountB">Objects reachable from the second commit.</param>
/// <param name="CommonObjectCount">Objects reachable from both.</param>
/// <param name="CommonObjectSize">Stored size in bytes of the common objects.</param>
public sealed record DiffStats(long ObjectCountA, long ObjectCountB, long CommonObjectCount, long CommonObjectSize);
