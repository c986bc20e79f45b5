namespace OstreeSharp.Deltas;

/// <summary>How many of each operation a delta part's bytecode contains.</summary>
/// <param name="OpenSpliceAndClose"><c>S</c> operations.</param>
/// <param name="Open"><c>o</c> operations.</param>
/// <param name="Write"><c>w</c> operations.</param>
/// <param name="SetReadSource"><c>r</c> operations.</param>
/// <param name="UnsetReadSource"><c>R</c> operations.</param>
/// <param name="Close"><c>c</c> operations.</param>
/// <param name="Bspatch"><c>B</c> operations.</param>
public readonly record struct DeltaOperationCounts(int OpenSpliceAndClose, int Open, int Write, int SetReadSource,
    int UnsetReadSource, int Close, int Bspatch);
