using System.Security.Cryptography;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>A protected OpenPGP secret key could not be unlocked: the passphrase is wrong (gpg: "Bad passphrase").</summary>
public class OpenPgpPassphraseException : CryptographicException
{
    /// <summary>Creates an exception with a default message.</summary>
    public OpenPgpPassphraseException() : base("Bad passphrase") { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public OpenPgpPassphraseException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public OpenPgpPassphraseException(string message, Exception? innerException) : base(message, innerException) { }
}
