namespace OstreeSharp.Diff;

/// <summary>How an entry differs between two trees.</summary>
public enum DiffChangeKind
{
    /// <summary>Present on both sides with different content, metadata or type (<c>M</c>).</summary>
    Modified,

    /// <summary>Only in the first tree (<c>D</c>); a removed directory is reported once, not its contents.</summary>
    Removed,

    /// <summary>Only in the second tree (<c>A</c>); an added directory is followed by all its contents.</summary>
    Added,
}
