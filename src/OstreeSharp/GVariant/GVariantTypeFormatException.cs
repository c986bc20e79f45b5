namespace OstreeSharp.GVariant;

/// <summary>Raised when a GVariant type string is not a single valid definite type.</summary>
public class GVariantTypeFormatException : FormatException
{
    /// <summary>Creates an exception with a default message.</summary>
    public GVariantTypeFormatException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public GVariantTypeFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public GVariantTypeFormatException(string message, Exception innerException) : base(message, innerException) { }
}
