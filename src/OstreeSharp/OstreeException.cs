namespace OstreeSharp;

/// <summary>
/// Base type of the errors OstreeSharp raises for repository-level failures
/// (missing objects, bad refs, corrupt repositories, locking).
/// Malformed bytes are reported with <see cref="System.IO.InvalidDataException"/> subclasses instead.
/// </summary>
public class OstreeException : IOException
{
    /// <summary>Creates an exception with a default message.</summary>
    public OstreeException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public OstreeException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public OstreeException(string message, Exception? innerException) : base(message, innerException) { }
}
