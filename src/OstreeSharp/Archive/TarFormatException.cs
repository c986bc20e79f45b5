namespace OstreeSharp.Archive;

/// <summary>A tar archive (or its compression layer) is malformed: bad header checksum, truncated data,
/// bad numeric field, bad PAX record, unsupported entry type.</summary>
public sealed class TarFormatException : OstreeDataException
{
    /// <summary>Creates an exception with a default message.</summary>
    public TarFormatException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public TarFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public TarFormatException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for the header or data at byte <paramref name="offset"/> of the (decompressed) archive.</summary>
    public TarFormatException(long offset, string reason) : base($"Malformed tar archive at offset {offset}: {reason}") => Offset = offset;

    /// <summary>Offset in the uncompressed tar stream, when known.</summary>
    public long? Offset { get; }
}
