namespace OstreeSharp.Cli.Progress;

/// <summary>A progress snapshot reported by long operations (commit, checkout, fsck).</summary>
/// <param name="FilesDone">Files (or objects) processed so far.</param>
/// <param name="FilesTotal">Total files (or objects), when known.</param>
/// <param name="BytesDone">Bytes processed so far.</param>
/// <param name="BytesTotal">Total bytes, when known.</param>
public readonly record struct OperationProgress(long FilesDone, long? FilesTotal, long BytesDone, long? BytesTotal);
