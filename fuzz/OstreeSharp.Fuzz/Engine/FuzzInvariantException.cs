namespace OstreeSharp.Fuzz.Engine;

/// <summary>A target's own invariant (beyond "only expected exceptions") was violated: always a finding.</summary>
public sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException() { }

    public FuzzInvariantException(string message) : base(message) { }

    public FuzzInvariantException(string message, Exception innerException) : base(message, innerException) { }
}
