namespace OstreeSharp.Diff;

/// <summary>One difference.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Path">The entry's path as <c>ostree diff</c> prints it: <c>/a/b</c> for an entry of a commit, <c>a/b</c>
/// (relative to the root) for an entry of a filesystem directory. Modified and removed entries are named from the
/// first tree, added entries from the second.</param>
public readonly record struct TreeDiffEntry(DiffChangeKind Kind, string Path)
{
    /// <summary>The line <c>ostree diff</c> prints: the kind letter, four spaces, the path.</summary>
    public override string ToString() => (Kind switch
    {
        DiffChangeKind.Modified => "M",
        DiffChangeKind.Removed => "D",
        _ => "A",
    }) + "    " + Path;
}
