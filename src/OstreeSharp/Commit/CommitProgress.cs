namespace OstreeSharp.Commit;

/// <summary>Progress of importing a directory.</summary>
/// <param name="FilesDone">Files (and symlinks) processed.</param>
/// <param name="FilesTotal">Files found so far (grows while scanning).</param>
/// <param name="BytesDone">Content bytes processed.</param>
/// <param name="BytesTotal">Content bytes found so far.</param>
public readonly record struct CommitProgress(long FilesDone, long FilesTotal, long BytesDone, long BytesTotal)
{
    /// <summary>Content bytes actually read and hashed so far (files recognised through the
    /// <see cref="DevInoCache"/> count in <see cref="BytesDone"/> but not here).</summary>
    public long BytesHashed { get; init; }

    /// <summary>Files whose checksum came from the <see cref="DevInoCache"/> so far.</summary>
    public long FilesFromCache { get; init; }
}
