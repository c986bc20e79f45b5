namespace OstreeSharp.Repository;

/// <summary>What a transaction wrote (the counters of <c>ostree commit --table-output</c>).</summary>
/// <param name="MetadataObjectsTotal">Metadata objects offered to the transaction, new or already present.</param>
/// <param name="MetadataObjectsWritten">New metadata objects.</param>
/// <param name="ContentObjectsTotal">Content objects offered, new or already present.</param>
/// <param name="ContentObjectsWritten">New content objects.</param>
/// <param name="ContentBytesWritten">Uncompressed bytes of new content objects.</param>
public readonly record struct TransactionStats(long MetadataObjectsTotal, long MetadataObjectsWritten, long ContentObjectsTotal,
    long ContentObjectsWritten, long ContentBytesWritten);
