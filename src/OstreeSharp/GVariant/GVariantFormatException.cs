namespace OstreeSharp.GVariant;

/// <summary>
/// Raised when serialized GVariant bytes are malformed or not in normal form.
/// <see cref="Offset"/> is the absolute byte offset (from the start of the buffer handed to the
/// outermost <see cref="GVariantReader"/>) at which the problem was found.
/// </summary>
/// <remarks>
/// Derives from <see cref="OstreeDataException"/>, the project-wide type for malformed bytes
/// (<see cref="InvalidDataException"/> is sealed). Bad type strings and bad text are caller errors and raise
/// <see cref="GVariantTypeFormatException"/> / <see cref="GVariantTextFormatException"/> (<see cref="FormatException"/>s).
/// </remarks>
public class GVariantFormatException : OstreeDataException
{
    /// <summary>Creates an exception with a default message.</summary>
    public GVariantFormatException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public GVariantFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public GVariantFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception describing <paramref name="reason"/> at <paramref name="offset"/>.</summary>
    /// <param name="reason">What is wrong, e.g. "framing offset 300 exceeds container size 20".</param>
    /// <param name="offset">Absolute byte offset of the problem.</param>
    public GVariantFormatException(string reason, long offset)
        : base($"Invalid GVariant data at offset {offset}: {reason}")
    {
        Offset = offset;
        Reason = reason;
    }

    /// <summary>Absolute byte offset of the problem, or -1 when unknown.</summary>
    public long Offset { get; } = -1;

    /// <summary>The bare description of the problem, without the offset prefix.</summary>
    public string? Reason { get; }
}
