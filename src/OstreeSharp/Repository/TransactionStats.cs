namespace OstreeSharp.Repository;

/// <summary>What a transaction wrote.</summary>
/// <param name="MetadataObjectsWritten">New metadata objects.</param>
/// <param name="ContentObjectsWritten">New content objects.</param>
/// <param name="ContentBytesWritten">Uncompressed bytes of new content objects.</param>
/// <param name="ObjectsTotal">Objects offered to the transaction, new or already present.</param>
public readonly record struct TransactionStats(long MetadataObjectsWritten, long ContentObjectsWritten, long ContentBytesWritten, long ObjectsTotal);
