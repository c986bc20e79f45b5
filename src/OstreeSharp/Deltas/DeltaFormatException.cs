namespace OstreeSharp.Deltas;

/// <summary>
/// A static delta (superblock, part file or part payload) is malformed, truncated, inconsistent with its
/// declarations, or exceeds the limits of a <see cref="StaticDeltaLimits"/> preset.
/// </summary>
public class DeltaFormatException : OstreeDataException
{
    /// <summary>Creates an exception with a default message.</summary>
    public DeltaFormatException() : base("Malformed static delta") { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public DeltaFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public DeltaFormatException(string message, Exception? innerException) : base(message, innerException) { }
}
