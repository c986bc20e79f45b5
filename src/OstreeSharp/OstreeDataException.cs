namespace OstreeSharp;

/// <summary>
/// Base type of every "these bytes are malformed" error OstreeSharp raises: GVariant framing, corrupt objects,
/// bad config files, bad delta parts. (<see cref="InvalidDataException"/> is sealed, so this plays its role;
/// untrusted-input code paths let only subclasses of this type escape.)
/// </summary>
public class OstreeDataException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public OstreeDataException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public OstreeDataException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public OstreeDataException(string message, Exception? innerException) : base(message, innerException) { }
}
