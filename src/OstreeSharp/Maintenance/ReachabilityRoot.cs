using OstreeSharp.Objects;

namespace OstreeSharp.Maintenance;

/// <summary>A commit from which reachability starts, with how far back its history is kept.</summary>
/// <param name="Commit">The commit (it must exist).</param>
/// <param name="Depth">Parents to follow: -1 for all, 0 for none; other negative values behave like 0.</param>
/// <param name="KeepYoungerThan">When set, <paramref name="Depth"/> is ignored and parents are followed while their
/// timestamp is not older than this (the root itself is always kept).</param>
public readonly record struct ReachabilityRoot(Checksum Commit, int Depth = -1, DateTimeOffset? KeepYoungerThan = null);
