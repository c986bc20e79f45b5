namespace OstreeSharp.Remotes;

/// <summary>A remote with the same name is already configured: <c>Remote configuration for "NAME" already exists: (in config)</c>.</summary>
public class RemoteExistsException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public RemoteExistsException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public RemoteExistsException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public RemoteExistsException(string message, Exception? innerException) : base(message, innerException) { }
}
