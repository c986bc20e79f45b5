namespace OstreeSharp;

/// <summary>The path is not an OSTree repository, or its configuration is unusable.</summary>
public class InvalidRepositoryException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public InvalidRepositoryException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public InvalidRepositoryException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public InvalidRepositoryException(string message, Exception? innerException) : base(message, innerException) { }
}
