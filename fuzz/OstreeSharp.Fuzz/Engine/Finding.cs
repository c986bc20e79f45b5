namespace OstreeSharp.Fuzz.Engine;

/// <summary>A de-duplicated problem found by the fuzzer.</summary>
/// <param name="Kind"><c>crash</c>, <c>invariant</c>, <c>hang</c> or <c>memory</c>.</param>
/// <param name="Key">De-duplication key (exception type + top frames, or the kind).</param>
/// <param name="Details">Exception text or measurement.</param>
/// <param name="Input">The (smallest seen) input.</param>
public sealed record Finding(string Kind, string Key, string Details, byte[] Input)
{
    /// <summary>Where the input was saved, if findings are saved.</summary>
    public string? SavedPath { get; set; }

    /// <summary>How many inputs hit this key.</summary>
    public int Hits { get; set; } = 1;
}
