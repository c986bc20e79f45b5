namespace OstreeSharp.Deltas;

/// <summary>
/// A bsdiff patch given to <see cref="BsPatch"/> is malformed: a truncated control triple, a negative or oversized
/// length, a read outside the old data or the patch, output that overruns or falls short of the expected size.
/// The message names the problem and the patch offset.
/// </summary>
public class BsdiffFormatException : OstreeDataException
{
    /// <summary>Creates an exception with a default message.</summary>
    public BsdiffFormatException() : base("Malformed bsdiff patch") { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">What is wrong with the patch.</param>
    public BsdiffFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">What is wrong with the patch.</param>
    /// <param name="innerException">The underlying error.</param>
    public BsdiffFormatException(string message, Exception? innerException) : base(message, innerException) { }
}
