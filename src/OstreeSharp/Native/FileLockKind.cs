namespace OstreeSharp.Native;

/// <summary>The kind of advisory whole-file lock taken by <see cref="FileLock"/>.</summary>
public enum FileLockKind
{
    /// <summary>A shared (read) lock: any number of holders.</summary>
    Shared,

    /// <summary>An exclusive (write) lock: a single holder, no shared holders.</summary>
    Exclusive,
}
