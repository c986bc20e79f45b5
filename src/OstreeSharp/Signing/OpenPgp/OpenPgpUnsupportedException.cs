namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// Well-formed OpenPGP data that uses a feature this implementation refuses on purpose, e.g. a passphrase-protected
/// v6 secret key (S2K usage 253 AEAD or 254 with a v6 key). Derives from <see cref="OpenPgpFormatException"/> so
/// callers that handle malformed data also handle it.
/// </summary>
public class OpenPgpUnsupportedException : OpenPgpFormatException
{
    /// <summary>Creates an exception with a default message.</summary>
    public OpenPgpUnsupportedException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public OpenPgpUnsupportedException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public OpenPgpUnsupportedException(string message, Exception? innerException) : base(message, innerException) { }
}
