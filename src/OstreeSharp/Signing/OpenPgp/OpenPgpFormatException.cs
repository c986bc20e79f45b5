namespace OstreeSharp.Signing.OpenPgp;

/// <summary>Malformed OpenPGP data: bad armor, truncated or overlong packets, unparseable keys or signatures.</summary>
public class OpenPgpFormatException : OstreeDataException
{
    /// <summary>Creates an exception with a default message.</summary>
    public OpenPgpFormatException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public OpenPgpFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public OpenPgpFormatException(string message, Exception? innerException) : base(message, innerException) { }
}
