namespace OstreeSharp.Signing;

/// <summary>
/// A commit or summary failed signature verification; <see cref="Reason"/> says why (unsigned, untrusted or revoked
/// key, signature over other bytes, ...).
/// </summary>
public class SignatureVerificationException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public SignatureVerificationException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public SignatureVerificationException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public SignatureVerificationException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for <paramref name="reason"/>.</summary>
    public SignatureVerificationException(SignatureFailureReason reason, string message, GpgVerificationReport? gpgReport = null)
        : base(message)
    {
        Reason = reason;
        GpgReport = gpgReport;
    }

    /// <summary>Why verification failed.</summary>
    public SignatureFailureReason Reason { get; }

    /// <summary>The per-signature GPG results, when GPG signatures were checked.</summary>
    public GpgVerificationReport? GpgReport { get; }
}
