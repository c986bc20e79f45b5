namespace OstreeSharp;

/// <summary>A ref, remote or collection name is not valid.</summary>
public class InvalidRefNameException : ArgumentException
{
    /// <summary>Creates an exception with a default message.</summary>
    public InvalidRefNameException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public InvalidRefNameException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public InvalidRefNameException(string message, Exception? innerException) : base(message, innerException) { }
}
