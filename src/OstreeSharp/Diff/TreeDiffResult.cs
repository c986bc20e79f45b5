namespace OstreeSharp.Diff;

/// <summary>The differences between two trees, in <c>ostree diff</c>'s order.</summary>
/// <param name="Modified">Modified entries, in a depth-first walk of the first tree.</param>
/// <param name="Removed">Removed entries, in the same walk.</param>
/// <param name="Added">Added entries: per directory, after that directory's walk, in the second tree's order.</param>
public sealed record TreeDiffResult(IReadOnlyList<TreeDiffEntry> Modified, IReadOnlyList<TreeDiffEntry> Removed, IReadOnlyList<TreeDiffEntry> Added)
{
    /// <summary>True when the trees are the same.</summary>
    public bool IsEmpty => Modified.Count == 0 && Removed.Count == 0 && Added.Count == 0;

    /// <summary>All entries as printed: modified, then removed, then added.</summary>
    public IEnumerable<TreeDiffEntry> All => Modified.Concat(Removed).Concat(Added);
}
