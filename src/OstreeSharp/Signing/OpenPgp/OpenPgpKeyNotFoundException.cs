namespace OstreeSharp.Signing.OpenPgp;

/// <summary>No usable OpenPGP key matches a key specification (missing, no secret part, revoked, expired or not signing-capable).</summary>
public class OpenPgpKeyNotFoundException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public OpenPgpKeyNotFoundException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public OpenPgpKeyNotFoundException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public OpenPgpKeyNotFoundException(string message, Exception? innerException) : base(message, innerException) { }
}
