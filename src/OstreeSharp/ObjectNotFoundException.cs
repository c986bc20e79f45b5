using OstreeSharp.Objects;

namespace OstreeSharp;

/// <summary>An object the operation needs is not in the repository.</summary>
public class ObjectNotFoundException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public ObjectNotFoundException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public ObjectNotFoundException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public ObjectNotFoundException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for <paramref name="objectName"/>, worded as libostree words it.</summary>
    public ObjectNotFoundException(ObjectName objectName, Exception? innerException = null)
        : base($"No such metadata object {objectName.Checksum}.{objectName.Type.Extension()}", innerException)
    {
        ObjectName = objectName;
    }

    /// <summary>The missing object, when known.</summary>
    public ObjectName? ObjectName { get; }
}
