namespace OstreeSharp.Deltas;

/// <summary>What a delta part's payload contains (what <c>ostree static-delta show</c> prints per part).</summary>
/// <param name="ModeCount">Entries in the mode table.</param>
/// <param name="XattrSetCount">Entries in the xattr-set table.</param>
/// <param name="BlobSize">Size of the data blob.</param>
/// <param name="OperationsSize">Size of the bytecode.</param>
/// <param name="Operations">Operation counts.</param>
public readonly record struct DeltaPartInfo(int ModeCount, int XattrSetCount, long BlobSize, long OperationsSize, DeltaOperationCounts Operations);
