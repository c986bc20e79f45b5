namespace OstreeSharp;

/// <summary>A ref or revision could not be resolved.</summary>
public class RefNotFoundException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public RefNotFoundException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public RefNotFoundException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public RefNotFoundException(string message, Exception? innerException) : base(message, innerException) { }
}
