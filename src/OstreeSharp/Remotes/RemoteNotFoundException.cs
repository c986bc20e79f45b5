namespace OstreeSharp.Remotes;

/// <summary>A remote is not configured. The message uses libostree's wording: <c>Remote "NAME" not found</c>.</summary>
public class RemoteNotFoundException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public RemoteNotFoundException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public RemoteNotFoundException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public RemoteNotFoundException(string message, Exception? innerException) : base(message, innerException) { }
}
