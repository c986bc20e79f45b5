using OstreeSharp.Objects;

namespace OstreeSharp;

/// <summary>
/// An object's bytes are malformed, or do not hash to the object's name.
/// </summary>
public class CorruptObjectException : OstreeDataException
{
    /// <summary>Creates an exception with a default message.</summary>
    public CorruptObjectException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public CorruptObjectException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public CorruptObjectException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception naming the corrupt object.</summary>
    public CorruptObjectException(ObjectName objectName, string message, Exception? innerException = null)
        : base($"Corrupted {objectName.Type.DisplayName()} object {objectName.Checksum}: {message}", innerException)
    {
        ObjectName = objectName;
        Reason = message;
    }

    /// <summary>What is wrong, without the object prefix (when created for a named object).</summary>
    public string? Reason { get; }

    /// <summary>The object concerned, when known.</summary>
    public ObjectName? ObjectName { get; }
}
